package io.sentimentstream.trainer.service.internals;

import io.sentimentstream.classifier.AdaptableEncoder;
import io.sentimentstream.classifier.Adapters;
import io.sentimentstream.classifier.Encoder;
import io.sentimentstream.classifier.Head;
import io.sentimentstream.modelupdates.ModelPublisher;
import io.sentimentstream.modelupdates.signing.ModelUpdateSigner;
import io.sentimentstream.trainer.ClassificationMetrics;
import io.sentimentstream.trainer.Evaluation;
import io.sentimentstream.trainer.FineTuneParams;
import io.sentimentstream.trainer.FineTuning;
import io.sentimentstream.trainer.Progress;
import io.sentimentstream.trainer.TrainParams;
import io.sentimentstream.trainer.TrainResult;
import io.sentimentstream.trainer.Training;
import io.sentimentstream.trainer.data.DataSplit;
import io.sentimentstream.trainer.data.LabeledExample;
import io.sentimentstream.trainer.data.SetSplit;
import io.sentimentstream.trainer.internals.EmbeddingCache;
import io.sentimentstream.trainer.internals.Splitter;
import io.sentimentstream.trainer.service.RetrainOutcome;
import io.sentimentstream.trainer.service.TrainerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One retraining: split, train, compare with the serving head on the held-out slice, publish.
 *
 * <p>Versions only go up: every publish attempt burns its version, whether or not it is
 * acknowledged, because a failed {@code send().get()} (say, a delivery timeout) does not mean the
 * broker did not write the record. Reusing the number could put two different heads under one
 * version, and running apps would keep whichever they saw first.
 */
public final class Retrainer {
  private static final Logger log = LoggerFactory.getLogger(Retrainer.class);
  private static final double VALIDATION_FRACTION = 0.15;

  private final TrainerConfig config;
  private final Encoder encoder;
  private final ModelPublisher models;
  private final ModelUpdateSigner signer;
  private final TrainerMetrics metrics;
  private final TrainParams params;
  private final int adaptersEvery;
  private Head serving;
  private Adapters servingAdapters;
  private int retrains;
  private EmbeddingCache cache;
  private Adapters cacheAdapters;
  private long nextVersion;
  private volatile RetrainOutcome lastOutcome;

  /** A retrainer that publishes versions from {@code nextVersion} on. */
  public Retrainer(
      TrainerConfig config,
      Encoder encoder,
      ModelPublisher models,
      ModelUpdateSigner signer,
      TrainerMetrics metrics,
      Head serving,
      Adapters servingAdapters,
      long nextVersion) {
    this.config = config;
    this.encoder = encoder;
    this.models = models;
    this.signer = signer;
    this.metrics = metrics;
    this.serving = serving;
    this.servingAdapters = servingAdapters;
    this.adaptersEvery = config.getInt(TrainerConfig.TRAIN_ADAPTERS_EVERY);
    this.nextVersion = nextVersion;
    TrainParams d = TrainParams.defaults();
    this.params =
        new TrainParams(
            Head.Type.valueOf(config.getString(TrainerConfig.TRAIN_HEAD).toUpperCase(Locale.ROOT)),
            config.getInt(TrainerConfig.TRAIN_EPOCHS),
            d.learningRate(),
            d.batchSize(),
            config.getLong(TrainerConfig.TRAIN_SEED),
            d.patience(),
            d.classWeightPower(),
            config.getBoolean(TrainerConfig.TRAIN_CONFIDENCE_WEIGHTS),
            d.tuneBias(),
            d.dropout(),
            d.setWeightPower());
  }

  /** The last outcome, or null. */
  public RetrainOutcome lastOutcome() {
    return lastOutcome;
  }

  /**
   * Trains on {@code examples} (distinct texts), gates and maybe publishes. Every {@value
   * TrainerConfig#TRAIN_ADAPTERS_EVERY}-th retraining fine-tunes adapters plus head from the base
   * weights; the others retrain the head alone on the serving adapters (none: the base weights),
   * and their update carries those adapters again.
   */
  public RetrainOutcome retrain(List<LabeledExample> examples) {
    DataSplit split =
        Splitter.holdout(
            examples,
            config.getDouble(TrainerConfig.HOLDOUT_FRACTION),
            VALIDATION_FRACTION,
            config.getLong(TrainerConfig.TRAIN_SEED));
    if (split.test().isEmpty() || split.validation().isEmpty() || split.train().isEmpty()) {
      log.warn(
          "Not enough data to train: {} train, {} validation, {} held out",
          split.train().size(),
          split.validation().size(),
          split.test().size());
      return null;
    }
    long t0 = System.nanoTime();
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("max_length", Integer.toString(encoder.maxLength()));
    meta.put("trained_at", Instant.now().toString());
    meta.put("data", config.getString(TrainerConfig.TOPIC_LABELED));
    retrains++;
    boolean fineTune = adaptersEvery > 0 && retrains % adaptersEvery == 0;
    TrainResult r;
    Adapters adapters;
    if (fineTune) {
      encoder.useAdapters(null);
      FineTuneParams recipe = FineTuneParams.defaults();
      // the default recipe adapts every layer of e5-small-v2; a smaller encoder has fewer
      int layers = AdaptableEncoder.of(encoder).layers();
      recipe = recipe.withAdaptedLayers(Math.min(layers, recipe.adaptedLayers()));
      FineTuning.Result ft =
          FineTuning.run(
              List.of(new SetSplit("data", split, 0)),
              encoder,
              cache(),
              params,
              recipe,
              nextVersion,
              meta,
              Progress.NONE);
      r = ft.tuned();
      adapters = ft.adapters();
      log.info(
          "Fine-tuned candidate v{}: held-out macro-F1 {} with adapters, {} frozen",
          nextVersion,
          r.test().macroF1(),
          ft.frozen().test().macroF1());
    } else {
      encoder.useAdapters(servingAdapters);
      r = Training.run(split, encoder, cache(), params, nextVersion, meta, Progress.NONE);
      adapters = servingAdapters;
    }
    ClassificationMetrics candidate = r.test();
    double servingF1 = servingMacroF1(split);
    double baseline = r.majorityBaseline().macroF1();
    metrics.trained(
        (System.nanoTime() - t0) / 1_000_000, candidate.macroF1(), candidate.accuracy(), baseline);
    QualityGate.Decision d =
        QualityGate.decide(
            candidate.macroF1(),
            servingF1,
            baseline,
            config.getDouble(TrainerConfig.GATE_TOLERANCE));
    RetrainOutcome outcome =
        d.publish()
            ? publish(r, adapters, servingF1, baseline, d.reason())
            : gatedOut(r, servingF1, baseline, d.reason());
    lastOutcome = outcome;
    return outcome;
  }

  private RetrainOutcome gatedOut(TrainResult r, double servingF1, double baseline, String why) {
    metrics.gatedOut();
    log.info("Candidate v{} not published: {}", r.head().version(), why);
    return new RetrainOutcome(
        false, r.head().version(), r.test().macroF1(), servingF1, baseline, why, false);
  }

  private RetrainOutcome publish(
      TrainResult r, Adapters adapters, double servingF1, double baseline, String why) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("macro_f1", r.test().macroF1());
    m.put("accuracy", r.test().accuracy());
    m.put("macro_recall", r.test().macroRecall());
    m.put("baseline_macro_f1", baseline);
    m.put("heldout_examples", (double) r.test().total());
    // burned before the attempt: a failed send may still have been written
    nextVersion = Math.max(nextVersion, r.head().version() + 1);
    try {
      RecordMetadata md = models.publish(r.head(), adapters, m, signer);
      serving = r.head();
      servingAdapters = adapters;
      metrics.published(r.head().version());
      log.info(
          "Published model v{} ({}) to {}-{}@{}: {}",
          r.head().version(),
          adapters == null ? "head only" : "head and adapters",
          md.topic(),
          md.partition(),
          md.offset(),
          why);
      return new RetrainOutcome(
          true, r.head().version(), r.test().macroF1(), servingF1, baseline, why, false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing", e);
    } catch (Exception e) {
      metrics.publishFailed();
      log.error(
          "Publishing model v{} failed; v{} is burned, the next attempt uses v{}",
          r.head().version(),
          r.head().version(),
          nextVersion,
          e);
      return new RetrainOutcome(
          false,
          r.head().version(),
          r.test().macroF1(),
          servingF1,
          baseline,
          "publish failed: " + e,
          true);
    }
  }

  private double servingMacroF1(DataSplit split) {
    if (serving == null
        || !serving.encoder().equals(encoder.id())
        || serving.inputSize() != encoder.hiddenSize()) {
      return Double.NaN;
    }
    encoder.useAdapters(servingAdapters);
    float[][] rows =
        cache()
            .embed(
                split.test().stream().map(LabeledExample::cleanText).toList(),
                encoder,
                Progress.NONE)
            .vectors();
    return Evaluation.evaluate(serving, rows, split.test()).macroF1();
  }

  /** The embedding cache of the encoder's weights now in use (base or with adapters merged). */
  private EmbeddingCache cache() {
    if (cache != null && cacheAdapters == encoder.adapters()) {
      return cache;
    }
    try {
      cache = EmbeddingCache.open(config.stateDir().resolve("embeddings"), encoder);
      cacheAdapters = encoder.adapters();
      return cache;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the embedding cache", e);
    }
  }
}
