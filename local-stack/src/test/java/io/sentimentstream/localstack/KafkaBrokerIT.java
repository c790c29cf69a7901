package io.sentimentstream.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class KafkaBrokerIT {

  @Test
  void brokerAnswersOnLoopbackWithOneNode(LocalStack stack) throws Exception {
    assertThat(stack.bootstrapServers()).matches("127\\.0\\.0\\.1:\\d+");
    try (Admin admin = admin(stack)) {
      assertThat(admin.describeCluster().nodes().get(10, TimeUnit.SECONDS))
          .singleElement()
          .satisfies(node -> assertThat(node.host()).isEqualTo("127.0.0.1"));
    }
  }

  @Test
  void topicRoundTripsRecordsInOrder(LocalStack stack) {
    String topic = "round-trip-" + UUID.randomUUID();
    stack.createTopic(topic, 3, Map.of());
    List<String> sent = List.of("a", "b", "c", "d", "e");
    try (KafkaProducer<String, String> producer = producer(stack)) {
      for (String value : sent) {
        producer.send(new ProducerRecord<>(topic, "same-key", value));
      }
      producer.flush();
    }
    assertThat(consume(stack, topic, sent.size(), "read_uncommitted"))
        .extracting(ConsumerRecord::value)
        .containsExactlyElementsOf(sent);
  }

  @Test
  void createTopicAppliesTopicConfigs(LocalStack stack) throws Exception {
    String topic = "compacted-" + UUID.randomUUID();
    stack.createTopic(topic, 1, Map.of("cleanup.policy", "compact"));
    try (Admin admin = admin(stack)) {
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
      Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
      assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
    }
  }

  @Test
  void createTopicTwiceNamesTheTopicInTheError(LocalStack stack) {
    String topic = "twice-" + UUID.randomUUID();
    stack.createTopic(topic, 1, Map.of());
    assertThatThrownBy(() -> stack.createTopic(topic, 1, Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(topic)
        .hasMessageContaining("already exists");
  }

  static Admin admin(LocalStack stack) {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()));
  }

  static KafkaProducer<String, String> producer(LocalStack stack) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            stack.bootstrapServers(),
            ProducerConfig.ACKS_CONFIG,
            "all"),
        new StringSerializer(),
        new StringSerializer());
  }

  /** Reads {@code count} records from the start of {@code topic}, polling for at most 30 s. */
  static List<ConsumerRecord<String, String>> consume(
      LocalStack stack, String topic, int count, String isolation) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            stack.bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG,
            "reader-" + UUID.randomUUID(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            isolation);
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (records.size() < count && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }
}
