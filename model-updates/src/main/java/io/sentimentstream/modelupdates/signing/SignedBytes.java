package io.sentimentstream.modelupdates.signing;

import io.sentimentstream.avro.ModelUpdate;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.TreeMap;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * The bytes a model update's signature covers: the record's Avro binary encoding with {@code
 * signature} set to empty bytes. Avro writes map entries in the map's iteration order, and a map
 * read back from Kafka is a HashMap, so the metrics are put in key order first: otherwise a record
 * that travelled through the topic would no longer match its signature.
 */
final class SignedBytes {
  private static final SpecificDatumWriter<ModelUpdate> WRITER =
      new SpecificDatumWriter<>(ModelUpdate.class);

  private SignedBytes() {}

  /** A copy of {@code update} with metrics in key order (the form that is signed and sent). */
  static ModelUpdate canonical(ModelUpdate update) {
    return ModelUpdate.newBuilder(update).setMetrics(new TreeMap<>(update.getMetrics())).build();
  }

  static byte[] of(ModelUpdate update) {
    ModelUpdate unsigned = canonical(update);
    unsigned.setSignature(ByteBuffer.allocate(0));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    try {
      synchronized (WRITER) {
        WRITER.write(unsigned, encoder);
      }
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
