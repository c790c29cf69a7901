package io.sentimentstream.stream.cli;

import io.sentimentstream.modelupdates.ModelTopic;
import io.sentimentstream.stream.StreamConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the app's topics if missing (the model topic compacted, and with {@code
 * max.message.bytes} = {@link ModelTopic#TOPIC_MAX_MESSAGE_BYTES}: an update with adapters can
 * outgrow the broker's default 1 MB).
 */
public final class DemoTopics {
  private DemoTopics() {}

  // The broker's default replication factor: 1 on the local stack, the cluster's own elsewhere.
  private static NewTopic topic(String name, int partitions) {
    return new NewTopic(name, Optional.of(partitions), Optional.empty());
  }

  /** The model topic's configs: compacted, room for updates with adapters. */
  static Map<String, String> modelTopicConfigs() {
    Map<String, String> m = new java.util.HashMap<>(ModelTopic.TOPIC_CONFIGS);
    m.put("cleanup.policy", "compact");
    return m;
  }

  /**
   * Creates tweets, results, dead-letter (3, 3, 1 partitions; 1 for models) and the compacted model
   * topic.
   */
  public static void create(StreamConfig cfg) throws InterruptedException {
    create(cfg, 3, List.of());
  }

  /**
   * Creates tweets and results with {@code partitions}, the dead-letter and compacted model topics
   * with one, and {@code extra} topics with {@code partitions}; returns the names it created.
   */
  public static List<String> create(StreamConfig cfg, int partitions, List<String> extra)
      throws InterruptedException {
    try (Admin admin = Admin.create(cfg.connectionProperties())) {
      List<NewTopic> topics =
          new ArrayList<>(
              List.of(
                  topic(cfg.getString(StreamConfig.TOPIC_TWEETS), partitions),
                  topic(cfg.getString(StreamConfig.TOPIC_RESULTS), partitions),
                  topic(cfg.getString(StreamConfig.TOPIC_DLQ), 1),
                  topic(cfg.getString(StreamConfig.TOPIC_MODELS), 1).configs(modelTopicConfigs())));
      extra.forEach(name -> topics.add(topic(name, partitions)));
      List<String> created = new ArrayList<>();
      for (var e : admin.createTopics(topics).values().entrySet()) {
        try {
          e.getValue().get();
          created.add(e.getKey());
        } catch (ExecutionException ex) {
          if (!(ex.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException(
                "cannot create topic " + e.getKey() + ": " + ex.getCause(), ex);
          }
        }
      }
      return created;
    }
  }
}
