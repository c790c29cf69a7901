package io.sentimentstream.stream.it;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sentimentstream.localstack.LocalStack;
import io.sentimentstream.localstack.LocalStackExtension;
import io.sentimentstream.stream.SentimentStreamApp;
import io.sentimentstream.stream.StreamConfig;
import io.sentimentstream.stream.testing.ItSupport;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A dead-letter topic that cannot take the largest dead letter would fail the stream thread on that
 * record after every restart under exactly-once: start-up refuses it instead, naming the key.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class TopicLimitsIT {
  private static final Path WORK = Path.of("target", "it-topic-limits").toAbsolutePath();

  @Test
  void aDeadLetterTopicSmallerThanTheLargestDeadLetterStopsStartUpNamingTheKey(LocalStack stack)
      throws Exception {
    Map<String, Object> m = ItSupport.appConfig(stack, "limits-", WORK);
    String dlq = (String) m.get(StreamConfig.TOPIC_DLQ);
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(dlq, 1, (short) 1).configs(Map.of("max.message.bytes", "100000"))))
          .all()
          .get();
    }

    assertThatThrownBy(() -> SentimentStreamApp.start(new StreamConfig(m)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(StreamConfig.RECORD_MAX_BYTES)
        .hasMessageContaining("topic " + dlq + " accepts records of at most 100000 bytes")
        .hasMessageContaining("the app may write 540672 there");
  }
}
