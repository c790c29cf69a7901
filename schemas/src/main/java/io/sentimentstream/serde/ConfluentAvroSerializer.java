package io.sentimentstream.serde;

import io.sentimentstream.serde.internals.CachingSchemaRegistryClient;
import io.sentimentstream.serde.internals.ConfluentWireCodec;
import io.sentimentstream.serde.internals.RestSchemaRegistryClient;
import io.sentimentstream.serde.internals.SchemaRegistryClient;
import java.util.Map;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro specific records in the Confluent wire format (magic byte 0, 4-byte big-endian schema
 * id, Avro binary), so Confluent's own deserializer and any Confluent-compatible registry
 * understand them. The schema is registered under {@code <topic>-value} (or {@code <topic>-key})
 * when {@code auto.register.schemas} is true, else only looked up. A null record becomes a null
 * value (a tombstone). Configuration: {@link AvroSerdeConfig}.
 *
 * @param <T> the generated record class
 */
public class ConfluentAvroSerializer<T extends SpecificRecord> implements Serializer<T> {
  private final Class<T> type;
  private volatile ConfluentWireCodec<T> codec;

  /** A serializer for records of {@code type}. */
  public ConfluentAvroSerializer(Class<T> type) {
    this.type = type;
  }

  /** A serializer for Kafka's reflective instantiation ({@code value.serializer=...}). */
  public ConfluentAvroSerializer() {
    this(null);
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    AvroSerdeConfig config = new AvroSerdeConfig(configs);
    configure(config, new CachingSchemaRegistryClient(new RestSchemaRegistryClient(config)), isKey);
  }

  void configure(AvroSerdeConfig config, SchemaRegistryClient registry, boolean isKey) {
    SpecificData model = type == null ? new SpecificData() : SpecificData.getForClass(type);
    this.codec =
        new ConfluentWireCodec<>(
            registry, model, null, config.getBoolean(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS), isKey);
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    return configured().encode(topic, data);
  }

  /**
   * Registers (or looks up) this serializer's schema for {@code topic} now, so that writing to it
   * later needs no registry call: an output topic's writer then rides out a registry outage.
   *
   * @throws SchemaRegistryException if the registry cannot answer
   */
  public void prepare(String topic) {
    if (type == null) {
      throw new IllegalStateException("prepare needs a serializer built for a record type");
    }
    configured().schemaId(topic, SpecificData.getForClass(type).getSchema(type));
  }

  private ConfluentWireCodec<T> configured() {
    ConfluentWireCodec<T> c = codec;
    if (c == null) {
      throw new IllegalStateException("ConfluentAvroSerializer used before configure(...)");
    }
    return c;
  }
}
