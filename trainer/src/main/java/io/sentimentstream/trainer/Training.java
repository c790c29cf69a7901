package io.sentimentstream.trainer;

import io.sentimentstream.classifier.Encoder;
import io.sentimentstream.classifier.Head;
import io.sentimentstream.classifier.Label;
import io.sentimentstream.classifier.ModelBundle;
import io.sentimentstream.trainer.data.DataSplit;
import io.sentimentstream.trainer.data.LabeledExample;
import io.sentimentstream.trainer.data.SetSplit;
import io.sentimentstream.trainer.internals.BiasTuner;
import io.sentimentstream.trainer.internals.EmbeddingCache;
import io.sentimentstream.trainer.internals.ExampleWeights;
import io.sentimentstream.trainer.internals.HeadFitter;
import io.sentimentstream.trainer.internals.Matrix;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a head on one or several data sets' splits: embed (through the cache), fit with DJL, tune
 * logit offsets on validation, evaluate on test, per set and for all sets together. Used by the
 * {@code train} command and by the service.
 */
public final class Training {
  private static final Logger log = LoggerFactory.getLogger(Training.class);

  private Training() {}

  /** Runs one training on a single data set (reported under the name "data"). */
  public static TrainResult run(
      DataSplit split,
      Encoder encoder,
      EmbeddingCache cache,
      TrainParams p,
      long version,
      Map<String, String> metadata,
      Progress progress) {
    return run(
        List.of(new SetSplit("data", split, 0)), encoder, cache, p, version, metadata, progress);
  }

  /**
   * Runs one training on all sets' training splits together. Early stopping and the logit offsets
   * use the mean over sets of each set's validation macro-F1.
   *
   * @param version the version the new head carries
   * @param metadata extra head metadata (data source and the like)
   * @throws IllegalArgumentException if a set's train or validation split is empty
   */
  public static TrainResult run(
      List<SetSplit> sets,
      Encoder encoder,
      EmbeddingCache cache,
      TrainParams p,
      long version,
      Map<String, String> metadata,
      Progress progress) {
    for (SetSplit s : sets) {
      if (s.split().train().isEmpty() || s.split().validation().isEmpty()) {
        throw new IllegalArgumentException(
            "set '"
                + s.name()
                + "': need at least one training and one validation example, got "
                + s.split().train().size()
                + " and "
                + s.split().validation().size());
      }
    }
    long t0 = System.nanoTime();
    DataSplit pooled = SetSplit.pooled(sets);
    List<String> all = new ArrayList<>();
    for (List<LabeledExample> part : List.of(pooled.train(), pooled.validation(), pooled.test())) {
      part.forEach(e -> all.add(e.cleanText()));
    }
    cache.embed(all, encoder, progress);
    double embedSeconds = (System.nanoTime() - t0) / 1e9;

    long t1 = System.nanoTime();
    Matrix train = ExampleWeights.trainMatrix(sets, vectors(pooled.train(), cache, encoder), p);
    Matrix val =
        ExampleWeights.validationMatrix(sets, vectors(pooled.validation(), cache, encoder));
    HeadFitter.Fit fit = HeadFitter.fit(train, val, p, progress);
    Head raw = toHead(fit, encoder, version, new float[3], metadata);
    float[] offsets =
        p.tuneBias()
            ? BiasTuner.tune(
                BiasTuner.logProbabilities(raw.probabilities(val.rows())),
                val.labels(),
                val.groups())
            : new float[3];
    Head head = toHead(fit, encoder, version, offsets, metadata);
    double trainSeconds = (System.nanoTime() - t1) / 1e9;

    List<SetMetrics> perSet = new ArrayList<>();
    for (SetSplit s : sets) {
      perSet.add(evaluate(head, s.name(), s.split(), cache, encoder));
    }
    SetMetrics overall = evaluate(head, "all", pooled, cache, encoder);
    TrainResult r =
        new TrainResult(
            head,
            p,
            fit.history(),
            fit.bestEpoch(),
            offsets,
            overall.validation(),
            overall.test(),
            overall.majorityBaseline(),
            perSet,
            embedSeconds,
            trainSeconds);
    log.info(
        String.format(
            Locale.ROOT,
            "Trained %s head on %d set(s): best epoch %d of %d, offsets %s, mean validation"
                + " macro-F1 %.4f, test macro-F1 %.4f accuracy %.4f (majority baseline %.4f),"
                + " embed %.1f s, train %.1f s",
            p.headType(),
            sets.size(),
            fit.bestEpoch(),
            fit.history().size(),
            Arrays.toString(offsets),
            r.meanValidationMacroF1(),
            r.test().macroF1(),
            r.test().accuracy(),
            r.majorityBaseline().macroF1(),
            embedSeconds,
            trainSeconds));
    return r;
  }

  /**
   * Scores {@code head} on a split's validation and test parts, with the always-majority baseline
   * (the most frequent label of the split's training part) on test.
   */
  public static SetMetrics evaluate(
      Head head, String name, DataSplit split, EmbeddingCache cache, Encoder encoder) {
    ClassificationMetrics val =
        Evaluation.evaluate(head, vectors(split.validation(), cache, encoder), split.validation());
    ClassificationMetrics test =
        Evaluation.evaluate(head, vectors(split.test(), cache, encoder), split.test());
    return new SetMetrics(name, val, test, majorityBaseline(split));
  }

  /** The always-majority baseline on test: the most frequent label of the training part. */
  static ClassificationMetrics majorityBaseline(DataSplit split) {
    Label majority = Label.ORDER.get(argmax(DataSplit.classCounts(split.train())));
    return ClassificationMetrics.constant(
        split.test().stream().map(LabeledExample::label).toList(), majority);
  }

  /**
   * Scores another bundle's head on the same per-set splits (per set, then all together).
   *
   * @throws IllegalArgumentException if that head was trained on another encoder or max length
   */
  public static List<SetMetrics> compare(
      Path bundle, List<SetSplit> splits, EmbeddingCache cache, Encoder encoder) {
    Head old = ModelBundle.readHead(bundle);
    String len = old.metadata().get("max_length");
    if (!old.encoder().equals(encoder.id())
        || (len != null && Integer.parseInt(len) != encoder.maxLength())) {
      throw new IllegalArgumentException(
          "--compare-with bundle "
              + bundle
              + " was trained on encoder "
              + old.encoder()
              + " with max length "
              + len
              + ", not "
              + encoder.id()
              + " with max length "
              + encoder.maxLength());
    }
    List<SetMetrics> out = new ArrayList<>();
    for (SetSplit s : splits) {
      out.add(evaluate(old, s.name(), s.split(), cache, encoder));
    }
    out.add(evaluate(old, "all", SetSplit.pooled(splits), cache, encoder));
    return out;
  }

  private static float[][] vectors(
      List<LabeledExample> examples, EmbeddingCache cache, Encoder encoder) {
    return cache
        .embed(examples.stream().map(LabeledExample::cleanText).toList(), encoder, Progress.NONE)
        .vectors();
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
    meta.put("logit_offsets", Arrays.toString(offsets));
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
