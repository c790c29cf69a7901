package io.sentimentstream.stream.aggregate.internals;

import io.sentimentstream.avro.SentimentAggregate;
import io.sentimentstream.stream.aggregate.AggregateMetrics;
import io.sentimentstream.stream.aggregate.AggregateSettings;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds each contribution to its key's tumbling event-time window in the window store and forwards
 * the updated aggregate (keyed {@code <key>@<windowStart>}) to the compacted aggregates topic.
 *
 * <p>Lateness follows Kafka Streams' own windowed aggregations: stream time is the highest event
 * time seen by the task, and a window takes records until stream time reaches its end plus the
 * grace period ({@code end <= streamTime - grace} is closed). A record for a closed window is
 * counted in {@code sentiment_aggregate_late_records_total} and not aggregated.
 *
 * <p><b>Results dated in the future.</b> A result dated further ahead of the wall clock than {@code
 * aggregate.max.future.ms} is counted in {@code sentiment_aggregate_future_records_total} and not
 * aggregated: otherwise one such tweet would move stream time hours ahead, and every later result
 * would be late and the open windows purged. Kafka Streams' own stream time ({@code
 * currentStreamTimeMs}) has already taken such a record in when it reaches this processor, so this
 * processor keeps its own: the highest event time it has aggregated. After a restart it starts from
 * the task's stream time, which Kafka Streams restores from the commit metadata, unless that too is
 * beyond the bound (a future-dated result was read before the restart): it then starts from the
 * results it aggregates, and until those pass the windows closed before the restart, an older
 * result for one of them is still aggregated instead of counted late.
 *
 * <p>Hashtags are tracked per window in a bounded {@link HashtagIndex}: a hashtag pushed out loses
 * its window aggregate (deleted from the store, a tombstone on the topic), so state per window is
 * at most {@code capacity} hashtags.
 */
public final class WindowAggregator
    implements Processor<String, Contribution, String, SentimentAggregate> {
  private static final Logger log = LoggerFactory.getLogger(WindowAggregator.class);

  private final AggregateSettings settings;
  private final AggregateMetrics metrics;
  private final String windowStoreName;
  private final String indexStoreName;
  private ProcessorContext<String, SentimentAggregate> ctx;
  private WindowStore<String, WindowAggregate> windows;
  private KeyValueStore<Long, HashtagIndex> index;
  private long streamTime = Long.MIN_VALUE;
  private boolean restored;

  public WindowAggregator(
      AggregateSettings settings,
      AggregateMetrics metrics,
      String windowStoreName,
      String indexStoreName) {
    this.settings = settings;
    this.metrics = metrics;
    this.windowStoreName = windowStoreName;
    this.indexStoreName = indexStoreName;
  }

  @Override
  public void init(ProcessorContext<String, SentimentAggregate> context) {
    ctx = context;
    windows = context.getStateStore(windowStoreName);
    index = context.getStateStore(indexStoreName);
  }

  @Override
  public void process(Record<String, Contribution> rec) {
    long ts = rec.timestamp();
    long now = ctx.currentSystemTimeMs();
    if (ts - now > settings.maxFutureMs()) { // no overflow: record timestamps are >= 0
      metrics.future(AggregateKeys.kind(rec.key()));
      log.debug(
          "Result for {} at {} is more than {} ms ahead of the wall clock ({}): not aggregated",
          rec.key(),
          ts,
          settings.maxFutureMs(),
          now);
      return;
    }
    if (!restored) { // the first record since init: the task's stream time, if it is sane
      restored = true;
      long task = ctx.currentStreamTimeMs();
      if (task - now <= settings.maxFutureMs()) {
        streamTime = Math.max(streamTime, task);
      }
    }
    streamTime = Math.max(streamTime, ts);
    long start = settings.windowStart(ts);
    long end = start + settings.windowMs();
    if (end <= streamTime - settings.graceMs()) {
      metrics.late(AggregateKeys.kind(rec.key()));
      log.debug(
          "Late result for {} at {}: window [{}, {}) closed at stream time {}",
          rec.key(),
          ts,
          start,
          end,
          streamTime);
      return;
    }
    String key = rec.key();
    if (AggregateKeys.isHashtag(key)) {
      track(key, start, ts);
    }
    WindowAggregate a = windows.fetch(key, start);
    a = (a == null ? WindowAggregate.EMPTY : a).plus(rec.value());
    windows.put(key, a, start);
    ctx.forward(new Record<>(outputKey(key, start), a.toAvro(key, start, settings.windowMs()), ts));
  }

  /** The aggregates topic's key of {@code key}'s window at {@code start}. */
  public static String outputKey(String key, long start) {
    return key + "@" + start;
  }

  private void track(String tag, long start, long ts) {
    HashtagIndex idx = index.get(start);
    if (idx == null) {
      purgeBefore(streamTime - settings.retentionMs());
      idx = HashtagIndex.empty();
    }
    String evicted = idx.count(tag, settings.capacity());
    index.put(start, idx);
    if (evicted != null) {
      metrics.evicted();
      windows.put(evicted, null, start);
      ctx.forward(new Record<String, SentimentAggregate>(outputKey(evicted, start), null, ts));
    }
  }

  private void purgeBefore(long cutoff) {
    List<Long> old = new ArrayList<>();
    try (KeyValueIterator<Long, HashtagIndex> it = index.all()) {
      while (it.hasNext()) {
        KeyValue<Long, HashtagIndex> kv = it.next();
        if (kv.key < cutoff) {
          old.add(kv.key);
        }
      }
    }
    old.forEach(index::delete);
  }
}
