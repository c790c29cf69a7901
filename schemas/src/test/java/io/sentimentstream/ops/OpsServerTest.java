package io.sentimentstream.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
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
  void readinessBodyListsEachHealthDetail() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    AtomicBoolean following = new AtomicBoolean(false);
    Map<String, BooleanSupplier> details = new LinkedHashMap<>();
    details.put("streams", () -> true);
    details.put("model-updates", following::get);
    try (OpsServer server =
        OpsServer.start(
            "127.0.0.1", 0, registry, new OpsServer.Health(() -> true, () -> true, details))) {
      String url = "http://127.0.0.1:" + server.port() + "/health/ready";

      assertThat(get(url).body()).isEqualTo("READY\nstreams: UP\nmodel-updates: DOWN");
      following.set(true);
      assertThat(get(url).body()).isEqualTo("READY\nstreams: UP\nmodel-updates: UP");
      assertThat(get(url).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void closeStopsTheThreadThatServedRequests() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    AtomicReference<Thread> handler = new AtomicReference<>();
    OpsServer server =
        OpsServer.start(
            "127.0.0.1",
            0,
            registry,
            () -> {
              handler.set(Thread.currentThread());
              return true;
            });
    assertThat(get("http://127.0.0.1:" + server.port() + "/health/ready").statusCode())
        .isEqualTo(200);

    server.close();

    handler.get().join(5_000);
    assertThat(handler.get().isAlive()).as("%s still alive", handler.get().getName()).isFalse();
  }

  void livenessFollowsItsSupplierIndependentlyOfReadiness() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    AtomicBoolean live = new AtomicBoolean(true);
    try (OpsServer server =
        OpsServer.start(
            "127.0.0.1", 0, registry, new OpsServer.Health(live::get, () -> false, Map.of()))) {
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
