package io.sentimentstream.drills;

import io.sentimentstream.stream.StreamAppMain;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One stream app as a child JVM ({@code run --config}), the way a pod runs it: started, polled on
 * {@code /health/ready} as a readiness probe would, stopped with SIGTERM and waited for.
 */
final class AppProcess {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  final String name;
  private final Process process;
  private final int opsPort;
  private final Path log;
  private final int logOffset;

  private AppProcess(String name, Process process, int opsPort, Path log, int logOffset) {
    this.name = name;
    this.process = process;
    this.opsPort = opsPort;
    this.log = log;
    this.logOffset = logOffset;
  }

  /** Starts {@code name} with the given keys (written to a properties file) and logs to a file. */
  static AppProcess start(String name, Map<String, String> config, Path dir) throws IOException {
    int port = freePort();
    Map<String, String> withOps = new LinkedHashMap<>(config);
    withOps.put("ops.http.host", "127.0.0.1");
    withOps.put("ops.http.port", String.valueOf(port));
    Path props = ChildJvm.properties(dir.resolve(name + ".properties"), withOps);
    Path log = dir.resolve(name + ".log");
    int offset = Files.exists(log) ? Files.readString(log).length() : 0;
    Process process =
        ChildJvm.start(log, StreamAppMain.class, List.of("run", "--config", props.toString()));
    return new AppProcess(name, process, port, log, offset);
  }

  /**
   * Waits for the process to exit by itself and returns its exit code; -9 if it had to be killed
   * after {@code timeout}.
   */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor();
      return -9;
    }
    return process.exitValue();
  }

  /** SIGKILL: no shutdown hook, no clean close; waits until the process is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  boolean alive() {
    return process.isAlive();
  }

  /** Where this process's output starts in {@link #log()} (earlier starts wrote before it). */
  int logOffset() {
    return logOffset;
  }

  /** The output of this app's log file so far (stdout and stderr), earlier starts included. */
  String log() throws IOException {
    return Files.readString(log);
  }

  /** The body of {@code GET path} on the ops port, or empty if it does not answer 200. */
  String get(String path) {
    try {
      HttpRequest req =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + opsPort + path))
              .timeout(Duration.ofSeconds(5))
              .build();
      HttpResponse<String> r = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? r.body() : "";
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /**
   * The sum of the Prometheus samples of {@code name} whose labels contain {@code label} (e.g.
   * {@code reason="signature"}; empty = all), or 0 if there are none; NaN if /metrics does not
   * answer.
   */
  double metric(String name, String label) {
    String body = get("/metrics");
    if (body.isEmpty()) {
      return Double.NaN;
    }
    double sum = 0;
    for (String line : body.split("\n")) {
      if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
        int brace = line.indexOf('}');
        String labels = brace < 0 ? "" : line.substring(name.length(), brace + 1);
        if (labels.contains(label)) {
          String value = line.substring(brace < 0 ? name.length() : brace + 1).trim();
          sum += Double.parseDouble(value.split(" ")[0]);
        }
      }
    }
    return sum;
  }

  /** Waits until {@code /health/ready} answers 200; fails if the process exits first. */
  void awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with " + process.exitValue());
      }
      if (status("/health/ready") == 200) {
        return;
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(name + " not ready within " + timeout);
  }

  /** SIGTERM, then waits for the exit (as the kubelet does, within the grace period). */
  int stop(Duration grace) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor();
      return -9;
    }
    return process.exitValue();
  }

  long pid() {
    return process.pid();
  }

  private int status(String path) {
    try {
      HttpRequest req =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + opsPort + path))
              .timeout(Duration.ofSeconds(2))
              .build();
      return HTTP.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
