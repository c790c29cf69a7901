package io.sentimentstream.stream.aggregate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentimentstream.localstack.LocalStack;
import io.sentimentstream.localstack.LocalStackExtension;
import io.sentimentstream.stream.SentimentStreamApp;
import io.sentimentstream.stream.StreamConfig;
import io.sentimentstream.stream.aggregate.AggregateSettings;
import io.sentimentstream.stream.aggregate.AggregateTopology;
import io.sentimentstream.stream.cli.GopReplay;
import io.sentimentstream.stream.testing.ItSupport;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two instances of the app (one consumer group, two partitions): each answers every key, fetching
 * from the instance that holds it (application.server metadata) when it does not.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class InteractiveQueriesIT {
  private static final Path WORK = Path.of("target", "it-queries").toAbsolutePath();

  @Test
  void eitherInstanceAnswersEveryKeyWithTheOwnersWindows(LocalStack stack) throws Exception {
    String p = "iq-";
    AggregateIt.createTopics(stack, p, 2);
    Path bundle =
        ItSupport.bundle(WORK.resolve("model"), ItSupport.head(ItSupport.encoderId(), 1, 3));
    // Event times now: the two classifier tasks may reorder tweets across partitions.
    Instant now = Instant.now();
    List<GopReplay.Row> rows =
        GopReplay.read(ItSupport.gopCsv()).stream()
            .limit(120)
            .map(r -> new GopReplay.Row(r.id(), r.user(), r.text(), now))
            .toList();
    int portA = freePort();
    int portB = freePort();
    try (SentimentStreamApp a = SentimentStreamApp.start(config(stack, p, bundle, portA));
        SentimentStreamApp b = SentimentStreamApp.start(config(stack, p, bundle, portB))) {
      await()
          .atMost(Duration.ofSeconds(90))
          .until(() -> running(a) && running(b) && bothHoldAggregateTasks(a, b));
      AggregateIt.produce(stack, p + "tweets", rows);
      for (String key : List.of("all", "#gopdebate", "term:trump")) {
        await()
            .atMost(Duration.ofSeconds(90))
            .until(() -> AggregateIt.total(portA, key) > 0 && sameAnswer(key, portA, portB));
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> AggregateIt.total(portA, "all") == 120);
      assertThat(AggregateIt.total(portB, "all")).isEqualTo(120);

      JsonNode fromA = AggregateIt.get(portA, "/aggregates?key=all");
      JsonNode fromB = AggregateIt.get(portB, "/aggregates?key=all");
      assertThat(fromA).isEqualTo(fromB);
      String owner = fromA.get("servedBy").asText();
      assertThat(owner).isIn("127.0.0.1:" + portA, "127.0.0.1:" + portB); // one of them forwarded
      JsonNode tagsA = AggregateIt.get(portA, "/aggregates/hashtags");
      assertThat(tagsA).isEqualTo(AggregateIt.get(portB, "/aggregates/hashtags"));
      assertThat(tagsA.get("hashtags").get(0).get("key").asText()).startsWith("#");

      HttpResponse<String> bad = AggregateIt.getRaw(portA, "/aggregates?key=all&from=yesterday");
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(bad.body()).contains("'from'");
      HttpResponse<String> far =
          AggregateIt.getRaw(portB, "/aggregates?key=all&from=%2B999999999-12-31T23:59:59Z");
      assertThat(far.statusCode()).isEqualTo(400); // was a 500 holding the exception's text
      assertThat(far.body()).contains("'from'");
      assertThat(AggregateIt.getRaw(portB, "/aggregates").body()).contains("'key' is required");
    }
  }

  private static boolean sameAnswer(String key, int portA, int portB) throws Exception {
    String path = "/aggregates?key=" + AggregateIt.enc(key);
    return AggregateIt.get(portA, path).equals(AggregateIt.get(portB, path));
  }

  private static boolean running(SentimentStreamApp app) {
    return app.streams().state() == KafkaStreams.State.RUNNING;
  }

  // Each instance holds one of the two aggregator tasks, so some key is held by each.
  private static boolean bothHoldAggregateTasks(SentimentStreamApp a, SentimentStreamApp b) {
    Set<String> hosts =
        a.streams().streamsMetadataForStore(AggregateTopology.WINDOW_STORE).stream()
            .map(m -> m.hostInfo().toString())
            .collect(Collectors.toSet());
    return hosts.size() == 2;
  }

  private static StreamConfig config(LocalStack stack, String p, Path bundle, int port) {
    return AggregateIt.config(
        stack,
        p,
        WORK,
        bundle,
        Map.of(
            StreamConfig.OPS_HTTP_PORT,
            Integer.toString(port),
            StreamsConfig.APPLICATION_SERVER_CONFIG,
            "127.0.0.1:" + port,
            AggregateSettings.AGGREGATE_TERMS,
            "trump"));
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }
}
