package io.sentimentstream.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * MEDIUM matmul precision on the real default encoder and head over 1,000 distinct GOP tweets:
 * libtorch really switches, the bf16 GEMMs really change the numbers (so the fast path ran), and
 * the result stays the float32 model's: every embedding within cosine 0.9995 of its float32 twin
 * and the default head's label the same on at least 99% of the tweets.
 */
@Tag("integration")
class MatmulPrecisionIT {
  private static final int TWEETS = 1000;

  @AfterEach
  void restore() {
    try (Encoder e =
        Encoders.open(EncoderOptions.defaults().withMatmulPrecision(MatmulPrecision.HIGHEST))) {
      assertThat(MatmulPrecision.current()).isEqualTo(MatmulPrecision.HIGHEST);
    }
  }

  @Test
  void mediumKeepsTheFloat32ModelsEmbeddingsAndLabels() {
    assumeThat(MatmulPrecision.AUTO.resolve(false, MatmulPrecision.cpuFlags()))
        .as("this CPU has no bf16 units (%s)", MatmulPrecision.BF16_FLAGS)
        .isEqualTo(MatmulPrecision.MEDIUM);
    List<String> texts = GopTweets.distinctCleaned(TWEETS);
    Head head = ModelBundle.defaultHead();
    float[][] high = embed(MatmulPrecision.HIGHEST, texts);
    float[][] medium = embed(MatmulPrecision.MEDIUM, texts);
    int[] highLabels = labels(head, high);
    int[] mediumLabels = labels(head, medium);

    double minCosine = 1;
    int identical = 0;
    int agree = 0;
    for (int i = 0; i < texts.size(); i++) {
      minCosine = Math.min(minCosine, cosine(high[i], medium[i]));
      identical += java.util.Arrays.equals(high[i], medium[i]) ? 1 : 0;
      agree += highLabels[i] == mediumLabels[i] ? 1 : 0;
    }
    System.err.printf(
        "MEDIUM vs HIGHEST over %d tweets: lowest cosine %.6f, %d rows identical, %d same label%n",
        texts.size(), minCosine, identical, agree);
    assertThat(identical).as("rows unchanged by bf16 GEMMs").isLessThan(texts.size() / 10);
    assertThat(minCosine).as("lowest cosine, MEDIUM vs HIGHEST").isGreaterThan(0.9995);
    assertThat(agree).as("same label of %d", texts.size()).isGreaterThanOrEqualTo(990);
  }

  @Test
  void autoResolvesFromTheCpuFlagsAndKeepsGpusAtHighest() {
    assertThat(MatmulPrecision.AUTO.resolve(false, Set.of("avx2", "amx_bf16")))
        .isEqualTo(MatmulPrecision.MEDIUM);
    assertThat(MatmulPrecision.AUTO.resolve(false, Set.of("avx2", "avx512_bf16")))
        .isEqualTo(MatmulPrecision.MEDIUM);
    assertThat(MatmulPrecision.AUTO.resolve(false, Set.of("avx2", "avx512f")))
        .isEqualTo(MatmulPrecision.HIGHEST);
    assertThat(MatmulPrecision.AUTO.resolve(true, Set.of("amx_bf16")))
        .isEqualTo(MatmulPrecision.HIGHEST);
    assertThat(MatmulPrecision.MEDIUM.resolve(false, Set.of())).isEqualTo(MatmulPrecision.MEDIUM);
  }

  private static float[][] embed(MatmulPrecision p, List<String> texts) {
    try (Encoder e = Encoders.open(EncoderOptions.defaults().withMatmulPrecision(p))) {
      assertThat(MatmulPrecision.current()).isEqualTo(p);
      return e.embed(texts).vectors();
    }
  }

  private static int[] labels(Head head, float[][] vectors) {
    float[][] p = head.probabilities(vectors);
    int[] out = new int[p.length];
    for (int i = 0; i < p.length; i++) {
      for (int c = 1; c < p[i].length; c++) {
        out[i] = p[i][c] > p[i][out[i]] ? c : out[i];
      }
    }
    return out;
  }

  private static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  }
}
