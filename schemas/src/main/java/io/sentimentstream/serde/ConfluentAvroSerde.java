package io.sentimentstream.serde;

import io.sentimentstream.serde.internals.CachingSchemaRegistryClient;
import io.sentimentstream.serde.internals.RestSchemaRegistryClient;
import io.sentimentstream.serde.internals.SchemaRegistryClient;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;

/**
 * A Kafka {@link Serde} for one Avro specific record class in the Confluent wire format: {@code new
 * ConfluentAvroSerde<>(Tweet.class)}, then {@code configure(Map.of("schema.registry.url", url),
 * false)}. Its serializer and deserializer share one cached registry client. See {@link
 * ConfluentAvroSerializer}, {@link ConfluentAvroDeserializer} and {@link AvroSerdeConfig}.
 *
 * @param <T> the generated record class
 */
public class ConfluentAvroSerde<T extends SpecificRecord> implements Serde<T> {
  private final ConfluentAvroSerializer<T> serializer;
  private final ConfluentAvroDeserializer<T> deserializer;

  /** A serde for records of {@code type}; call {@link #configure} before use. */
  public ConfluentAvroSerde(Class<T> type) {
    this.serializer = new ConfluentAvroSerializer<>(type);
    this.deserializer = new ConfluentAvroDeserializer<>(type);
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    AvroSerdeConfig config = new AvroSerdeConfig(configs);
    SchemaRegistryClient registry =
        new CachingSchemaRegistryClient(new RestSchemaRegistryClient(config));
    serializer.configure(config, registry, isKey);
    deserializer.configure(registry, isKey);
  }

  @Override
  public ConfluentAvroSerializer<T> serializer() {
    return serializer;
  }

  @Override
  public Deserializer<T> deserializer() {
    return deserializer;
  }
}
