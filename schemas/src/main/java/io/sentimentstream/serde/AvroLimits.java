package io.sentimentstream.serde;

import java.util.Map;

/**
 * Avro's JVM-wide decoder limits ({@code org.apache.avro.limits.*}), set by each service's {@code
 * main} before Avro is loaded. Defence in depth: the wire codec already refuses any length or count
 * larger than its payload; these bound every other Avro decode in the process (the buffer's
 * changelog, files) below what would exhaust the heap. Avro reads them once, when it first checks a
 * length, so a value given with {@code -D} wins and one set after that is too late.
 */
public final class AvroLimits {
  /** Longest string or byte array: the largest record.max.bytes the stream app accepts. */
  public static final long MAX_BYTES = 64L * 1024 * 1024;

  /** Most items in one array or map. */
  public static final long MAX_ITEMS = 10_000_000L;

  private static final Map<String, Long> DEFAULTS =
      Map.of(
          "org.apache.avro.limits.string.maxLength", MAX_BYTES,
          "org.apache.avro.limits.bytes.maxLength", MAX_BYTES,
          "org.apache.avro.limits.collectionItems.maxLength", MAX_ITEMS);

  private AvroLimits() {}

  /** Sets each limit not already given as a system property. */
  public static void apply() {
    DEFAULTS.forEach((k, v) -> System.getProperties().putIfAbsent(k, Long.toString(v)));
  }
}
