package io.sentimentstream.stream.internals;

import static io.sentimentstream.stream.DeadLetterHeaders.ERROR_CLASS;
import static io.sentimentstream.stream.DeadLetterHeaders.ERROR_MESSAGE;
import static io.sentimentstream.stream.DeadLetterHeaders.FAILED_AT;
import static io.sentimentstream.stream.DeadLetterHeaders.SOURCE_OFFSET;
import static io.sentimentstream.stream.DeadLetterHeaders.SOURCE_PARTITION;
import static io.sentimentstream.stream.DeadLetterHeaders.SOURCE_TIMESTAMP;
import static io.sentimentstream.stream.DeadLetterHeaders.SOURCE_TOPIC;
import static io.sentimentstream.stream.DeadLetterHeaders.TRUNCATED;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;

/** Builds dead-letter records: the original key and value bytes plus headers saying what failed. */
public final class DeadLetters {
  private DeadLetters() {}

  /** Where a record came from. */
  public record Origin(String topic, int partition, long offset, long timestamp) {}

  /**
   * The dead-letter record for an input record.
   *
   * @param original the input's headers, kept (may be null)
   * @param nowMs wall-clock time of the failure
   */
  public static Record<byte[], byte[]> record(
      byte[] key, byte[] value, Headers original, Origin origin, Throwable error, long nowMs) {
    Headers h = new RecordHeaders(original == null ? null : original.toArray());
    put(h, ERROR_CLASS, error.getClass().getName());
    put(h, ERROR_MESSAGE, describe(error));
    put(h, SOURCE_TOPIC, origin.topic());
    put(h, SOURCE_PARTITION, Integer.toString(origin.partition()));
    put(h, SOURCE_OFFSET, Long.toString(origin.offset()));
    put(h, SOURCE_TIMESTAMP, Long.toString(origin.timestamp()));
    put(h, FAILED_AT, Long.toString(nowMs));
    return new Record<>(key, value, origin.timestamp(), h);
  }

  /** Original headers larger than this are left off an oversized record's dead letter. */
  static final int MAX_KEPT_HEADER_BYTES = 16 * 1024;

  /** An oversized key is cut to this many bytes. */
  static final int MAX_KEPT_KEY_BYTES = 1024;

  /**
   * The dead letter of a record too large to buffer: its value cut to {@code maxRecordBytes / 2},
   * its key to {@value #MAX_KEPT_KEY_BYTES} bytes, its headers left off if they exceed {@value
   * #MAX_KEPT_HEADER_BYTES} bytes, and a {@code dlq.truncated} header saying what was kept.
   */
  public static Record<byte[], byte[]> oversized(
      Record<byte[], byte[]> in, int maxRecordBytes, Origin origin, Throwable error, long nowMs) {
    byte[] key = cut(in.key(), MAX_KEPT_KEY_BYTES);
    byte[] value = cut(in.value(), maxRecordBytes / 2);
    int headerBytes = headerBytes(in.headers());
    boolean keepHeaders = headerBytes <= MAX_KEPT_HEADER_BYTES;
    Record<byte[], byte[]> r =
        record(key, value, keepHeaders ? in.headers() : null, origin, error, nowMs);
    String note =
        String.format(
            java.util.Locale.ROOT,
            "key %d of %d bytes, value %d of %d bytes, headers %s (%d bytes)",
            len(key),
            len(in.key()),
            len(value),
            len(in.value()),
            keepHeaders ? "kept" : "left off",
            headerBytes);
    put(r.headers(), TRUNCATED, note);
    return r;
  }

  /** Bytes of a record as the broker would count them: key, value and headers. */
  public static int sizeOf(Record<byte[], byte[]> r) {
    return len(r.key()) + len(r.value()) + headerBytes(r.headers());
  }

  private static int headerBytes(Headers headers) {
    int n = 0;
    for (Header h : headers) {
      n += h.key().getBytes(StandardCharsets.UTF_8).length + len(h.value()); // as sent
    }
    return n;
  }

  private static byte[] cut(byte[] b, int max) {
    return b == null || b.length <= max ? b : java.util.Arrays.copyOf(b, max);
  }

  private static int len(byte[] b) {
    return b == null ? 0 : b.length;
  }

  /** The error message header is cut to this many characters. */
  static final int MAX_MESSAGE_CHARS = 2048;

  /**
   * The error's message followed by its causes' messages, so the root cause is visible; cut to
   * {@value #MAX_MESSAGE_CHARS} characters, since a message may quote what the record carried.
   */
  static String describe(Throwable error) {
    return abbreviate(chain(error), MAX_MESSAGE_CHARS);
  }

  /** {@code s} cut to {@code max} characters, ending in "..." when cut. */
  static String abbreviate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 3) + "...";
  }

  private static String chain(Throwable error) {
    StringBuilder sb = new StringBuilder(String.valueOf(error.getMessage()));
    for (Throwable c = error.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      sb.append("; caused by ")
          .append(c.getClass().getSimpleName())
          .append(": ")
          .append(c.getMessage());
    }
    return sb.toString();
  }

  private static void put(Headers h, String name, String value) {
    h.remove(name);
    h.add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
