package io.sentimentstream.stream.internals;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Drops Kafka Streams' start-up advice to set {@code processing.exception.handler.global.enabled}:
 * the topology has no global store, so there is nothing to act on. Setting the key does not silence
 * it (KafkaStreams builds a second StreamsConfig without it), and turning StreamsConfig's logger
 * down would hide its other warnings too, hence a filter on this one message (logback.xml).
 */
public final class GlobalThreadAdviceFilter extends Filter<ILoggingEvent> {
  static final String LOGGER = "org.apache.kafka.streams.StreamsConfig";
  static final String ADVICE = "Processing exception handler is not enabled for the GlobalThread";

  @Override
  public FilterReply decide(ILoggingEvent event) {
    return LOGGER.equals(event.getLoggerName())
            && event.getMessage() != null
            && event.getMessage().startsWith(ADVICE)
        ? FilterReply.DENY
        : FilterReply.NEUTRAL;
  }
}
