package io.sentimentstream.stream.aggregate.internals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The hashtags tracked in one window, at most {@code capacity} of them, with Space-Saving counters
 * (Metwally et al., 2005): a tag not yet tracked replaces the one with the lowest counter when the
 * index is full, and inherits that counter plus one. So state stays bounded while any hashtag seen
 * in more than 1/capacity of the window's hashtag occurrences is guaranteed to be tracked, and the
 * top of the counters is the window's top-K. Counters over-estimate by at most the inherited count.
 */
public final class HashtagIndex {
  private static final byte FORMAT = 1;

  // Insertion order kept so eviction ties and serialization are deterministic.
  private final LinkedHashMap<String, Long> counters;

  private HashtagIndex(LinkedHashMap<String, Long> counters) {
    this.counters = counters;
  }

  /** An empty index. */
  public static HashtagIndex empty() {
    return new HashtagIndex(new LinkedHashMap<>());
  }

  /**
   * Counts one occurrence of {@code tag}.
   *
   * @return the tag pushed out to make room, or null if none was
   */
  public String count(String tag, int capacity) {
    Long c = counters.get(tag);
    if (c != null) {
      counters.put(tag, c + 1);
      return null;
    }
    if (counters.size() < capacity) {
      counters.put(tag, 1L);
      return null;
    }
    Map.Entry<String, Long> min = null;
    for (Map.Entry<String, Long> e : counters.entrySet()) {
      if (min == null || e.getValue() < min.getValue()) {
        min = e;
      }
    }
    counters.remove(min.getKey());
    counters.put(tag, min.getValue() + 1);
    return min.getKey();
  }

  /** True if {@code tag} is tracked. */
  public boolean contains(String tag) {
    return counters.containsKey(tag);
  }

  /** Tags tracked. */
  public int size() {
    return counters.size();
  }

  /** The counter of {@code tag} (0 if it is not tracked). */
  public long estimate(String tag) {
    return counters.getOrDefault(tag, 0L);
  }

  /** The {@code k} tags with the highest counters, highest first (ties: by tag). */
  public List<String> top(int k) {
    return counters.entrySet().stream()
        .sorted(
            Comparator.comparing(Map.Entry<String, Long>::getValue)
                .reversed()
                .thenComparing(Map.Entry::getKey))
        .limit(k)
        .map(Map.Entry::getKey)
        .toList();
  }

  /** The index store's value serde. */
  public static Serde<HashtagIndex> serde() {
    return Serdes.serdeFrom((topic, i) -> i == null ? null : i.encode(), HashtagIndex::decode);
  }

  private byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + counters.size() * 24);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
      out.writeInt(counters.size());
      for (Map.Entry<String, Long> e : counters.entrySet()) {
        out.writeUTF(e.getKey());
        out.writeLong(e.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static HashtagIndex decode(String topic, byte[] b) {
    if (b == null) {
      return null;
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(b))) {
      if (in.readByte() != FORMAT) {
        throw new SerializationException("not a hashtag index (format " + FORMAT + ") on " + topic);
      }
      int n = in.readInt();
      LinkedHashMap<String, Long> m = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        m.put(in.readUTF(), in.readLong());
      }
      return new HashtagIndex(m);
    } catch (IOException e) {
      throw new SerializationException("truncated hashtag index on " + topic, e);
    }
  }
}
