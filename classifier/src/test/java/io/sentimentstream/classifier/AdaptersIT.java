package io.sentimentstream.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import io.sentimentstream.classifier.LayerDeltas.Target;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Adapters on the real e5-small-v2 weights: merged weights give the embeddings of the unmerged
 * forward (the trainer's), the swap goes back to the base weights, and misfits are refused.
 */
@Tag("integration")
class AdaptersIT {
  private static Encoder encoder;

  @BeforeAll
  static void open() {
    // float32 GEMMs on both paths: the comparison is of the algebra, not of bf16 rounding
    encoder = Encoders.open(EncoderOptions.defaults().withMatmulPrecision(MatmulPrecision.HIGHEST));
  }

  @AfterAll
  static void close() {
    encoder.close();
  }

  /** Random adapters (B non-zero, unlike a fresh LoRA) on layers 10 and 11. */
  static Adapters randomAdapters(EncoderId id, long seed, Target... targets) {
    Random r = new Random(seed);
    int rank = 4;
    Map<String, Adapters.Pair> pairs = new LinkedHashMap<>();
    for (int layer = 10; layer < 12; layer++) {
      for (Target t : targets) {
        int in = t == Target.OUTPUT ? 1536 : 384;
        int out = t == Target.INTERMEDIATE ? 1536 : 384;
        pairs.put(
            t.in(layer), new Adapters.Pair(gauss(r, rank * in), gauss(r, out * rank), in, out));
      }
    }
    return new Adapters(id, rank, 8f, pairs);
  }

  private static float[] gauss(Random r, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (r.nextGaussian() * 0.05);
    }
    return v;
  }

  @Test
  void mergedWeightsEmbedLikeTheUnmergedForward() {
    Adapters a = randomAdapters(encoder.id(), 7, Target.values());
    List<String> texts = GopTweets.texts(40);
    AdaptableEncoder ae = AdaptableEncoder.of(encoder);
    float[][] lower = ae.lowerStates(encoder.tokenize(texts), 10, n -> {});
    float[] unmerged;
    float[] base;
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      unmerged = ae.pooled(m, lower, 10, LayerDeltas.of(m, a)).toFloatArray();
      base = ae.pooled(m, lower, 10, LayerDeltas.NONE).toFloatArray();
    }
    float[][] before = encoder.embed(texts).vectors();
    encoder.useAdapters(a);
    try {
      float[][] merged = encoder.embed(texts).vectors();
      double maxDiff = 0;
      double moved = 0;
      for (int i = 0; i < texts.size(); i++) {
        for (int j = 0; j < 384; j++) {
          maxDiff = Math.max(maxDiff, Math.abs(merged[i][j] - unmerged[i * 384 + j]));
          moved = Math.max(moved, Math.abs(merged[i][j] - before[i][j]));
          assertThat(Math.abs(before[i][j] - base[i * 384 + j])).isLessThan(1e-4f);
        }
      }
      assertThat(moved).as("the adapters change the embeddings").isGreaterThan(0.05);
      assertThat(maxDiff).as("merged vs unmerged").isLessThan(1e-4);
    } finally {
      encoder.useAdapters(null);
    }
    float[][] after = encoder.embed(texts).vectors();
    assertThat(after).as("back on the base weights").isDeepEqualTo(before);
  }

  @Test
  void codecRoundTripsAndMisfitsAreRefusedByName() {
    Adapters a = randomAdapters(encoder.id(), 3, Target.QUERY, Target.OUTPUT);
    Adapters back = AdapterCodec.decode(ByteBuffer.wrap(AdapterCodec.encode(a)), "test");
    assertThat(back.targets().keySet()).isEqualTo(a.targets().keySet());
    // Arrays.equals: containsExactly diffs element lists, quadratic in 590k values
    assertThat(
            java.util.Arrays.equals(
                back.delta("encoder.layer.11.output.dense"),
                a.delta("encoder.layer.11.output.dense")))
        .isTrue();

    Map<String, Adapters.Pair> wrong = new LinkedHashMap<>(a.targets());
    wrong.put("encoder.layer.12.attention.self.query", a.targets().get(Target.QUERY.in(11)));
    Adapters noSuchLayer = new Adapters(encoder.id(), a.rank(), a.alpha(), wrong);
    assertThatThrownBy(() -> encoder.useAdapters(noSuchLayer))
        .hasMessageContaining("encoder.layer.12.attention.self.query")
        .hasMessageContaining("not a Linear weight");
    Map<String, Adapters.Pair> swapped = new LinkedHashMap<>();
    swapped.put(Target.QUERY.in(11), a.targets().get(Target.OUTPUT.in(11)));
    Adapters misshapen = new Adapters(encoder.id(), a.rank(), a.alpha(), swapped);
    assertThatThrownBy(() -> encoder.useAdapters(misshapen))
        .hasMessageContaining("encoder.layer.11.attention.self.query")
        .hasMessageContaining("[out 384, in 1536]");
    Adapters otherEncoder =
        new Adapters(new EncoderId("other", "00"), a.rank(), a.alpha(), a.targets());
    assertThatThrownBy(() -> encoder.useAdapters(otherEncoder)).hasMessageContaining("other");
    assertThat(encoder.adapters()).isNull();
  }
}
