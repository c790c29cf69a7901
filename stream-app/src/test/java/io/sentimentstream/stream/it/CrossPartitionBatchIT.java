package io.sentimentstream.stream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sentimentstream.avro.SentimentResult;
import io.sentimentstream.classifier.TextCleaner;
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
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Six input partitions, one stream thread, six tasks: a pass with room takes the texts the other
 * tasks wait for, so batches fill from several partitions instead of each task flushing its own
 * sixth after the delay.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class CrossPartitionBatchIT {
  private static final Path WORK = Path.of("target", "it-cross-partition").toAbsolutePath();

  @Test
  void aBatchFillsFromSeveralPartitionsAndEveryIdComesOutOnce(LocalStack stack) throws Exception {
    String p = "xpart-";
    stack.createTopic(p + "tweets", 6, Map.of());
    stack.createTopic(p + "tweet-sentiment", 2, Map.of());
    stack.createTopic(p + "tweets-dlq", 1, Map.of());
    List<ItSupport.RawTweet> tweets = ItSupport.gopTweets(60); // ~10 per partition, by key hash
    SlowScorer slow = new SlowScorer(n -> 2);
    StreamConfig cfg = config(stack, p);
    try (KafkaStreams streams =
            new KafkaStreams(
                SentimentTopology.build(
                    SentimentStreamApp.topics(cfg),
                    slow,
                    cfg,
                    new StreamMetrics(new SimpleMeterRegistry())),
                cfg.streamsProperties());
        var results = ItSupport.results(stack, p + "tweet-sentiment")) {
      streams.start();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> streams.state() == KafkaStreams.State.RUNNING);
      ItSupport.produce(stack, p + "tweets", tweets);
      await().atMost(Duration.ofSeconds(60)).until(() -> distinct(results.poll()) >= tweets.size());
      Thread.sleep(1_000);
      results.poll();

      Map<String, Long> counts =
          results.records.stream()
              .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
      assertThat(counts).hasSize(tweets.size());
      assertThat(counts.values()).allMatch(c -> c == 1L);
      List<Integer> sizes = slow.calls.stream().map(SlowScorer.Call::texts).toList();
      // Identical texts (a retweet in another partition) are one text: the text cache answers it.
      long distinctTexts = tweets.stream().map(t -> TextCleaner.clean(t.text())).distinct().count();
      assertThat(sizes.stream().mapToInt(Integer::intValue).sum())
          .as("each text computed once: %s", sizes)
          .isEqualTo(distinctTexts);
      int largestPartition = largestPartition(tweets, 6);
      assertThat(sizes.stream().mapToInt(Integer::intValue).max().orElse(0))
          .as("a pass larger than any one partition's %d tweets: %s", largestPartition, sizes)
          .isGreaterThan(largestPartition);
      assertThat(sizes.size()).as("fewer passes than partitions: %s", sizes).isLessThan(6);
    }
  }

  /** Most tweets any one partition holds, with the producer's default key partitioning. */
  private static int largestPartition(List<ItSupport.RawTweet> tweets, int partitions) {
    int[] n = new int[partitions];
    for (ItSupport.RawTweet t : tweets) {
      byte[] key = t.id().getBytes(java.nio.charset.StandardCharsets.UTF_8);
      n[Utils.toPositive(Utils.murmur2(key)) % partitions]++;
    }
    return java.util.Arrays.stream(n).max().orElse(0);
  }

  private static long distinct(List<ConsumerRecord<String, SentimentResult>> records) {
    return records.stream().map(ConsumerRecord::key).distinct().count();
  }

  private static StreamConfig config(LocalStack stack, String p) {
    Map<String, Object> m = ItSupport.appConfig(stack, p, WORK);
    m.put(StreamConfig.BATCH_MAX_SIZE, "32");
    m.put(StreamConfig.BATCH_MAX_DELAY_MS, "500");
    return new StreamConfig(m);
  }
}
