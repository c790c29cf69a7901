package io.sentimentstream.serde;

import io.sentimentstream.serde.internals.ConfluentWireCodec;
import io.sentimentstream.serde.internals.SchemaRegistryClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * A schema registry that answers from memory, behind the real wire-format codec: for tests that run
 * without a registry (TopologyTestDriver, unit tests of one class). Like a Confluent registry, a
 * schema gets one id whichever subject registers it, a lookup answers only for the subject it was
 * registered under, and an unknown id fails with a 404. It counts its calls, so tests can check
 * caching, and it can be taken {@link #down} to stand for an unreachable registry.
 */
public final class InMemorySchemaRegistry implements SchemaRegistryClient {
  private final Map<Integer, Schema> byId = new HashMap<>();
  private final Map<Schema, Integer> ids = new HashMap<>();
  private final Map<String, Map<Schema, Integer>> bySubject = new HashMap<>();
  private final List<String> calls = new ArrayList<>();
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

  /** Registers the schema of {@code id} again under a new id (as another registry would). */
  public synchronized int alias(int id) {
    byId.put(nextId, byId.get(id));
    return nextId++;
  }

  /** The calls so far, as {@code "register <subject>"}, {@code "lookup <subject>"}, ... */
  public synchronized List<String> calls() {
    return List.copyOf(calls);
  }

  /** The subjects registered so far. */
  public synchronized Set<String> subjects() {
    return Set.copyOf(bySubject.keySet());
  }

  /** The id of {@code schema} under {@code subject}, or null if it was not registered there. */
  public synchronized Integer idOf(String subject, Schema schema) {
    return bySubject.getOrDefault(subject, Map.of()).get(schema);
  }

  @Override
  public synchronized int register(String subject, Schema schema) {
    calls.add("register " + subject);
    if (!ids.containsKey(schema)) { // a known schema's id is cached by the real client
      failIfDown();
    }
    int id =
        ids.computeIfAbsent(
            schema,
            s -> {
              byId.put(nextId, s);
              return nextId++;
            });
    bySubject.computeIfAbsent(subject, s -> new HashMap<>()).put(schema, id);
    return id;
  }

  @Override
  public synchronized int lookup(String subject, Schema schema) {
    calls.add("lookup " + subject);
    if (!ids.containsKey(schema)) {
      failIfDown();
    }
    Integer id = idOf(subject, schema);
    if (id == null) {
      throw new SchemaRegistryException("Schema not found", 404, 40403, null);
    }
    return id;
  }

  @Override
  public synchronized Schema schemaById(int id) {
    calls.add("schemaById " + id);
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

  private void failIfDown() {
    if (down) {
      throw new SchemaRegistryException(
          "Schema registry http://127.0.0.1:1 unreachable: Connection refused",
          SchemaRegistryException.UNREACHABLE,
          0,
          null);
    }
  }

  /** A value serde for {@code type} in the Confluent wire format on this registry. */
  public <T extends SpecificRecord> Serde<T> serde(Class<T> type) {
    ConfluentWireCodec<T> codec = codec(type);
    return Serdes.serdeFrom(
        (topic, v) -> v == null ? null : codec.encode(topic, v),
        (topic, b) -> b == null ? null : codec.decode(topic, b));
  }

  /** Writes {@code record} in the Confluent wire format for {@code topic}'s value. */
  public <T extends SpecificRecord> byte[] encode(String topic, T record) {
    @SuppressWarnings("unchecked")
    Class<T> type = (Class<T>) record.getClass();
    return codec(type).encode(topic, record);
  }

  /** Configures {@code deserializer} (a real one, or a test's subclass) on this registry. */
  public <T extends SpecificRecord> ConfluentAvroDeserializer<T> configure(
      ConfluentAvroDeserializer<T> deserializer) {
    deserializer.configure(this, false);
    return deserializer;
  }

  private <T extends SpecificRecord> ConfluentWireCodec<T> codec(Class<T> type) {
    SpecificData model = SpecificData.getForClass(type);
    return new ConfluentWireCodec<>(this, model, model.getSchema(type), true, false);
  }
}
