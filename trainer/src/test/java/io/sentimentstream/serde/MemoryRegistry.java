package io.sentimentstream.serde;

import io.sentimentstream.serde.internals.ConfluentWireCodec;
import io.sentimentstream.serde.internals.SchemaRegistryClient;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * A schema registry that answers from memory, for unit tests of one class that decode through the
 * real {@link ConfluentAvroDeserializer} and wire codec (in this package to reach its
 * package-private {@code configure(SchemaRegistryClient, boolean)}). Unknown ids fail like the real
 * registry's 404.
 */
public final class MemoryRegistry implements SchemaRegistryClient {
  private final Map<Integer, Schema> byId = new HashMap<>();
  private final Map<Schema, Integer> ids = new HashMap<>();
  private int nextId = 1;

  @Override
  public synchronized int register(String subject, Schema schema) {
    return ids.computeIfAbsent(
        schema,
        s -> {
          byId.put(nextId, s);
          return nextId++;
        });
  }

  @Override
  public synchronized int lookup(String subject, Schema schema) {
    Integer id = ids.get(schema);
    if (id == null) {
      throw new SchemaRegistryException("Schema not found", 404, 40403, null);
    }
    return id;
  }

  @Override
  public synchronized Schema schemaById(int id) {
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

  /** Configures {@code deserializer} (a real one, or a test's subclass) on this registry. */
  public <T extends SpecificRecord> ConfluentAvroDeserializer<T> configure(
      ConfluentAvroDeserializer<T> deserializer) {
    deserializer.configure(this, false);
    return deserializer;
  }

  /** Writes {@code record} in the Confluent wire format for {@code topic}'s value. */
  public <T extends SpecificRecord> byte[] encode(String topic, T record) {
    @SuppressWarnings("unchecked")
    Class<T> type = (Class<T>) record.getClass();
    SpecificData model = SpecificData.getForClass(type);
    return new ConfluentWireCodec<T>(this, model, model.getSchema(type), true, false)
        .encode(topic, record);
  }
}
