package io.sentimentstream.stream.aggregate;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Meters of the aggregate sub-topology: {@code sentiment_aggregate_late_records_total} (results
 * whose window had closed, grace included: counted, not aggregated), {@code
 * sentiment_aggregate_hashtags_evicted_total} (hashtags pushed out of a window's bounded state) and
 * {@code sentiment_aggregate_results_skipped_total{reason}} (unreadable result records).
 */
public final class AggregateMetrics {
  private final MeterRegistry registry;
  private final Counter late;
  private final Counter evicted;

  /** Registers the meters in {@code registry}. */
  public AggregateMetrics(MeterRegistry registry) {
    this.registry = registry;
    late =
        Counter.builder("sentiment.aggregate.late.records")
            .description("Results later than their window's end plus aggregate.grace.ms")
            .register(registry);
    evicted =
        Counter.builder("sentiment.aggregate.hashtags.evicted")
            .description("Hashtags pushed out of a window's bounded top-K state")
            .register(registry);
  }

  /** Counts one late result. */
  public void late() {
    late.increment();
  }

  /** Late results counted since start. */
  public long lateCount() {
    return (long) late.count();
  }

  /** Counts one evicted hashtag. */
  public void evicted() {
    evicted.increment();
  }

  /** Counts one result record that could not be read. */
  public void skipped(String reason) {
    Counter.builder("sentiment.aggregate.results.skipped")
        .description("Result records the aggregates could not read")
        .tag("reason", reason)
        .register(registry)
        .increment();
  }
}
