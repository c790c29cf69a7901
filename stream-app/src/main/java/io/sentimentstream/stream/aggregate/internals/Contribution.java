package io.sentimentstream.stream.aggregate.internals;

import io.sentimentstream.avro.SentimentResult;
import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What one result adds to one key's window: its label and probabilities. Travels through the
 * aggregate repartition topic (keyed by the aggregate key), so its wire format has a version byte.
 *
 * @param label 0 negative, 1 neutral, 2 positive (the {@code Sentiment} ordinal)
 * @param negative probability of NEGATIVE
 * @param neutral probability of NEUTRAL
 * @param positive probability of POSITIVE
 * @param modelVersion the model version that produced the result
 */
public record Contribution(
    int label, double negative, double neutral, double positive, long modelVersion) {
  private static final byte FORMAT = 1;
  private static final int SIZE = 1 + 1 + 3 * Double.BYTES + Long.BYTES;

  /** The contribution of one result. */
  public static Contribution of(SentimentResult r) {
    return new Contribution(
        r.getLabel().ordinal(),
        r.getNegative(),
        r.getNeutral(),
        r.getPositive(),
        r.getModelVersion());
  }

  /** The serde of the repartition topic's values. */
  public static Serde<Contribution> serde() {
    Serializer<Contribution> ser =
        (topic, c) ->
            c == null
                ? null
                : ByteBuffer.allocate(SIZE)
                    .put(FORMAT)
                    .put((byte) c.label)
                    .putDouble(c.negative)
                    .putDouble(c.neutral)
                    .putDouble(c.positive)
                    .putLong(c.modelVersion)
                    .array();
    Deserializer<Contribution> de = Contribution::decode;
    return Serdes.serdeFrom(ser, de);
  }

  private static Contribution decode(String topic, byte[] b) {
    if (b == null) {
      return null;
    }
    if (b.length != SIZE || b[0] != FORMAT) {
      throw new SerializationException(
          "not a contribution (format " + FORMAT + ", " + SIZE + " bytes) on " + topic);
    }
    ByteBuffer in = ByteBuffer.wrap(b, 1, SIZE - 1);
    return new Contribution(in.get(), in.getDouble(), in.getDouble(), in.getDouble(), in.getLong());
  }
}
