package io.sentimentstream.stream.internals;

import io.sentimentstream.stream.StreamConfig;
import io.sentimentstream.stream.internals.DeadLetters.Origin;
import io.sentimentstream.stream.internals.avro.PendingHeader;
import io.sentimentstream.stream.internals.avro.PendingTweet;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Conversions between an input record (key, value, headers, coordinates) and the {@link
 * PendingTweet} kept for it in a changelogged store, so that its result or its dead letter can be
 * written later exactly as if it were being read now.
 */
final class PendingTweets {
  private PendingTweets() {}

  /** A decoded, cleaned tweet waiting for its batch. */
  static PendingTweet of(
      String id, String clean, Origin origin, byte[] key, byte[] value, Headers headers) {
    return PendingTweet.newBuilder()
        .setTweetId(id)
        .setCleanText(clean)
        .setTimestamp(origin.timestamp())
        .setTopic(origin.topic())
        .setPartition(origin.partition())
        .setOffset(origin.offset())
        .setKey(key == null ? null : ByteBuffer.wrap(key))
        .setValue(ByteBuffer.wrap(value))
        .setHeaders(pendingHeaders(headers))
        .build();
  }

  /** A record not decoded yet (no id, no text): waits for the schema registry. */
  static PendingTweet raw(Origin origin, byte[] key, byte[] value, Headers headers) {
    return of("", "", origin, key, value, headers);
  }

  /**
   * At least the bytes {@link PendingTweetSerde} writes for {@code p} (Avro's single-object
   * encoding): each string and byte field's length plus its 5-byte worst-case length prefix, 10 per
   * number, the 10-byte header. What one entry costs the buffer's changelog and the heap, counted
   * before it is stored.
   */
  static long storedBytes(PendingTweet p) {
    long n = 10 + 3 * 10 + 5 + 5; // header, timestamp/partition/offset, key's union, headers' count
    n += text(p.getTweetId()) + text(p.getCleanText()) + text(p.getTopic());
    n += bytesField(p.getKey()) + bytesField(p.getValue());
    for (PendingHeader h : p.getHeaders()) {
      n += text(h.getKey()) + 1 + bytesField(h.getValue());
    }
    return n;
  }

  /**
   * What is buffered (the record with its decoded id and cleaned text) and what is emitted for it
   * (the result, keyed by the id and carrying it again, smaller than the entry) must fit where they
   * are written: counted as stored, against record.max.bytes.
   */
  static void checkStoredSize(PendingTweet entry, int maxRecordBytes) {
    long stored = PendingTweets.storedBytes(entry);
    if (stored > maxRecordBytes) {
      throw new InvalidTweetException(
          "record would take "
              + stored
              + " bytes buffered (key, value, headers, id and cleaned text), over the limit "
              + StreamConfig.RECORD_MAX_BYTES
              + "="
              + maxRecordBytes);
    }
  }

  private static long text(String s) {
    return 5 + s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
  }

  private static long bytesField(ByteBuffer b) {
    return 5 + (b == null ? 0 : b.remaining());
  }

  static Origin origin(PendingTweet p) {
    return new Origin(p.getTopic(), p.getPartition(), p.getOffset(), p.getTimestamp());
  }

  static byte[] key(PendingTweet p) {
    return bytes(p.getKey());
  }

  static byte[] value(PendingTweet p) {
    return bytes(p.getValue());
  }

  static Headers headers(PendingTweet p) {
    Headers h = new RecordHeaders();
    for (PendingHeader ph : p.getHeaders()) {
      h.add(ph.getKey(), bytes(ph.getValue()));
    }
    return h;
  }

  private static List<PendingHeader> pendingHeaders(Headers headers) {
    List<PendingHeader> out = new ArrayList<>();
    for (Header h : headers) {
      out.add(new PendingHeader(h.key(), h.value() == null ? null : ByteBuffer.wrap(h.value())));
    }
    return out;
  }

  private static byte[] bytes(ByteBuffer b) {
    if (b == null) {
      return null;
    }
    ByteBuffer d = b.duplicate();
    byte[] out = new byte[d.remaining()];
    d.get(out);
    return out;
  }
}
