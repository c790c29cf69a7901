package io.sentimentstream.stream.cli;

import io.sentimentstream.stream.StreamConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the app's topics if missing (the model topic compacted). */
public final class DemoTopics {
  private DemoTopics() {}

  // The broker's default replication factor: 1 on the local stack, the cluster's own elsewhere.
  private static NewTopic topic(String name, int partitions) {
    return new NewTopic(name, Optional.of(partitions), Optional.empty());
  }

  /**
   * Creates tweets, results, dead-letter (3, 3, 1 partitions; 1 for models) and the compacted model
   * topic.
   */
  public static void create(StreamConfig cfg) throws InterruptedException {
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                cfg.getString(StreamConfig.BOOTSTRAP_SERVERS)))) {
      List<NewTopic> topics =
          List.of(
              topic(cfg.getString(StreamConfig.TOPIC_TWEETS), 3),
              topic(cfg.getString(StreamConfig.TOPIC_RESULTS), 3),
              topic(cfg.getString(StreamConfig.TOPIC_DLQ), 1),
              topic(cfg.getString(StreamConfig.TOPIC_MODELS), 1)
                  .configs(Map.of("cleanup.policy", "compact")));
      for (var e : admin.createTopics(topics).values().entrySet()) {
        try {
          e.getValue().get();
        } catch (ExecutionException ex) {
          if (!(ex.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException(
                "cannot create topic " + e.getKey() + ": " + ex.getCause(), ex);
          }
        }
      }
    }
  }
}
