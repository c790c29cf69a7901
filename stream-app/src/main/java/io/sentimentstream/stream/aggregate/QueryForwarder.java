package io.sentimentstream.stream.aggregate;

import io.sentimentstream.ops.OpsServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Fetches an interactive query's answer from the instance that holds the key.
 *
 * <p>A forward can wait up to ~7 s (connect 2 s, answer 5 s) on a slow or rebalancing instance,
 * holding one of the ops server's route threads. At most {@link #MAX_IN_FLIGHT} (half of them) run
 * at once; one more is answered 503 at once, so the rest stay free for queries answered here, and
 * two instances forwarding to each other cannot take every thread that would answer the other.
 */
final class QueryForwarder {
  static final int MAX_IN_FLIGHT = Math.max(1, OpsServer.ROUTE_THREADS / 2);

  private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /**
   * The answer of {@code host} to {@code path} (a path and query), its status and body as given.
   */
  QueryAnswer forward(HostInfo host, String path) {
    if (!inFlight.tryAcquire()) {
      return QueryAnswer.error(
          503,
          MAX_IN_FLIGHT
              + " forwarded queries are already waiting on other instances; try again shortly");
    }
    try {
      return send(host, path);
    } finally {
      inFlight.release();
    }
  }

  private QueryAnswer send(HostInfo host, String path) {
    URI uri = URI.create("http://" + host.host() + ":" + host.port() + path);
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString());
      return new QueryAnswer(r.statusCode(), new AggregateJson.Raw(r.body()));
    } catch (IOException e) {
      return QueryAnswer.error(502, "instance " + host + " did not answer " + path + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return QueryAnswer.error(503, "interrupted");
    }
  }
}
