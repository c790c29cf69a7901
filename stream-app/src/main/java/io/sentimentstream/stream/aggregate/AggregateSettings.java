package io.sentimentstream.stream.aggregate;

import static org.apache.kafka.common.config.ConfigDef.Importance.LOW;
import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The aggregate feature's settings: it declares its keys ({@link #define}) in the app's ConfigDef,
 * and reads and checks them together ({@link #of}); disabled, it is absent.
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
  public static final String AGGREGATE_ENABLED = "aggregate.enabled";
  public static final String TOPIC_AGGREGATES = "topic.aggregates";
  public static final String AGGREGATE_WINDOW_MS = "aggregate.window.ms";
  public static final String AGGREGATE_GRACE_MS = "aggregate.grace.ms";
  public static final String AGGREGATE_RETENTION_MS = "aggregate.retention.ms";
  public static final String AGGREGATE_MAX_FUTURE_MS = "aggregate.max.future.ms";
  public static final String AGGREGATE_TERMS = "aggregate.terms";
  public static final String AGGREGATE_HASHTAGS_TOP_K = "aggregate.hashtags.top.k";
  public static final String AGGREGATE_HASHTAGS_CAPACITY = "aggregate.hashtags.capacity";

  public AggregateSettings {
    terms = List.copyOf(terms);
  }

  /** Declares the {@code aggregate.*} keys and {@code topic.aggregates} in the app's ConfigDef. */
  public static void define(ConfigDef d) {
    d.define(
        AGGREGATE_ENABLED,
        Type.BOOLEAN,
        true,
        MEDIUM,
        "Run the windowed-aggregate sub-topology (fed by topic.results), its queries and the"
            + " dashboard.");
    d.define(
        TOPIC_AGGREGATES,
        Type.STRING,
        "sentiment-aggregates",
        new ConfigDef.NonEmptyString(),
        MEDIUM,
        "Compacted output topic of the window aggregates (Avro SentimentAggregate); created"
            + " compacted at start-up if missing.");
    d.define(
        AGGREGATE_WINDOW_MS,
        Type.LONG,
        60_000L,
        Range.between(1_000, 86_400_000),
        MEDIUM,
        "Size of the tumbling event-time windows.");
    d.define(
        AGGREGATE_GRACE_MS,
        Type.LONG,
        30_000L,
        Range.atLeast(0),
        MEDIUM,
        "How long after a window's end (in stream time) late results still count; later ones"
            + " are counted in sentiment_aggregate_late_records_total.");
    d.define(
        AGGREGATE_RETENTION_MS,
        Type.LONG,
        86_400_000L,
        Range.atLeast(1_000),
        LOW,
        "How long (stream time) windows stay in the stores for queries; at least window + grace.");
    d.define(
        AGGREGATE_MAX_FUTURE_MS,
        Type.LONG,
        3_600_000L,
        Range.atLeast(0),
        MEDIUM,
        "How far ahead of the wall clock a result's event time may be and still be aggregated;"
            + " later-dated results are counted in sentiment_aggregate_future_records_total and"
            + " left out, so they cannot move stream time ahead and close the open windows.");
    d.define(
        AGGREGATE_TERMS,
        Type.LIST,
        "",
        MEDIUM,
        "Tracked terms (comma-separated, case-insensitive, whole words matched on the cleaned"
            + " text), each aggregated as key term:<term>.");
    d.define(
        AGGREGATE_HASHTAGS_TOP_K,
        Type.INT,
        10,
        Range.between(0, 1_000),
        MEDIUM,
        "Hashtags reported as the top of a window (0 = no hashtag keys).");
    d.define(
        AGGREGATE_HASHTAGS_CAPACITY,
        Type.INT,
        100,
        Range.between(1, 100_000),
        LOW,
        "Hashtags tracked per window (bounded state, Space-Saving counters); at least the top K.");
  }

  /**
   * The settings if {@code aggregate.enabled}, else empty.
   *
   * @throws ConfigException naming the key whose value cannot work with the others
   */
  public static Optional<AggregateSettings> of(AbstractConfig cfg) {
    return cfg.getBoolean(AGGREGATE_ENABLED) ? Optional.of(read(cfg)) : Optional.empty();
  }

  /**
   * Reads and checks the {@code aggregate.*} keys, enabled or not.
   *
   * @throws ConfigException naming the key whose value cannot work with the others
   */
  public static AggregateSettings read(AbstractConfig cfg) {
    long window = cfg.getLong(AGGREGATE_WINDOW_MS);
    long grace = cfg.getLong(AGGREGATE_GRACE_MS);
    long retention = cfg.getLong(AGGREGATE_RETENTION_MS);
    if (retention < window + grace) {
      throw new ConfigException(
          AGGREGATE_RETENTION_MS,
          retention,
          "must be at least aggregate.window.ms + aggregate.grace.ms = " + (window + grace));
    }
    int topK = cfg.getInt(AGGREGATE_HASHTAGS_TOP_K);
    int capacity = cfg.getInt(AGGREGATE_HASHTAGS_CAPACITY);
    if (capacity < topK) {
      throw new ConfigException(
          AGGREGATE_HASHTAGS_CAPACITY,
          capacity,
          "must be at least aggregate.hashtags.top.k = " + topK);
    }
    return new AggregateSettings(
        cfg.getString(TOPIC_AGGREGATES),
        window,
        grace,
        retention,
        cfg.getLong(AGGREGATE_MAX_FUTURE_MS),
        terms(cfg.getList(AGGREGATE_TERMS)),
        topK,
        capacity);
  }

  private static List<String> terms(List<String> raw) {
    List<String> out = new ArrayList<>();
    for (String t : raw) {
      String term = t.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
      if (term.isEmpty() || term.contains("@")) {
        throw new ConfigException(
            AGGREGATE_TERMS,
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
