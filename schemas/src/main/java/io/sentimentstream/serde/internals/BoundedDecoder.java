package io.sentimentstream.serde.internals;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * An Avro decoder over one payload of {@code payloadBytes} that refuses any length or item count
 * larger than the payload itself before anything is allocated for it.
 *
 * <p>Why by hand: Avro's {@link BinaryDecoder} allocates what a length prefix claims before it
 * finds out the bytes are not there, so a 10-byte record claiming a 2 GB string allocates 2 GB
 * (measured with Avro 1.12.1), and a map claiming 2^30 entries sizes a hash table for them. Avro's
 * only guard is its JVM-wide {@code org.apache.avro.limits.*} system properties, read once when
 * Avro loads (the services set them too, as defence in depth). A string, a byte array or a block of
 * items can never be longer than the payload that holds it, so that is the bound here, and what one
 * decode allocates stays in proportion to its input. (A block of {@code null} items takes no bytes,
 * so an array of nulls longer than its payload is refused too: none of our schemas has one.)
 */
final class BoundedDecoder extends Decoder {
  private final BinaryDecoder in;
  private final long max;

  BoundedDecoder(BinaryDecoder in, int payloadBytes) {
    this.in = in;
    this.max = payloadBytes;
  }

  /** A claim beyond the payload means its bytes are not there: the payload ends first. */
  private long length(long claimed, String what) throws EOFException {
    if (claimed < 0) {
      throw new AvroRuntimeException("malformed data: negative " + what + " " + claimed);
    }
    if (claimed > max) {
      throw new EOFException(
          what + " of " + claimed + " claimed in a payload of " + max + " bytes");
    }
    return claimed;
  }

  @Override
  public Utf8 readString(Utf8 old) throws IOException {
    int len = (int) length(in.readLong(), "string length");
    Utf8 out = old != null ? old : new Utf8();
    out.setByteLength(len);
    in.readFixed(out.getBytes(), 0, len);
    return out;
  }

  @Override
  public String readString() throws IOException {
    return readString(null).toString();
  }

  @Override
  public void skipString() throws IOException {
    in.skipFixed((int) length(in.readLong(), "string length"));
  }

  @Override
  public ByteBuffer readBytes(ByteBuffer old) throws IOException {
    int len = (int) length(in.readLong(), "bytes length");
    ByteBuffer out = old != null && old.capacity() >= len ? old : ByteBuffer.allocate(len);
    out.clear();
    in.readFixed(out.array(), out.arrayOffset(), len);
    out.limit(len);
    return out;
  }

  @Override
  public void skipBytes() throws IOException {
    in.skipFixed((int) length(in.readLong(), "bytes length"));
  }

  @Override
  public long readArrayStart() throws IOException {
    return length(in.readArrayStart(), "array block");
  }

  @Override
  public long arrayNext() throws IOException {
    return length(in.arrayNext(), "array block");
  }

  @Override
  public long readMapStart() throws IOException {
    return length(in.readMapStart(), "map block");
  }

  @Override
  public long mapNext() throws IOException {
    return length(in.mapNext(), "map block");
  }

  @Override
  public long skipArray() throws IOException {
    return length(in.skipArray(), "array block");
  }

  @Override
  public long skipMap() throws IOException {
    return length(in.skipMap(), "map block");
  }

  @Override
  public void readNull() throws IOException {
    in.readNull();
  }

  @Override
  public boolean readBoolean() throws IOException {
    return in.readBoolean();
  }

  @Override
  public int readInt() throws IOException {
    return in.readInt();
  }

  @Override
  public long readLong() throws IOException {
    return in.readLong();
  }

  @Override
  public float readFloat() throws IOException {
    return in.readFloat();
  }

  @Override
  public double readDouble() throws IOException {
    return in.readDouble();
  }

  @Override
  public void readFixed(byte[] bytes, int start, int length) throws IOException {
    in.readFixed(bytes, start, length);
  }

  @Override
  public void skipFixed(int length) throws IOException {
    in.skipFixed(length);
  }

  @Override
  public int readEnum() throws IOException {
    return in.readEnum();
  }

  @Override
  public int readIndex() throws IOException {
    return in.readIndex();
  }
}
