package io.sentimentstream.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations endpoint of a service: {@code /health/live}, {@code /health/ready} and {@code
 * /metrics} (Prometheus text format). Shared by the stream app and the trainer.
 *
 * <p>Uses the JDK's built-in HTTP server: three read-only endpoints do not justify a web framework.
 */
public final class OpsServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OpsServer.class);
  private static final String PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService executor;

  private OpsServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * What the health endpoints answer.
   *
   * @param live {@code /health/live}: 200 when true, 503 when the service is beyond repair and
   *     should be restarted
   * @param ready {@code /health/ready}: 200 when true, 503 otherwise
   * @param details named conditions listed in the {@code /health/ready} body, one {@code name:
   *     UP|DOWN} line each (e.g. whether the model-update listener is following its topic); they do
   *     not change the status code: fold one into {@code ready} for that
   */
  public record Health(
      BooleanSupplier live, BooleanSupplier ready, Map<String, BooleanSupplier> details) {
    /** Always live, ready as {@code ready} says, no details. */
    public static Health readyWhen(BooleanSupplier ready) {
      return new Health(() -> true, ready, Map.of());
    }
  }

  /**
   * Starts serving on {@code host:port} (port 0 picks a free one), always live.
   *
   * @param registry the registry whose meters {@code /metrics} exposes
   * @param ready answers {@code /health/ready}: 200 when true, 503 otherwise
   */
  public static OpsServer start(
      String host, int port, PrometheusMeterRegistry registry, BooleanSupplier ready) {
    return start(host, port, registry, Health.readyWhen(ready));
  }

  /**
   * Starts serving on {@code host:port} (port 0 picks a free one).
   *
   * @param registry the registry whose meters {@code /metrics} exposes
   * @param health what {@code /health/live} and {@code /health/ready} answer
   */
  public static OpsServer start(
      String host, int port, PrometheusMeterRegistry registry, Health health) {
    Map<String, BooleanSupplier> shown = new LinkedHashMap<>(health.details());
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start ops endpoint on " + host + ":" + port, e);
    }
    server.createContext(
        "/health/live",
        ex -> {
          boolean ok = health.live().getAsBoolean();
          respond(ex, ok ? 200 : 503, "text/plain", ok ? "UP" : "DOWN");
        });
    server.createContext(
        "/health/ready",
        ex -> {
          boolean ok = health.ready().getAsBoolean();
          respond(ex, ok ? 200 : 503, "text/plain", readyBody(ok, shown));
        });
    server.createContext("/metrics", ex -> respond(ex, 200, PROMETHEUS_TYPE, registry.scrape()));
    // A few threads: a route may wait on another instance (interactive queries) meanwhile.
    ExecutorService executor = Executors.newFixedThreadPool(4, OpsServer::daemon);
    server.setExecutor(executor);
    server.start();
    log.info(
        "Ops endpoint on http://{}:{}/ (health/live, health/ready, metrics)",
        host,
        server.getAddress().getPort());
    return new OpsServer(server, executor);
  }

  private static String readyBody(boolean ok, Map<String, BooleanSupplier> details) {
    StringBuilder b = new StringBuilder(ok ? "READY" : "NOT READY");
    details.forEach(
        (name, up) -> b.append('\n').append(name).append(up.getAsBoolean() ? ": UP" : ": DOWN"));
    return b.toString();
  }

  /**
   * Serves {@code handler} under {@code path} (a prefix, as in {@link HttpServer#createContext}):
   * how a service adds its own read-only routes (the stream app's dashboard and queries).
   */
  public void route(String path, HttpHandler handler) {
    server.createContext(path, handler);
  }

  /** The bound port. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops the server and the thread that served its requests. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow(); // HttpServer.stop leaves the executor it was given running
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        log.warn("Ops endpoint thread did not stop within 5 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void respond(HttpExchange ex, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "ops-http");
    t.setDaemon(true);
    return t;
  }
}
