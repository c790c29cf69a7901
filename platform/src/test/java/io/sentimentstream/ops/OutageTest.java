package io.sentimentstream.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class OutageTest {
  private final Logger log = (Logger) LoggerFactory.getLogger("outage-test");
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private final AtomicLong now = new AtomicLong(1_000);

  OutageTest() {
    lines.start();
    log.addAppender(lines);
    log.setLevel(Level.INFO);
  }

  @Test
  void backsOffDoublingToTheMaxAndLogsOncePerOutage() {
    Outage o = new Outage(log, "schema registry", 100, 350, now::get);

    assertThat(o.failed(new IOException("refused"))).isEqualTo(100);
    assertThat(o.failed(new IOException("refused"))).isEqualTo(200);
    assertThat(o.failed(new IOException("refused"))).isEqualTo(350);
    assertThat(o.ongoing()).isTrue();
    now.set(4_000);
    o.recovered();

    assertThat(o.ongoing()).isFalse();
    assertThat(lines.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly(
            "schema registry unavailable, retrying with backoff until it is back:"
                + " IOException: refused",
            "schema registry is back after 3000 ms and 3 failed attempts");
    assertThat(o.failed(new IOException("again"))).as("backoff restarts").isEqualTo(100);
  }

  @Test
  void successWithoutAnOutageLogsNothing() {
    new Outage(log, "broker", 10, 10, now::get).recovered();
    assertThat(lines.list).isEmpty();
  }
}
