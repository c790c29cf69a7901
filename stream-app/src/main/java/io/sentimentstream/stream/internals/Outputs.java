package io.sentimentstream.stream.internals;

import io.sentimentstream.avro.SentimentResult;
import io.sentimentstream.stream.DeadLetterHeaders;
import io.sentimentstream.stream.StreamConfig;
import io.sentimentstream.stream.StreamMetrics;
import io.sentimentstream.stream.internals.DeadLetters.Origin;
import io.sentimentstream.stream.internals.avro.PendingTweet;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the micro-batcher writes: results to the results sink, and records that cannot be scored,
 * with their original bytes and {@code dlq.*} headers, to the dead-letter sink. Every dead letter
 * is logged and counted; nothing is dropped silently.
 */
final class Outputs {
  private static final Logger log = LoggerFactory.getLogger(Outputs.class);

  private final ProcessorContext<Object, Object> context;
  private final Sinks sinks;
  private final StreamMetrics metrics;

  /**
   * Where outcomes go and how large a record may be.
   *
   * @param resultsSink the results sink's name
   * @param deadLetterSink the dead-letter sink's name
   * @param maxRecordBytes {@code record.max.bytes}: the largest record written
   */
  record Sinks(String resultsSink, String deadLetterSink, int maxRecordBytes) {}

  Outputs(ProcessorContext<Object, Object> context, Sinks sinks, StreamMetrics metrics) {
    this.context = context;
    this.sinks = sinks;
    this.metrics = metrics;
  }

  /**
   * Emits a buffered tweet's outcome: its result, or a dead letter.
   *
   * @param now the wall clock when its pass ended
   */
  void emit(PendingTweet p, BatchFormer.Outcome o, long now) {
    if (o.prediction() != null) {
      SentimentResult result = Results.of(p, o.prediction(), now);
      context.forward(new Record<>(p.getTweetId(), result, p.getTimestamp()), sinks.resultsSink());
      metrics.recordOut(p.getTimestamp(), now);
      return;
    }
    log.warn(
        "Dead-lettering tweet {} ({}-{}@{}){}: inference failed: {}",
        p.getTweetId(),
        p.getTopic(),
        p.getPartition(),
        p.getOffset(),
        o.retryable() ? " as retryable" : "",
        o.error().toString());
    if (o.retryable()) { // no text of its batch could be scored: the model, not this text
      deadLetterRetryable(p, o.error());
      metrics.deadLettered(o.error().getClass().getSimpleName());
    } else {
      deadLetter(
          PendingTweets.key(p),
          PendingTweets.value(p),
          PendingTweets.headers(p),
          PendingTweets.origin(p),
          o.error());
    }
  }

  /** Dead-letters a record larger than record.max.bytes as it came in. */
  void oversized(Record<byte[], byte[]> record, Origin origin, int size) {
    InvalidTweetException e =
        new InvalidTweetException(
            "record is "
                + size
                + " bytes (key, value and headers), over the limit "
                + StreamConfig.RECORD_MAX_BYTES
                + "="
                + sinks.maxRecordBytes());
    log.warn(
        "Dead-lettering oversized record {}-{}@{}: {}",
        origin.topic(),
        origin.partition(),
        origin.offset(),
        e.getMessage());
    long now = context.currentSystemTimeMs();
    context.forward(
        DeadLetters.oversized(record, sinks.maxRecordBytes(), origin, e, now),
        sinks.deadLetterSink());
    metrics.deadLettered(e.getClass().getSimpleName());
  }

  /** Dead-letters a record that cannot be read or is invalid. */
  void deadLetter(byte[] key, byte[] value, Headers original, Origin origin, Throwable e) {
    long now = context.currentSystemTimeMs();
    Record<byte[], byte[]> dlq = DeadLetters.record(key, value, original, origin, e, now);
    context.forward(dlq, sinks.deadLetterSink());
    metrics.deadLettered(e.getClass().getSimpleName());
  }

  /** Dead-letters a record marked retryable: nothing was wrong with it (the caller counts it). */
  void deadLetterRetryable(PendingTweet p, Throwable cause) {
    Record<byte[], byte[]> dlq =
        DeadLetters.record(
            PendingTweets.key(p),
            PendingTweets.value(p),
            PendingTweets.headers(p),
            PendingTweets.origin(p),
            cause,
            context.currentSystemTimeMs());
    dlq.headers().add(DeadLetterHeaders.RETRYABLE, "true".getBytes(StandardCharsets.UTF_8));
    context.forward(dlq, sinks.deadLetterSink());
  }

  /** Dead-letters, as retryable, a record the full registry hold has no room for. */
  void registryHoldFull(PendingTweet raw, String why, RuntimeException registryError) {
    Origin origin = PendingTweets.origin(raw);
    log.warn(
        "Dead-lettering {}-{}@{} as retryable: {}",
        origin.topic(),
        origin.partition(),
        origin.offset(),
        why);
    // After a restart the held records were restored but this processor has seen no registry
    // failure itself: say why the record was not even tried.
    RuntimeException cause =
        registryError != null
            ? registryError
            : new RegistryHoldFullException(
                why + "; records wait for the schema registry since before this task started");
    deadLetterRetryable(raw, cause);
    metrics.deadLettered("RegistryUnavailable");
  }
}
