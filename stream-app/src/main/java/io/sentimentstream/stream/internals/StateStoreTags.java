package io.sentimentstream.stream.internals;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.ArrayList;
import java.util.List;

/**
 * Gives Kafka Streams' state-store metrics one set of tag keys. Streams names a store's tag after
 * its type ({@code in-memory-state-id}, {@code in-memory-window-state-id}, {@code
 * rocksdb-state-id}, ...), so a metric such as {@code oldest-iterator-open-since-ms} reaches
 * Micrometer with different tag keys for the buffer's key-value store and the aggregates' window
 * store; Prometheus requires one set per name, so the second store's meter was refused with a
 * warning on every start. Here each becomes {@code state.id} (the store's name) plus {@code
 * store.type} ({@code in.memory}, {@code in.memory.window}, ...). Register it before any Kafka
 * meter is bound.
 */
public final class StateStoreTags implements MeterFilter {
  static final String PREFIX = "kafka.stream.state.";
  private static final String SUFFIX = ".state.id";

  @Override
  public Meter.Id map(Meter.Id id) {
    if (!id.getName().startsWith(PREFIX)) {
      return id;
    }
    List<Tag> tags = new ArrayList<>();
    boolean changed = false;
    for (Tag t : id.getTagsAsIterable()) {
      String key = t.getKey();
      if (key.endsWith(SUFFIX)) {
        tags.add(Tag.of("state.id", t.getValue()));
        tags.add(Tag.of("store.type", key.substring(0, key.length() - SUFFIX.length())));
        changed = true;
      } else {
        tags.add(t);
      }
    }
    return changed ? id.replaceTags(tags) : id;
  }
}
