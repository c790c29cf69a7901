package io.sentimentstream.ops;

import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Tracks one dependency's outage for a retry loop: exponential backoff between attempts, one WARN
 * line when the outage starts (not one per attempt) and one INFO line when it ends, saying how long
 * it lasted. Not thread-safe: one retry loop owns it; {@link #ongoing()} may be read from any
 * thread (readiness, metrics).
 *
 * <pre>{@code
 * Outage registry = new Outage(log, "schema registry", 500, 30_000);
 * while (running) {
 *   try { work(); registry.recovered(); }
 *   catch (RetriableException e) { sleep(registry.failed(e)); }
 * }
 * }</pre>
 */
public final class Outage {
  private final Logger log;
  private final String what;
  private final long initialMs;
  private final long maxMs;
  private final LongSupplier clockMs;
  private volatile boolean ongoing;
  private long startedMs;
  private long nextDelayMs;
  private int attempts;

  /**
   * An outage tracker of {@code what}, backing off from {@code initialMs} doubling to {@code
   * maxMs}.
   */
  public Outage(Logger log, String what, long initialMs, long maxMs) {
    this(log, what, initialMs, maxMs, System::currentTimeMillis);
  }

  /** As above, on the given millisecond clock (for tests). */
  public Outage(Logger log, String what, long initialMs, long maxMs, LongSupplier clockMs) {
    if (initialMs < 1 || maxMs < initialMs) {
      throw new IllegalArgumentException("need 1 <= initialMs <= maxMs");
    }
    this.log = log;
    this.what = what;
    this.initialMs = initialMs;
    this.maxMs = maxMs;
    this.clockMs = clockMs;
    this.nextDelayMs = initialMs;
  }

  /**
   * Records a failed attempt and returns how long to wait before the next one. The first failure of
   * an outage is logged at WARN with its cause; later ones at DEBUG.
   */
  public long failed(Throwable cause) {
    attempts++;
    if (!ongoing) {
      ongoing = true;
      startedMs = clockMs.getAsLong();
      log.warn("{} unavailable, retrying with backoff until it is back: {}", what, describe(cause));
    } else {
      log.debug("{} still unavailable (attempt {}): {}", what, attempts, describe(cause));
    }
    long delay = nextDelayMs;
    nextDelayMs = Math.min(maxMs, nextDelayMs * 2);
    return delay;
  }

  /** Records a successful attempt; logs the end of an outage if one was going on. */
  public void recovered() {
    if (ongoing) {
      log.info(
          "{} is back after {} ms and {} failed attempts",
          what,
          clockMs.getAsLong() - startedMs,
          attempts);
    }
    ongoing = false;
    attempts = 0;
    nextDelayMs = initialMs;
  }

  /** True between a failure and the next success. */
  public boolean ongoing() {
    return ongoing;
  }

  private static String describe(Throwable t) {
    String m = t.getMessage();
    return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }
}
