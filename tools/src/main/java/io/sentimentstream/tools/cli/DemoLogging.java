package io.sentimentstream.tools.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the demo's terminal to its results and summary: the demo prints its own progress, so the
 * app's INFO lines go, and so do warnings a demo user cannot act on (DJL probing for CUDA on a
 * machine without a GPU, Kafka Streams' advice on handler settings, the clients' metadata notes
 * while the demo's own broker creates topics). Real errors still show.
 */
final class DemoLogging {
  private DemoLogging() {}

  /**
   * Quiets the loggers named above.
   *
   * @param ownBroker true when the demo started its own broker (its clients' warnings are noise)
   * @param gpu true when the model was asked to run on a GPU (CUDA warnings then matter)
   */
  static void quiet(boolean ownBroker, boolean gpu) {
    set(org.slf4j.Logger.ROOT_LOGGER_NAME, Level.WARN);
    set("org.apache.kafka.streams.StreamsConfig", Level.ERROR);
    set("io.micrometer", Level.ERROR); // meters Kafka Streams re-registers on a rebalance
    set("io.sentimentstream.stream.internals.ModelUpdates", Level.ERROR); // no trainer in the demo
    if (!gpu) {
      set("ai.djl.util.cuda", Level.ERROR);
    }
    if (ownBroker) {
      set("org.apache.kafka.clients", Level.ERROR);
    }
  }

  private static void set(String name, Level level) {
    if (LoggerFactory.getLogger(name) instanceof Logger l) {
      l.setLevel(level);
    }
  }
}
