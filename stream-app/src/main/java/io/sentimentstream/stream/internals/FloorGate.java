package io.sentimentstream.stream.internals;

import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds Kafka Streams back until the serving head reaches the model version floor, so a restart
 * never serves an older model than the one applied before it: while the loaded head (the bundle's,
 * or the built-in one) is below the floor, no tweet is read, and the app is live but not ready. The
 * model-update listener reads the compacted topic from its beginning, so the newest signed head at
 * or above the floor normally comes back within seconds; if the topic has none (compacted away, or
 * a new signing key), the app waits, and says so every 30 s, until one is published.
 */
public final class FloorGate implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FloorGate.class);
  private static final long POLL_MS = 200;
  private static final long LOG_EVERY_MS = 30_000;

  private final Object lock = new Object();
  private final Thread thread;
  private boolean closed;
  private volatile boolean opened;

  private FloorGate(long floor, String source, LongSupplier serving, Runnable start) {
    if (serving.getAsLong() >= floor) {
      start.run();
      opened = true;
      thread = null;
      return;
    }
    log.warn(
        "The loaded model is version {}, below the version floor {} ({}): not processing until"
            + " the model topic brings a signed head at or above it",
        serving.getAsLong(),
        floor,
        source);
    thread = new Thread(() -> await(floor, source, serving, start), "model-floor-gate");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Runs {@code start} now if {@code serving} is at or above {@code floor}, else on a thread of its
   * own as soon as it is (unless closed first).
   */
  public static FloorGate open(long floor, String source, LongSupplier serving, Runnable start) {
    return new FloorGate(floor, source, serving, start);
  }

  /** True once {@code start} has run. */
  public boolean opened() {
    return opened;
  }

  private void await(long floor, String source, LongSupplier serving, Runnable start) {
    long lastLog = System.nanoTime();
    try {
      while (serving.getAsLong() < floor) {
        Thread.sleep(POLL_MS);
        if (System.nanoTime() - lastLog > LOG_EVERY_MS * 1_000_000) {
          lastLog = System.nanoTime();
          log.warn(
              "Still serving nothing: the loaded model is version {}, below the version floor {}"
                  + " ({}); publish a signed head at or above it",
              serving.getAsLong(),
              floor,
              source);
        }
      }
    } catch (InterruptedException e) {
      return; // closed while waiting
    }
    synchronized (lock) {
      if (closed) {
        return;
      }
      log.info(
          "Model version {} reached the version floor {}: processing", serving.getAsLong(), floor);
      try {
        start.run();
        opened = true;
      } catch (RuntimeException e) {
        log.error("Could not start processing once the version floor was reached", e);
      }
    }
  }

  /** Stops waiting; {@code start} does not run after this returns. */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
    }
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
