package io.sentimentstream.modelupdates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sentimentstream.avro.EncoderIdentity;
import io.sentimentstream.avro.ModelUpdate;
import io.sentimentstream.avro.Sentiment;
import io.sentimentstream.classifier.EncoderId;
import io.sentimentstream.classifier.Head;
import io.sentimentstream.classifier.HeadCodec;
import io.sentimentstream.classifier.Pooling;
import io.sentimentstream.modelupdates.ModelUpdateCheck.Rejected;
import io.sentimentstream.modelupdates.signing.Ed25519Keys;
import io.sentimentstream.modelupdates.signing.ModelUpdateSigner;
import io.sentimentstream.modelupdates.signing.ModelUpdateVerifier;
import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelUpdateCheckTest {
  private static final EncoderId RUNNING = new EncoderId("e5-small-v2", "aa11");
  private final KeyPair trusted = Ed25519Keys.generate();
  private final ModelUpdateCheck check =
      new ModelUpdateCheck(new ModelUpdateVerifier(trusted.getPublic()));

  private static Head head(EncoderId id, long version) {
    float[][] w = new float[3][4];
    w[0][0] = 0.5f;
    return new Head(
        Head.Type.LINEAR, id, Pooling.MEAN, version, w, new float[3], null, null, Map.of());
  }

  private static ModelUpdate update(Head h, EncoderId claimed, KeyPair key) {
    ModelUpdate u =
        ModelUpdate.newBuilder()
            .setVersion(h.version())
            .setCreatedAt(Instant.EPOCH)
            .setEncoderIdentity(new EncoderIdentity(claimed.name(), claimed.fingerprint()))
            .setLabels(List.of(Sentiment.NEGATIVE, Sentiment.NEUTRAL, Sentiment.POSITIVE))
            .setHeadFormat("safetensors")
            .setHeadWeights(ByteBuffer.wrap(HeadCodec.encode(h)))
            .setSignature(ByteBuffer.allocate(0))
            .build();
    return new ModelUpdateSigner(key.getPrivate()).sign(u);
  }

  @Test
  void acceptsANewerSignedHeadForTheRunningEncoder() {
    Head got = check.verify(update(head(RUNNING, 2), RUNNING, trusted), RUNNING, 1).head();
    assertThat(got.version()).isEqualTo(2L);
    assertThat(got.w1()[0][0]).isEqualTo(0.5f);
  }

  @Test
  void rejectsASignatureByAnotherKey() {
    assertRejected(
        update(head(RUNNING, 2), RUNNING, Ed25519Keys.generate()), "signature", "signature");
  }

  @Test
  void rejectsAnUpdateForAnotherEncoder() {
    EncoderId other = new EncoderId("e5-small-v2", "bb22");
    assertRejected(update(head(other, 2), other, trusted), "encoder", "bb22");
  }

  @Test
  void rejectsAnUpdateNotNewerThanTheServingVersion() {
    assertRejected(update(head(RUNNING, 1), RUNNING, trusted), "stale", "not newer");
  }

  @Test
  void rejectsEverythingWithoutAConfiguredKey() {
    assertThatThrownBy(
            () ->
                new ModelUpdateCheck(null)
                    .verify(update(head(RUNNING, 2), RUNNING, trusted), RUNNING, 1))
        .isInstanceOf(Rejected.class)
        .hasMessageContaining("model.public.key");
  }

  private void assertRejected(ModelUpdate u, String reason, String messagePart) {
    assertThatThrownBy(() -> check.verify(u, RUNNING, 1))
        .isInstanceOfSatisfying(Rejected.class, e -> assertThat(e.reason()).isEqualTo(reason))
        .hasMessageContaining(messagePart);
  }
}
