package io.sentimentstream.trainer;

import io.sentimentstream.classifier.Embeddings;
import io.sentimentstream.classifier.Encoder;
import io.sentimentstream.classifier.Head;
import io.sentimentstream.classifier.Label;
import io.sentimentstream.trainer.internals.BiasTuner;
import io.sentimentstream.trainer.internals.EmbeddingCache;
import io.sentimentstream.trainer.internals.HeadFitter;
import io.sentimentstream.trainer.internals.Matrix;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a head on a {@link DataSplit}: embed (through the cache), fit with DJL, tune logit offsets
 * on validation, evaluate on test. Used by the {@code train} command and by the service.
 */
public final class Training {
  private static final Logger log = LoggerFactory.getLogger(Training.class);

  private Training() {}

  /**
   * Runs one training.
   *
   * @param version the version the new head carries
   * @param metadata extra head metadata (data source and the like)
   * @throws IllegalArgumentException if the train or validation split is empty
   */
  public static TrainResult run(
      DataSplit split,
      Encoder encoder,
      EmbeddingCache cache,
      TrainParams p,
      long version,
      Map<String, String> metadata,
      Progress progress) {
    if (split.train().isEmpty() || split.validation().isEmpty()) {
      throw new IllegalArgumentException(
          "need at least one training and one validation example, got "
              + split.train().size()
              + " and "
              + split.validation().size());
    }
    long t0 = System.nanoTime();
    List<String> all = new ArrayList<>();
    for (List<LabeledExample> part : List.of(split.train(), split.validation(), split.test())) {
      part.forEach(e -> all.add(e.cleanText()));
    }
    cache.embed(all, encoder, progress);
    double embedSeconds = (System.nanoTime() - t0) / 1e9;

    long t1 = System.nanoTime();
    int[] counts = DataSplit.classCounts(split.train());
    Matrix train =
        matrix(
            split.train(),
            cache,
            encoder,
            classWeights(counts, p.classWeightPower()),
            p.confidenceWeights());
    Matrix val = matrix(split.validation(), cache, encoder, new double[] {1, 1, 1}, false);
    HeadFitter.Fit fit = HeadFitter.fit(train, val, p, progress);
    Head raw = toHead(fit, encoder, version, new float[3], metadata);
    float[] offsets =
        p.tuneBias() ? BiasTuner.tune(logProbs(raw, val.rows()), val.labels()) : new float[3];
    Head head = toHead(fit, encoder, version, offsets, metadata);
    double trainSeconds = (System.nanoTime() - t1) / 1e9;

    ClassificationMetrics valMetrics = Evaluation.evaluate(head, val.rows(), split.validation());
    Label majority = Label.ORDER.get(argmax(counts));
    float[][] testRows = embeddings(split.test(), cache, encoder).vectors();
    ClassificationMetrics test = Evaluation.evaluate(head, testRows, split.test());
    ClassificationMetrics baseline =
        ClassificationMetrics.constant(
            split.test().stream().map(LabeledExample::label).toList(), majority);
    log.info(
        String.format(
            Locale.ROOT,
            "Trained %s head: best epoch %d of %d, offsets %s, validation macro-F1 %.4f, test macro-F1 %.4f"
                + " accuracy %.4f (majority baseline %.4f), embed %.1f s, train %.1f s",
            p.headType(),
            fit.bestEpoch(),
            fit.history().size(),
            java.util.Arrays.toString(offsets),
            valMetrics.macroF1(),
            test.macroF1(),
            test.accuracy(),
            baseline.macroF1(),
            embedSeconds,
            trainSeconds));
    return new TrainResult(
        head,
        p,
        fit.history(),
        fit.bestEpoch(),
        offsets,
        valMetrics,
        test,
        baseline,
        embedSeconds,
        trainSeconds);
  }

  /** Class weights (N / (K * n_c)) ^ power from class counts; an absent class gets weight 0. */
  static double[] classWeights(int[] counts, double power) {
    long n = 0;
    for (int c : counts) {
      n += c;
    }
    double[] w = new double[counts.length];
    for (int k = 0; k < counts.length; k++) {
      w[k] = counts[k] == 0 ? 0 : Math.pow((double) n / (counts.length * counts[k]), power);
    }
    return w;
  }

  private static Matrix matrix(
      List<LabeledExample> examples,
      EmbeddingCache cache,
      Encoder encoder,
      double[] classWeights,
      boolean confidence) {
    float[][] rows = embeddings(examples, cache, encoder).vectors();
    int[] labels = new int[examples.size()];
    float[] weights = new float[examples.size()];
    for (int i = 0; i < labels.length; i++) {
      LabeledExample e = examples.get(i);
      labels[i] = e.label().ordinal();
      weights[i] = (float) (classWeights[labels[i]] * (confidence ? e.confidence() : 1.0));
    }
    return new Matrix(rows, labels, weights);
  }

  private static Embeddings embeddings(
      List<LabeledExample> examples, EmbeddingCache cache, Encoder encoder) {
    return cache.embed(
        examples.stream().map(LabeledExample::cleanText).toList(), encoder, Progress.NONE);
  }

  private static float[][] logProbs(Head head, float[][] rows) {
    float[][] p = head.probabilities(rows);
    for (float[] row : p) {
      for (int k = 0; k < row.length; k++) {
        row[k] = (float) Math.log(Math.max(row[k], 1e-30f));
      }
    }
    return p;
  }

  private static Head toHead(
      HeadFitter.Fit fit,
      Encoder encoder,
      long version,
      float[] offsets,
      Map<String, String> metadata) {
    List<float[][]> l = fit.layers();
    Map<String, String> meta = new LinkedHashMap<>(metadata);
    meta.put("best_epoch", Integer.toString(fit.bestEpoch()));
    meta.put("logit_offsets", java.util.Arrays.toString(offsets));
    if (fit.params().headType() == Head.Type.LINEAR) {
      return new Head(
          Head.Type.LINEAR,
          encoder.id(),
          encoder.pooling(),
          version,
          l.get(0),
          plus(l.get(1)[0], offsets),
          null,
          null,
          meta);
    }
    return new Head(
        Head.Type.MLP,
        encoder.id(),
        encoder.pooling(),
        version,
        l.get(0),
        l.get(1)[0],
        l.get(2),
        plus(l.get(3)[0], offsets),
        meta);
  }

  private static float[] plus(float[] bias, float[] offsets) {
    float[] out = bias.clone();
    for (int k = 0; k < out.length; k++) {
      out[k] += offsets[k];
    }
    return out;
  }

  private static int argmax(int[] counts) {
    int best = 0;
    for (int k = 1; k < counts.length; k++) {
      if (counts[k] > counts[best]) {
        best = k;
      }
    }
    return best;
  }
}
