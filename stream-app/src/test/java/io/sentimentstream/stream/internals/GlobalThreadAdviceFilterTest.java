package io.sentimentstream.stream.internals;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;

class GlobalThreadAdviceFilterTest {
  private final LoggerContext ctx = new LoggerContext();
  private final GlobalThreadAdviceFilter filter = new GlobalThreadAdviceFilter();

  @Test
  void dropsOnlyStreamsAdviceAboutTheGlobalThread() {
    assertThat(
            filter.decide(
                event(
                    GlobalThreadAdviceFilter.LOGGER,
                    GlobalThreadAdviceFilter.ADVICE
                        + ". It's recommended to set `processing.exception.handler.global.enabled` to true")))
        .isEqualTo(FilterReply.DENY);
    assertThat(filter.decide(event(GlobalThreadAdviceFilter.LOGGER, "Unused config key foo")))
        .isEqualTo(FilterReply.NEUTRAL);
    assertThat(filter.decide(event("io.sentimentstream.Other", GlobalThreadAdviceFilter.ADVICE)))
        .isEqualTo(FilterReply.NEUTRAL);
  }

  private LoggingEvent event(String logger, String message) {
    return new LoggingEvent(
        "fqcn", ctx.getLogger(logger), Level.WARN, message, null, new Object[0]);
  }
}
