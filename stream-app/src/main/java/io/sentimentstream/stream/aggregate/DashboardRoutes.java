package io.sentimentstream.stream.aggregate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.sentimentstream.ops.OpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stream app's read-only web routes on the ops server: the dashboard at {@code /} (static files
 * and the chart library from its WebJar), {@code /aggregates} and {@code /aggregates/hashtags}
 * (interactive queries, see {@link AggregateQueries}), {@code /api/status} (state, model version,
 * counters) and {@code /api/latest} (the newest results seen here).
 */
public final class DashboardRoutes {
  private static final Logger log = LoggerFactory.getLogger(DashboardRoutes.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KafkaStreams streams;
  private final Aggregates aggregates;
  private final MeterRegistry registry;
  private final AggregateQueries queries;
  private final DashboardAssets assets = new DashboardAssets();

  private DashboardRoutes(
      KafkaStreams streams, Aggregates aggregates, MeterRegistry registry, HostInfo self) {
    this.streams = streams;
    this.aggregates = aggregates;
    this.registry = registry;
    this.queries = new AggregateQueries(streams, aggregates.settings(), self);
  }

  /**
   * Registers the routes on {@code ops}.
   *
   * @param self this instance's {@code application.server} (or unavailable if unset)
   */
  public static void register(
      OpsServer ops,
      KafkaStreams streams,
      Aggregates aggregates,
      MeterRegistry registry,
      HostInfo self) {
    DashboardRoutes r = new DashboardRoutes(streams, aggregates, registry, self);
    ops.route("/", ex -> r.handle(ex, r::asset));
    ops.route("/aggregates", ex -> r.handle(ex, r::aggregates));
    ops.route("/api/", ex -> r.handle(ex, r::api));
  }

  private interface Route {
    QueryAnswer answer(HttpExchange ex, Query q);
  }

  private void handle(HttpExchange ex, Route route) throws IOException {
    try (ex) {
      QueryAnswer a;
      if (!"GET".equals(ex.getRequestMethod())) {
        a = QueryAnswer.error(405, "only GET is served");
      } else {
        try {
          a = route.answer(ex, Query.parse(ex.getRequestURI().getRawQuery()));
        } catch (IllegalArgumentException e) {
          a = QueryAnswer.error(400, e.getMessage());
        } catch (RuntimeException e) {
          a = failure(String.valueOf(ex.getRequestURI()), e);
        }
      }
      if (a.body() instanceof DashboardAssets.Asset asset) {
        send(ex, a.status(), asset.type(), asset.bytes());
      } else {
        byte[] body =
            a.body() instanceof AggregateJson.Raw raw
                ? raw.json().getBytes(StandardCharsets.UTF_8)
                : JSON.writeValueAsBytes(a.body());
        send(ex, a.status(), "application/json; charset=utf-8", body);
      }
    }
  }

  /**
   * The answer to a request that failed unexpectedly: a short id, with the exception logged under
   * it. The exception itself stays in the log; its text can name files, hosts or internals.
   */
  static QueryAnswer failure(String request, RuntimeException e) {
    String id = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
    log.warn("{} failed (error id {})", request, id, e);
    return QueryAnswer.error(500, "internal error " + id + " (see the app's log)");
  }

  private QueryAnswer asset(HttpExchange ex, Query q) {
    DashboardAssets.Asset a = assets.get(ex.getRequestURI().getPath());
    return a == null
        ? QueryAnswer.error(404, "no such page: " + ex.getRequestURI().getPath())
        : new QueryAnswer(200, a);
  }

  private QueryAnswer aggregates(HttpExchange ex, Query q) {
    String path = ex.getRequestURI().getPath();
    String raw = ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery();
    if (path.equals("/aggregates") || path.equals("/aggregates/")) {
      return queries.windows(
          q.required("key"), q.time("from", 0), q.time("to", Long.MAX_VALUE), q.local(), raw);
    }
    if (path.equals("/aggregates/hashtags")) {
      Long w = q.has("window") ? q.time("window", 0) : null;
      return queries.hashtags(w, q.local(), raw);
    }
    return QueryAnswer.error(404, "no such route: " + path);
  }

  private QueryAnswer api(HttpExchange ex, Query q) {
    String path = ex.getRequestURI().getPath();
    if (path.equals("/api/status")) {
      return new QueryAnswer(200, status());
    }
    if (path.equals("/api/latest")) {
      int n = Math.min(Aggregates.LATEST, Math.max(1, q.integer("n", 20)));
      List<Object> out =
          aggregates.latest().newest(n).stream().map(r -> (Object) AggregateJson.of(r)).toList();
      return new QueryAnswer(200, Map.of("results", out));
    }
    return QueryAnswer.error(404, "no such route: " + path);
  }

  private Map<String, Object> status() {
    AggregateSettings s = aggregates.settings();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("state", streams.state().toString());
    Gauge version = registry.find("sentiment.model.version").gauge();
    m.put("modelVersion", version == null ? -1 : (long) version.value());
    m.put("recordsIn", count("sentiment.records.in"));
    m.put("recordsOut", count("sentiment.records.out"));
    m.put("deadLettered", count("sentiment.records.dead.lettered"));
    m.put("lateRecords", aggregates.metrics().lateCount());
    m.put("windowMs", s.windowMs());
    m.put("graceMs", s.graceMs());
    m.put("terms", s.terms());
    m.put("topK", s.topK());
    m.put("now", System.currentTimeMillis());
    return m;
  }

  private long count(String name) {
    return (long) registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body)
      throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }
}
