package io.sentimentstream.stream.aggregate;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Meters of the aggregate sub-topology: {@code sentiment_aggregate_late_records_total{kind}}
 * (results whose window had closed, grace included: counted, not aggregated; a result is late once
 * under kind {@code all} and once more for each of its hashtag and term keys whose window had
 * closed, as each key's window lives on its own task with its own stream time), {@code
 * sentiment_aggregate_future_records_total{kind}} (results dated further ahead of the wall clock
 * than {@code aggregate.max.future.ms}: counted per key like late ones, not aggregated), {@code
 * sentiment_aggregate_hashtags_evicted_total} (hashtags pushed out of a window's bounded state) and
 * {@code sentiment_aggregate_results_skipped_total{reason}} (unreadable result records).
 */
public final class AggregateMetrics {
  private final MeterRegistry registry;
  private final java.util.Map<String, Counter> late =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.Map<String, Counter> future =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final Counter evicted;

  /** Registers the meters in {@code registry}. */
  public AggregateMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (String kind : new String[] {"all", "hashtag", "term"}) {
      late.put(
          kind,
          Counter.builder("sentiment.aggregate.late.records")
              .description("Results later than their window's end plus aggregate.grace.ms")
              .tag("kind", kind)
              .register(registry));
      future.put(
          kind,
          Counter.builder("sentiment.aggregate.future.records")
              .description("Results dated further ahead of the wall clock than allowed")
              .tag("kind", kind)
              .register(registry));
    }
    evicted =
        Counter.builder("sentiment.aggregate.hashtags.evicted")
            .description("Hashtags pushed out of a window's bounded top-K state")
            .register(registry);
  }

  /** Counts one late result for a key of {@code kind} (all, hashtag or term). */
  public void late(String kind) {
    late.get(kind).increment();
  }

  /** Counts one result dated too far ahead for a key of {@code kind} (all, hashtag or term). */
  public void future(String kind) {
    future.get(kind).increment();
  }

  /** Late results of the whole stream (kind all) counted since start. */
  public long lateCount() {
    return (long) late.get("all").count();
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
