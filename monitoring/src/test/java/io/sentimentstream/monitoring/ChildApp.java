package io.sentimentstream.monitoring;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One of the project's commands ({@code run}, {@code serve}) in a child JVM on this JVM's
 * classpath, the way a pod runs it: its keys in a properties file, its ops endpoint on 127.0.0.1 at
 * a free port, its output in a log file.
 */
final class ChildApp implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  final String name;
  final int opsPort;
  private final Process process;
  private final Path log;

  private ChildApp(String name, int opsPort, Process process, Path log) {
    this.name = name;
    this.opsPort = opsPort;
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code main command --config <name>.properties} with {@code config} plus ops keys, on
   * this JVM's classpath without the jar (or classes) of {@code otherModule}: each app runs with
   * its own module's logback.xml, as it does on its own.
   */
  static ChildApp start(
      String name,
      Class<?> main,
      String command,
      Map<String, String> config,
      Path dir,
      String otherModule)
      throws IOException {
    int port = freePort();
    Map<String, String> keys = new LinkedHashMap<>(config);
    keys.put("ops.http.host", "127.0.0.1");
    keys.put("ops.http.port", String.valueOf(port));
    List<String> lines = new ArrayList<>();
    keys.forEach((k, v) -> lines.add(k + "=" + v.replace("\\", "\\\\").replace("\n", "\\n")));
    Path props = Files.write(dir.resolve(name + ".properties"), lines);
    Path log = dir.resolve(name + ".log");
    List<String> cmd =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx1g",
            "-Dai.djl.offline=true",
            "-cp",
            classpathWithout(otherModule),
            main.getName(),
            command,
            "--config",
            props.toString());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    pb.environment().put("OMP_NUM_THREADS", "1"); // two apps share a small host, as pods a node
    return new ChildApp(name, port, pb.start(), log);
  }

  /** {@code host:port} of the ops endpoint, as a scrape target. */
  String target() {
    return "127.0.0.1:" + opsPort;
  }

  /** True when {@code /health/ready} answers 200. */
  boolean ready() {
    return get("/health/ready") != null;
  }

  /** The body of {@code GET path} on the ops port, or null if it does not answer 200. */
  String get(String path) {
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://" + target() + path))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? r.body() : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  boolean alive() {
    return process.isAlive();
  }

  /** Where the app's output goes (stdout and stderr). */
  Path logFile() {
    return log;
  }

  /** The app's output so far. */
  String log() {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** SIGTERM, as a pod is stopped; killed if it has not exited within 60 s. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  private static String classpathWithout(String module) {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> !e.contains(File.separator + module + File.separator + "target"))
        .filter(e -> !Path.of(e).getFileName().toString().startsWith(module + "-"))
        .collect(Collectors.joining(File.pathSeparator));
  }

  /** A port free on 127.0.0.1 now. */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
