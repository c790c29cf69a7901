package io.sentimentstream.localstack.internals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A child process whose stdout and stderr go to a log file, stopped with SIGTERM and, after a grace
 * period, killed.
 */
public final class ChildProcess implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChildProcess.class);

  private final String name;
  private final Process process;
  private final Path logFile;
  private final Duration grace;

  private ChildProcess(String name, Process process, Path logFile, Duration grace) {
    this.name = name;
    this.process = process;
    this.logFile = logFile;
    this.grace = grace;
  }

  /**
   * Where available, children start in a session of their own ({@code setsid} execs the command in
   * the same process), so a Ctrl-C in the terminal reaches only the parent, which then stops them
   * after whatever still uses them; without it they would die with the same Ctrl-C, under a still
   * running client.
   */
  private static final Path SETSID = Path.of("/usr/bin/setsid");

  /**
   * Starts {@code command}, appending its output to {@code logFile}.
   *
   * @param grace how long {@link #close()} waits after SIGTERM before killing the process
   */
  public static ChildProcess start(
      String name, List<String> command, Path logFile, Duration grace) {
    try {
      Files.createDirectories(logFile.toAbsolutePath().getParent());
      List<String> cmd = command;
      if (Files.isExecutable(SETSID)) {
        cmd = new java.util.ArrayList<>(command);
        cmd.add(0, SETSID.toString());
      }
      Process process =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
              .start();
      LOG.debug("Started {} (pid {}): {}", name, process.pid(), command);
      return new ChildProcess(name, process, logFile, grace);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start " + name + " with command " + command, e);
    }
  }

  /** Returns whether the process is still running. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Returns the process id. */
  public long pid() {
    return process.pid();
  }

  /** Returns the file the process writes its output to. */
  public Path logFile() {
    return logFile;
  }

  /** Returns a message naming this process, {@code what} happened, and the end of its log. */
  public String failure(String what) {
    return name
        + " (pid "
        + process.pid()
        + ") "
        + what
        + "; its log "
        + logFile
        + " ends with:\n"
        + logTail(40);
  }

  /** Returns the last {@code lines} lines of the log file (empty if it cannot be read). */
  public String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  /** Sleeps between readiness probes; an interrupt becomes an exception that stops the wait. */
  static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for a local service", e);
    }
  }

  /** Kills the process at once (SIGKILL: no shutdown hooks run) and waits for it to be gone. */
  public void kill() {
    try {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Sends SIGTERM, waits up to the grace period, then kills the process. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("{} (pid {}) did not stop within {}; killing it", name, process.pid(), grace);
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
