package io.sentimentstream.stream.internals;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces a crashed stream thread up to {@code maxFailures} times within {@code windowMs}; the
 * next crash in the window shuts the app down, so a persistent fault (say, the broker refusing our
 * writes) is not retried forever and its supervisor can see it. With 3, three crashes are tolerated
 * and the fourth stops the app; with 0, the first does.
 */
public final class MaxFailuresHandler implements StreamsUncaughtExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(MaxFailuresHandler.class);

  private final int maxFailures;
  private final long windowMs;
  private final LongSupplier clock;
  private final Consumer<String> onFailure;
  private final Deque<Long> failures = new ArrayDeque<>();

  /** A handler on the given millisecond clock, telling nobody what it did (for tests). */
  public MaxFailuresHandler(int maxFailures, long windowMs, LongSupplier clock) {
    this(maxFailures, windowMs, clock, response -> {});
  }

  /**
   * A handler on the given millisecond clock; {@code onFailure} hears each response ({@code
   * replace} or {@code shutdown}), e.g. to count it.
   */
  public MaxFailuresHandler(
      int maxFailures, long windowMs, LongSupplier clock, Consumer<String> onFailure) {
    this.maxFailures = maxFailures;
    this.windowMs = windowMs;
    this.clock = clock;
    this.onFailure = onFailure;
  }

  @Override
  public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
    long now = clock.getAsLong();
    failures.addLast(now);
    while (!failures.isEmpty() && failures.peekFirst() <= now - windowMs) {
      failures.removeFirst();
    }
    if (failures.size() > maxFailures) {
      onFailure.accept("shutdown");
      log.error(
          "Stream thread failed {} times within {} ms; shutting down the app",
          failures.size(),
          windowMs,
          exception);
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }
    onFailure.accept("replace");
    log.error(
        "Stream thread failed ({} within {} ms); replacing it",
        failures.size(),
        windowMs,
        exception);
    return StreamThreadExceptionResponse.REPLACE_THREAD;
  }
}
