package io.sentimentstream.stream.internals;

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
