package io.sentimentstream.stream.aggregate;

import io.sentimentstream.stream.StreamConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.config.ConfigException;

/**
 * The aggregate sub-topology's settings, read from {@link StreamConfig} and checked together.
 *
 * @param topic the compacted output topic
 * @param windowMs tumbling window size
 * @param graceMs how long after a window's end late results still count
 * @param retentionMs how long windows stay queryable (stream time)
 * @param maxFutureMs how far ahead of the wall clock a result may be dated and still count
 * @param terms tracked terms, trimmed and lower-cased
 * @param topK hashtags reported per window (0 = hashtags are not aggregated)
 * @param capacity hashtags tracked per window
 */
public record AggregateSettings(
    String topic,
    long windowMs,
    long graceMs,
    long retentionMs,
    long maxFutureMs,
    List<String> terms,
    int topK,
    int capacity) {
  public AggregateSettings {
    terms = List.copyOf(terms);
  }

  /**
   * Reads and checks the {@code aggregate.*} keys.
   *
   * @throws ConfigException naming the key whose value cannot work with the others
   */
  public static AggregateSettings of(StreamConfig cfg) {
    long window = cfg.getLong(StreamConfig.AGGREGATE_WINDOW_MS);
    long grace = cfg.getLong(StreamConfig.AGGREGATE_GRACE_MS);
    long retention = cfg.getLong(StreamConfig.AGGREGATE_RETENTION_MS);
    if (retention < window + grace) {
      throw new ConfigException(
          StreamConfig.AGGREGATE_RETENTION_MS,
          retention,
          "must be at least aggregate.window.ms + aggregate.grace.ms = " + (window + grace));
    }
    int topK = cfg.getInt(StreamConfig.AGGREGATE_HASHTAGS_TOP_K);
    int capacity = cfg.getInt(StreamConfig.AGGREGATE_HASHTAGS_CAPACITY);
    if (capacity < topK) {
      throw new ConfigException(
          StreamConfig.AGGREGATE_HASHTAGS_CAPACITY,
          capacity,
          "must be at least aggregate.hashtags.top.k = " + topK);
    }
    return new AggregateSettings(
        cfg.getString(StreamConfig.TOPIC_AGGREGATES),
        window,
        grace,
        retention,
        cfg.getLong(StreamConfig.AGGREGATE_MAX_FUTURE_MS),
        terms(cfg.getList(StreamConfig.AGGREGATE_TERMS)),
        topK,
        capacity);
  }

  private static List<String> terms(List<String> raw) {
    List<String> out = new ArrayList<>();
    for (String t : raw) {
      String term = t.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
      if (term.isEmpty() || term.contains("@")) {
        throw new ConfigException(
            StreamConfig.AGGREGATE_TERMS,
            String.join(",", raw),
            "a term is empty or holds '@' (mentions are removed by cleaning): '" + t + "'");
      }
      if (!out.contains(term)) {
        out.add(term);
      }
    }
    return out;
  }

  /** True if hashtags get their own keys. */
  public boolean hashtags() {
    return topK > 0;
  }

  /** Start of the window holding {@code timestampMs}. */
  public long windowStart(long timestampMs) {
    return timestampMs - Math.floorMod(timestampMs, windowMs);
  }
}
