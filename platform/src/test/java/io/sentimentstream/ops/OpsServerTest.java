package io.sentimentstream.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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

  @Test
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

  /**
   * Finding 2 of issue 21: with every route thread held by a blocked query (and more queries
   * waiting than the route queue holds), /health/live still answers, and the overflow is refused
   * with a 503 rather than left waiting. The 2 s is a correctness bound (answered at all while the
   * routes are blocked), not a speed claim.
   */
  @Test
  void livenessAnswersWhileEveryRouteThreadIsBlocked() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger entered = new AtomicInteger();
    int clients = 64;
    try (OpsServer server = OpsServer.start("127.0.0.1", 0, registry, () -> true)) {
      server.route(
          "/slow",
          ex -> {
            entered.incrementAndGet();
            try {
              release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            try (ex) {
              ex.sendResponseHeaders(200, -1);
            }
          });
      String base = "http://127.0.0.1:" + server.port();
      List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        slow.add(http.sendAsync(request(base + "/slow"), HttpResponse.BodyHandlers.ofString()));
      }
      awaitUntil(() -> entered.get() >= OpsServer.ROUTE_THREADS, "every route thread blocked");

      HttpResponse<String> live =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/health/live"))
                  .version(HttpClient.Version.HTTP_1_1)
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(live.statusCode()).isEqualTo(200);
      assertThat(get(base + "/metrics").statusCode()).isEqualTo(200);

      int refused = clients - OpsServer.ROUTE_THREADS - OpsServer.ROUTE_QUEUE;
      awaitUntil(() -> count(slow, 503) == refused, refused + " refused queries");
      assertThat(entered.get()).isEqualTo(OpsServer.ROUTE_THREADS);
      release.countDown();
      CompletableFuture.allOf(slow.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
      assertThat(count(slow, 200)).isEqualTo(clients - refused);
      assertThat(slow.stream().map(CompletableFuture::join).filter(r -> r.statusCode() == 503))
          .allSatisfy(r -> assertThat(r.body()).contains("busy"));
    }
  }

  private static long count(List<CompletableFuture<HttpResponse<String>>> fs, int status) {
    return fs.stream()
        .filter(f -> f.isDone() && !f.isCompletedExceptionally())
        .filter(f -> f.join().statusCode() == status)
        .count();
  }

  private static void awaitUntil(BooleanSupplier condition, String what) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private static HttpRequest request(String url) {
    return HttpRequest.newBuilder(URI.create(url)).version(HttpClient.Version.HTTP_1_1).build();
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
