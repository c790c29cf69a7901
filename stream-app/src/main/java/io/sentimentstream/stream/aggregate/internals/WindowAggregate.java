package io.sentimentstream.stream.aggregate.internals;

import io.sentimentstream.avro.SentimentAggregate;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The running sums of one key in one window, as kept in the window store: counts per label and sums
 * of probabilities (means are derived, so adding stays exact). Immutable.
 *
 * @param counts results per label (negative, neutral, positive)
 * @param sums summed probabilities per label
 * @param modelVersion the highest model version counted
 */
public record WindowAggregate(long[] counts, double[] sums, long modelVersion) {
  /** Nothing counted yet. */
  public static final WindowAggregate EMPTY = new WindowAggregate(new long[3], new double[3], -1);

  private static final byte FORMAT = 1;
  private static final int SIZE = 1 + 3 * Long.BYTES + 3 * Double.BYTES + Long.BYTES;

  /** Results counted. */
  public long tweets() {
    return counts[0] + counts[1] + counts[2];
  }

  /** This aggregate with {@code c} added. */
  public WindowAggregate plus(Contribution c) {
    long[] n = counts.clone();
    n[c.label()]++;
    double[] s = {sums[0] + c.negative(), sums[1] + c.neutral(), sums[2] + c.positive()};
    return new WindowAggregate(n, s, Math.max(modelVersion, c.modelVersion()));
  }

  /** The published record of this aggregate for {@code key} in the window at {@code start}. */
  public SentimentAggregate toAvro(String key, long start, long size) {
    long n = tweets();
    return SentimentAggregate.newBuilder()
        .setKey(key)
        .setKind(AggregateKeys.kind(key))
        .setWindowStart(Instant.ofEpochMilli(start))
        .setWindowEnd(Instant.ofEpochMilli(start + size))
        .setTweets(n)
        .setNegative(counts[0])
        .setNeutral(counts[1])
        .setPositive(counts[2])
        .setMeanNegative(n == 0 ? 0 : sums[0] / n)
        .setMeanNeutral(n == 0 ? 0 : sums[1] / n)
        .setMeanPositive(n == 0 ? 0 : sums[2] / n)
        .setNetSentiment(n == 0 ? 0 : (counts[2] - counts[0]) / (double) n)
        .setModelVersion(modelVersion)
        .build();
  }

  /** The window store's value serde (a version byte, then fixed-width fields). */
  public static Serde<WindowAggregate> serde() {
    return Serdes.serdeFrom((topic, a) -> a == null ? null : a.encode(), WindowAggregate::decode);
  }

  private byte[] encode() {
    ByteBuffer b = ByteBuffer.allocate(SIZE).put(FORMAT);
    for (long c : counts) {
      b.putLong(c);
    }
    for (double s : sums) {
      b.putDouble(s);
    }
    return b.putLong(modelVersion).array();
  }

  private static WindowAggregate decode(String topic, byte[] b) {
    if (b == null) {
      return null;
    }
    if (b.length != SIZE || b[0] != FORMAT) {
      throw new SerializationException(
          "not a window aggregate (format " + FORMAT + ") on " + topic);
    }
    ByteBuffer in = ByteBuffer.wrap(b, 1, SIZE - 1);
    long[] c = {in.getLong(), in.getLong(), in.getLong()};
    double[] s = {in.getDouble(), in.getDouble(), in.getDouble()};
    return new WindowAggregate(c, s, in.getLong());
  }
}
