package io.sentimentstream.avro;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

/**
 * ModelUpdate evolves both ways: apps on the schema before adapters read updates that carry them
 * (and ignore them), and today's apps read updates written before (no adapters). The first schema
 * is kept in test resources as it was released.
 */
class ModelUpdateSchemaTest {
  private static final Schema NOW = ModelUpdate.getClassSchema();

  private static Schema release1() throws IOException {
    try (InputStream in =
        ModelUpdateSchemaTest.class.getResourceAsStream("/avro-history/ModelUpdate-1.avsc")) {
      Schema.Parser parser = new Schema.Parser();
      parser.parse(Sentiment.getClassSchema().toString()); // the release referred to it by name
      return parser.parse(in);
    }
  }

  @Test
  void theSchemaWithAdaptersIsBackwardAndForwardCompatibleWithTheFirstRelease() throws Exception {
    Schema old = release1();
    assertThat(old.getField("adapters")).isNull();
    assertThat(SchemaCompatibility.checkReaderWriterCompatibility(NOW, old).getType())
        .as("backward: today's reader, the old writer")
        .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    assertThat(SchemaCompatibility.checkReaderWriterCompatibility(old, NOW).getType())
        .as("forward: the old reader, today's writer")
        .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    assertThat(NOW.getField("adapters").hasDefaultValue()).isTrue();
    assertThat(NOW.getField("adapters").doc()).isNotBlank();
  }

  @Test
  void anOldReaderReadsTheHeadOfAnUpdateWithAdaptersAndTodaysReaderAnOldUpdate() throws Exception {
    Schema old = release1();
    ModelUpdate withAdapters =
        update(
            new ModelAdapters(
                "safetensors",
                ByteBuffer.wrap(new byte[] {1, 2, 3}),
                4,
                List.of(new AdapterTarget("encoder.layer.11.attention.self.query", 384, 384))));
    GenericRecord seenByOld =
        new GenericDatumReader<GenericRecord>(NOW, old)
            .read(null, DecoderFactory.get().binaryDecoder(bytes(withAdapters), null));
    assertThat(seenByOld.get("version")).isEqualTo(7L);
    assertThat(seenByOld.get("headWeights")).isEqualTo(ByteBuffer.wrap(new byte[] {9, 9}));

    GenericRecord oldRecord = new GenericData.Record(old);
    for (Schema.Field f : old.getFields()) {
      oldRecord.put(f.name(), seenByOld.get(f.name()));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(old).write(oldRecord, enc);
    enc.flush();
    ModelUpdate seenByNew =
        new SpecificDatumReader<ModelUpdate>(old, NOW)
            .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
    assertThat(seenByNew.getVersion()).isEqualTo(7L);
    assertThat(seenByNew.getAdapters()).isNull();
  }

  private static ModelUpdate update(ModelAdapters adapters) {
    return ModelUpdate.newBuilder()
        .setVersion(7)
        .setCreatedAt(Instant.ofEpochMilli(1))
        .setEncoderIdentity(new EncoderIdentity("e5-small-v2", "ab"))
        .setLabels(List.of(Sentiment.NEGATIVE, Sentiment.NEUTRAL, Sentiment.POSITIVE))
        .setHeadFormat("safetensors")
        .setHeadWeights(ByteBuffer.wrap(new byte[] {9, 9}))
        .setMetrics(Map.of())
        .setAdapters(adapters)
        .setSignature(ByteBuffer.allocate(0))
        .build();
  }

  private static byte[] bytes(ModelUpdate u) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
    new SpecificDatumWriter<>(ModelUpdate.class).write(u, enc);
    enc.flush();
    return out.toByteArray();
  }
}
