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
import java.util.concurrent.Executors;
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

  private OpsServer(HttpServer server) {
    this.server = server;
  }

  /**
   * Starts serving on {@code host:port} (port 0 picks a free one).
   *
   * @param registry the registry whose meters {@code /metrics} exposes
   * @param ready answers {@code /health/ready}: 200 when true, 503 otherwise
   */
  public static OpsServer start(
      String host, int port, PrometheusMeterRegistry registry, BooleanSupplier ready) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
      server.createContext("/health/live", ex -> respond(ex, 200, "text/plain", "UP"));
      server.createContext(
          "/health/ready",
          ex -> {
            boolean ok = ready.getAsBoolean();
            respond(ex, ok ? 200 : 503, "text/plain", ok ? "READY" : "NOT READY");
          });
      server.createContext("/metrics", ex -> respond(ex, 200, PROMETHEUS_TYPE, registry.scrape()));
      // A few threads: a route may wait on another instance (interactive queries) meanwhile.
      server.setExecutor(Executors.newFixedThreadPool(4, OpsServer::daemon));
      server.start();
      log.info(
          "Ops endpoint on http://{}:{}/ (health/live, health/ready, metrics)",
          host,
          server.getAddress().getPort());
      return new OpsServer(server);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start ops endpoint on " + host + ":" + port, e);
    }
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

  @Override
  public void close() {
    server.stop(0);
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
