package io.sentimentstream.monitoring;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server (Debian's {@code prometheus} package; {@code .ci/run} installs it): the
 * binary on the PATH, or {@code -Dprometheus=/path/to/prometheus}, on 127.0.0.1, scraping the given
 * jobs every {@link #SCRAPE_INTERVAL}. Without the binary the calling test FAILS under CI ({@code
 * CI=true}) and is skipped elsewhere, with a message saying so.
 */
final class Prometheus implements AutoCloseable {
  /** How often every target is scraped: short, so rates have samples within seconds. */
  static final String SCRAPE_INTERVAL = "1s";

  private static final String BINARY = System.getProperty("prometheus", "prometheus");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final int port;
  private final Path log;

  private Prometheus(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Starts Prometheus in {@code dir} with one scrape job per entry of {@code jobs} (job name to
   * {@code host:port} of its /metrics).
   */
  static Prometheus start(Path dir, Map<String, String> jobs) throws IOException {
    StringBuilder config =
        new StringBuilder("global:\n")
            .append("  scrape_interval: ")
            .append(SCRAPE_INTERVAL)
            .append("\n  evaluation_interval: ")
            .append(SCRAPE_INTERVAL)
            .append("\nscrape_configs:\n");
    jobs.forEach(
        (job, target) ->
            config
                .append("  - job_name: ")
                .append(job)
                .append("\n    static_configs:\n      - targets: ['")
                .append(target)
                .append("']\n"));
    Path file = Files.writeString(dir.resolve("prometheus.yml"), config);
    int port = ChildApp.freePort();
    Path log = dir.resolve("prometheus.log");
    List<String> cmd =
        List.of(
            BINARY,
            "--config.file=" + file,
            "--storage.tsdb.path=" + dir.resolve("data"),
            "--web.listen-address=127.0.0.1:" + port);
    try {
      Process p =
          new ProcessBuilder(cmd)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      return new Prometheus(p, port, log);
    } catch (IOException e) {
      String msg =
          BINARY
              + " cannot be run, so the dashboard's queries were NOT checked against a real"
              + " Prometheus (apt-get install prometheus, or -Dprometheus=/path/to/prometheus): "
              + e.getMessage();
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("CI=true and " + msg);
      }
      abort(msg);
      throw new AssertionError("unreachable");
    }
  }

  /** The {@code result} array of an instant query at the current time ({@code /api/v1/query}). */
  JsonNode query(String promql) throws IOException, InterruptedException {
    URI uri =
        URI.create(
            "http://127.0.0.1:"
                + port
                + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode body = JSON.readTree(r.body());
    if (r.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
      throw new AssertionError(
          "Prometheus refused " + promql + ": HTTP " + r.statusCode() + " " + r.body());
    }
    return body.path("data").path("result");
  }

  /** The value of {@code up} for {@code job}, or -1 if Prometheus has no sample of it yet. */
  double up(String job) {
    try {
      JsonNode result = query("up{job=\"" + job + "\"}");
      return result.isEmpty() ? -1 : result.get(0).path("value").get(1).asDouble();
    } catch (IOException e) {
      return -1; // not listening yet
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** Where Prometheus's own output goes. */
  Path logFile() {
    return log;
  }

  boolean alive() {
    return process.isAlive();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
