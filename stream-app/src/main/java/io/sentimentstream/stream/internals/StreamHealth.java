package io.sentimentstream.stream.internals;

import org.apache.kafka.streams.KafkaStreams;

/**
 * What the stream app's health endpoints mean, as functions of the Kafka Streams state.
 *
 * <p>Liveness must stay up through a rebalance or a state restore, however long (a probe that
 * killed a restoring pod would make it restore again from the start), and fail only when Kafka
 * Streams has stopped for good: then a restart is the only way back. Readiness is narrower: only a
 * RUNNING instance with a model loaded is processing.
 */
public final class StreamHealth {
  private StreamHealth() {}

  /**
   * True unless Kafka Streams is in ERROR, PENDING_ERROR or NOT_RUNNING (its threads are gone).
   * CREATED, REBALANCING (which includes restoring), RUNNING and PENDING_SHUTDOWN (a clean close in
   * progress) are alive.
   */
  public static boolean live(KafkaStreams.State state) {
    return switch (state) {
      case ERROR, PENDING_ERROR, NOT_RUNNING -> false;
      case CREATED, REBALANCING, RUNNING, PENDING_SHUTDOWN -> true;
    };
  }

  /** True when Kafka Streams is RUNNING and a model is loaded. */
  public static boolean ready(KafkaStreams.State state, boolean modelLoaded) {
    return state == KafkaStreams.State.RUNNING && modelLoaded;
  }
}
