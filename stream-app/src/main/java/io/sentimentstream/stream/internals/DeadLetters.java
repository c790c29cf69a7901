package io.sentimentstream.stream.internals;

import static io.sentimentstream.stream.DeadLetterHeaders.ERROR_CLASS;
import static io.sentimentstream.stream.DeadLetterHeaders.ERROR_MESSAGE;
import static io.sentimentstream.stream.DeadLetterHeaders.FAILED_AT;
import static io.sentimentstream.stream.DeadLetterHeaders.SOURCE_OFFSET;
import static io.sentimentstream.stream.DeadLetterHeaders.SOURCE_PARTITION;
import static io.sentimentstream.stream.DeadLetterHeaders.SOURCE_TIMESTAMP;
import static io.sentimentstream.stream.DeadLetterHeaders.SOURCE_TOPIC;

import java.nio.charset.StandardCharsets;
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

  /** The error's message followed by its causes' messages, so the root cause is visible. */
  static String describe(Throwable error) {
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
