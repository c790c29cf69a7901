package io.sentimentstream.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class OpsServerTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void servesLivenessReadinessAndPrometheusMetrics() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.counter("records.in").increment(3);
    AtomicBoolean ready = new AtomicBoolean(false);
    try (OpsServer server = OpsServer.start("127.0.0.1", 0, registry, ready::get)) {
      String base = "http://127.0.0.1:" + server.port();

      assertThat(get(base + "/health/live").statusCode()).isEqualTo(200);
      assertThat(get(base + "/health/ready").statusCode()).isEqualTo(503);
      ready.set(true);
      assertThat(get(base + "/health/ready").statusCode()).isEqualTo(200);

      HttpResponse<String> metrics = get(base + "/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains("records_in_total 3.0");
    }
  }

  @Test
  void livenessFollowsItsSupplierIndependentlyOfReadiness() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    AtomicBoolean live = new AtomicBoolean(true);
    try (OpsServer server = OpsServer.start("127.0.0.1", 0, registry, live::get, () -> false)) {
      String base = "http://127.0.0.1:" + server.port();

      HttpResponse<String> up = get(base + "/health/live");
      assertThat(up.statusCode()).isEqualTo(200);
      assertThat(up.body()).isEqualTo("UP");
      live.set(false);
      HttpResponse<String> down = get(base + "/health/live");
      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(down.body()).isEqualTo("DOWN");
      assertThat(get(base + "/health/ready").statusCode()).isEqualTo(503);
    }
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
