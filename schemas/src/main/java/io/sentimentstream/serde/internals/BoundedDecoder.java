package io.sentimentstream.serde.internals;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * A {@link BinaryDecoder} over one payload that checks every length and count it reads against the
 * bytes left before anything is allocated. Avro itself allocates a string's or bytes' array from
 * its length prefix before reading it (up to 2 GiB by default, see {@code
 * org.apache.avro.SystemLimitException}) and sizes a collection from its count, so a 46-byte record
 * with a forged length made Avro allocate 2 GiB. Here such a record fails with an {@link
 * EOFException} (the payload ends before what it announces) at the cost of its own size.
 *
 * <p>A collection's count is bounded by the bytes left too, which assumes each item takes at least
 * one byte: true of every schema in this project (no arrays of {@code null} or of empty records).
 */
final class BoundedDecoder extends Decoder {
  private final BinaryDecoder in;

  BoundedDecoder(BinaryDecoder in) {
    this.in = in;
  }

  private int left() throws IOException {
    return in.inputStream().available();
  }

  private int length(long n, String what) throws IOException {
    int left = left();
    if (n < 0 || n > left) {
      throw new EOFException(
          "a " + what + " of " + n + " bytes is announced but only " + left + " bytes are left");
    }
    return (int) n;
  }

  private long count(long n, String what) throws IOException {
    int left = left();
    if (n > left) {
      throw new EOFException(
          "a block of "
              + n
              + " "
              + what
              + " items is announced but only "
              + left
              + " bytes are left");
    }
    return n;
  }

  @Override
  public Utf8 readString(Utf8 old) throws IOException {
    int n = length(in.readLong(), "string");
    Utf8 s = old != null ? old : new Utf8();
    s.setByteLength(n);
    in.readFixed(s.getBytes(), 0, n);
    return s;
  }

  @Override
  public String readString() throws IOException {
    int n = length(in.readLong(), "string");
    byte[] b = new byte[n];
    in.readFixed(b, 0, n);
    return new String(b, StandardCharsets.UTF_8);
  }

  @Override
  public void skipString() throws IOException {
    in.skipFixed(length(in.readLong(), "string"));
  }

  @Override
  public ByteBuffer readBytes(ByteBuffer old) throws IOException {
    int n = length(in.readLong(), "bytes field");
    ByteBuffer b = old != null && n <= old.capacity() ? old.clear() : ByteBuffer.allocate(n);
    in.readFixed(b.array(), b.position(), n);
    b.limit(n);
    return b;
  }

  @Override
  public void skipBytes() throws IOException {
    in.skipFixed(length(in.readLong(), "bytes field"));
  }

  @Override
  public long readArrayStart() throws IOException {
    return count(in.readArrayStart(), "array");
  }

  @Override
  public long arrayNext() throws IOException {
    return count(in.arrayNext(), "array");
  }

  @Override
  public long skipArray() throws IOException {
    return count(in.skipArray(), "array");
  }

  @Override
  public long readMapStart() throws IOException {
    return count(in.readMapStart(), "map");
  }

  @Override
  public long mapNext() throws IOException {
    return count(in.mapNext(), "map");
  }

  @Override
  public long skipMap() throws IOException {
    return count(in.skipMap(), "map");
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
