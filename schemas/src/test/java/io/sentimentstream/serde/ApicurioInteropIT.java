package io.sentimentstream.serde;

import static io.sentimentstream.testing.SampleRecords.tweet;
import static org.assertj.core.api.Assertions.assertThat;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.sentimentstream.avro.Tweet;
import io.sentimentstream.localstack.LocalStack;
import io.sentimentstream.localstack.LocalStackExtension;
import io.sentimentstream.testing.KafkaRoundTrip;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Interop with an independent implementation of the Confluent wire format: Apicurio's own Avro
 * serde in its Confluent-compatible mode, against the same registry through its native API.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class ApicurioInteropIT {

  private static Map<String, Object> apicurioConfig(LocalStack stack) {
    String nativeApi = stack.registryUrl().replace("/apis/ccompat/v7", "/apis/registry/v2");
    return Map.of(
        "apicurio.registry.url", nativeApi,
        "apicurio.registry.auto-register", "true",
        "apicurio.registry.as-confluent", "true",
        "apicurio.registry.use-id", "contentId",
        "apicurio.registry.headers.enabled", "false",
        "apicurio.registry.use-specific-avro-reader", "true");
  }

  private static ConfluentAvroSerde<Tweet> ours(LocalStack stack) {
    ConfluentAvroSerde<Tweet> serde = new ConfluentAvroSerde<>(Tweet.class);
    serde.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, stack.registryUrl()), false);
    return serde;
  }

  @Test
  void bothWriteTheSameBytesWhenOursRegistersFirst(LocalStack stack) {
    String topic = "interop-ours-first-" + UUID.randomUUID();
    byte[] ourBytes = ours(stack).serializer().serialize(topic, tweet(4));
    try (AvroKafkaSerializer<Tweet> theirs = new AvroKafkaSerializer<>()) {
      theirs.configure(apicurioConfig(stack), false);
      assertThat(theirs.serialize(topic, tweet(4))).isEqualTo(ourBytes);
    }
  }

  @Test
  void bothWriteTheSameBytesWhenApicurioRegistersFirst(LocalStack stack) {
    String topic = "interop-theirs-first-" + UUID.randomUUID();
    byte[] theirBytes;
    try (AvroKafkaSerializer<Tweet> theirs = new AvroKafkaSerializer<>()) {
      theirs.configure(apicurioConfig(stack), false);
      theirBytes = theirs.serialize(topic, tweet(5));
    }
    assertThat(ours(stack).serializer().serialize(topic, tweet(5))).isEqualTo(theirBytes);
  }

  @Test
  void eachSideReadsWhatTheOtherWroteThroughTheBroker(LocalStack stack) throws Exception {
    String topic = "interop-cross-" + UUID.randomUUID();
    stack.createTopic(topic, 1, Map.of());
    ConfluentAvroSerde<Tweet> ours = ours(stack);
    List<Tweet> fromUs = List.of(tweet(10), tweet(11));
    List<Tweet> fromThem = List.of(tweet(12), tweet(13));
    try (AvroKafkaSerializer<Tweet> theirs = new AvroKafkaSerializer<>()) {
      theirs.configure(apicurioConfig(stack), false);
      KafkaRoundTrip.produce(
          stack.bootstrapServers(),
          topic,
          List.of(
              ours.serializer().serialize(topic, fromUs.get(0)),
              ours.serializer().serialize(topic, fromUs.get(1)),
              theirs.serialize(topic, fromThem.get(0)),
              theirs.serialize(topic, fromThem.get(1))));
    }

    List<byte[]> raw = KafkaRoundTrip.consume(stack.bootstrapServers(), topic, 4);

    try (AvroKafkaDeserializer<Tweet> theirReader = new AvroKafkaDeserializer<>()) {
      theirReader.configure(apicurioConfig(stack), false);
      assertThat(raw.subList(0, 2).stream().map(b -> theirReader.deserialize(topic, b)).toList())
          .isEqualTo(fromUs);
    }
    assertThat(
            raw.subList(2, 4).stream().map(b -> ours.deserializer().deserialize(topic, b)).toList())
        .isEqualTo(fromThem);
  }
}
