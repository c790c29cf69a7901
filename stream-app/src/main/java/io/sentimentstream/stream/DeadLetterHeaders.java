package io.sentimentstream.stream;

/**
 * Names of the headers on a dead-letter record. The record itself carries the original key and
 * value bytes unchanged, so it can be inspected or replayed; only a record too large to write again
 * is cut, and then says so in {@link #TRUNCATED}.
 */
public final class DeadLetterHeaders {
  /** Fully qualified class name of the error, e.g. {@code ...SerializationException}. */
  public static final String ERROR_CLASS = "dlq.error.class";

  /** The error's message: what was wrong with the record. */
  public static final String ERROR_MESSAGE = "dlq.error.message";

  /** Topic the record was read from. */
  public static final String SOURCE_TOPIC = "dlq.source.topic";

  /** Partition it was read from (decimal string). */
  public static final String SOURCE_PARTITION = "dlq.source.partition";

  /** Offset it was read from (decimal string). */
  public static final String SOURCE_OFFSET = "dlq.source.offset";

  /** The input record's timestamp in epoch milliseconds (decimal string). */
  public static final String SOURCE_TIMESTAMP = "dlq.source.timestamp";

  /** When the record was dead-lettered, epoch milliseconds (decimal string). */
  public static final String FAILED_AT = "dlq.failed.at";

  /**
   * Present only on the dead letter of an oversized record, whose key and value were cut to fit the
   * topic: what the original sizes were and what was kept.
   */
  public static final String TRUNCATED = "dlq.truncated";

  /**
   * {@code true} on a record dead-lettered for a transient reason (the schema registry was away and
   * too many records already waited for it): nothing is wrong with it, replay it as it is.
   */
  public static final String RETRYABLE = "dlq.retryable";

  private DeadLetterHeaders() {}
}
