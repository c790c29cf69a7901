package io.sentimentstream.trainer.service.internals;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/** The trainer's Prometheus meters (names are exposed as {@code trainer_*}). */
public final class TrainerMetrics {
  private final MeterRegistry registry;
  private final Counter labelsSeen;
  private final Counter trainings;
  private final Counter published;
  private final Counter gatedOut;
  private final Counter publishFailures;
  private final AtomicLong lastTrainEpochMs = new AtomicLong();
  private final AtomicLong lastTrainDurationMs = new AtomicLong();
  private final AtomicLong servingVersion = new AtomicLong();
  private volatile double lastMacroF1 = Double.NaN;
  private volatile double lastAccuracy = Double.NaN;
  private volatile double lastBaselineMacroF1 = Double.NaN;

  /** Registers the meters; {@code distinctLabels} reports the label store's size. */
  public TrainerMetrics(MeterRegistry registry, IntSupplier distinctLabels) {
    this.registry = registry;
    labelsSeen =
        Counter.builder("trainer.labels.seen")
            .description("Labelled records accepted")
            .register(registry);
    trainings =
        Counter.builder("trainer.trainings").description("Trainings run").register(registry);
    published =
        Counter.builder("trainer.models.published")
            .description("Model updates published")
            .register(registry);
    gatedOut =
        Counter.builder("trainer.models.gated.out")
            .description("Candidates the quality gate rejected")
            .register(registry);
    publishFailures =
        Counter.builder("trainer.models.publish.failures")
            .description("Publishing attempts that failed")
            .register(registry);
    // at 0 from the start, so the dashboard shows 0 rather than "no data" and increase() sees
    // the first failure
    registry.counter("trainer.trainings.failed");
    Gauge.builder("trainer.labels.distinct", distinctLabels::getAsInt)
        .description("Distinct labelled texts in the store")
        .register(registry);
    Gauge.builder("trainer.last.train.timestamp.seconds", lastTrainEpochMs, v -> v.get() / 1e3)
        .description("When the last training finished")
        .register(registry);
    Gauge.builder("trainer.last.train.duration.seconds", lastTrainDurationMs, v -> v.get() / 1e3)
        .description("How long the last training took")
        .register(registry);
    Gauge.builder("trainer.last.macro.f1", this, m -> m.lastMacroF1)
        .description("Held-out macro-F1 of the last candidate")
        .register(registry);
    Gauge.builder("trainer.last.accuracy", this, m -> m.lastAccuracy)
        .description("Held-out accuracy of the last candidate")
        .register(registry);
    Gauge.builder("trainer.last.baseline.macro.f1", this, m -> m.lastBaselineMacroF1)
        .description("Held-out macro-F1 of the majority-class baseline")
        .register(registry);
    Gauge.builder("trainer.serving.version", servingVersion, AtomicLong::get)
        .description("Version of the latest published (serving) head")
        .register(registry);
  }

  /**
   * Registers the label store's meters: {@code trainer_labels_bytes} (UTF-8 bytes of the kept
   * texts) and {@code trainer_labels_evicted} (texts evicted beyond the store's bounds).
   */
  public void labelStore(LongSupplier bytes, LongSupplier evicted) {
    Gauge.builder("trainer.labels.bytes", bytes::getAsLong)
        .description("UTF-8 bytes of the distinct labelled texts in the store")
        .register(registry);
    FunctionCounter.builder("trainer.labels.evicted", evicted, LongSupplier::getAsLong)
        .description("Labelled texts evicted, oldest first, beyond the store's bounds")
        .register(registry);
  }

  /** Counts an accepted labelled record. */
  public void labelSeen() {
    labelsSeen.increment();
  }

  /** Counts a skipped record by reason (unreadable, empty_text, too_long, invalid). */
  public void skipped(String reason) {
    registry.counter("trainer.records.skipped", "reason", reason).increment();
  }

  /** Number of records skipped for {@code reason}. */
  public double skippedCount(String reason) {
    return registry.counter("trainer.records.skipped", "reason", reason).count();
  }

  /**
   * Counts a transient failure (registry or broker away) that stopped reading {@code what} ({@code
   * model_topic} or {@code labeled}) until a retry; the record is not skipped.
   */
  public void transientError(String what) {
    registry.counter("trainer.transient.errors", "what", what).increment();
  }

  /** Number of transient failures while reading {@code what}. */
  public double transientErrorCount(String what) {
    return registry.counter("trainer.transient.errors", "what", what).count();
  }

  /** Records a finished training. */
  public void trained(long durationMs, double macroF1, double accuracy, double baselineMacroF1) {
    trainings.increment();
    lastTrainEpochMs.set(System.currentTimeMillis());
    lastTrainDurationMs.set(durationMs);
    lastMacroF1 = macroF1;
    lastAccuracy = accuracy;
    lastBaselineMacroF1 = baselineMacroF1;
  }

  /** Records a publication. */
  public void published(long version) {
    published.increment();
    servingVersion.set(version);
  }

  /** Records the serving version found at start-up. */
  public void serving(long version) {
    servingVersion.set(version);
  }

  /** Records a gated-out candidate. */
  public void gatedOut() {
    gatedOut.increment();
  }

  /** Records a training that threw. */
  public void trainingFailed() {
    registry.counter("trainer.trainings.failed").increment();
  }

  /** Records a failed publication. */
  public void publishFailed() {
    publishFailures.increment();
  }

  /** Published count. */
  public double publishedCount() {
    return published.count();
  }

  /** Gated-out count. */
  public double gatedOutCount() {
    return gatedOut.count();
  }
}
