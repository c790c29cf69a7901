package io.sentimentstream.serde.internals;

import io.sentimentstream.serde.SchemaRegistryException;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The Confluent wire format for Avro records: magic byte 0, the writer schema's registry id as 4
 * bytes big-endian, then the record's Avro binary encoding. Works for any {@link IndexedRecord}
 * under a given data model (specific or generic), so tests can also write evolved schemas.
 *
 * @param <T> the record type
 */
public final class ConfluentWireCodec<T extends IndexedRecord> {
  public static final byte MAGIC_BYTE = 0;
  public static final int HEADER_SIZE = 5;

  private final SchemaRegistryClient registry;
  private final GenericData model;
  private final Schema readerSchema;
  private final boolean autoRegister;
  private final String subjectSuffix;
  private final Map<Schema, DatumWriter<T>> writers = new ConcurrentHashMap<>();
  private final Map<Integer, DatumReader<T>> readers = new ConcurrentHashMap<>();

  /**
   * A codec on {@code registry}. {@code readerSchema} is the schema records are resolved to on
   * reading (null: read with the writer's schema); subjects follow the TopicNameStrategy.
   */
  public ConfluentWireCodec(
      SchemaRegistryClient registry,
      GenericData model,
      Schema readerSchema,
      boolean autoRegister,
      boolean isKey) {
    this.registry = registry;
    this.model = model;
    this.readerSchema = readerSchema;
    this.autoRegister = autoRegister;
    this.subjectSuffix = isKey ? "-key" : "-value";
  }

  /**
   * The TopicNameStrategy subject of {@code topic}: {@code <topic>-value} or {@code <topic>-key}.
   */
  public String subject(String topic) {
    if (topic == null || topic.isEmpty()) {
      throw new SerializationException("A topic name is needed to derive the schema subject");
    }
    return topic + subjectSuffix;
  }

  /**
   * Registers (or looks up) {@code schema} under {@code topic}'s subject and returns its id; with a
   * caching registry client, later encodes of that schema need no registry call.
   */
  public int schemaId(String topic, Schema schema) {
    String subject = subject(topic);
    return autoRegister ? registry.register(subject, schema) : registry.lookup(subject, schema);
  }

  /** Writes {@code record} in the wire format, registering or looking up its schema's id. */
  public byte[] encode(String topic, T record) {
    Schema schema = record.getSchema();
    int id = schemaId(topic, schema);
    @SuppressWarnings("unchecked")
    DatumWriter<T> writer =
        writers.computeIfAbsent(schema, s -> (DatumWriter<T>) model.createDatumWriter(s));
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    out.write(MAGIC_BYTE);
    out.writeBytes(ByteBuffer.allocate(4).putInt(id).array());
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    try {
      writer.write(record, encoder);
      encoder.flush();
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "Cannot write a " + schema.getFullName() + " for topic '" + topic + "': " + e, e);
    }
    return out.toByteArray();
  }

  /**
   * True if decoding {@code data} would have to ask the registry: a well-formed header whose schema
   * id this codec has not read before. A caller that knows the registry is away can hold such
   * records without waiting for a lookup that will fail, and still decode the others.
   */
  public boolean needsRegistry(byte[] data) {
    return data != null
        && data.length >= HEADER_SIZE
        && data[0] == MAGIC_BYTE
        && !readers.containsKey(ByteBuffer.wrap(data, 1, 4).getInt());
  }

  /** Reads a wire-format payload, resolving the writer's schema (by id) to the reader's. */
  public T decode(String topic, byte[] data) {
    String where = "Cannot deserialize a record from topic '" + topic + "': ";
    if (data.length < HEADER_SIZE) {
      throw new SerializationException(
          where
              + "truncated payload of "
              + data.length
              + " bytes, shorter than the 5-byte header"
              + " (magic byte 0 + 4-byte schema id)");
    }
    if (data[0] != MAGIC_BYTE) {
      throw new SerializationException(
          where
              + String.format(Locale.ROOT, "unknown magic byte 0x%02x", data[0] & 0xff)
              + " (the Confluent wire format starts with 0x00); not written by a Confluent-format"
              + " Avro serializer");
    }
    int id = ByteBuffer.wrap(data, 1, 4).getInt();
    DatumReader<T> reader = readers.computeIfAbsent(id, i -> newReader(where, i));
    int avroBytes = data.length - HEADER_SIZE;
    BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, HEADER_SIZE, avroBytes, null);
    T record;
    try { // lengths and counts checked against the bytes left before Avro allocates for them
      record = reader.read(null, new BoundedDecoder(decoder));
    } catch (EOFException e) {
      throw new SerializationException(
          where
              + "truncated payload: its "
              + avroBytes
              + " Avro bytes end before a complete"
              + " record of schema id "
              + id,
          e);
    } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException e) {
      throw new SerializationException(
          where + "corrupt Avro payload for schema id " + id + " (" + avroBytes + " bytes): " + e,
          e);
    }
    int left = remaining(decoder);
    if (left > 0) {
      throw new SerializationException(
          where
              + left
              + " bytes left over after a complete record of schema id "
              + id
              + ": the payload does not match its schema");
    }
    return record;
  }

  @SuppressWarnings("unchecked")
  private DatumReader<T> newReader(String where, int id) {
    Schema writer;
    try {
      writer = registry.schemaById(id);
    } catch (SchemaRegistryException e) {
      String what = e.status() == 404 ? "unknown schema id " : "cannot fetch schema id ";
      throw new SchemaRegistryException(
          where + what + id + ": " + e.getMessage(), e.status(), e.errorCode(), e);
    }
    return (DatumReader<T>)
        model.createDatumReader(writer, readerSchema == null ? writer : readerSchema);
  }

  private static int remaining(BinaryDecoder decoder) {
    try {
      return decoder.isEnd() ? 0 : decoder.inputStream().available();
    } catch (IOException e) {
      return 0;
    }
  }
}
