package io.sentimentstream.modelupdates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sentimentstream.avro.AdapterTarget;
import io.sentimentstream.avro.ModelUpdate;
import io.sentimentstream.classifier.Adapters;
import io.sentimentstream.classifier.Embeddings;
import io.sentimentstream.classifier.Encoder;
import io.sentimentstream.classifier.EncoderId;
import io.sentimentstream.classifier.Head;
import io.sentimentstream.classifier.Pooling;
import io.sentimentstream.modelupdates.ModelUpdateCheck.Rejected;
import io.sentimentstream.modelupdates.ModelUpdateCheck.Verified;
import io.sentimentstream.modelupdates.signing.Ed25519Keys;
import io.sentimentstream.modelupdates.signing.ModelUpdateSigner;
import io.sentimentstream.modelupdates.signing.ModelUpdateVerifier;
import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The update check on updates that carry adapters beside the head. */
class ModelUpdateAdaptersCheckTest {
  private static final EncoderId RUNNING = new EncoderId("e5-small-v2", "aa11");
  private static final String QUERY = "encoder.layer.11.attention.self.query";
  private final KeyPair trusted = Ed25519Keys.generate();
  private final ModelUpdateCheck check =
      new ModelUpdateCheck(new ModelUpdateVerifier(trusted.getPublic()));

  static Head head(EncoderId id, long version) {
    float[][] w = new float[3][4];
    w[0][0] = 0.5f;
    return new Head(
        Head.Type.LINEAR, id, Pooling.MEAN, version, w, new float[3], null, null, Map.of());
  }

  static Adapters adapters(EncoderId id, String target, int rank, int in, int out) {
    Random rnd = new Random(7);
    float[] a = new float[rank * in];
    float[] b = new float[out * rank];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) rnd.nextGaussian() * 0.01f;
    }
    for (int i = 0; i < b.length; i++) {
      b[i] = (float) rnd.nextGaussian() * 0.01f;
    }
    return new Adapters(id, rank, 8f, Map.of(target, new Adapters.Pair(a, b, in, out)));
  }

  private ModelUpdate signed(Head h, Adapters a) {
    return new ModelUpdateSigner(trusted.getPrivate()).sign(ModelTopic.unsigned(h, a, Map.of()));
  }

  /** Re-signs {@code u} after {@code edit}: the signer vouches for a broken payload. */
  private ModelUpdate resigned(ModelUpdate u, Consumer<ModelUpdate> edit) {
    ModelUpdate copy = ModelUpdate.newBuilder(u).build();
    edit.accept(copy);
    copy.setSignature(ByteBuffer.allocate(0));
    return new ModelUpdateSigner(trusted.getPrivate()).sign(copy);
  }

  @Test
  void acceptsAnUpdateWithAdaptersAndReturnsHeadAndAdapters() {
    Adapters sent = adapters(RUNNING, QUERY, 4, 384, 384);
    Verified v = check.verify(signed(head(RUNNING, 2), sent), RUNNING, 1);
    assertThat(v.head().version()).isEqualTo(2L);
    assertThat(v.adapters().rank()).isEqualTo(4);
    assertThat(v.adapters().targets()).containsOnlyKeys(QUERY);
    assertThat(v.adapters().targets().get(QUERY).a()).isEqualTo(sent.targets().get(QUERY).a());
    assertThat(v.adapters().targets().get(QUERY).b()).isEqualTo(sent.targets().get(QUERY).b());
  }

  @Test
  void aHeadOnlyUpdateHasNoAdapters() {
    assertThat(check.verify(signed(head(RUNNING, 2), null), RUNNING, 1).adapters()).isNull();
  }

  @Test
  void rejectsAdapterWeightsThatDoNotDecode() {
    ModelUpdate u =
        resigned(
            signed(head(RUNNING, 2), adapters(RUNNING, QUERY, 4, 384, 384)),
            c -> c.getAdapters().setWeights(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7, 8})));
    assertRejected(check, u, "adapters", "unusable adapters");
  }

  @Test
  void rejectsARankOrTargetsThatDifferFromTheWeights() {
    ModelUpdate good = signed(head(RUNNING, 2), adapters(RUNNING, QUERY, 4, 384, 384));
    assertRejected(
        check,
        resigned(good, c -> c.getAdapters().setRank(8)),
        "adapters",
        "declares adapter rank");
    List<AdapterTarget> other = new ArrayList<>();
    other.add(new AdapterTarget("encoder.layer.11.attention.self.key", 384, 384));
    assertRejected(
        check,
        resigned(good, c -> c.getAdapters().setTargets(other)),
        "adapters",
        "declares adapter targets");
  }

  @Test
  void rejectsAdaptersTrainedOnAnotherEncoder() {
    EncoderId other = new EncoderId("e5-small-v2", "bb22");
    ModelUpdate good = signed(head(RUNNING, 2), adapters(RUNNING, QUERY, 4, 384, 384));
    ModelUpdate u =
        resigned(
            good,
            c ->
                c.getAdapters()
                    .setWeights(
                        ByteBuffer.wrap(
                            io.sentimentstream.classifier.AdapterCodec.encode(
                                adapters(other, QUERY, 4, 384, 384)))));
    assertRejected(check, u, "encoder", "bb22");
  }

  @Test
  void rejectsAdaptersTheRunningEncoderSaysDoNotFitBeforeAnythingIsSwapped() {
    FitEncoder encoder = new FitEncoder();
    ModelUpdate u = signed(head(RUNNING, 2), adapters(RUNNING, QUERY, 4, 384, 999));
    assertThatThrownBy(() -> check.verify(u, encoder, 1))
        .isInstanceOfSatisfying(Rejected.class, e -> assertThat(e.reason()).isEqualTo("adapters"))
        .hasMessageContaining("do not fit")
        .hasMessageContaining("out 999");
    assertThat(encoder.checked).isEqualTo(1);
    assertThat(encoder.used).isZero();
    assertThat(check.verify(signed(head(RUNNING, 3), null), encoder, 1).head().version())
        .isEqualTo(3L);
  }

  @Test
  void aOneByteFlipInTheAdaptersFailsTheSignature() {
    ModelUpdate u = signed(head(RUNNING, 2), adapters(RUNNING, QUERY, 4, 384, 384));
    byte[] w = new byte[u.getAdapters().getWeights().remaining()];
    u.getAdapters().getWeights().duplicate().get(w);
    w[w.length - 3] ^= 1;
    u.getAdapters().setWeights(ByteBuffer.wrap(w));
    assertRejected(check, u, "signature", "does not match");
  }

  @Test
  void strippingTheAdaptersOffASignedUpdateFailsTheSignature() {
    ModelUpdate u = signed(head(RUNNING, 2), adapters(RUNNING, QUERY, 4, 384, 384));
    u.setAdapters(null);
    assertRejected(check, u, "signature", "does not match");
  }

  private static void assertRejected(
      ModelUpdateCheck check, ModelUpdate u, String reason, String messagePart) {
    assertThatThrownBy(() -> check.verify(u, RUNNING, 1))
        .isInstanceOfSatisfying(Rejected.class, e -> assertThat(e.reason()).isEqualTo(reason))
        .hasMessageContaining(messagePart);
  }

  /** An encoder whose weights are all [384, 384] (the check's collaborator in this unit test). */
  private static final class FitEncoder implements Encoder {
    int checked;
    int used;

    @Override
    public EncoderId id() {
      return RUNNING;
    }

    @Override
    public int hiddenSize() {
      return 384;
    }

    @Override
    public int maxLength() {
      return 64;
    }

    @Override
    public Pooling pooling() {
      return Pooling.MEAN;
    }

    @Override
    public Embeddings embed(List<String> cleanTexts) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void checkAdapters(Adapters adapters) {
      checked++;
      adapters
          .targets()
          .forEach(
              (t, p) -> {
                if (p.in() != 384 || p.out() != 384) {
                  throw new IllegalArgumentException(
                      "adapter " + t + " is [out " + p.out() + ", in " + p.in() + "]");
                }
              });
    }

    @Override
    public void useAdapters(Adapters adapters) {
      used++;
    }

    @Override
    public void close() {}
  }
}
