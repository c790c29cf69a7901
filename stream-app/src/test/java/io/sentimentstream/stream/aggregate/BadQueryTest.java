package io.sentimentstream.stream.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * Finding 9 of issue 21: a date out of range in a query is the client's mistake (a 400 naming the
 * parameter), and an unexpected failure answers a 500 that does not hand the exception to the
 * client.
 */
class BadQueryTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "%2B999999999-12-31T23:59:59Z", // a valid Instant whose epoch ms overflow a long
        "-999999999-01-01T00:00:00Z",
        "99999999999999999999",
        "2015-08-07"
      })
  void aTimeOutOfRangeOrUnreadableIsABadRequestNamingTheParameter(String raw) {
    assertThatThrownBy(() -> Query.parse("key=all&from=" + raw).time("from", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("query parameter 'from'");
  }

  @Test
  void anUnexpectedFailureIsA500WithAnIdNotTheException() {
    Logger logger = (Logger) LoggerFactory.getLogger(DashboardRoutes.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    logger.addAppender(logged);
    try {
      QueryAnswer a =
          DashboardRoutes.failure(
              "/aggregates?key=all",
              new IllegalStateException("store /var/lib/sentiment/state/0_1 is gone"));

      assertThat(a.status()).isEqualTo(500);
      String error = (String) ((Map<?, ?>) a.body()).get("error");
      assertThat(error).doesNotContain("IllegalStateException").doesNotContain("/var/lib");
      assertThat(error).startsWith("internal error ");
      String id = error.substring("internal error ".length()).split(" ")[0];
      assertThat(logged.list)
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.getFormattedMessage()).contains(id).contains("/aggregates?key=all");
                assertThat(e.getThrowableProxy().getMessage()).contains("/var/lib");
              });
    } finally {
      logger.detachAppender(logged);
    }
  }
}
