package io.sentimentstream.stream.internals;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drops the Kafka consumer's warnings that one of the app's own internal topics ({@code
 * <application.id>-...-repartition} or {@code -changelog}) is not known yet: Kafka Streams creates
 * them during the first rebalance, and the consumer asks for them a moment before the broker
 * answers, so every first start printed three such lines that nobody can act on. The same warning
 * about any other topic (an input topic that does not exist, say) still shows, as do the client's
 * other warnings (logback.xml).
 */
public final class InternalTopicMetadataFilter extends Filter<ILoggingEvent> {
  static final String LOGGER = "org.apache.kafka.clients.NetworkClient";
  static final String ISSUE = "reported a recoverable issue";
  private static final Pattern TOPICS = Pattern.compile("\\{([^}]*)}\\s*$");

  @Override
  public FilterReply decide(ILoggingEvent event) {
    String msg = event.getFormattedMessage();
    if (!LOGGER.equals(event.getLoggerName()) || msg == null || !msg.contains(ISSUE)) {
      return FilterReply.NEUTRAL;
    }
    Matcher m = TOPICS.matcher(msg);
    if (!m.find() || m.group(1).isBlank()) {
      return FilterReply.NEUTRAL;
    }
    for (String entry : m.group(1).split(",")) {
      String[] topicAndError = entry.trim().split("=", 2);
      boolean internal =
          topicAndError[0].endsWith("-repartition") || topicAndError[0].endsWith("-changelog");
      if (!internal
          || topicAndError.length < 2
          || !topicAndError[1].equals("UNKNOWN_TOPIC_OR_PARTITION")) {
        return FilterReply.NEUTRAL;
      }
    }
    return FilterReply.DENY;
  }
}
