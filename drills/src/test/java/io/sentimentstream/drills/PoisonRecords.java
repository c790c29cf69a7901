package io.sentimentstream.drills;

import io.sentimentstream.avro.Tweet;
import io.sentimentstream.localstack.LocalStack;
import io.sentimentstream.serde.ConfluentAvroSerializer;
import io.sentimentstream.stream.testing.TweetPayloads;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;

/** The poison kinds of drill 4, each a value (null for a null value) for the tweets topic. */
final class PoisonRecords {
  /** Kinds that are cheap to make by the thousand, for the burst. */
  static final String[] BURST_KINDS = {
    "bad-magic", "json", "zero-bytes", "unknown-id", "truncated", "null-value"
  };

  private final ConfluentAvroSerializer<Tweet> ser = new ConfluentAvroSerializer<>(Tweet.class);
  private final String topic;
  private final int otherSchemaId;
  private final Schema other;

  PoisonRecords(LocalStack stack, String topic) {
    this.topic = topic;
    ser.configure(Map.of("schema.registry.url", stack.registryUrl()), false);
    other =
        new Schema.Parser()
            .parse(
                "{\"type\":\"record\",\"name\":\"Reading\",\"namespace\":\"drill\","
                    + "\"fields\":[{\"name\":\"celsius\",\"type\":\"double\"}]}");
    otherSchemaId = TweetPayloads.register(stack.registryUrl(), topic + "-reading-value", other);
  }

  /** Every kind, in order: name to value. */
  Map<String, byte[]> all(String id) {
    Map<String, byte[]> m = new LinkedHashMap<>();
    for (String kind : BURST_KINDS) {
      m.put(kind, value(kind, id));
    }
    m.put("empty-text", tweet(id, ""));
    m.put("empty-after-cleaning", tweet(id, "@someone https://t.co/x"));
    m.put("text-over-limit", tweet(id, "word ".repeat(1000))); // 5,000 bytes > text.max.bytes
    m.put("other-schema", otherSchema());
    m.put("one-mb", oneMb(id));
    return m;
  }

  /** One value of a {@link #BURST_KINDS} kind. */
  byte[] value(String kind, String id) {
    return switch (kind) {
      case "bad-magic" -> new byte[] {1, 0, 0, 0, 1, 2, 3, 4};
      case "json" ->
          ("{\"id\":\"" + id + "\",\"text\":\"JSON, not Avro\"}").getBytes(StandardCharsets.UTF_8);
      case "zero-bytes" -> new byte[0];
      case "unknown-id" -> withId(tweet(id, "a fine tweet under an id nobody registered"), 987654);
      case "truncated" -> truncated(tweet(id, "a tweet cut off in the middle of its Avro body"));
      case "null-value" -> null;
      default -> throw new IllegalArgumentException(kind);
    };
  }

  private byte[] tweet(String id, String text) {
    return ser.serialize(
        topic,
        Tweet.newBuilder()
            .setId(id)
            .setText(text)
            .setUser("drill")
            .setCreatedAt(Instant.now())
            .build());
  }

  private static byte[] withId(byte[] wire, int id) {
    byte[] b = wire.clone();
    b[1] = (byte) (id >>> 24);
    b[2] = (byte) (id >>> 16);
    b[3] = (byte) (id >>> 8);
    b[4] = (byte) id;
    return b;
  }

  private static byte[] truncated(byte[] wire) {
    return Arrays.copyOf(wire, 5 + (wire.length - 5) / 3);
  }

  private byte[] otherSchema() {
    GenericRecord r = new GenericData.Record(other);
    r.put("celsius", 21.5);
    return TweetPayloads.wire(otherSchemaId, new GenericDatumWriter<>(other), r);
  }

  private byte[] oneMb(String id) {
    Tweet t =
        Tweet.newBuilder()
            .setId(id)
            .setText("a normal text with a huge attributes map")
            .setUser("drill")
            .setCreatedAt(Instant.now())
            .setAttributes(Map.of("blob", "x".repeat(1_000_000)))
            .build();
    return ser.serialize(topic, t);
  }
}
