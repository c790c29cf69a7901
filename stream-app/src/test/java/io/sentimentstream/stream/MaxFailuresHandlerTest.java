package io.sentimentstream.stream;

import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
import static org.assertj.core.api.Assertions.assertThat;

import io.sentimentstream.stream.internals.MaxFailuresHandler;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MaxFailuresHandlerTest {
  private final AtomicLong now = new AtomicLong(0);
  private final MaxFailuresHandler handler = new MaxFailuresHandler(3, 60_000, now::get);
  private final RuntimeException boom = new RuntimeException("boom");

  @Test
  void toleratesMaxFailuresInTheWindowAndShutsDownOnTheNext() {
    assertThat(handler.handle(boom)).isEqualTo(REPLACE_THREAD);
    now.set(10_000);
    assertThat(handler.handle(boom)).isEqualTo(REPLACE_THREAD);
    now.set(20_000);
    assertThat(handler.handle(boom))
        .as("the 3rd crash is still tolerated")
        .isEqualTo(REPLACE_THREAD);
    now.set(30_000);
    assertThat(handler.handle(boom)).isEqualTo(SHUTDOWN_CLIENT);
  }

  @Test
  void zeroToleratedShutsDownOnTheFirstCrash() {
    assertThat(new MaxFailuresHandler(0, 60_000, now::get).handle(boom)).isEqualTo(SHUTDOWN_CLIENT);
  }

  @Test
  void failuresOutsideTheWindowAreForgotten() {
    handler.handle(boom);
    now.set(30_000);
    handler.handle(boom);
    now.set(40_000);
    handler.handle(boom);
    now.set(60_001); // the first failure left the window
    assertThat(handler.handle(boom)).isEqualTo(REPLACE_THREAD);
  }

  @Test
  void tellsItsListenerEachResponse() {
    java.util.List<String> heard = new java.util.ArrayList<>();
    MaxFailuresHandler counted = new MaxFailuresHandler(1, 60_000, now::get, heard::add);
    counted.handle(boom);
    counted.handle(boom);
    assertThat(heard).containsExactly("replace", "shutdown");
  }
}
