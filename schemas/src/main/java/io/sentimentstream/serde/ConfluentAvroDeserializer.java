package io.sentimentstream.serde;

import io.sentimentstream.serde.internals.CachingSchemaRegistryClient;
import io.sentimentstream.serde.internals.ConfluentWireCodec;
import io.sentimentstream.serde.internals.RestSchemaRegistryClient;
import io.sentimentstream.serde.internals.SchemaRegistryClient;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent wire-format Avro records into the given specific record class. The writer's
 * schema is fetched from the registry by the id in the payload (once per id) and resolved to the
 * class's own schema, so records written with older or newer compatible schemas read fine.
 *
 * <p>A null payload (a tombstone) deserializes to null, as is the Kafka convention. Any other
 * payload that cannot be read throws {@link org.apache.kafka.common.errors.SerializationException}
 * naming the problem: a first byte other than 0, a payload shorter than its header or its record,
 * or a schema id the registry does not know ({@link SchemaRegistryException}). Those are definite:
 * the record is poison. A registry that cannot answer (unreachable, timeout, 5xx, 401/403) also
 * throws a {@link SchemaRegistryException}, but {@link SchemaRegistryException#isRetriable} is true
 * for it: the record is fine and must be read again later, not skipped. One call blocks at most
 * {@code schema.registry.max.block.ms}; a failed lookup is not cached.
 *
 * @param <T> the generated record class
 */
public class ConfluentAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {
  private final Class<T> type;
  private volatile ConfluentWireCodec<T> codec;

  /** A deserializer producing records of {@code type}. */
  public ConfluentAvroDeserializer(Class<T> type) {
    this.type = Objects.requireNonNull(type, "type");
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    AvroSerdeConfig config = new AvroSerdeConfig(configs);
    configure(new CachingSchemaRegistryClient(new RestSchemaRegistryClient(config)), isKey);
  }

  void configure(SchemaRegistryClient registry, boolean isKey) {
    SpecificData model = SpecificData.getForClass(type);
    this.codec = new ConfluentWireCodec<>(registry, model, model.getSchema(type), true, isKey);
  }

  /**
   * True if {@link #deserialize} of {@code data} would ask the registry (its schema id was not read
   * before); false for payloads it decodes or rejects on its own.
   */
  public boolean needsRegistry(byte[] data) {
    ConfluentWireCodec<T> c = codec;
    return c != null && c.needsRegistry(data);
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    ConfluentWireCodec<T> c = codec;
    if (c == null) {
      throw new IllegalStateException("ConfluentAvroDeserializer used before configure(...)");
    }
    return c.decode(topic, data);
  }
}
