package io.sentimentstream.trainer.service.internals;

import java.util.function.LongSupplier;

/**
 * When to retrain: after {@code everyLabels} new labels, or {@code intervalMs} after the last
 * training when there are new ones, or, after a failed retraining or publish, again without waiting
 * for new labels: 1 s later, doubling up to {@code intervalMs} while it keeps failing.
 */
public final class RetrainSchedule {
  static final long FIRST_RETRY_MS = 1_000;

  private final int everyLabels;
  private final long intervalMs;
  private final LongSupplier nanos;
  private int newLabels;
  private long lastTrainNanos;
  private long retryDelayMs;
  private long retryAtNanos;

  /** A schedule on the system's monotonic clock. */
  public RetrainSchedule(int everyLabels, long intervalMs) {
    this(everyLabels, intervalMs, System::nanoTime);
  }

  /** A schedule on the given nanosecond clock (for tests). */
  public RetrainSchedule(int everyLabels, long intervalMs, LongSupplier nanos) {
    this.everyLabels = everyLabels;
    this.intervalMs = intervalMs;
    this.nanos = nanos;
    this.lastTrainNanos = nanos.getAsLong();
  }

  /** Counts new or changed labels. */
  public void labelsAdded(int n) {
    newLabels += n;
  }

  /** New or changed labels since the last training started. */
  public int newLabels() {
    return newLabels;
  }

  /** True when a failed attempt is waiting to be retried (due or not yet). */
  public boolean retrying() {
    return retryDelayMs > 0;
  }

  /** Whether a training is due now. */
  public boolean due() {
    long now = nanos.getAsLong();
    if (retryDelayMs > 0 && now - retryAtNanos >= 0) {
      return true;
    }
    long sinceMs = (now - lastTrainNanos) / 1_000_000;
    return newLabels >= everyLabels || (newLabels > 0 && sinceMs >= intervalMs);
  }

  /** A due training was not run (too few labels): wait a full interval again. */
  public void postponed() {
    lastTrainNanos = nanos.getAsLong();
  }

  /** A training starts: the labels so far are in it. */
  public void started() {
    newLabels = 0;
    lastTrainNanos = nanos.getAsLong();
  }

  /**
   * A training ended; {@code failed} if it threw or its publish failed. Returns the delay before
   * the retry in ms, or 0 when it succeeded.
   */
  public long finished(boolean failed) {
    if (!failed) {
      retryDelayMs = 0;
      return 0;
    }
    long max = Math.max(FIRST_RETRY_MS, intervalMs);
    retryDelayMs = retryDelayMs == 0 ? FIRST_RETRY_MS : Math.min(max, retryDelayMs * 2);
    retryAtNanos = nanos.getAsLong() + retryDelayMs * 1_000_000;
    return retryDelayMs;
  }
}
