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
    // The task's stream time survives restarts (commit metadata); ours covers this record too.
    streamTime = Math.max(streamTime, Math.max(ctx.currentStreamTimeMs(), ts));
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
