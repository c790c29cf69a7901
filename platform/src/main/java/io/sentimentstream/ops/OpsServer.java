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
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations endpoint of a service: {@code /health/live}, {@code /health/ready} and {@code
 * /metrics} (Prometheus text format). Shared by the stream app and the trainer.
 *
 * <p>Uses the JDK's built-in HTTP server: three read-only endpoints do not justify a web framework.
 *
 * <p><b>Health is never queued behind a route.</b> Two pools: the server's own executor ({@value
 * #DISPATCH_THREADS} threads) reads every request and answers health and metrics itself; a route
 * added with {@link #route} (the stream app's dashboard and interactive queries, which may wait up
 * to ~7 s on another instance) is handed to a pool of its own, {@value #ROUTE_THREADS} threads and
 * a queue of {@value #ROUTE_QUEUE}; a request beyond that is answered 503 at once. However many
 * route requests are blocked, the dispatch threads only read requests and hand them on, so {@code
 * /health/live} is answered. The JDK server takes one executor per server, so the hand-off is a
 * handler wrapper rather than a second server (which would need a second port for the probes).
 *
 * <p><b>Reading a request is bounded.</b> The JDK server reads a request on its executor, with no
 * time limit by default: a client that sends half a request holds a dispatch thread for good, and
 * enough of them starve the probes. Its only limits are the JVM-wide system properties {@code
 * sun.net.httpserver.maxReqTime} (seconds to read the request line and headers) and {@code
 * maxRspTime} (seconds from there to the end of the response), read once, when the JVM's first
 * server is created. This class sets them to {@value #MAX_REQ_SECONDS} s and {@value
 * #MAX_RSP_SECONDS} s before that, unless the JVM was started with its own values ({@code -D}). In
 * the apps this server is the JVM's only one. A stalled client then holds a dispatch thread for at
 * most ~{@value #MAX_REQ_SECONDS} s, well inside the liveness probe's 3 x 10 s.
 */
public final class OpsServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OpsServer.class);
  private static final String PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  /** Threads that read requests and answer health and metrics. */
  static final int DISPATCH_THREADS = 16;

  /**
   * Threads that run the routes added with {@link #route}; a route that waits on another service
   * should bound how many of them it holds at once.
   */
  public static final int ROUTE_THREADS = 4;

  /** Route requests that wait for a route thread; beyond that, 503. */
  static final int ROUTE_QUEUE = 32;

  private static final String BUSY =
      "{\"error\":\"busy: "
          + ROUTE_THREADS
          + " requests running and "
          + ROUTE_QUEUE
          + " waiting; try again shortly\"}";

  static final long MAX_REQ_SECONDS = 5;
  static final long MAX_RSP_SECONDS = 30;

  static {
    // Must run before the first HttpServer is created in this JVM (see the class comment).
    System.getProperties().putIfAbsent("sun.net.httpserver.maxReqTime", "" + MAX_REQ_SECONDS);
    System.getProperties().putIfAbsent("sun.net.httpserver.maxRspTime", "" + MAX_RSP_SECONDS);
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final ExecutorService routes;

  private OpsServer(HttpServer server, ExecutorService executor, ExecutorService routes) {
    this.server = server;
    this.executor = executor;
    this.routes = routes;
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
    ExecutorService executor = Executors.newFixedThreadPool(DISPATCH_THREADS, daemons("ops-http"));
    ExecutorService routes =
        new ThreadPoolExecutor(
            ROUTE_THREADS,
            ROUTE_THREADS,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(ROUTE_QUEUE),
            daemons("ops-route"));
    server.setExecutor(executor);
    server.start();
    log.info(
        "Ops endpoint on http://{}:{}/ (health/live, health/ready, metrics)",
        host,
        server.getAddress().getPort());
    return new OpsServer(server, executor, routes);
  }

  private static String readyBody(boolean ok, Map<String, BooleanSupplier> details) {
    StringBuilder b = new StringBuilder(ok ? "READY" : "NOT READY");
    details.forEach(
        (name, up) -> b.append('\n').append(name).append(up.getAsBoolean() ? ": UP" : ": DOWN"));
    return b.toString();
  }

  /**
   * Serves {@code handler} under {@code path} (a prefix, as in {@link HttpServer#createContext}):
   * how a service adds its own read-only routes (the stream app's dashboard and queries). The
   * handler runs on the route pool, never on the threads that answer health; when that pool and its
   * queue are full, the request is answered 503 with a JSON {@code error}.
   */
  public void route(String path, HttpHandler handler) {
    server.createContext(
        path,
        ex -> {
          try {
            routes.execute(() -> serve(ex, handler));
          } catch (RejectedExecutionException e) {
            try (ex) {
              respond(ex, 503, "application/json; charset=utf-8", BUSY);
            }
          }
        });
  }

  /** As the JDK server does for a handler that throws: log it and drop the connection. */
  private static void serve(HttpExchange ex, HttpHandler handler) {
    try {
      handler.handle(ex);
    } catch (IOException | RuntimeException e) {
      log.debug("{} failed: {}", ex.getRequestURI(), e.toString());
      ex.close();
    }
  }

  /** The bound port. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops the server and the threads that served its requests. */
  @Override
  public void close() {
    server.stop(0);
    routes.shutdownNow();
    executor.shutdownNow(); // HttpServer.stop leaves the executor it was given running
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)
          || !routes.awaitTermination(5, TimeUnit.SECONDS)) {
        log.warn("Ops endpoint threads did not stop within 5 s");
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

  private static ThreadFactory daemons(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
