package io.sentimentstream.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka Streams under exactly-once runs against the local broker (transactions work on one node).
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class StreamsExactlyOnceIT {

  @Test
  void uppercaseTopologyCommitsTransactionallyUnderExactlyOnceV2(
      LocalStack stack, @TempDir Path stateDir) throws Exception {
    String input = "eos-in-" + UUID.randomUUID();
    String output = "eos-out-" + UUID.randomUUID();
    stack.createTopic(input, 2, Map.of());
    stack.createTopic(output, 2, Map.of());
    List<String> words = List.of("alpha", "beta", "gamma", "delta");
    try (KafkaProducer<String, String> producer = KafkaBrokerIT.producer(stack)) {
      for (String word : words) {
        producer.send(new ProducerRecord<>(input, word, word));
      }
    }

    try (KafkaStreams streams =
        new KafkaStreams(uppercase(input, output), config(stack, stateDir))) {
      streams.start();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> streams.state() == KafkaStreams.State.RUNNING);
      List<ConsumerRecord<String, String>> read =
          KafkaBrokerIT.consume(stack, output, words.size(), "read_committed");
      assertThat(read)
          .extracting(ConsumerRecord::key, ConsumerRecord::value)
          .containsExactlyInAnyOrder(
              words.stream()
                  .map(w -> org.assertj.core.groups.Tuple.tuple(w, w.toUpperCase(Locale.ROOT)))
                  .toArray(org.assertj.core.groups.Tuple[]::new));
    }
  }

  private static Topology uppercase(String input, String output) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(input, Consumed.with(Serdes.String(), Serdes.String()))
        .mapValues(v -> v.toUpperCase(Locale.ROOT))
        .to(output, Produced.with(Serdes.String(), Serdes.String()));
    return builder.build();
  }

  private static Properties config(LocalStack stack, Path stateDir) throws Exception {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "eos-smoke-" + UUID.randomUUID());
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(stateDir).toString());
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    // A restarted or second member would otherwise wait the 45 s default before rebalancing.
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6000);
    return p;
  }
}
