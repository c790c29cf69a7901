package io.sentimentstream.stream;

import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/**
 * A topic's name together with the serdes of its keys and values, so the two never drift apart.
 *
 * @param name topic name (from configuration)
 * @param keySerde serde of the record keys
 * @param valueSerde serde of the record values
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {
  public Topic {
    Objects.requireNonNull(name, "topic name");
    Objects.requireNonNull(keySerde, "key serde of " + name);
    Objects.requireNonNull(valueSerde, "value serde of " + name);
  }
}
