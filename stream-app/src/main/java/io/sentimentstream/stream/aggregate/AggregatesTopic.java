package io.sentimentstream.stream.aggregate;

import io.sentimentstream.stream.StreamConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the aggregates topic exists before Kafka Streams writes to it: if missing it is
 * created compacted, with as many partitions as the results topic (a broker would otherwise
 * auto-create it without compaction, or the producer would block on it).
 */
final class AggregatesTopic {
  private static final Logger log = LoggerFactory.getLogger(AggregatesTopic.class);
  private static final long TIMEOUT_S = 30;

  private AggregatesTopic() {}

  static void ensure(StreamConfig cfg, String topic) {
    try (Admin admin = Admin.create(adminConfig(cfg))) {
      if (partitions(admin, topic).isPresent()) {
        return;
      }
      String results = cfg.getString(StreamConfig.TOPIC_RESULTS);
      int n = partitions(admin, results).orElse(1);
      NewTopic t =
          new NewTopic(topic, Optional.of(n), Optional.empty())
              .configs(Map.of("cleanup.policy", "compact"));
      try {
        admin.createTopics(List.of(t)).all().get(TIMEOUT_S, TimeUnit.SECONDS);
        log.info("Created the compacted aggregates topic {} ({} partitions)", topic, n);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw failed(topic, e.getCause());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failed(topic, e);
    } catch (TimeoutException e) {
      throw failed(topic, e);
    }
  }

  private static Optional<Integer> partitions(Admin admin, String topic)
      throws InterruptedException, TimeoutException {
    try {
      Map<String, TopicDescription> d =
          admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT_S, TimeUnit.SECONDS);
      return Optional.of(d.get(topic).partitions().size());
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return Optional.empty();
      }
      throw failed(topic, e.getCause());
    }
  }

  private static ConfigException failed(String topic, Throwable cause) {
    return new ConfigException(
        AggregateSettings.TOPIC_AGGREGATES,
        topic,
        "cannot check or create the aggregates topic: " + cause);
  }

  private static Map<String, Object> adminConfig(StreamConfig cfg) {
    return cfg.connectionProperties();
  }
}
