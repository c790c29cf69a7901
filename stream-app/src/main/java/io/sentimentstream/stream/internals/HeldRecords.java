package io.sentimentstream.stream.internals;

import io.sentimentstream.ops.Outage;
import io.sentimentstream.stream.StreamMetrics;
import io.sentimentstream.stream.internals.avro.PendingTweet;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Input records that could not be decoded because the schema registry was away (unreachable, timed
 * out, 5xx, 401/403): they are not poison, so they are neither dead-lettered nor skipped. They
 * wait, raw, in a changelogged store of their own (so their offsets can commit and a crash loses
 * none), and are decoded again in arrival order once the registry answers, with a backoff of 1 s
 * doubling to 30 s between tries. One task's store holds at most {@code max} records and {@code
 * maxBytes} bytes (as stored); beyond that a record is dead-lettered with {@code
 * dlq.retryable=true} so it can be replayed.
 *
 * <p>Logs once when an outage starts and once when it ends ({@link Outage}); the gauge {@code
 * sentiment.records.held} counts what waits. One instance per task; not thread-safe.
 */
final class HeldRecords {
  private static final Logger log = LoggerFactory.getLogger(HeldRecords.class);
  private static final long FIRST_BACKOFF_MS = 1_000;
  private static final long MAX_BACKOFF_MS = 30_000;

  private final KeyValueStore<Long, PendingTweet> store;
  private final int max;
  private final long maxBytes;
  private final StreamMetrics metrics;
  private final TaskId task;
  private long nextSeq;
  private int count;
  private long bytes;
  private final Outage outage;
  private long nextTryMs;

  HeldRecords(
      KeyValueStore<Long, PendingTweet> store,
      int max,
      long maxBytes,
      StreamMetrics metrics,
      TaskId task) {
    this.store = store;
    this.max = max;
    this.maxBytes = maxBytes;
    this.metrics = metrics;
    this.task = task;
    this.outage =
        new Outage(log, "Schema registry (task " + task + ")", FIRST_BACKOFF_MS, MAX_BACKOFF_MS);
    try (KeyValueIterator<Long, PendingTweet> it = store.reverseAll()) {
      nextSeq = it.hasNext() ? it.next().key + 1 : 0;
    }
    try (KeyValueIterator<Long, PendingTweet> it = store.all()) {
      it.forEachRemaining(
          kv -> {
            count++;
            bytes += PendingTweets.storedBytes(kv.value);
          });
    }
    metrics.held(count);
    if (count > 0) {
      log.info("Task {} resumes with {} records held for the schema registry", task, count);
    }
  }

  /** True while records wait: new ones that need the registry should wait behind them. */
  boolean holding() {
    return count > 0;
  }

  /**
   * True when {@code raw} does not fit, by count or by bytes as stored; the caller dead-letters it
   * as retryable.
   */
  boolean full(PendingTweet raw) {
    return count >= max || bytes + PendingTweets.storedBytes(raw) > maxBytes;
  }

  /** What {@link #full} found, naming the limits. */
  String fullReason() {
    return count
        + " records ("
        + bytes
        + " bytes) already wait for the schema registry, the limits are registry.hold.max.records="
        + max
        + " and registry.hold.max.bytes="
        + maxBytes;
  }

  /** Keeps a raw record (its key, value, headers and coordinates) until the registry answers. */
  void hold(PendingTweet raw, RuntimeException cause, long nowMs) {
    if (count == 0) { // records that need it wait, none is dead-lettered for the outage
      nextTryMs = nowMs + outage.failed(cause);
    }
    store.put(nextSeq++, raw);
    count++;
    bytes += PendingTweets.storedBytes(raw);
    metrics.held(1);
  }

  /**
   * When the backoff has passed, offers the held records oldest first to {@code admit}, which
   * returns null once a record is admitted, or the error if the registry is still away (that record
   * stays, and so do the ones after it).
   */
  void retryIfDue(long nowMs, Function<PendingTweet, RuntimeException> admit) {
    if (count == 0 || nowMs < nextTryMs) {
      return;
    }
    int resumed = 0;
    while (count > 0) {
      List<KeyValue<Long, PendingTweet>> next = new ArrayList<>();
      try (KeyValueIterator<Long, PendingTweet> it = store.all()) {
        while (it.hasNext() && next.size() < 256) { // admit may write other stores: copy first
          next.add(it.next());
        }
      }
      for (KeyValue<Long, PendingTweet> kv : next) {
        RuntimeException stillAway = admit.apply(kv.value);
        if (stillAway != null) {
          nextTryMs = nowMs + outage.failed(stillAway);
          return;
        }
        store.delete(kv.key);
        count--;
        bytes -= PendingTweets.storedBytes(kv.value);
        resumed++;
        metrics.held(-1);
      }
    }
    outage.recovered();
    log.info("Task {} resumed {} records held for the schema registry", task, resumed);
  }
}
