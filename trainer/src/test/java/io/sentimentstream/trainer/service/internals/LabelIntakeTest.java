package io.sentimentstream.trainer.service.internals;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sentimentstream.avro.LabeledTweet;
import io.sentimentstream.avro.Sentiment;
import io.sentimentstream.serde.ConfluentAvroDeserializer;
import io.sentimentstream.serde.InMemorySchemaRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class LabelIntakeTest {
  private static final String TOPIC = "tweets-labeled";

  @TempDir Path dir;

  private static LabeledTweet labeled(String text) {
    return LabeledTweet.newBuilder()
        .setText(text)
        .setLabel(Sentiment.POSITIVE)
        .setTweetId(null)
        .setLabelSource("test")
        .setLabeledAt(Instant.EPOCH)
        .setConfidence(null)
        .build();
  }

  @Test
  void aTextOverTheBoundIsSkippedAsTooLongNamingWhereAndHowLong() throws Exception {
    InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    var deserializer = registry.configure(new ConfluentAvroDeserializer<>(LabeledTweet.class));
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    TrainerMetrics metrics = new TrainerMetrics(meters, () -> 0);
    Logger logger = (Logger) LoggerFactory.getLogger(LabelIntake.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    logger.addAppender(logged);
    try (LabelStore store = LabelStore.open(dir)) {
      LabelIntake intake = new LabelIntake(deserializer, store, metrics);
      TopicPartition tp = new TopicPartition(TOPIC, 3);
      List<ConsumerRecord<byte[], byte[]>> records =
          List.of(
              new ConsumerRecord<>(TOPIC, 3, 6, null, registry.encode(TOPIC, labeled("fine"))),
              new ConsumerRecord<>(
                  TOPIC, 3, 7, null, registry.encode(TOPIC, labeled("y".repeat(1 << 20)))),
              new ConsumerRecord<>(
                  TOPIC, 3, 8, null, registry.encode(TOPIC, labeled("é".repeat(2048)))));
      LabelIntake.Result result =
          intake.accept(
              new MockConsumer<>("earliest"), new ConsumerRecords<>(Map.of(tp, records), Map.of()));
      assertThat(result.newLabels()).isEqualTo(2); // 2,048 é are 4,096 bytes: at the bound
      assertThat(store.size()).isEqualTo(2);
      assertThat(metrics.skippedCount("too_long")).isEqualTo(1);
    } finally {
      logger.detachAppender(logged);
    }
    assertThat(logged.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .anySatisfy(
            m ->
                assertThat(m)
                    .contains(
                        "too_long", TOPIC + "-3@7", "1048576 bytes", "label.text.max.bytes=4096"));
  }
}
