package io.sentimentstream.stream.internals;

import io.sentimentstream.stream.StreamConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks at start-up that the topics the app writes accept the largest record it may write there: a
 * dead letter (an input record of up to {@code record.max.bytes} with its headers) and a result
 * (the id twice and the cleaned text). A topic whose {@code max.message.bytes} is smaller would
 * refuse such a write under exactly-once, and the stream thread would fail on the same record after
 * every restart: that is refused here instead, naming the key to change. A topic that does not
 * exist yet, or a broker that does not answer, is not a verdict: a warning.
 */
public final class TopicLimits {
  private static final Logger log = LoggerFactory.getLogger(TopicLimits.class);

  /** Room for the dead-letter headers and the record's own framing. */
  static final int HEADER_ROOM = 16 * 1024;

  private TopicLimits() {}

  /** The largest dead letter: an input record as large as record.max.bytes, plus its headers. */
  static long maxDeadLetter(StreamConfig cfg) {
    return cfg.getInt(StreamConfig.RECORD_MAX_BYTES) + HEADER_ROOM;
  }

  /** The largest result: key and value carry the id, the value the cleaned text (at most 3x). */
  static long maxResult(StreamConfig cfg) {
    return 2L * cfg.getInt(StreamConfig.TWEET_ID_MAX_BYTES)
        + 3L * cfg.getInt(StreamConfig.TEXT_MAX_BYTES)
        + HEADER_ROOM;
  }

  /**
   * @throws ConfigException naming the key that makes a write too large for a topic's
   *     max.message.bytes
   */
  public static void check(Admin admin, StreamConfig cfg, Duration timeout) {
    String dlq = cfg.getString(StreamConfig.TOPIC_DLQ);
    String results = cfg.getString(StreamConfig.TOPIC_RESULTS);
    Map<String, Long> limits = limits(admin, List.of(dlq, results), timeout);
    require(limits, dlq, maxDeadLetter(cfg), StreamConfig.RECORD_MAX_BYTES, cfg);
    require(limits, results, maxResult(cfg), StreamConfig.TEXT_MAX_BYTES, cfg);
  }

  private static void require(
      Map<String, Long> limits, String topic, long needed, String key, StreamConfig cfg) {
    Long limit = limits.get(topic);
    if (limit != null && limit < needed) {
      throw new ConfigException(
          key,
          cfg.getInt(key),
          "topic "
              + topic
              + " accepts records of at most "
              + limit
              + " bytes (max.message.bytes), but the app may write "
              + needed
              + " there: lower "
              + key
              + " or raise the topic's max.message.bytes");
    }
  }

  /** max.message.bytes of each existing topic; none if the broker does not answer in time. */
  private static Map<String, Long> limits(Admin admin, List<String> topics, Duration timeout) {
    Map<String, Long> out = new java.util.HashMap<>();
    for (String topic : topics) {
      ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
      try {
        Config c =
            admin
                .describeConfigs(List.of(r))
                .all()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .get(r);
        ConfigEntry e = c == null ? null : c.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
        if (e != null && e.value() != null) {
          out.put(topic, Long.parseLong(e.value()));
        }
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          log.warn("Could not read max.message.bytes of topic {}: {}", topic, e.getCause());
        }
      } catch (java.util.concurrent.TimeoutException e) {
        log.warn("Could not read max.message.bytes of topic {} within {}", topic, timeout);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return out;
      }
    }
    return out;
  }
}
