package io.sentimentstream.ops;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks that a topic which must keep the latest record per key forever (the model-update topic) is
 * compacted, and creates it so if asked.
 *
 * <p>Why: a topic created by the broker's defaults ({@code cleanup.policy=delete}, e.g.
 * auto-created by a consumer's metadata request) deletes its records after {@code retention.ms}, 7
 * days by default; restarted apps would then find no model update and fall back to the built-in
 * head. So a wrong policy stops start-up with a {@link ConfigException} naming {@code
 * cleanup.policy}. {@code compact,delete} is refused too: it also deletes old segments by age.
 *
 * <p>A broker that does not answer within the timeout raises Kafka's {@link TimeoutException} (a
 * {@code RetriableException}): callers retry that, they do not treat it as a verdict.
 */
public final class CompactedTopic {
  private static final Logger log = LoggerFactory.getLogger(CompactedTopic.class);

  private CompactedTopic() {}

  /**
   * Returns false if {@code topic} does not exist (and does not create it), true if it exists and
   * is compacted.
   *
   * @throws ConfigException naming {@code cleanup.policy} if it exists but is not compacted
   * @throws TimeoutException if the broker does not answer within {@code timeout}
   */
  public static boolean check(Admin admin, String topic, Duration timeout) {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    Config config;
    try {
      config = await(admin.describeConfigs(List.of(resource)).all(), timeout).get(resource);
    } catch (UnknownTopicOrPartitionException e) {
      return false;
    }
    ConfigEntry policy = config == null ? null : config.get(TopicConfig.CLEANUP_POLICY_CONFIG);
    String value = policy == null ? "(unknown)" : policy.value();
    if (!TopicConfig.CLEANUP_POLICY_COMPACT.equals(value)) {
      throw new ConfigException(
          TopicConfig.CLEANUP_POLICY_CONFIG,
          value,
          "topic "
              + topic
              + " holds model updates and must have cleanup.policy=compact, or its records are"
              + " deleted after retention.ms and restarted apps lose the published head; set it"
              + " with kafka-configs.sh --alter --entity-type topics --entity-name "
              + topic
              + " --add-config cleanup.policy=compact (the broker may have auto-created it)");
    }
    return true;
  }

  /**
   * Creates {@code topic} compacted (one partition, the broker's replication factor) if it does not
   * exist; otherwise {@link #check checks} it.
   *
   * @throws ConfigException naming {@code cleanup.policy} if it exists but is not compacted
   * @throws TimeoutException if the broker does not answer within {@code timeout}
   */
  public static void createOrCheck(Admin admin, String topic, Duration timeout) {
    createOrCheck(admin, topic, timeout, Map.of());
  }

  /**
   * As {@link #createOrCheck(Admin, String, Duration)}, creating the topic also with {@code
   * configs} (e.g. a larger {@code max.message.bytes}); an existing topic keeps its own.
   */
  public static void createOrCheck(
      Admin admin, String topic, Duration timeout, Map<String, String> configs) {
    if (check(admin, topic, timeout)) {
      return;
    }
    Map<String, String> all = new java.util.HashMap<>(configs);
    all.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
    NewTopic t = new NewTopic(topic, 1, (short) -1).configs(all);
    try {
      await(admin.createTopics(List.of(t)).all(), timeout);
      log.info("Created compacted topic {}", topic);
    } catch (TopicExistsException e) {
      check(admin, topic, timeout); // created by someone else meanwhile
    }
  }

  private static <T> T await(org.apache.kafka.common.KafkaFuture<T> future, Duration timeout) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof KafkaException k) {
        throw k;
      }
      throw new KafkaException(e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new TimeoutException("the broker did not answer within " + timeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("interrupted while waiting for the broker", e);
    }
  }
}
