package io.sentimentstream.serde;

import static io.sentimentstream.testing.SampleRecords.tweet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sentimentstream.avro.Tweet;
import io.sentimentstream.localstack.LocalStack;
import io.sentimentstream.localstack.LocalStackExtension;
import io.sentimentstream.serde.internals.ConfluentWireCodec;
import io.sentimentstream.serde.internals.RestSchemaRegistryClient;
import io.sentimentstream.testing.KafkaRoundTrip;
import io.sentimentstream.testing.RegistryProbe;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The serde against the real broker and the real registry of the local stack. */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class ConfluentAvroSerdeIT {
  private static String newTopic(LocalStack stack, String prefix) {
    String topic = prefix + "-" + UUID.randomUUID();
    stack.createTopic(topic, 1, Map.of());
    return topic;
  }

  private static ConfluentAvroSerde<Tweet> serde(LocalStack stack) {
    ConfluentAvroSerde<Tweet> serde = new ConfluentAvroSerde<>(Tweet.class);
    serde.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, stack.registryUrl()), false);
    return serde;
  }

  /** The codec on generic records, to write and read a schema no generated class has. */
  private static ConfluentWireCodec<GenericRecord> generic(LocalStack stack, Schema reader) {
    var config =
        new AvroSerdeConfig(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, stack.registryUrl()));
    return new ConfluentWireCodec<>(
        new RestSchemaRegistryClient(config), GenericData.get(), reader, true, false);
  }

  @Test
  void tweetsComeBackEqualAndCarryTheIdTheRegistryGave(LocalStack stack) throws Exception {
    String topic = newTopic(stack, "tweets");
    List<Tweet> sent = IntStream.range(0, 20).mapToObj(n -> tweet(n)).toList();
    Map<String, Object> producerConfig =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            stack.bootstrapServers(),
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            StringSerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            ConfluentAvroSerializer.class,
            AvroSerdeConfig.SCHEMA_REGISTRY_URL,
            stack.registryUrl());
    try (KafkaProducer<String, Tweet> producer = new KafkaProducer<>(producerConfig)) {
      for (Tweet t : sent) {
        producer.send(new ProducerRecord<>(topic, t.getId(), t)).get();
      }
    }

    List<byte[]> raw = KafkaRoundTrip.consume(stack.bootstrapServers(), topic, sent.size());

    RegistryProbe probe = new RegistryProbe(stack.registryUrl());
    int id = probe.latestId(topic + "-value");
    String registered = probe.get("/schemas/ids/" + id).path("schema").asText();
    assertThat(new Schema.Parser().parse(registered)).isEqualTo(Tweet.getClassSchema());
    for (byte[] bytes : raw) {
      assertThat(bytes[0]).isZero();
      assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
    }
    var deserializer = serde(stack).deserializer();
    assertThat(raw.stream().map(b -> deserializer.deserialize(topic, b)).toList()).isEqualTo(sent);
  }

  @Test
  void anEvolvedSchemaIsANewVersionAndOldAndNewReadersReadBoth(LocalStack stack) throws Exception {
    String topic = newTopic(stack, "evolve");
    String subject = topic + "-value";
    RegistryProbe probe = new RegistryProbe(stack.registryUrl());
    probe.setCompatibility(subject, "BACKWARD");
    Schema evolved = evolvedTweet(true);
    GenericRecord newTweet =
        new GenericRecordBuilder(evolved)
            .set("id", "9")
            .set("text", "new")
            .set("user", "u")
            .set("createdAt", 9L)
            .set("retweets", 42)
            .build();
    ConfluentAvroSerde<Tweet> oldSide = serde(stack);
    byte[] oldBytes = oldSide.serializer().serialize(topic, tweet(1));
    byte[] newBytes = generic(stack, null).encode(topic, newTweet);
    KafkaRoundTrip.produce(stack.bootstrapServers(), topic, List.of(oldBytes, newBytes));
    List<byte[]> read = KafkaRoundTrip.consume(stack.bootstrapServers(), topic, 2);

    assertThat(probe.get("/subjects/" + subject + "/versions")).hasToString("[1,2]");
    assertThat(ByteBuffer.wrap(read.get(1), 1, 4).getInt()).isEqualTo(probe.latestId(subject));

    Tweet oldReadsOld = oldSide.deserializer().deserialize(topic, read.get(0));
    Tweet oldReadsNew = oldSide.deserializer().deserialize(topic, read.get(1));
    assertThat(oldReadsOld).isEqualTo(tweet(1));
    assertThat(oldReadsNew.getText()).isEqualTo("new");
    assertThat(oldReadsNew.getCreatedAt().toEpochMilli()).isEqualTo(9L);

    ConfluentWireCodec<GenericRecord> newReader = generic(stack, evolved);
    GenericRecord newReadsOld = newReader.decode(topic, read.get(0));
    GenericRecord newReadsNew = newReader.decode(topic, read.get(1));
    assertThat(newReadsOld.get("retweets")).isEqualTo(0);
    assertThat(newReadsOld.get("id")).hasToString(tweet(1).getId());
    assertThat(newReadsNew).isEqualTo(newTweet);
  }

  @Test
  void anIncompatibleChangeIsRefusedWithTheRegistrysMessage(LocalStack stack) throws Exception {
    String topic = "incompatible-" + UUID.randomUUID();
    String subject = topic + "-value";
    RegistryProbe probe = new RegistryProbe(stack.registryUrl());
    probe.setCompatibility(subject, "BACKWARD");
    serde(stack).serializer().serialize(topic, tweet(1));
    Schema required = evolvedTweet(false);
    GenericRecord record =
        new GenericRecordBuilder(required)
            .set("id", "9")
            .set("text", "t")
            .set("user", "u")
            .set("createdAt", 9L)
            .set("retweets", 1)
            .build();
    HttpResponse<String> direct = probe.tryRegister(subject, required.toString());
    String registryMessage = new ObjectMapper().readTree(direct.body()).path("message").asText();
    assertThat(direct.statusCode()).isEqualTo(409);
    assertThat(registryMessage).isNotBlank();

    assertThatThrownBy(() -> generic(stack, null).encode(topic, record))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining(
            "refused to register schema io.sentimentstream.avro.Tweet under"
                + " subject "
                + subject)
        .hasMessageContaining("HTTP 409")
        .hasMessageContaining(registryMessage);
    assertThat(probe.get("/subjects/" + subject + "/versions")).hasToString("[1]");
  }

  @Test
  void aWrongMagicByteIsNamed(LocalStack stack) {
    var serde = serde(stack);
    byte[] bytes = serde.serializer().serialize("bad-magic", tweet(1));
    bytes[0] = 1;
    assertThatThrownBy(() -> serde.deserializer().deserialize("bad-magic", bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("unknown magic byte 0x01");
  }

  @Test
  void anUnknownSchemaIdIsNamedWithTheRegistrysAnswer(LocalStack stack) {
    var serde = serde(stack);
    byte[] bytes = serde.serializer().serialize("bad-id", tweet(1));
    ByteBuffer.wrap(bytes).putInt(1, 2_000_000_001);
    assertThatThrownBy(() -> serde.deserializer().deserialize("bad-id", bytes))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("unknown schema id 2000000001")
        .hasMessageContaining("HTTP 404")
        .hasMessageContaining("/schemas/ids/2000000001")
        .matches(e -> !SchemaRegistryException.isRetriable(e), "a definite answer (poison)");
  }

  @Test
  void aTruncatedPayloadIsNamedWithItsLength(LocalStack stack) {
    var serde = serde(stack);
    byte[] bytes = serde.serializer().serialize("truncated", tweet(1));
    byte[] cut = Arrays.copyOf(bytes, bytes.length / 2);
    assertThatThrownBy(() -> serde.deserializer().deserialize("truncated", cut))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("truncated payload: its " + (cut.length - 5) + " Avro bytes");
    assertThatThrownBy(() -> serde.deserializer().deserialize("truncated", new byte[] {0, 0}))
        .hasMessageContaining("truncated payload of 2 bytes");
  }

  @Test
  void anUnreachableRegistryIsNamedAfterBoundedRetries() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port + "/apis/ccompat/v7";
    ConfluentAvroSerde<Tweet> serde = new ConfluentAvroSerde<>(Tweet.class);
    serde.configure(
        Map.of(
            AvroSerdeConfig.SCHEMA_REGISTRY_URL, url,
            AvroSerdeConfig.MAX_RETRIES, "2",
            AvroSerdeConfig.RETRY_BACKOFF_MS, "50"),
        false);
    assertThatThrownBy(() -> serde.serializer().serialize("unreachable", tweet(1)))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageStartingWith("Schema registry unreachable at [" + url + "]")
        .hasMessageContaining("after 3 attempts")
        .matches(SchemaRegistryException::isRetriable, "transient");
  }

  /** Tweet plus an int field {@code retweets}, with default 0 or (incompatible) without. */
  static Schema evolvedTweet(boolean withDefault) {
    String json = Tweet.getClassSchema().toString();
    String field =
        "{\"name\":\"retweets\",\"type\":\"int\"" + (withDefault ? ",\"default\":0" : "") + "}";
    int end = json.lastIndexOf(']');
    return new Schema.Parser().parse(json.substring(0, end) + "," + field + json.substring(end));
  }
}
