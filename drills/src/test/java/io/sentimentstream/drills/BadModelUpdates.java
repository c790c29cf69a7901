package io.sentimentstream.drills;

import io.sentimentstream.avro.ModelUpdate;
import io.sentimentstream.avro.Tweet;
import io.sentimentstream.classifier.EncoderId;
import io.sentimentstream.classifier.Head;
import io.sentimentstream.classifier.HeadCodec;
import io.sentimentstream.classifier.Pooling;
import io.sentimentstream.localstack.LocalStack;
import io.sentimentstream.modelupdates.signing.Ed25519Keys;
import io.sentimentstream.serde.ConfluentAvroSerializer;
import io.sentimentstream.stream.testing.ItSupport;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bad model updates of drill 5, as record values for the model topic, each with the reason tag
 * the stream app must count it under ({@code sentiment_model_updates_rejected_total{reason}}).
 */
final class BadModelUpdates {
  /** One bad update: its value bytes and the reason it must be rejected for. */
  record Bad(byte[] value, String reason) {}

  private final LocalStack stack;
  private final String topic;
  private final KeyPair trusted;
  private final EncoderId encoder;
  private final ConfluentAvroSerializer<ModelUpdate> ser =
      new ConfluentAvroSerializer<>(ModelUpdate.class);

  BadModelUpdates(LocalStack stack, String topic, KeyPair trusted, EncoderId encoder) {
    this.stack = stack;
    this.topic = topic;
    this.trusted = trusted;
    this.encoder = encoder;
    ser.configure(Map.of("schema.registry.url", stack.registryUrl()), false);
  }

  /** A good, signed update to version {@code v}. */
  byte[] good(long v) {
    return bytes(ItSupport.update(ItSupport.head(encoder, v, v), trusted.getPrivate()));
  }

  /** Every bad kind, in order; {@code serving} is the version the app serves when they arrive. */
  Map<String, Bad> all(long serving) {
    long next = serving + 1;
    Head head = ItSupport.head(encoder, next, 7);
    Map<String, Bad> m = new LinkedHashMap<>();
    m.put(
        "wrong-signature",
        bad(ItSupport.update(head, Ed25519Keys.generate().getPrivate()), "signature"));
    ModelUpdate unsigned =
        ModelUpdate.newBuilder(ItSupport.update(head, trusted.getPrivate()))
            .setSignature(ByteBuffer.allocate(0))
            .build();
    m.put("no-signature", bad(unsigned, "signature"));
    EncoderId other = new EncoderId(encoder.name(), "0000deadbeef");
    m.put(
        "other-encoder",
        bad(ItSupport.update(ItSupport.head(other, next, 7), trusted.getPrivate()), "encoder"));
    Head narrow =
        new Head(
            Head.Type.LINEAR,
            encoder,
            Pooling.MEAN,
            next,
            new float[3][100],
            new float[3],
            null,
            null,
            Map.of());
    m.put("wrong-shapes", bad(ItSupport.update(narrow, trusted.getPrivate()), "shape"));
    m.put("nan-weights", new Bad(withWeight(head, Float.NaN), "shape"));
    m.put("infinite-weights", new Bad(withWeight(head, Float.POSITIVE_INFINITY), "shape"));
    m.put(
        "older-version",
        bad(
            ItSupport.update(ItSupport.head(encoder, serving - 1, 3), trusted.getPrivate()),
            "stale"));
    m.put("same-version-replayed", new Bad(good(serving), "stale"));
    byte[] whole = good(next);
    m.put("truncated-payload", new Bad(Arrays.copyOf(whole, whole.length / 2), "unreadable"));
    m.put("not-a-model-update", new Bad(tweet(), "unreadable"));
    return m;
  }

  private Bad bad(ModelUpdate u, String reason) {
    return new Bad(bytes(u), reason);
  }

  private byte[] bytes(ModelUpdate u) {
    return ser.serialize(topic, u);
  }

  /** A signed update whose head's first weight is {@code value} (bytes patched, then signed). */
  private byte[] withWeight(Head head, float value) {
    byte[] st = HeadCodec.encode(head);
    ByteBuffer b = ByteBuffer.wrap(st).order(ByteOrder.LITTLE_ENDIAN);
    int dataStart = 8 + (int) b.getLong(0); // safetensors: u64 header length, JSON, data
    b.putFloat(dataStart, value);
    ModelUpdate u = ItSupport.update(head, trusted.getPrivate());
    ModelUpdate patched = ModelUpdate.newBuilder(u).setHeadWeights(ByteBuffer.wrap(st)).build();
    return bytes(
        new io.sentimentstream.modelupdates.signing.ModelUpdateSigner(trusted.getPrivate())
            .sign(patched));
  }

  /** A valid Confluent Avro value of another schema (a Tweet). */
  private byte[] tweet() {
    ConfluentAvroSerializer<Tweet> t = new ConfluentAvroSerializer<>(Tweet.class);
    t.configure(Map.of("schema.registry.url", stack.registryUrl()), false);
    return t.serialize(
        topic + "-not-models",
        Tweet.newBuilder()
            .setId("x")
            .setText("not a model")
            .setUser("drill")
            .setCreatedAt(Instant.now())
            .build());
  }
}
