package io.sentimentstream.stream.internals;

import io.sentimentstream.stream.StreamConfig;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;

/**
 * Keeps one batch's inference well under the deadlines Kafka imposes on a stream thread.
 *
 * <p>A batch is classified inside one {@code process()} or punctuator call; meanwhile the thread
 * neither polls ({@code max.poll.interval.ms}, else the member is kicked out of the group) nor
 * commits (under exactly-once the open transaction is aborted after {@code
 * transaction.timeout.ms}). Streams itself bounds the records between polls and commits, but cannot
 * split one call. So at start-up the app measures a full batch of maximum-length texts, plus the
 * worst case of retrying that batch text by text after a failure, and refuses to start unless that
 * worst case stays under {@code batch.max.timeout.fraction} of the smaller deadline.
 */
public final class BatchBudget {
  /** Kafka Streams' default transaction timeout under exactly-once. */
  static final long STREAMS_EOS_TRANSACTION_TIMEOUT_MS = 10_000;

  /** Kafka Streams' default max.poll.interval.ms. */
  static final long STREAMS_MAX_POLL_INTERVAL_MS = 300_000;

  private BatchBudget() {}

  /** The smaller of the two deadlines, from the effective Streams properties. */
  public static long deadlineMs(StreamConfig cfg) {
    Properties p = cfg.streamsProperties();
    long poll =
        longProp(
            p,
            STREAMS_MAX_POLL_INTERVAL_MS,
            "main.consumer.max.poll.interval.ms",
            "consumer.max.poll.interval.ms",
            "max.poll.interval.ms");
    if (!cfg.exactlyOnce()) {
      return poll;
    }
    long tx =
        longProp(
            p,
            STREAMS_EOS_TRANSACTION_TIMEOUT_MS,
            "producer.transaction.timeout.ms",
            "transaction.timeout.ms");
    return Math.min(poll, tx);
  }

  /**
   * Fails start-up if the worst-case time of one batch is too close to the deadline.
   *
   * @param fullBatchMs measured time of a full batch of maximum-length texts
   * @param singleTextMs measured time of one maximum-length text alone
   * @return the worst case in ms (batch plus per-text retry)
   * @throws ConfigException naming batch.max.size and the timeouts
   */
  public static long check(StreamConfig cfg, long fullBatchMs, long singleTextMs) {
    int size = cfg.getInt(StreamConfig.BATCH_MAX_SIZE);
    long worst = fullBatchMs + size * singleTextMs;
    long deadline = deadlineMs(cfg);
    double fraction = cfg.getDouble(StreamConfig.BATCH_TIMEOUT_FRACTION);
    if (worst > fraction * deadline) {
      throw new ConfigException(
          StreamConfig.BATCH_MAX_SIZE,
          size,
          String.format(
              java.util.Locale.ROOT,
              "a batch of %d max-length texts took %d ms (+ %d ms to retry it text by text), over"
                  + " %s=%.2f of min(transaction.timeout.ms, max.poll.interval.ms)=%d ms: lower"
                  + " %s or raise those timeouts",
              size,
              fullBatchMs,
              size * singleTextMs,
              StreamConfig.BATCH_TIMEOUT_FRACTION,
              fraction,
              deadline,
              StreamConfig.BATCH_MAX_SIZE));
    }
    return worst;
  }

  private static long longProp(Properties p, long dflt, String... keys) {
    for (String k : keys) {
      Object v = p.get(k);
      if (v != null) {
        try {
          return Long.parseLong(v.toString().trim());
        } catch (NumberFormatException e) {
          throw new ConfigException(k, v, "not a number of milliseconds");
        }
      }
    }
    return dflt;
  }
}
