package io.sentimentstream.stream.internals;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;

class StreamHealthTest {
  @Test
  void livenessStaysUpWhileRebalancingOrRestoringAndFailsOnceStreamsHasStopped() {
    Set<State> dead = EnumSet.of(State.ERROR, State.PENDING_ERROR, State.NOT_RUNNING);
    for (State s : State.values()) {
      assertThat(StreamHealth.live(s)).as(s.name()).isEqualTo(!dead.contains(s));
    }
    assertThat(StreamHealth.live(State.REBALANCING)).isTrue();
  }

  @Test
  void readyOnlyWhenRunningWithAModel() {
    for (State s : State.values()) {
      assertThat(StreamHealth.ready(s, true)).as(s.name()).isEqualTo(s == State.RUNNING);
      assertThat(StreamHealth.ready(s, false)).as(s.name()).isFalse();
    }
  }
}
