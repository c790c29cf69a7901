package io.sentimentstream.stream.internals;

import io.sentimentstream.classifier.TokenizedTexts;
import io.sentimentstream.stream.StreamConfig;
import java.util.Locale;
import java.util.function.IntConsumer;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one batch's inference well under the deadlines Kafka imposes on a stream thread, by sizing
 * batches from what inference costs now.
 *
 * <p>A batch is classified inside one {@code process()} or punctuator call; meanwhile the thread
 * neither polls ({@code max.poll.interval.ms}, else the member is kicked out of the group) nor
 * commits (under exactly-once the open transaction is aborted after {@code
 * transaction.timeout.ms}). Streams bounds the records between polls and commits, but cannot split
 * one call. So the worst case of one flush, a full batch of maximum-length texts plus retrying it
 * text by text after a failure, must stay under {@code batch.max.timeout.fraction} of the smaller
 * deadline.
 *
 * <p>Every flush is fed to a {@link CostModel}; the cap is the largest row count whose worst case
 * fits, at most {@code batch.max.size}, with hysteresis ({@link #withHysteresis}). On a loaded or
 * slow host the model's cost rises and batches get smaller; when the load goes, they grow back.
 * Thread-safe: one budget serves every task and stream thread of the app.
 */
public final class BatchBudget {
  private static final Logger log = LoggerFactory.getLogger(BatchBudget.class);

  /** Kafka Streams' default transaction timeout under exactly-once. */
  static final long STREAMS_EOS_TRANSACTION_TIMEOUT_MS = 10_000;

  /** Kafka Streams' default max.poll.interval.ms. */
  static final long STREAMS_MAX_POLL_INTERVAL_MS = 300_000;

  /** Small cap changes are logged at most this often (the gauge is always current). */
  private static final long LOG_INTERVAL_NANOS = 10_000_000_000L;

  /** The cap shrinks once its estimated worst case is over this share of the budget. */
  private static final double SHRINK_OVER = 1.2;

  /** The cap grows once this many times its rows fit (or all of batch.max.size). */
  private static final double GROW_BY = 1.2;

  private final int maxSize;
  private int maxTokensPerText; // 0 until known: then learned from the first pass
  private final double budgetMs;
  private final double deadlineMs;
  private final CostModel cost = new CostModel();
  private final IntConsumer capListener;
  private volatile int cap;
  private int loggedCap;
  private long lastLogNanos = Long.MIN_VALUE;

  /**
   * A budget for up to {@code maxSize} texts of up to {@code maxTokensPerText} cost units each.
   *
   * @param deadlineMs the smaller of the transaction timeout and max.poll.interval.ms
   * @param fraction the share of it one flush may take
   * @param capListener told the new cap whenever it changes (a gauge)
   */
  public BatchBudget(
      int maxSize,
      int maxTokensPerText,
      double deadlineMs,
      double fraction,
      IntConsumer capListener) {
    this.maxSize = maxSize;
    this.maxTokensPerText = maxTokensPerText;
    this.deadlineMs = deadlineMs;
    this.budgetMs = fraction * deadlineMs;
    this.capListener = capListener;
    this.cap = maxSize;
    this.loggedCap = maxSize;
    capListener.accept(maxSize);
  }

  /**
   * A budget from the app's config whose texts' maximum length is learned from the first pass
   * (uncalibrated: that pass also sets the cost shape).
   */
  public static BatchBudget of(StreamConfig cfg, IntConsumer capListener) {
    return of(cfg, 0, capListener);
  }

  /** A budget from the app's config: {@code batch.max.size} and the deadline share. */
  public static BatchBudget of(StreamConfig cfg, int maxTokensPerText, IntConsumer capListener) {
    return new BatchBudget(
        cfg.getInt(StreamConfig.BATCH_MAX_SIZE),
        maxTokensPerText,
        deadlineMs(cfg),
        cfg.getDouble(StreamConfig.BATCH_TIMEOUT_FRACTION),
        capListener);
  }

  /**
   * Two timed passes of distinct maximum-length texts: one text alone and a full batch.
   *
   * @param smallTokens cost units of the single text
   * @param largeTokens cost units of the batch
   */
  public record Calibration(long smallTokens, double smallMs, long largeTokens, double largeMs) {}

  /** Sets the cost model's shape from start-up's warm-up passes and resizes the cap. */
  public void calibrate(Calibration c) {
    int next;
    synchronized (this) {
      cost.calibrate(c.smallTokens(), c.smallMs(), c.largeTokens(), c.largeMs());
      next = largestFittingRows();
    }
    cap = next;
    capListener.accept(next);
    log.info(
        "Batch budget: {} ms per flush; calibrated {} ms + {} ms/token, so up to {} texts per pass"
            + " (worst case {} ms)",
        Math.round(budgetMs),
        String.format(Locale.ROOT, "%.1f", cost.interceptMs()),
        String.format(Locale.ROOT, "%.3f", cost.slopeMs()),
        next,
        Math.round(worstCaseMs(next)));
    synchronized (this) {
      loggedCap = next;
    }
  }

  /** How many texts the next forward pass may take (1..batch.max.size). */
  public int cap() {
    return cap;
  }

  /** The share of the deadline one flush may take, in ms. */
  public double budgetMs() {
    return budgetMs;
  }

  /** Estimated worst case of a flush of {@code rows} max-length texts with its per-text retry. */
  public synchronized double worstCaseMs(int rows) {
    return cost.estimateMs((long) rows * maxTokensPerText)
        + rows * cost.estimateMs(maxTokensPerText);
  }

  /** Records passes over {@code texts} that took {@code nanos} together. */
  public void observe(TokenizedTexts texts, long nanos) {
    synchronized (this) {
      if (maxTokensPerText == 0) {
        maxTokensPerText = texts.maxLength();
      }
    }
    observe(texts.size(), texts.totalTokens(), nanos);
  }

  /**
   * Records passes over {@code texts} texts that computed {@code tokens} cost units in {@code
   * nanos}; how much of a full batch it was decides what it teaches ({@link CostModel}).
   */
  public void observe(int texts, long tokens, long nanos) {
    if (tokens <= 0) {
      return; // answered from the cache: says nothing about inference cost
    }
    int next;
    synchronized (this) {
      double ms = nanos / 1e6;
      cost.add(tokens, ms, (double) texts / cap, ms > budgetMs / 2);
      next = withHysteresis(largestFittingRows());
    }
    if (next != cap) {
      cap = next;
      capListener.accept(next);
      maybeLog(next);
    }
  }

  /**
   * Whether one max-length text, scored and retried, is estimated to finish inside the deadline
   * itself. When it is not, no batch size can work; above the budget share but inside the deadline,
   * the cap stays at one text and the app runs with less margin.
   */
  public synchronized boolean oneTextFits() {
    return worstCaseMs(1) <= deadlineMs;
  }

  /**
   * Fails start-up when nothing can work: see {@link #oneTextFits}.
   *
   * @throws ConfigException naming model.max.length and the timeouts
   */
  public synchronized void requireOneTextFits() {
    if (!oneTextFits()) {
      throw new ConfigException(
          String.format(
              Locale.ROOT,
              "even one max-length text takes ~%.0f ms to score and retry, over min(%s,"
                  + " max.poll.interval.ms)=%.0f ms: raise those timeouts or lower %s",
              worstCaseMs(1),
              "transaction.timeout.ms",
              deadlineMs,
              StreamConfig.MODEL_MAX_LENGTH));
    }
  }

  /**
   * The cap to use given the largest row count that fits now. Estimates of a shared host's passes
   * wander by a quarter and more within seconds, and a cap that follows every wander makes batches
   * (and latency) jumpy. So the cap shrinks only once its worst case is over {@value #SHRINK_OVER}
   * of the budget (still well inside the deadline: the budget is a fraction of it), and grows only
   * by at least {@value #GROW_BY}x or back to {@code batch.max.size}; it then moves all the way to
   * the fitting count.
   */
  private int withHysteresis(int fitting) {
    int now = cap;
    if (fitting < now) {
      return worstCaseMs(now) > SHRINK_OVER * budgetMs ? fitting : now;
    }
    return fitting >= GROW_BY * now || fitting == maxSize ? fitting : now;
  }

  private int largestFittingRows() {
    int lo = 1;
    int hi = maxSize;
    while (lo < hi) { // worst case grows with rows: binary search the largest that fits
      int mid = (lo + hi + 1) >>> 1;
      if (worstCaseMs(mid) <= budgetMs) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  private synchronized void maybeLog(int next) {
    long now = System.nanoTime();
    // A collapse or a recovery of the cap is news at once; small steps (1 <-> 2 on a busy host)
    // are summed up at most every LOG_INTERVAL.
    boolean big = (next * 2 <= loggedCap && loggedCap >= 4) || (next >= loggedCap * 2 && next >= 4);
    if (next != loggedCap && (big || now - lastLogNanos >= LOG_INTERVAL_NANOS)) {
      log.info(
          "Batch cap {} -> {} texts: inference now ~{} ms + {} ms/token, worst case {} ms of the"
              + " {} ms budget",
          loggedCap,
          next,
          String.format(Locale.ROOT, "%.1f", cost.interceptMs()),
          String.format(Locale.ROOT, "%.3f", cost.slopeMs()),
          Math.round(worstCaseMs(next)),
          Math.round(budgetMs));
      loggedCap = next;
      lastLogNanos = now;
    }
  }

  /** The smaller of the two deadlines, from the effective Streams properties. */
  public static long deadlineMs(StreamConfig cfg) {
    java.util.Properties p = cfg.streamsProperties();
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

  private static long longProp(java.util.Properties p, long dflt, String... keys) {
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
