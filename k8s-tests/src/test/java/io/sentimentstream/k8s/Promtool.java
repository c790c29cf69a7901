package io.sentimentstream.k8s;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Prometheus' {@code promtool} (Debian's {@code prometheus} package; {@code .ci/run} installs
 * it): the one on the PATH, or {@code -Dpromtool=/path/to/promtool}. Without it the calling test
 * FAILS under CI ({@code CI=true}) and is skipped elsewhere, with a message saying so.
 */
final class Promtool {
  private static final String PROMTOOL = System.getProperty("promtool", "promtool");

  private Promtool() {}

  /** The result of one promtool run. */
  record Result(int exitCode, String output) {}

  /** Runs {@code promtool args...} in {@code dir}. */
  static Result run(Path dir, String... args) {
    List<String> cmd = new ArrayList<>(List.of(PROMTOOL));
    cmd.addAll(List.of(args));
    Process p;
    try {
      p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      String msg =
          PROMTOOL
              + " cannot be run, so the alert rules and dashboard queries were NOT checked"
              + " (apt-get install prometheus, or -Dpromtool=/path/to/promtool): "
              + e.getMessage();
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("CI=true and " + msg);
      }
      abort(msg);
      throw new AssertionError("unreachable");
    }
    try {
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(String.join(" ", cmd) + " did not finish: " + out);
      }
      return new Result(p.exitValue(), out);
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(String.join(" ", cmd), e);
    }
  }
}
