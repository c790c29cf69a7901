package io.sentimentstream.stream.internals;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;

class InternalTopicMetadataFilterTest {
  private static final String PREFIX =
      "[Consumer clientId=app-1-StreamThread-1-consumer, groupId=app] The metadata response from"
          + " the cluster reported a recoverable issue with correlation id 7 : ";
  private final LoggerContext ctx = new LoggerContext();
  private final InternalTopicMetadataFilter filter = new InternalTopicMetadataFilter();

  @Test
  void dropsOnlyUnknownInternalTopicsOfTheApp() {
    assertThat(decide(PREFIX + "{app-windowed-by-key-repartition=UNKNOWN_TOPIC_OR_PARTITION}"))
        .isEqualTo(FilterReply.DENY);
    assertThat(
            decide(
                PREFIX
                    + "{app-a-repartition=UNKNOWN_TOPIC_OR_PARTITION,"
                    + " app-b-changelog=UNKNOWN_TOPIC_OR_PARTITION}"))
        .isEqualTo(FilterReply.DENY);
  }

  @Test
  void keepsWhatAPersonCanActOn() {
    // an input topic that does not exist
    assertThat(decide(PREFIX + "{tweets=UNKNOWN_TOPIC_OR_PARTITION}"))
        .isEqualTo(FilterReply.NEUTRAL);
    // one internal, one not: the line stays
    assertThat(
            decide(
                PREFIX
                    + "{app-a-repartition=UNKNOWN_TOPIC_OR_PARTITION,"
                    + " tweets=UNKNOWN_TOPIC_OR_PARTITION}"))
        .isEqualTo(FilterReply.NEUTRAL);
    // another error on an internal topic
    assertThat(decide(PREFIX + "{app-a-repartition=TOPIC_AUTHORIZATION_FAILED}"))
        .isEqualTo(FilterReply.NEUTRAL);
    // the client's other warnings
    assertThat(
            decide(
                "[Consumer clientId=c] Connection to node -1 (/127.0.0.1:9092) could not be"
                    + " established. Node may not be available."))
        .isEqualTo(FilterReply.NEUTRAL);
    // another logger
    LoggingEvent other =
        new LoggingEvent(
            "fqcn",
            ctx.getLogger("io.sentimentstream.Other"),
            Level.WARN,
            PREFIX + "{app-a-repartition=UNKNOWN_TOPIC_OR_PARTITION}",
            null,
            new Object[0]);
    assertThat(filter.decide(other)).isEqualTo(FilterReply.NEUTRAL);
  }

  private FilterReply decide(String message) {
    return filter.decide(
        new LoggingEvent(
            "fqcn",
            ctx.getLogger(InternalTopicMetadataFilter.LOGGER),
            Level.WARN,
            message,
            null,
            new Object[0]));
  }
}
