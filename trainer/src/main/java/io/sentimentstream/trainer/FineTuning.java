package io.sentimentstream.trainer;

import io.sentimentstream.classifier.AdaptableEncoder;
import io.sentimentstream.classifier.Adapters;
import io.sentimentstream.classifier.Encoder;
import io.sentimentstream.classifier.Head;
import io.sentimentstream.classifier.Label;
import io.sentimentstream.classifier.TokenizedTexts;
import io.sentimentstream.trainer.data.DataSplit;
import io.sentimentstream.trainer.data.LabeledExample;
import io.sentimentstream.trainer.data.SetSplit;
import io.sentimentstream.trainer.internals.AdapterFitter;
import io.sentimentstream.trainer.internals.BiasTuner;
import io.sentimentstream.trainer.internals.EmbeddingCache;
import io.sentimentstream.trainer.internals.ExampleWeights;
import io.sentimentstream.trainer.internals.Matrix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fine-tunes the encoder on one or several data sets' splits: first the frozen-encoder head as
 * {@link Training} trains it (the baseline, on the same splits in the same run, and the joint
 * head's starting point), then adapters plus head by backpropagation through the top layers ({@link
 * FineTuneParams}), logit offsets on validation, and both scored on test, per set and together.
 */
public final class FineTuning {
  private static final Logger log = LoggerFactory.getLogger(FineTuning.class);

  private FineTuning() {}

  /**
   * What a fine-tuning run produced.
   *
   * @param tuned the fine-tuned model's head and scores (its head goes with {@code adapters})
   * @param adapters the adapters to merge into the base encoder
   * @param frozen the frozen-encoder head trained on the same splits, and its scores
   * @param params the recipe
   * @param frozenLayers the encoder's lower layers, whose outputs were computed once per text
   */
  public record Result(
      TrainResult tuned,
      Adapters adapters,
      TrainResult frozen,
      FineTuneParams params,
      int frozenLayers) {}

  /**
   * Runs one fine-tuning.
   *
   * @param encoder the base encoder (float32, no adapters)
   * @param version the version the new head carries
   */
  public static Result run(
      List<SetSplit> sets,
      Encoder encoder,
      EmbeddingCache cache,
      TrainParams tp,
      FineTuneParams fp,
      long version,
      Map<String, String> metadata,
      Progress progress) {
    TrainResult frozen = Training.run(sets, encoder, cache, tp, version, metadata, progress);
    AdaptableEncoder enc = AdaptableEncoder.of(encoder);
    if (fp.adaptedLayers() > enc.layers()) {
      throw new IllegalArgumentException(
          "cannot adapt " + fp.adaptedLayers() + " layers: the encoder has " + enc.layers());
    }
    int from = enc.layers() - fp.adaptedLayers();
    long t0 = System.nanoTime();
    DataSplit pooled = SetSplit.pooled(sets);
    Map<String, float[]> states = lowerStates(enc, pooled, from, progress);
    double lowerSeconds = (System.nanoTime() - t0) / 1e9;

    long t1 = System.nanoTime();
    Matrix train = ExampleWeights.trainMatrix(sets, rows(pooled.train(), states), tp);
    Matrix val = ExampleWeights.validationMatrix(sets, rows(pooled.validation(), states));
    AdapterFitter.Fit fit = AdapterFitter.fit(enc, from, train, val, frozen.head(), fp, progress);
    float[] offsets = new float[Label.ORDER.size()];
    if (tp.tuneBias()) {
      float[][] p =
          fit.head().probabilities(AdapterFitter.vectors(enc, from, fit.adapters(), val.rows()));
      offsets = BiasTuner.tune(BiasTuner.logProbabilities(p), val.labels(), val.groups());
    }
    Map<String, String> meta = new LinkedHashMap<>(metadata);
    meta.put("best_epoch", Integer.toString(fit.bestEpoch()));
    meta.put("logit_offsets", Arrays.toString(offsets));
    meta.put("adapters", fp.adaptedLayers() + " layers, " + fp.targets() + ", rank " + fp.rank());
    Head head = withOffsets(fit.head(), version, offsets, meta);
    double trainSeconds = (System.nanoTime() - t1) / 1e9;

    List<SetMetrics> perSet = new ArrayList<>();
    for (SetSplit s : sets) {
      perSet.add(evaluate(head, s.name(), s.split(), enc, from, fit.adapters(), states));
    }
    SetMetrics all = evaluate(head, "all", pooled, enc, from, fit.adapters(), states);
    TrainResult tuned =
        new TrainResult(
            head,
            tp,
            fit.history(),
            fit.bestEpoch(),
            offsets,
            all.validation(),
            all.test(),
            all.majorityBaseline(),
            perSet,
            lowerSeconds,
            trainSeconds);
    log.info(
        String.format(
            Locale.ROOT,
            "Fine-tuned %d layers (%s, rank %d): best epoch %d of %d, mean validation macro-F1"
                + " %.4f (frozen %.4f), mean test macro-F1 %.4f (frozen %.4f), lower states %.0f s,"
                + " training %.0f s",
            fp.adaptedLayers(),
            fp.targets(),
            fp.rank(),
            fit.bestEpoch(),
            fit.history().size(),
            tuned.meanValidationMacroF1(),
            frozen.meanValidationMacroF1(),
            tuned.meanTestMacroF1(),
            frozen.meanTestMacroF1(),
            lowerSeconds,
            trainSeconds));
    return new Result(tuned, fit.adapters(), frozen, fp, from);
  }

  private static Map<String, float[]> lowerStates(
      AdaptableEncoder enc, DataSplit pooled, int from, Progress progress) {
    List<String> texts = new ArrayList<>();
    for (List<LabeledExample> part : List.of(pooled.train(), pooled.validation(), pooled.test())) {
      part.forEach(e -> texts.add(e.cleanText()));
    }
    TokenizedTexts tokens = enc.encoder().tokenize(texts);
    float[][] s;
    try (Progress.Task task = progress.start("lower layers", texts.size())) {
      s = enc.lowerStates(tokens, from, task::step);
    }
    Map<String, float[]> out = new HashMap<>();
    for (int i = 0; i < s.length; i++) {
      out.put(texts.get(i), s[i]);
    }
    return out;
  }

  private static float[][] rows(List<LabeledExample> examples, Map<String, float[]> states) {
    return examples.stream().map(e -> states.get(e.cleanText())).toArray(float[][]::new);
  }

  private static SetMetrics evaluate(
      Head head,
      String name,
      DataSplit split,
      AdaptableEncoder enc,
      int from,
      Adapters adapters,
      Map<String, float[]> states) {
    ClassificationMetrics val =
        Evaluation.evaluate(
            head,
            AdapterFitter.vectors(enc, from, adapters, rows(split.validation(), states)),
            split.validation());
    ClassificationMetrics test =
        Evaluation.evaluate(
            head,
            AdapterFitter.vectors(enc, from, adapters, rows(split.test(), states)),
            split.test());
    return new SetMetrics(name, val, test, Training.majorityBaseline(split));
  }

  private static Head withOffsets(Head h, long version, float[] offsets, Map<String, String> meta) {
    boolean mlp = h.type() == Head.Type.MLP;
    float[] last = (mlp ? h.b2() : h.b1()).clone();
    for (int k = 0; k < last.length; k++) {
      last[k] += offsets[k];
    }
    return new Head(
        h.type(),
        h.encoder(),
        h.pooling(),
        version,
        h.w1(),
        mlp ? h.b1() : last,
        h.w2(),
        mlp ? last : null,
        meta);
  }
}
