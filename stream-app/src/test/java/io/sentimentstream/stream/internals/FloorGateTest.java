package io.sentimentstream.stream.internals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FloorGateTest {
  private final AtomicLong serving = new AtomicLong(1);
  private final AtomicInteger starts = new AtomicInteger();

  @Test
  void startsAtOnceWhenTheServingVersionIsAtTheFloor() {
    serving.set(3);
    try (FloorGate gate = FloorGate.open(3, "test", serving::get, starts::incrementAndGet)) {
      assertThat(gate.opened()).isTrue();
      assertThat(starts).hasValue(1);
    }
  }

  @Test
  void startsOnlyOnceAHeadAtOrAboveTheFloorIsServing() throws Exception {
    try (FloorGate gate = FloorGate.open(3, "test", serving::get, starts::incrementAndGet)) {
      Thread.sleep(600); // three polls of the gate
      assertThat(starts).as("below the floor: not started").hasValue(0);
      assertThat(gate.opened()).isFalse();
      serving.set(2);
      Thread.sleep(600);
      assertThat(starts).hasValue(0);
      serving.set(4);
      await().atMost(Duration.ofSeconds(5)).until(gate::opened);
      assertThat(starts).hasValue(1);
    }
  }

  @Test
  void neverStartsAfterItIsClosed() throws Exception {
    FloorGate gate = FloorGate.open(3, "test", serving::get, starts::incrementAndGet);
    gate.close();
    serving.set(3);
    Thread.sleep(600);
    assertThat(starts).hasValue(0);
    assertThat(gate.opened()).isFalse();
  }
}
