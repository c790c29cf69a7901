package io.sentimentstream.serde.internals;

import static io.sentimentstream.testing.SampleRecords.tweet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sentimentstream.avro.Tweet;
import io.sentimentstream.serde.InMemorySchemaRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * A length prefix or item count that claims more than the payload holds is refused before anything
 * is allocated for it: Avro's own decoder would allocate what it claims (2 GB for a 12-byte
 * record).
 */
class ForgedLengthTest {
  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
  private final ConfluentWireCodec<Tweet> codec =
      new ConfluentWireCodec<>(
          registry, SpecificData.getForClass(Tweet.class), Tweet.getClassSchema(), true, false);

  @Test
  void aStringLengthLongerThanThePayloadIsTruncationAndAllocatesNothingForIt() throws IOException {
    byte[] forged = wire(e -> e.writeLong(Integer.MAX_VALUE - 64)); // the id's length prefix
    long before = allocated();

    assertThatThrownBy(() -> codec.decode("tweets", forged))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("truncated payload")
        .hasMessageContaining("string length of 2147483583 claimed in a payload of");
    assertThat(allocated() - before).as("bytes allocated").isLessThan(1 << 20);
  }

  @Test
  void aLengthBeyondTwoGigabytesIsTruncationToo() throws IOException {
    // Avro alone throws UnsupportedOperationException here, which no caller expects.
    byte[] forged = wire(e -> e.writeLong(Integer.MAX_VALUE + 1000L));
    assertThatThrownBy(() -> codec.decode("tweets", forged))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("truncated payload");
  }

  @Test
  void aMapCountLargerThanThePayloadIsTruncationAndAllocatesNothingForIt() throws IOException {
    byte[] forged =
        wire(
            e -> {
              e.writeString("1"); // id
              e.writeString("text");
              e.writeString("user");
              e.writeLong(0); // createdAt
              e.writeIndex(0); // lang null
              e.writeIndex(0); // source null
              e.writeMapStart();
              e.setItemCount(1 << 30); // attributes
              e.startItem();
            });
    long before = allocated();

    assertThatThrownBy(() -> codec.decode("tweets", forged))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("map block of 1073741824 claimed");
    assertThat(allocated() - before).as("bytes allocated").isLessThan(1 << 20);
  }

  @Test
  void aNegativeLengthIsCorrupt() throws IOException {
    byte[] forged = wire(e -> e.writeLong(-5));
    assertThatThrownBy(() -> codec.decode("tweets", forged))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("corrupt Avro payload")
        .hasMessageContaining("negative string length -5");
  }

  @Test
  void wellFormedRecordsStillReadBack() {
    for (int n = 0; n < 4; n++) {
      assertThat(codec.decode("tweets", codec.encode("tweets", tweet(n)))).isEqualTo(tweet(n));
    }
  }

  private interface Body {
    void write(BinaryEncoder e) throws IOException;
  }

  /** The wire header of the registered Tweet schema, then {@code body} as its Avro bytes. */
  private byte[] wire(Body body) throws IOException {
    byte[] valid = codec.encode("tweets", tweet(1));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(valid, 0, ConfluentWireCodec.HEADER_SIZE);
    BinaryEncoder e = EncoderFactory.get().directBinaryEncoder(out, null);
    body.write(e);
    e.flush();
    return out.toByteArray();
  }

  private static long allocated() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getCurrentThreadAllocatedBytes();
  }
}
