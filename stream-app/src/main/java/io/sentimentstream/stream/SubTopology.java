package io.sentimentstream.stream;

import org.apache.kafka.streams.StreamsBuilder;

/**
 * An optional part of the app's topology, such as the windowed aggregates. {@link
 * SentimentTopology} adds its parts after the classifier's own nodes, so the classifier keeps
 * sub-topology (and task) 0 whichever parts are enabled: turning one on or off does not move the
 * classifier's tasks. A disabled feature contributes no part at all.
 */
@FunctionalInterface
public interface SubTopology {
  /** Adds this part's nodes (DSL or Processor API) to the builder. */
  void addTo(StreamsBuilder builder);
}
