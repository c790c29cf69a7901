package io.sentimentstream.serde.internals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sentimentstream.serde.SchemaRegistryException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class CachingSchemaRegistryClientTest {
  private static final Schema STRING = Schema.create(Schema.Type.STRING);

  /** Counts lookups by id; id 7 is known, any other answers {@code status}. */
  private static final class Counting implements SchemaRegistryClient {
    final AtomicInteger byId = new AtomicInteger();
    final int status;

    Counting(int status) {
      this.status = status;
    }

    @Override
    public int register(String subject, Schema schema) {
      return 7;
    }

    @Override
    public int lookup(String subject, Schema schema) {
      return 7;
    }

    @Override
    public Schema schemaById(int id) {
      byId.incrementAndGet();
      if (id == 7) {
        return STRING;
      }
      throw new SchemaRegistryException("no schema " + id, status, 40403, null);
    }
  }

  @Test
  void aKnownIdIsAskedForOnce() {
    Counting registry = new Counting(404);
    CachingSchemaRegistryClient c = new CachingSchemaRegistryClient(registry);
    assertThat(c.schemaById(7)).isEqualTo(STRING);
    assertThat(c.schemaById(7)).isEqualTo(STRING);
    assertThat(registry.byId).hasValue(1);
  }

  @Test
  void anUnknownIdIsAnsweredFromMemoryWithTheSameDefiniteError() {
    Counting registry = new Counting(404);
    CachingSchemaRegistryClient c = new CachingSchemaRegistryClient(registry);
    for (int i = 0; i < 100; i++) {
      assertThatThrownBy(() -> c.schemaById(99))
          .isInstanceOfSatisfying(
              SchemaRegistryException.class,
              e -> {
                assertThat(e.status()).isEqualTo(404);
                assertThat(e.retriable()).isFalse();
                assertThat(e.getMessage()).isEqualTo("no schema 99");
              });
    }
    assertThat(registry.byId).hasValue(1);
  }

  @Test
  void aTransientFailureIsNeverRemembered() {
    Counting registry = new Counting(503);
    CachingSchemaRegistryClient c = new CachingSchemaRegistryClient(registry);
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> c.schemaById(99)).isInstanceOf(SchemaRegistryException.class);
    }
    assertThat(registry.byId).hasValue(3);
  }
}
