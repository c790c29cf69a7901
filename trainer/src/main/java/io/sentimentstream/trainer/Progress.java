package io.sentimentstream.trainer;

/**
 * Receives progress of a long step (embedding, training epochs). The CLI shows progress bars; tests
 * and the service pass {@link #NONE}.
 */
public interface Progress {
  /** Ignores all progress. */
  Progress NONE = (task, max) -> new Task() {};

  /** Starts a task with {@code max} steps; close the returned handle when it ends. */
  Task start(String task, long max);

  /** One running task. */
  interface Task extends AutoCloseable {
    /** Advances by {@code n} steps. */
    default void step(long n) {}

    /** Shows a short status, e.g. the current loss. */
    default void status(String text) {}

    @Override
    default void close() {}
  }
}
