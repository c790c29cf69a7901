package io.sentimentstream.drills;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One of the project's command lines (the stream app's, the trainer's) in a child JVM on this JVM's
 * classpath, the way a user or a pod runs it: configuration in a properties file, output to a log.
 */
final class ChildJvm {
  private ChildJvm() {}

  /** What a finished command did: its exit code, its output, and how long it took. */
  record Result(int exit, String output, double seconds) {
    /** True if the command exited with {@code code} and its output names {@code text}. */
    boolean exitedSaying(int code, String text) {
      return exit == code && output.contains(text);
    }
  }

  /** Starts {@code main} with {@code args}, output appended to {@code log}; does not wait. */
  static Process start(Path log, Class<?> main, List<String> args) throws IOException {
    Files.createDirectories(log.toAbsolutePath().getParent());
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx768m");
    cmd.add("-Dai.djl.offline=true");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(main.getName());
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    // One PyTorch thread per JVM: several share a small host, as pods share a node.
    pb.environment().put("OMP_NUM_THREADS", "1");
    return pb.start();
  }

  /**
   * Runs {@code main} with {@code args} to its end (killed after {@code timeout}, exit -9) and
   * returns what it did; {@code log} keeps its output.
   */
  static Result run(Path log, Duration timeout, Class<?> main, String... args)
      throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    Process p = start(log, main, List.of(args));
    int exit;
    if (p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      exit = p.exitValue();
    } else {
      p.destroyForcibly().waitFor();
      exit = -9;
    }
    return new Result(
        exit, Files.readString(log, StandardCharsets.UTF_8), (System.nanoTime() - t0) / 1e9);
  }

  /** Writes {@code config} as a properties file (backslashes escaped) and returns its path. */
  static Path properties(Path file, Map<String, String> config) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    List<String> lines = new ArrayList<>();
    config.forEach((k, v) -> lines.add(k + "=" + v.replace("\\", "\\\\")));
    return Files.write(file, lines);
  }
}
