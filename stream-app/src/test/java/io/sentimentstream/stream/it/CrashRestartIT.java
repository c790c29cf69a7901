package io.sentimentstream.stream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sentimentstream.avro.SentimentResult;
import io.sentimentstream.localstack.LocalStack;
import io.sentimentstream.localstack.LocalStackExtension;
import io.sentimentstream.stream.StreamAppMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The app in a child JVM is killed without a clean shutdown mid-stream and restarted: the
 * read_committed output must hold every input id exactly once (exactly-once + store-backed buffer).
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class CrashRestartIT {
  private static final Path WORK = Path.of("target", "it-crash-restart").toAbsolutePath();
  private static final int N = 1500;

  @Test
  void everyInputIdAppearsExactlyOnceAfterAKillAndRestart(LocalStack stack) throws Exception {
    String p = "crash-";
    stack.createTopic(p + "tweets", 2, Map.of());
    stack.createTopic(p + "tweet-sentiment", 2, Map.of());
    stack.createTopic(p + "tweets-dlq", 1, Map.of());
    Path bundle =
        ItSupport.bundle(WORK.resolve("model"), ItSupport.head(ItSupport.encoderId(), 1, 1));
    Path config = writeConfig(stack, p, bundle);
    List<ItSupport.RawTweet> tweets = ItSupport.gopTweets(N);
    ItSupport.produce(stack, p + "tweets", tweets);

    try (var results = ItSupport.results(stack, p + "tweet-sentiment")) {
      Process first = launch(config, WORK.resolve("app-1.log"));
      try {
        await().atMost(Duration.ofSeconds(120)).until(() -> results.poll().size() >= 100);
      } finally {
        first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
      int beforeKill = results.poll().size();
      assertThat(beforeKill).as("killed mid-stream").isLessThan(N);

      Process second = launch(config, WORK.resolve("app-2.log"));
      try {
        await().atMost(Duration.ofSeconds(180)).until(() -> distinctIds(results.poll()) >= N);
        Thread.sleep(3_000); // give any duplicate time to show up
        results.poll();
      } finally {
        second.destroy(); // SIGTERM: the shutdown hook closes streams, then the model
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).as("clean shutdown on SIGTERM").isTrue();
      }

      Map<String, Long> counts =
          results.records.stream()
              .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
      assertThat(counts.keySet())
          .isEqualTo(tweets.stream().map(ItSupport.RawTweet::id).collect(Collectors.toSet()));
      assertThat(counts.values()).allMatch(c -> c == 1L);
      assertThat(results.records).hasSize(N);
    }
  }

  private static long distinctIds(List<ConsumerRecord<String, SentimentResult>> records) {
    return records.stream().map(ConsumerRecord::key).distinct().count();
  }

  private static Path writeConfig(LocalStack stack, String p, Path bundle) throws Exception {
    Files.createDirectories(WORK);
    Path f = WORK.resolve("app.properties");
    List<String> lines = new ArrayList<>();
    Map.of(
            "bootstrap.servers",
            stack.bootstrapServers(),
            "schema.registry.url",
            stack.registryUrl(),
            "application.id",
            p + "app",
            "topic.tweets",
            p + "tweets",
            "topic.results",
            p + "tweet-sentiment",
            "topic.dlq",
            p + "tweets-dlq",
            "model.bundle.dir",
            bundle.toString(),
            "model.device",
            "CPU",
            "state.dir",
            WORK.resolve("state").toString())
        .forEach((k, v) -> lines.add(k + "=" + v.replace("\\", "\\\\")));
    lines.add("model.updates.enabled=false");
    lines.add("batch.max.size=8");
    lines.add("batch.max.delay.ms=50");
    lines.add("ops.http.host=127.0.0.1");
    lines.add("ops.http.port=0");
    lines.add("session.timeout.ms=6000");
    Files.write(f, lines);
    return f;
  }

  private static Process launch(Path config, Path log) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd =
        List.of(
            java,
            "-Xmx1g",
            "-Dai.djl.offline=true",
            "-cp",
            System.getProperty("java.class.path"),
            StreamAppMain.class.getName(),
            "run",
            "--config",
            config.toString());
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }
}
