package io.sentimentstream.stream.internals;

import io.sentimentstream.stream.internals.avro.PendingTweet;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.SchemaStore;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde of the buffered tweets in the micro-batch store, in Avro's single-object encoding (schema
 * fingerprint + binary). App-internal, so no registry is involved; instead the decoder knows every
 * earlier version of the schema (resources {@code PendingTweet-v<N>.avsc}), so a buffer restored
 * from a changelog written by the previous app version still reads after a rolling update.
 */
public final class PendingTweetSerde {
  /** Earlier schema versions, oldest first; the current one is the generated class's. */
  private static final List<String> EARLIER = List.of("PendingTweet-v1.avsc");

  private PendingTweetSerde() {}

  private static BinaryMessageDecoder<PendingTweet> decoder() {
    SchemaStore.Cache store = new SchemaStore.Cache();
    for (String name : EARLIER) {
      try (InputStream in = PendingTweetSerde.class.getResourceAsStream(name)) {
        if (in == null) {
          throw new IllegalStateException("missing resource " + name);
        }
        store.addSchema(new Schema.Parser().parse(in));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read schema " + name, e);
      }
    }
    return PendingTweet.createDecoder(store);
  }

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
    BinaryMessageDecoder<PendingTweet> decoder = decoder();
    Deserializer<PendingTweet> de =
        (topic, bytes) -> {
          if (bytes == null) {
            return null;
          }
          try {
            return decoder.decode(bytes);
          } catch (IOException e) {
            throw new UncheckedIOException("cannot decode a buffered tweet from " + topic, e);
          }
        };
    return Serdes.serdeFrom(ser, de);
  }
}
