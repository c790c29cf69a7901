package io.sentimentstream.stream.internals;

import io.sentimentstream.stream.internals.avro.PendingTweet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde of the buffered tweets in the micro-batch store, in Avro's single-object encoding (schema
 * fingerprint + binary). App-internal, so no registry is involved.
 */
public final class PendingTweetSerde {
  private PendingTweetSerde() {}

  /** A new serde instance. */
  public static Serde<PendingTweet> create() {
    Serializer<PendingTweet> ser =
        (topic, p) -> {
          if (p == null) {
            return null;
          }
          try {
            ByteBuffer b = PendingTweet.getEncoder().encode(p);
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
          } catch (IOException e) {
            throw new UncheckedIOException("cannot encode buffered tweet " + p.getTweetId(), e);
          }
        };
    Deserializer<PendingTweet> de =
        (topic, bytes) -> {
          if (bytes == null) {
            return null;
          }
          try {
            return PendingTweet.getDecoder().decode(bytes);
          } catch (IOException e) {
            throw new UncheckedIOException("cannot decode a buffered tweet from " + topic, e);
          }
        };
    return Serdes.serdeFrom(ser, de);
  }
}
