package io.sentimentstream.stream.internals;

import static org.assertj.core.api.Assertions.assertThat;

import io.sentimentstream.stream.internals.avro.PendingHeader;
import io.sentimentstream.stream.internals.avro.PendingTweet;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class PendingTweetSerdeTest {
  private final Serde<PendingTweet> serde = PendingTweetSerde.create();

  @Test
  void roundTripsTheInputHeaders() {
    PendingTweet p =
        base()
            .setHeaders(List.of(new PendingHeader("trace-id", ByteBuffer.wrap(new byte[] {42}))))
            .build();
    byte[] bytes = serde.serializer().serialize("changelog", p);
    assertThat(serde.deserializer().deserialize("changelog", bytes)).isEqualTo(p);
  }

  @Test
  void readsABufferEntryWrittenByTheV1SchemaWithoutHeaders() throws Exception {
    Schema v1;
    try (InputStream in = PendingTweetSerde.class.getResourceAsStream("PendingTweet-v1.avsc")) {
      v1 = new Schema.Parser().parse(in);
    }
    GenericRecord old = new GenericData.Record(v1);
    old.put("tweetId", "t1");
    old.put("cleanText", "hello");
    old.put("timestamp", 7L);
    old.put("topic", "tweets");
    old.put("partition", 3);
    old.put("offset", 99L);
    old.put("key", null);
    old.put("value", ByteBuffer.wrap(new byte[] {0, 1}));
    ByteBuffer written = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old);
    byte[] bytes = new byte[written.remaining()];
    written.get(bytes);

    PendingTweet read = serde.deserializer().deserialize("changelog", bytes);
    assertThat(read.getTweetId()).isEqualTo("t1");
    assertThat(read.getOffset()).isEqualTo(99L);
    assertThat(read.getHeaders()).isEmpty();
  }

  private static PendingTweet.Builder base() {
    return PendingTweet.newBuilder()
        .setTweetId("t1")
        .setCleanText("hello")
        .setTimestamp(7L)
        .setTopic("tweets")
        .setPartition(3)
        .setOffset(99L)
        .setKey(null)
        .setValue(ByteBuffer.wrap(new byte[] {0, 1}));
  }
}
