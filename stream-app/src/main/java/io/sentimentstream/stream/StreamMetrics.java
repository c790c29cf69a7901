package io.sentimentstream.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * The stream app's own meters (Kafka Streams' meters are bound separately). Names use Micrometer's
 * dotted style; the Prometheus registry renders them as {@code sentiment_records_in_total} etc.
 */
public final class StreamMetrics {
  private final MeterRegistry registry;
  private final Counter recordsIn;
  private final Counter recordsOut;
  private final DistributionSummary batchSize;
  private final Timer inferenceTime;
  private final Timer endToEndLatency;
  private final Counter cacheHits;
  private final Counter cacheMisses;
  private final Counter updatesApplied;
  private final AtomicLong modelVersion = new AtomicLong(-1);
  private final AtomicLong batchCap = new AtomicLong();
  private final AtomicLong held = new AtomicLong();

  /** Registers the meters in {@code registry}. */
  public StreamMetrics(MeterRegistry registry) {
    this.registry = registry;
    recordsIn =
        Counter.builder("sentiment.records.in")
            .description("Input records read")
            .register(registry);
    recordsOut =
        Counter.builder("sentiment.records.out").description("Results written").register(registry);
    batchSize =
        DistributionSummary.builder("sentiment.batch.size")
            .description("Texts per inference batch")
            .publishPercentileHistogram()
            .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256)
            .register(registry);
    inferenceTime =
        Timer.builder("sentiment.inference.time")
            .description("Time of one batch's inference")
            .publishPercentileHistogram()
            .register(registry);
    endToEndLatency =
        Timer.builder("sentiment.end.to.end.latency")
            .description("Result time minus the input record's timestamp")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofMinutes(10))
            .register(registry);
    Gauge.builder("sentiment.batch.cap", batchCap, AtomicLong::get)
        .description("Most texts per forward pass the batch time budget allows now")
        .register(registry);
    Gauge.builder("sentiment.records.held", held, AtomicLong::get)
        .description("Input records waiting for the schema registry (not dead-lettered)")
        .register(registry);
    cacheHits = Counter.builder("sentiment.cache.hits").register(registry);
    cacheMisses = Counter.builder("sentiment.cache.misses").register(registry);
    Gauge.builder("sentiment.cache.hit.ratio", this, StreamMetrics::cacheHitRatio)
        .description("Identical-text cache hits / lookups since start")
        .register(registry);
    updatesApplied =
        Counter.builder("sentiment.model.updates.applied")
            .description("Model updates swapped in")
            .register(registry);
    Gauge.builder("sentiment.model.version", modelVersion, AtomicLong::get)
        .description("Version of the head now serving")
        .register(registry);
    // Counters of rare events with a fixed set of labels exist at 0 from the start, so the
    // dashboard shows 0 rather than "no data" and increase() sees the first event.
    threadFailures("replace");
    threadFailures("shutdown");
    listenerErrors();
  }

  /** The registry these meters live in. */
  public MeterRegistry registry() {
    return registry;
  }

  /** Counts one record read from the input topic. */
  public void recordIn() {
    recordsIn.increment();
  }

  /** Counts one result written, with its end-to-end latency. */
  public void recordOut(long eventTimestampMs, long nowMs) {
    recordsOut.increment();
    endToEndLatency.record(Math.max(0, nowMs - eventTimestampMs), TimeUnit.MILLISECONDS);
  }

  /** Counts one dead-lettered record, tagged with the reason (error class simple name). */
  public void deadLettered(String reason) {
    Counter.builder("sentiment.records.dead.lettered")
        .description("Records sent to the dead-letter topic")
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  /** Records one inference batch. */
  public void batch(int size, long nanos) {
    batchSize.record(size);
    inferenceTime.record(nanos, TimeUnit.NANOSECONDS);
  }

  /** Sets the batch cap gauge (see BatchBudget). */
  public void batchCap(int texts) {
    batchCap.set(texts);
  }

  /** Adds {@code delta} to the count of records held for the schema registry. */
  public void held(long delta) {
    held.addAndGet(delta);
  }

  /** Records held for the schema registry now, over all tasks. */
  public long held() {
    return held.get();
  }

  /** Counts identical-text cache lookups. */
  public void cache(int hits, int misses) {
    cacheHits.increment(hits);
    cacheMisses.increment(misses);
  }

  /** Counts a rejected model update, tagged with the reason (signature, encoder, ...). */
  public void updateRejected(String reason) {
    Counter.builder("sentiment.model.updates.rejected")
        .description("Model updates refused")
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  /** Counts an applied model update and sets the serving version. */
  public void updateApplied(long version) {
    updatesApplied.increment();
    modelVersion.set(version);
  }

  /** Registers the gauge {@code sentiment.model.version.floor}: the lowest version served. */
  public void modelVersionFloor(java.util.function.LongSupplier floor) {
    Gauge.builder("sentiment.model.version.floor", floor, f -> f.getAsLong())
        .description(
            "Lowest model version served or accepted (model.min.version or the highest applied)")
        .strongReference(true)
        .register(registry);
  }

  /** Registers the gauge {@code sentiment.model.updates.following}: 1 while following, else 0. */
  public void modelUpdatesFollowing(BooleanSupplier following) {
    Gauge.builder("sentiment.model.updates.following", following, f -> f.getAsBoolean() ? 1 : 0)
        .description("1 while the model-update listener follows the model topic, 0 when it cannot")
        .strongReference(true)
        .register(registry);
  }

  /**
   * Counts a stream thread that died of an uncaught exception; {@code response} is what was done:
   * {@code replace} (a new thread) or {@code shutdown} (too many within the window).
   */
  public void streamThreadFailed(String response) {
    threadFailures(response).increment();
  }

  private Counter threadFailures(String response) {
    return Counter.builder("sentiment.stream.thread.failures")
        .description("Stream threads that died of an uncaught exception, by what was done")
        .tag("response", response)
        .register(registry);
  }

  /** Counts a failed attempt of the model-update listener (broker, registry or topic away). */
  public void modelUpdatesListenerError() {
    listenerErrors().increment();
  }

  private Counter listenerErrors() {
    return Counter.builder("sentiment.model.updates.listener.errors")
        .description("Failed attempts of the model-update listener; it backs off and retries")
        .register(registry);
  }

  /** Sets the serving model version (at start-up). */
  public void modelVersion(long version) {
    modelVersion.set(version);
  }

  private double cacheHitRatio() {
    double lookups = cacheHits.count() + cacheMisses.count();
    return lookups == 0 ? 0 : cacheHits.count() / lookups;
  }
}
