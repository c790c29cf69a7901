package io.sentimentstream.stream.aggregate;

import io.sentimentstream.stream.aggregate.AggregateQueries.Answer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.kafka.streams.state.HostInfo;

/** Fetches an interactive query's answer from the instance that holds the key. */
final class QueryForwarder {
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /**
   * The answer of {@code host} to {@code path} (a path and query), its status and body as given.
   */
  Answer forward(HostInfo host, String path) {
    URI uri = URI.create("http://" + host.host() + ":" + host.port() + path);
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), new AggregateJson.Raw(r.body()));
    } catch (IOException e) {
      return AggregateQueries.error(502, "instance " + host + " did not answer " + path + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return AggregateQueries.error(503, "interrupted");
    }
  }
}
