package io.sentimentstream.stream.testing;

import io.sentimentstream.avro.Tweet;
import io.sentimentstream.localstack.LocalStack;
import io.sentimentstream.serde.AvroSerdeConfig;
import io.sentimentstream.serde.ConfluentAvroSerializer;
import io.sentimentstream.serde.internals.RestSchemaRegistryClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * Confluent wire-format tweet values made ahead of time (so they can be produced while the registry
 * is away): with the current schema, or with a compatible newer schema whose id a stream app has
 * not read yet.
 */
public final class TweetPayloads {
  private TweetPayloads() {}

  /** A Tweet for {@code t}, posted now. */
  public static Tweet tweet(ItSupport.RawTweet t) {
    return Tweet.newBuilder()
        .setId(t.id())
        .setText(t.text())
        .setUser("gop")
        .setCreatedAt(Instant.now())
        .build();
  }

  /** Values written with the Tweet schema (registered under {@code topic}'s subject if needed). */
  public static List<byte[]> current(LocalStack stack, String topic, List<ItSupport.RawTweet> ts) {
    ConfluentAvroSerializer<Tweet> ser = new ConfluentAvroSerializer<>(Tweet.class);
    ser.configure(Map.of("schema.registry.url", stack.registryUrl()), false);
    List<byte[]> out = new ArrayList<>();
    for (ItSupport.RawTweet t : ts) {
      out.add(ser.serialize(topic, tweet(t)));
    }
    return out;
  }

  /** The Tweet schema plus an optional string field {@code extra}: compatible, another id. */
  public static Schema withField(String extra) {
    String json = Tweet.getClassSchema().toString();
    return new Schema.Parser()
        .parse(
            json.replace(
                "\"fields\":[",
                "\"fields\":[{\"name\":\""
                    + extra
                    + "\",\"type\":[\"null\",\"string\"],\"default\":null},"));
  }

  /** Registers {@code schema} under {@code subject} and returns its id. */
  public static int register(String registryUrl, String subject, Schema schema) {
    return new RestSchemaRegistryClient(
            new AvroSerdeConfig(Map.of("schema.registry.url", registryUrl)))
        .register(subject, schema);
  }

  /**
   * Values written with {@code schema} (a {@link #withField} schema) under schema id {@code id}.
   */
  public static List<byte[]> with(Schema schema, int id, List<ItSupport.RawTweet> ts) {
    List<byte[]> out = new ArrayList<>();
    GenericDatumWriter<GenericRecord> writer = new GenericDatumWriter<>(schema);
    for (ItSupport.RawTweet t : ts) {
      Tweet v1 = tweet(t);
      GenericRecord r = new GenericData.Record(schema);
      for (Schema.Field f : Tweet.getClassSchema().getFields()) {
        Object value = v1.get(f.name());
        r.put(f.name(), f.name().equals("createdAt") ? ((Instant) value).toEpochMilli() : value);
      }
      for (Schema.Field f : schema.getFields()) {
        if (Tweet.getClassSchema().getField(f.name()) == null) {
          r.put(f.name(), "us");
        }
      }
      out.add(wire(id, writer, r));
    }
    return out;
  }

  /** Magic byte 0, the 4-byte schema id, then {@code r} in Avro binary. */
  public static byte[] wire(int id, GenericDatumWriter<GenericRecord> writer, GenericRecord r) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      bytes.write(0);
      bytes.write(ByteBuffer.allocate(4).putInt(id).array());
      BinaryEncoder enc = EncoderFactory.get().binaryEncoder(bytes, null);
      writer.write(r, enc);
      enc.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
