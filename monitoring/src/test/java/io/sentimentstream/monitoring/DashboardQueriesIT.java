package io.sentimentstream.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sentimentstream.localstack.LocalStack;
import io.sentimentstream.localstack.LocalStackExtension;
import io.sentimentstream.modelupdates.signing.Ed25519Keys;
import io.sentimentstream.stream.StreamAppMain;
import io.sentimentstream.trainer.TrainerCli;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Grafana dashboard against a real Prometheus: a stream app ({@code run}) and a trainer ({@code
 * serve}) run as child JVMs on the local stack's real broker and registry, take a little traffic
 * (tweets, repeats, a poison record, an unreadable result, labelled tweets, a retraining whose
 * update the app refuses), and Prometheus scrapes both ops endpoints. Every query of every panel
 * must then return data: a renamed metric, a missing label or an unregistered meter fails the build
 * naming the panel and its expression. And the console stays quiet: neither app logs a WARN or
 * ERROR line other than about the bad input sent here.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class DashboardQueriesIT {
  /** What Grafana's $__rate_interval stands for here: many 1 s scrapes, all from this test. */
  private static final String WINDOW = "1m";

  private static final List<String> TEXTS =
      List.of(
          "What a great debate tonight, proud of the candidates",
          "This is the worst answer I have ever heard",
          "The moderators asked about taxes and the economy",
          "Loved the closing statements #GOPDebate",
          "Terrible night for everyone on that stage",
          "Watching the debate with friends");

  /**
   * What the stream app warns about the poison tweet, the unreadable result, the refused update.
   */
  private static final List<String> APP_WARNINGS =
      List.of(
          "Dead-lettering unreadable/invalid record",
          "Aggregates skip an unreadable result",
          "Rejected model update");

  /** What the trainer warns about the unreadable label. */
  private static final List<String> TRAINER_WARNINGS = List.of("Skipping unreadable record");

  @Test
  void everyPanelsQueryReturnsDataFromARunningStreamAppAndTrainer(LocalStack stack)
      throws Exception {
    // Kept after the run: the apps' and Prometheus's logs are what one reads when it fails.
    Path dir = Path.of("target", "dashboard-queries-it").toAbsolutePath();
    deleteRecursively(dir);
    Files.createDirectories(dir);
    String s = UUID.randomUUID().toString().substring(0, 8);
    String tweets = "tweets-" + s;
    String results = "tweet-sentiment-" + s;
    String labeled = "tweets-labeled-" + s;
    String models = "sentiment-models-" + s;
    Traffic traffic = new Traffic(stack);
    traffic.createTopics(List.of(tweets, results, "tweets-dlq-" + s, labeled), List.of(models));
    KeyPair keys = Ed25519Keys.generate();

    Map<String, String> app =
        Map.ofEntries(
            Map.entry("bootstrap.servers", stack.bootstrapServers()),
            Map.entry("schema.registry.url", stack.registryUrl()),
            Map.entry("application.id", "monitoring-it-" + s),
            Map.entry("topic.tweets", tweets),
            Map.entry("topic.results", results),
            Map.entry("topic.dlq", "tweets-dlq-" + s),
            Map.entry("topic.models", models),
            Map.entry("topic.aggregates", "sentiment-aggregates-" + s),
            Map.entry("model.device", "CPU"),
            Map.entry("model.public.key", Ed25519Keys.toPem(keys.getPublic())),
            Map.entry("state.dir", dir.resolve("app-state").toString()));
    // The trainer trains on the fast encoder: its update is refused by the app (reason encoder),
    // which is what the "rejected" panel and alert are for.
    Map<String, String> trainer =
        Map.ofEntries(
            Map.entry("bootstrap.servers", stack.bootstrapServers()),
            Map.entry("schema.registry.url", stack.registryUrl()),
            Map.entry("group.id", "trainer-" + s),
            Map.entry("topic.labeled", labeled),
            Map.entry("topic.models", models),
            Map.entry("state.dir", dir.resolve("trainer-state").toString()),
            Map.entry("model.encoder", "all-minilm-l6-v2"),
            Map.entry("model.signing.key", Ed25519Keys.toPem(keys.getPrivate())),
            Map.entry("model.public.key", Ed25519Keys.toPem(keys.getPublic())),
            Map.entry("retrain.every.labels", "100000"),
            Map.entry("retrain.interval.ms", "3000"),
            Map.entry("retrain.min.labels", "50"),
            Map.entry("train.max.epochs", "30"));

    try (ChildApp streamApp =
            ChildApp.start("stream-app", StreamAppMain.class, "run", app, dir, "trainer");
        ChildApp trainerApp =
            ChildApp.start("trainer", TrainerCli.class, "serve", trainer, dir, "stream-app");
        Prometheus prometheus =
            Prometheus.start(
                dir, Map.of("stream-app", streamApp.target(), "trainer", trainerApp.target()))) {
      for (ChildApp a : List.of(streamApp, trainerApp)) {
        await("/health/ready of " + a.name)
            .atMost(Duration.ofMinutes(4))
            .pollInterval(Duration.ofSeconds(1))
            .failFast(a.name + " exited; its log: " + a.logFile(), () -> !a.alive())
            .until(a::ready);
      }
      await("Prometheus: up == 1 for both jobs")
          .atMost(Duration.ofMinutes(1))
          .pollInterval(Duration.ofMillis(500))
          .failFast(
              "prometheus exited; its log: " + prometheus.logFile(), () -> !prometheus.alive())
          .until(() -> prometheus.up("stream-app") == 1 && prometheus.up("trainer") == 1);

      List<String> texts = new ArrayList<>(TEXTS);
      texts.addAll(TEXTS); // repeats: cache hits
      traffic.tweets(tweets, "t" + s, texts);
      traffic.raw(tweets, "poison-" + s, "not avro".getBytes(StandardCharsets.UTF_8));
      traffic.raw(results, "unreadable-" + s, "not a result".getBytes(StandardCharsets.UTF_8));
      traffic.gopLabels(labeled, Path.of(System.getProperty("gop.csv")), 400);
      traffic.raw(labeled, "unreadable-" + s, "not a label".getBytes(StandardCharsets.UTF_8));

      // The traffic has been handled: every tweet out, the trainer's update seen and refused.
      await("results, dead letter and the refused update, in Prometheus")
          .atMost(Duration.ofMinutes(5))
          .pollInterval(Duration.ofSeconds(2))
          .until(
              () ->
                  !prometheus.query("sentiment_records_out_total >= " + texts.size()).isEmpty()
                      && !prometheus.query("sentiment_records_dead_lettered_total").isEmpty()
                      && !prometheus.query("trainer_trainings_total >= 1").isEmpty()
                      && !prometheus.query("sentiment_model_updates_rejected_total").isEmpty());
      // Kafka's client metrics (consumer lag) reach Micrometer on its one-minute refresh; so every
      // query is asked until all have data or two minutes have passed, then the empty ones named.
      List<DashboardQueries.Query> queries = DashboardQueries.all(WINDOW);
      List<String> empty = emptyQueries(prometheus, queries);
      for (long end = System.nanoTime() + Duration.ofMinutes(2).toNanos();
          !empty.isEmpty() && System.nanoTime() < end; ) {
        Thread.sleep(2_000);
        empty = emptyQueries(prometheus, queries);
      }
      assertThat(queries).as("the dashboard's queries").hasSizeGreaterThan(20);
      assertThat(empty)
          .as(
              "dashboard queries that returned no data from a running stream app and trainer"
                  + " (window %s; logs in %s)",
              WINDOW, dir)
          .isEqualTo(Collections.emptyList());
      assertThat(streamApp.log()).as("the stream app's log").contains("Rejected model update");
      // A quiet console: the only warnings are about the bad input this test sent.
      assertThat(unexpectedWarnings(streamApp.log(), APP_WARNINGS))
          .as("unexpected WARN/ERROR lines of the stream app (log: %s)", streamApp.logFile())
          .isEmpty();
      assertThat(unexpectedWarnings(trainerApp.log(), TRAINER_WARNINGS))
          .as("unexpected WARN/ERROR lines of the trainer (log: %s)", trainerApp.logFile())
          .isEmpty();
    }
  }

  /**
   * Log lines at WARN or ERROR, and logback's own status lines, except those containing one of
   * {@code expected}.
   */
  private static List<String> unexpectedWarnings(String log, List<String> expected) {
    return log.lines()
        .filter(
            l -> l.matches("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} +(WARN|ERROR).*") || l.contains("|-"))
        .filter(l -> expected.stream().noneMatch(l::contains))
        .toList();
  }

  private static List<String> emptyQueries(
      Prometheus prometheus, List<DashboardQueries.Query> queries) throws Exception {
    List<String> empty = new ArrayList<>();
    for (DashboardQueries.Query q : queries) {
      if (prometheus.query(q.promql()).isEmpty()) {
        empty.add(q.toString());
      }
    }
    return empty;
  }

  private static void deleteRecursively(Path dir) throws java.io.IOException {
    if (Files.exists(dir)) {
      try (var paths = Files.walk(dir)) {
        for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }
}
