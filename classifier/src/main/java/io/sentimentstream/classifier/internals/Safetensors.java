package io.sentimentstream.classifier.internals;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes the safetensors format: an 8-byte little-endian header length, a JSON header
 * ({@code name -> {dtype, shape, data_offsets}} plus an optional string map {@code __metadata__}),
 * then the raw little-endian tensor bytes.
 *
 * <p>Written by hand because no maintained Java safetensors library is on Maven Central; the format
 * is small and fully specified. Reading converts F32, F16 and BF16 to float32 (BF16 by bit shift in
 * Java: DJL's BF16 cast kills the JVM); tensors of other types (integer buffers such as {@code
 * position_ids}) are skipped. Writing emits F32 only.
 */
public final class Safetensors {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String METADATA = "__metadata__";
  private static final long MAX_HEADER = 100L << 20;

  /** Tensors by name (in file order) and the header's metadata map (empty if none). */
  public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {}

  private record Entry(String dtype, long[] shape, long[] offsets) {}

  private Safetensors() {}

  /** Reads a safetensors file; errors name the file. */
  public static Contents read(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buf = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
      return decode(buf, file.toString());
    }
  }

  /**
   * Decodes safetensors bytes.
   *
   * @param source names the bytes in error messages
   * @throws IOException if the bytes are not valid safetensors
   */
  public static Contents decode(ByteBuffer bytes, String source) throws IOException {
    ByteBuffer buf = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    if (buf.remaining() < 8) {
      throw new IOException(source + ": not safetensors, only " + buf.remaining() + " bytes");
    }
    long headerLength = buf.getLong(0);
    if (headerLength <= 0 || headerLength > MAX_HEADER || 8 + headerLength > buf.limit()) {
      throw new IOException(source + ": not safetensors, bad header length " + headerLength);
    }
    byte[] header = new byte[(int) headerLength];
    buf.position(8);
    buf.get(header);
    Map<String, Object> json;
    try {
      json = JSON.readValue(header, new TypeReference<LinkedHashMap<String, Object>>() {});
    } catch (IOException e) {
      throw new IOException(source + ": safetensors header is not JSON: " + e.getMessage(), e);
    }
    int dataStart = 8 + (int) headerLength;
    Map<String, String> metadata = new LinkedHashMap<>();
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : json.entrySet()) {
      if (METADATA.equals(e.getKey())) {
        ((Map<?, ?>) e.getValue()).forEach((k, v) -> metadata.put(k.toString(), v.toString()));
        continue;
      }
      Entry entry = parseEntry(e.getKey(), e.getValue(), source);
      Tensor t = toTensor(buf, dataStart, entry, e.getKey(), source);
      if (t != null) {
        tensors.put(e.getKey(), t);
      }
    }
    return new Contents(tensors, metadata);
  }

  private static Entry parseEntry(String name, Object value, String source) throws IOException {
    try {
      Map<?, ?> m = (Map<?, ?>) value;
      List<?> shape = (List<?>) m.get("shape");
      List<?> offsets = (List<?>) m.get("data_offsets");
      long[] s = shape.stream().mapToLong(o -> ((Number) o).longValue()).toArray();
      long[] o = offsets.stream().mapToLong(x -> ((Number) x).longValue()).toArray();
      return new Entry((String) m.get("dtype"), s, o);
    } catch (RuntimeException e) {
      throw new IOException(source + ": malformed safetensors entry for tensor " + name, e);
    }
  }

  private static Tensor toTensor(ByteBuffer buf, int start, Entry e, String name, String source)
      throws IOException {
    int width =
        switch (e.dtype()) {
          case "F32" -> 4;
          case "F16", "BF16" -> 2;
          default -> 0;
        };
    if (width == 0) {
      return null;
    }
    long count = 1;
    for (long d : e.shape()) {
      count *= d;
    }
    long begin = start + e.offsets()[0];
    long end = start + e.offsets()[1];
    if (e.offsets()[1] - e.offsets()[0] != count * width || end > buf.limit() || begin < start) {
      throw new IOException(
          source + ": tensor " + name + " data_offsets do not match its dtype and shape");
    }
    float[] out = new float[(int) count];
    ByteBuffer slice = buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    slice.position((int) begin);
    if (width == 4) {
      slice.asFloatBuffer().get(out); // bulk copy: checkpoints hold 10^7-10^8 floats
      return new Tensor(e.shape(), out);
    }
    for (int i = 0; i < out.length; i++) {
      out[i] =
          switch (e.dtype()) {
            case "F16" -> halfToFloat(slice.getShort());
            default -> Float.intBitsToFloat((slice.getShort() & 0xffff) << 16);
          };
    }
    return new Tensor(e.shape(), out);
  }

  /** IEEE 754 half to float (Java 17 has no Float.float16ToFloat). */
  static float halfToFloat(short half) {
    int bits = half & 0xffff;
    int sign = (bits & 0x8000) << 16;
    int exp = (bits >>> 10) & 0x1f;
    int mantissa = bits & 0x3ff;
    if (exp == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
    }
    if (exp == 0) {
      float v = mantissa * 0x1p-24f; // zero or subnormal
      return sign != 0 ? -v : v;
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mantissa << 13));
  }

  /** Encodes tensors (sorted by name, F32) and string metadata as safetensors bytes. */
  public static byte[] encode(Map<String, Tensor> tensors, Map<String, String> metadata)
      throws IOException {
    Map<String, Object> header = new LinkedHashMap<>();
    if (!metadata.isEmpty()) {
      header.put(METADATA, new TreeMap<>(metadata));
    }
    Map<String, Tensor> sorted = new TreeMap<>(tensors);
    long offset = 0;
    for (Map.Entry<String, Tensor> e : sorted.entrySet()) {
      long size = 4L * e.getValue().data().length;
      header.put(
          e.getKey(),
          Map.of(
              "dtype",
              "F32",
              "shape",
              e.getValue().shape(),
              "data_offsets",
              new long[] {offset, offset + size}));
      offset += size;
    }
    byte[] json = JSON.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
    int padded = (json.length + 7) / 8 * 8; // keeps tensor data 8-byte aligned
    long total = 8L + padded + offset;
    if (total > Integer.MAX_VALUE) {
      throw new IOException("safetensors output of " + total + " bytes is too large");
    }
    ByteBuffer out = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
    out.putLong(padded).put(json);
    for (int i = json.length; i < padded; i++) {
      out.put((byte) ' ');
    }
    for (Tensor t : sorted.values()) {
      out.asFloatBuffer().put(t.data());
      out.position(out.position() + 4 * t.data().length);
    }
    return out.array();
  }

  /** Writes tensors and metadata to a file (replacing it). */
  public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata)
      throws IOException {
    Files.write(file, encode(tensors, metadata));
  }
}
