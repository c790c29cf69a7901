package io.sentimentstream.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker stopped (cleanly or killed) and started again keeps its port, topics and records. */
@Tag("integration")
class BrokerRestartIT {

  @Test
  void aBrokerStoppedOrKilledComesBackOnItsPortWithItsTopicsAndRecords(@TempDir Path dir)
      throws Exception {
    try (LocalStack stack = LocalStack.start(dir)) {
      String bootstrap = stack.bootstrapServers();
      stack.createTopic("kept", 1, Map.of());
      produce(stack, "before-stop");
      long brokerPid = stack.pids().get(0);

      stack.stopBroker(false);
      assertThat(ProcessHandle.of(brokerPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
      stack.startBroker();
      assertThat(stack.bootstrapServers()).isEqualTo(bootstrap);
      assertThat(stack.pids().get(0)).isNotEqualTo(brokerPid);
      produce(stack, "before-kill");

      stack.stopBroker(true);
      stack.startBroker();
      produce(stack, "after-kill");

      try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
        assertThat(admin.listTopics().names().get()).contains("kept");
      }
      assertThat(readAll(stack)).containsExactly("before-stop", "before-kill", "after-kill");
    }
  }

  private static void produce(LocalStack stack, String value) throws Exception {
    try (KafkaProducer<String, String> p =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", stack.bootstrapServers(), "acks", "all"),
            new StringSerializer(),
            new StringSerializer())) {
      p.send(new ProducerRecord<>("kept", value)).get();
    }
  }

  private static List<String> readAll(LocalStack stack) {
    List<String> out = new ArrayList<>();
    try (KafkaConsumer<String, String> c =
        new KafkaConsumer<>(
            Map.of("bootstrap.servers", stack.bootstrapServers()),
            new StringDeserializer(),
            new StringDeserializer())) {
      TopicPartition tp = new TopicPartition("kept", 0);
      c.assign(List.of(tp));
      c.seekToBeginning(List.of(tp));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (out.size() < 3 && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
          out.add(r.value());
        }
      }
    }
    return out;
  }
}
