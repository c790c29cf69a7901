package io.sentimentstream.stream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sentimentstream.avro.SentimentResult;
import io.sentimentstream.classifier.ModelBundle;
import io.sentimentstream.localstack.LocalStack;
import io.sentimentstream.localstack.LocalStackExtension;
import io.sentimentstream.stream.SentimentStreamApp;
import io.sentimentstream.stream.SentimentTopology;
import io.sentimentstream.stream.StreamConfig;
import io.sentimentstream.stream.StreamMetrics;
import io.sentimentstream.stream.testing.ItSupport;
import io.sentimentstream.stream.testing.SlowScorer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The batch time budget on a real broker under exactly-once: a model that slows down mid-stream
 * gets smaller batches and every flush stays inside the transaction timeout, and the app starts
 * with the default model while other processes load the cores.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class AdaptiveBatchIT {
  private static final Path WORK = Path.of("target", "it-adaptive-batch").toAbsolutePath();

  /** 4 s transaction timeout x the default fraction 0.25: 1 s per flush. */
  private static final long TRANSACTION_TIMEOUT_MS = 4_000;

  @Test
  void aModelThatSlowsDownGetsSmallerBatchesAndEveryFlushCommitsInsideTheTimeout(LocalStack stack)
      throws Exception {
    String p = "adaptive-";
    createTopics(stack, p);
    // 2 ms per text, then 10, 30, 60 and 150: a fixed batch of 32 would take 4.8 s at the end,
    // over the 4 s transaction timeout; each step is at most 5x the previous one.
    SlowScorer slow =
        new SlowScorer(n -> n < 100 ? 2 : n < 150 ? 10 : n < 200 ? 30 : n < 250 ? 60 : 150);
    List<ItSupport.RawTweet> tweets = ItSupport.gopTweets(300);
    StreamConfig cfg = config(stack, p, Map.of());
    StreamMetrics metrics = new StreamMetrics(new SimpleMeterRegistry());
    AtomicInteger threadCrashes = new AtomicInteger();
    List<KafkaStreams.State> states = new CopyOnWriteArrayList<>();
    try (KafkaStreams streams =
            new KafkaStreams(
                SentimentTopology.build(SentimentStreamApp.topics(cfg), slow, cfg, metrics),
                cfg.streamsProperties());
        var results = ItSupport.results(stack, p + "tweet-sentiment")) {
      streams.setUncaughtExceptionHandler(
          e -> {
            threadCrashes.incrementAndGet();
            return StreamThreadExceptionResponse.REPLACE_THREAD;
          });
      streams.setStateListener((now, before) -> states.add(now));
      streams.start();
      ItSupport.produce(stack, p + "tweets", tweets);
      await()
          .atMost(Duration.ofSeconds(120))
          .until(() -> distinctIds(results.poll()) >= tweets.size());
      Thread.sleep(2_000); // room for a duplicate to show up
      results.poll();

      Map<String, Long> counts =
          results.records.stream()
              .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
      assertThat(counts).hasSize(tweets.size());
      assertThat(counts.values()).as("each id exactly once").allMatch(c -> c == 1L);
      assertThat(threadCrashes).as("no stream thread died (no fenced producer)").hasValue(0);
      assertThat(states).doesNotContain(KafkaStreams.State.ERROR);

      List<SlowScorer.Call> calls = new ArrayList<>(slow.calls);
      assertThat(calls)
          .as("every flush well inside the %d ms transaction timeout", TRANSACTION_TIMEOUT_MS)
          .allMatch(c -> c.millis() < TRANSACTION_TIMEOUT_MS / 2);
      SlowScorer.Call last = calls.get(calls.size() - 1);
      assertThat(last.texts()).as("batches at 150 ms per text").isLessThanOrEqualTo(4);
      assertThat(calls.stream().mapToInt(SlowScorer.Call::texts).max().orElse(0))
          .as("full batches while the model was fast")
          .isEqualTo(32);
    }
  }

  @Test
  void startsWithTheDefaultModelWhileTwoBusyProcessesLoadTheCores(LocalStack stack)
      throws Exception {
    String p = "loaded-";
    createTopics(stack, p);
    Map<String, Object> defaults = new HashMap<>();
    defaults.put(StreamConfig.MODEL_BUNDLE_DIR, ""); // the built-in default model (e5-small-v2)
    defaults.put(StreamConfig.BATCH_MAX_SIZE, "32");
    defaults.put("transaction.timeout.ms", "10000"); // Streams' default under exactly-once
    StreamConfig cfg = config(stack, p, defaults);
    List<Process> load = new ArrayList<>();
    for (int i = 0; i < 2; i++) { // one busy loop per core
      load.add(new ProcessBuilder("sh", "-c", "while :; do :; done").start());
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (SentimentStreamApp app = SentimentStreamApp.start(cfg, registry);
        var results = ItSupport.results(stack, p + "tweet-sentiment")) {
      await().atMost(Duration.ofSeconds(120)).until(app::ready);
      double cap = registry.get("sentiment.batch.cap").gauge().value();
      assertThat(cap).isBetween(1.0, 32.0);
      List<ItSupport.RawTweet> tweets = ItSupport.gopTweets(40);
      ItSupport.produce(stack, p + "tweets", tweets);
      await()
          .atMost(Duration.ofSeconds(120))
          .until(() -> distinctIds(results.poll()) >= tweets.size());
      long builtIn = ModelBundle.defaultHead().version();
      assertThat(results.records)
          .allSatisfy(r -> assertThat(r.value().getModelVersion()).isEqualTo(builtIn));
    } finally {
      for (Process busy : load) {
        busy.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private static long distinctIds(List<ConsumerRecord<String, SentimentResult>> records) {
    return records.stream().map(ConsumerRecord::key).distinct().count();
  }

  private static void createTopics(LocalStack stack, String p) {
    stack.createTopic(p + "tweets", 2, Map.of());
    stack.createTopic(p + "tweet-sentiment", 2, Map.of());
    stack.createTopic(p + "tweets-dlq", 1, Map.of());
  }

  private static StreamConfig config(LocalStack stack, String p, Map<String, Object> extra) {
    Map<String, Object> m = ItSupport.appConfig(stack, p, WORK);
    m.put(StreamConfig.BATCH_MAX_DELAY_MS, "50");
    m.put(StreamConfig.BATCH_MAX_SIZE, "32"); // the premise of the slowdown test: batches of <= 32
    m.put("transaction.timeout.ms", Long.toString(TRANSACTION_TIMEOUT_MS));
    m.put("session.timeout.ms", "6000");
    m.putAll(extra);
    return new StreamConfig(m);
  }
}
