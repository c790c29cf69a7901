package io.sentimentstream.serde.internals;

import static io.sentimentstream.testing.SampleRecords.tweet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sentimentstream.avro.Tweet;
import io.sentimentstream.serde.InMemorySchemaRegistry;
import io.sentimentstream.serde.SchemaRegistryException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.specific.SpecificData;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class ConfluentWireCodecTest {
  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
  private final ConfluentWireCodec<Tweet> codec = specific(registry, true, false);

  private static ConfluentWireCodec<Tweet> specific(
      SchemaRegistryClient r, boolean autoRegister, boolean isKey) {
    SpecificData model = SpecificData.getForClass(Tweet.class);
    return new ConfluentWireCodec<>(r, model, Tweet.getClassSchema(), autoRegister, isKey);
  }

  @Test
  void writesMagicByteThenBigEndianSchemaIdThenAvroBinary() throws Exception {
    byte[] bytes = codec.encode("tweets", tweet(1));

    int id = registry.idOf("tweets-value", Tweet.getClassSchema());
    assertThat(bytes[0]).isZero();
    assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
    byte[] avro = Arrays.copyOfRange(bytes, 5, bytes.length);
    assertThat(Tweet.getDecoder().decode(withSingleObjectHeader(avro))).isEqualTo(tweet(1));
  }

  @Test
  void readsBackWhatItWrote() {
    for (int n = 0; n < 6; n++) {
      assertThat(codec.decode("tweets", codec.encode("tweets", tweet(n)))).isEqualTo(tweet(n));
    }
  }

  @Test
  void registersOnceAndFetchesEachWriterSchemaOnce() {
    ConfluentWireCodec<Tweet> cached =
        specific(new CachingSchemaRegistryClient(registry), true, false);
    for (int n = 0; n < 3; n++) {
      cached.decode("tweets", cached.encode("tweets", tweet(n)));
    }
    assertThat(registry.calls()).containsExactly("register tweets-value");
  }

  @Test
  void keysUseTheKeySubject() {
    specific(registry, true, true).encode("tweets", tweet(1));
    assertThat(registry.subjects()).containsOnly("tweets-key");
  }

  @Test
  void withoutAutoRegisterOnlyLooksUpAndFailsForAnUnregisteredSchema() {
    ConfluentWireCodec<Tweet> lookupOnly = specific(registry, false, false);
    assertThatThrownBy(() -> lookupOnly.encode("tweets", tweet(1)))
        .isInstanceOf(SchemaRegistryException.class);
    codec.encode("tweets", tweet(1));
    assertThat(lookupOnly.decode("tweets", lookupOnly.encode("tweets", tweet(2))))
        .isEqualTo(tweet(2));
    assertThat(registry.calls())
        .contains("lookup tweets-value")
        .containsOnlyOnce("register tweets-value");
  }

  @Test
  void resolvesAnEvolvedWriterSchemaToTheReadersSchema() {
    Schema evolved = evolvedTweetSchema();
    ConfluentWireCodec<GenericRecord> newWriter =
        new ConfluentWireCodec<>(registry, GenericData.get(), null, true, false);
    GenericRecord record =
        new GenericRecordBuilder(evolved)
            .set("id", "7")
            .set("text", "hi")
            .set("user", "u")
            .set("createdAt", 5L)
            .set("retweets", 42)
            .build();

    Tweet read = codec.decode("tweets", newWriter.encode("tweets", record));

    assertThat(read.getId()).isEqualTo("7");
    assertThat(read.getCreatedAt().toEpochMilli()).isEqualTo(5L);
    GenericRecord oldReadByNew =
        new ConfluentWireCodec<GenericRecord>(registry, GenericData.get(), evolved, true, false)
            .decode("tweets", codec.encode("tweets", tweet(3)));
    assertThat(oldReadByNew.get("retweets")).isEqualTo(0);
    assertThat(oldReadByNew.get("text")).hasToString(tweet(3).getText());
  }

  @Test
  void rejectsAWrongMagicByteAndShowsIt() {
    byte[] bytes = codec.encode("tweets", tweet(1));
    bytes[0] = '{';
    assertThatThrownBy(() -> codec.decode("tweets", bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("topic 'tweets'")
        .hasMessageContaining("unknown magic byte 0x7b");
  }

  @Test
  void rejectsAPayloadShorterThanTheHeader() {
    assertThatThrownBy(() -> codec.decode("tweets", new byte[] {0, 0, 0}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("truncated payload of 3 bytes");
  }

  @Test
  void rejectsATruncatedRecordSayingHowManyBytesThereWere() {
    byte[] bytes = codec.encode("tweets", tweet(1));
    byte[] cut = Arrays.copyOf(bytes, 20);
    assertThatThrownBy(() -> codec.decode("tweets", cut))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("truncated payload: its 15 Avro bytes end before a complete record");
  }

  @Test
  void rejectsBytesLeftOverAfterTheRecord() {
    byte[] bytes = codec.encode("tweets", tweet(1));
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 3);
    assertThatThrownBy(() -> codec.decode("tweets", longer))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("3 bytes left over");
  }

  @Test
  void rejectsAnUnknownSchemaIdAndShowsIt() {
    byte[] bytes = codec.encode("tweets", tweet(1));
    ByteBuffer.wrap(bytes).putInt(1, 987_654);
    assertThatThrownBy(() -> codec.decode("tweets", bytes))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("unknown schema id 987654")
        .hasMessageContaining("error_code 40403");
  }

  static Schema evolvedTweetSchema() {
    String json = Tweet.getClassSchema().toString();
    String field =
        "{\"name\":\"retweets\",\"type\":\"int\",\"default\":0,\"doc\":\"Retweet count.\"}";
    int end = json.lastIndexOf(']');
    return new Schema.Parser().parse(json.substring(0, end) + "," + field + json.substring(end));
  }

  private static byte[] withSingleObjectHeader(byte[] avro) throws Exception {
    byte[] header = Tweet.getEncoder().encode(tweet(1)).array();
    byte[] singleObject = Arrays.copyOf(header, 10 + avro.length);
    System.arraycopy(avro, 0, singleObject, 10, avro.length);
    return singleObject;
  }
}
