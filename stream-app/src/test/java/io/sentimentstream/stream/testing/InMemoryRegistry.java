package io.sentimentstream.stream.testing;

import io.sentimentstream.serde.SchemaRegistryException;
import io.sentimentstream.serde.internals.ConfluentWireCodec;
import io.sentimentstream.serde.internals.SchemaRegistryClient;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * An in-memory schema registry behind the real Confluent wire-format codec, for unit tests that run
 * without a registry (TopologyTestDriver). Unknown ids fail like the real registry's 404.
 */
public final class InMemoryRegistry implements SchemaRegistryClient {
  private final Map<Integer, Schema> byId = new HashMap<>();
  private final Map<Schema, Integer> ids = new HashMap<>();
  private int nextId = 1;
  private boolean down;

  /**
   * While down, every call fails as if the registry were unreachable (a transient failure), except
   * registering or looking up a schema already registered, which the real client answers from its
   * cache.
   */
  public synchronized void down(boolean isDown) {
    this.down = isDown;
  }

  /** Registers the schema of {@code id} again under a new id (as another subject would). */
  public synchronized int alias(int id) {
    byId.put(nextId, byId.get(id));
    return nextId++;
  }

  private void failIfDown() {
    if (down) {
      throw new SchemaRegistryException(
          "Schema registry http://127.0.0.1:1 unreachable: Connection refused",
          SchemaRegistryException.UNREACHABLE,
          0,
          null);
    }
  }

  @Override
  public synchronized int register(String subject, Schema schema) {
    if (!ids.containsKey(schema)) { // a known schema's id is cached by the real client
      failIfDown();
    }
    return ids.computeIfAbsent(
        schema,
        s -> {
          byId.put(nextId, s);
          return nextId++;
        });
  }

  @Override
  public synchronized int lookup(String subject, Schema schema) {
    if (!ids.containsKey(schema)) {
      failIfDown();
    }
    Integer id = ids.get(schema);
    if (id == null) {
      throw new SchemaRegistryException("Schema not found", 404, 40403, null);
    }
    return id;
  }

  @Override
  public synchronized Schema schemaById(int id) {
    failIfDown();
    Schema s = byId.get(id);
    if (s == null) {
      throw new SchemaRegistryException(
          "Schema registry refused to fetch schema id " + id + ": HTTP 404, error_code 40403",
          404,
          40403,
          null);
    }
    return s;
  }

  /** A value serde for {@code type} in the Confluent wire format on this registry. */
  public <T extends SpecificRecord> Serde<T> serde(Class<T> type) {
    SpecificData model = SpecificData.getForClass(type);
    ConfluentWireCodec<T> codec =
        new ConfluentWireCodec<>(this, model, model.getSchema(type), true, false);
    return Serdes.serdeFrom(
        (topic, v) -> v == null ? null : codec.encode(topic, v),
        (topic, b) -> b == null ? null : codec.decode(topic, b));
  }
}
