package io.sentimentstream.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sentimentstream.localstack.LocalStack;
import io.sentimentstream.localstack.LocalStackExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The compaction check against the real broker. */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class CompactedTopicIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private static Admin admin(LocalStack stack) {
    return Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()));
  }

  private static String name() {
    return "models-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void aMissingTopicIsCreatedCompacted(LocalStack stack) throws Exception {
    String topic = name();
    try (Admin admin = admin(stack)) {
      CompactedTopic.createOrCheck(admin, topic, TIMEOUT);

      ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
      String policy =
          admin.describeConfigs(List.of(r)).all().get().get(r).get("cleanup.policy").value();
      assertThat(policy).isEqualTo("compact");
      assertThat(CompactedTopic.check(admin, topic, TIMEOUT)).isTrue();
    }
  }

  @Test
  void checkingAMissingTopicDoesNotCreateIt(LocalStack stack) throws Exception {
    String topic = name();
    try (Admin admin = admin(stack)) {
      assertThat(CompactedTopic.check(admin, topic, TIMEOUT)).isFalse();
      assertThat(admin.listTopics().names().get()).doesNotContain(topic);
    }
  }

  @Test
  void aTopicWithTheDeletePolicyIsRefusedNamingTheSetting(LocalStack stack) {
    String topic = name();
    stack.createTopic(topic, 1, Map.of("cleanup.policy", "delete"));
    try (Admin admin = admin(stack)) {
      assertThatThrownBy(() -> CompactedTopic.createOrCheck(admin, topic, TIMEOUT))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("Invalid value delete for configuration cleanup.policy")
          .hasMessageContaining("topic " + topic + " holds model updates");
    }
  }

  @Test
  void compactPlusDeleteIsRefusedToo(LocalStack stack) {
    String topic = name();
    stack.createTopic(topic, 1, Map.of("cleanup.policy", "compact,delete"));
    try (Admin admin = admin(stack)) {
      assertThatThrownBy(() -> CompactedTopic.check(admin, topic, TIMEOUT))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("cleanup.policy");
    }
  }
}
