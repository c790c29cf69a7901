package io.sentimentstream.stream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** create-topics makes the model topic big enough for updates that carry adapters. */
class DemoTopicsTest {
  @Test
  void theModelTopicIsCompactedAndTakesMessagesOfEightMebibytesAndMore() {
    assertThat(DemoTopics.modelTopicConfigs())
        .containsEntry("cleanup.policy", "compact")
        .containsEntry("max.message.bytes", Integer.toString(8 * 1024 * 1024 + 64 * 1024));
  }
}
