package io.sentimentstream.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A file that says a one-shot job (a replay, a labelled feed, a key generation) already ran, so
 * that a container restarted on the same volume does not repeat it. Absent path = no marker.
 */
public final class OnceMarker {
  private final Path file;

  /**
   * @param file the marker file, or null for a job that always runs
   */
  public OnceMarker(Path file) {
    this.file = file;
  }

  /** True when the job ran to completion before. */
  public boolean done() {
    return file != null && Files.exists(file);
  }

  /** Records that the job completed, with a line saying what it did. */
  public void markDone(String summary) throws IOException {
    if (file == null) {
      return;
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, Instant.now() + " " + summary + "\n", StandardCharsets.UTF_8);
  }

  /** The marker's path (for messages). */
  public Path file() {
    return file;
  }
}
