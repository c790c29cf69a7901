package io.sentimentstream.classifier;

import io.sentimentstream.classifier.internals.Safetensors;
import io.sentimentstream.classifier.internals.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Saves and loads a {@link Head} as safetensors. Tensors: MLP {@code fc1.weight [512,H]}, {@code
 * fc1.bias}, {@code fc2.weight [3,512]}, {@code fc2.bias}; LINEAR {@code linear.weight [3,H]},
 * {@code linear.bias}. The {@code __metadata__} map holds {@code format}, {@code type}, {@code
 * encoder.name}, {@code encoder.fingerprint}, {@code pooling}, {@code version}, {@code labels}
 * (comma-separated, in output order) and the head's own metadata entries unchanged.
 */
public final class HeadCodec {
  /** Value of the {@code format} metadata key. */
  public static final String FORMAT = "sentiment-stream-head/1";

  private static final Set<String> RESERVED =
      Set.of(
          "format", "type", "encoder.name", "encoder.fingerprint", "pooling", "version", "labels");

  private HeadCodec() {}

  /**
   * Encodes a head.
   *
   * @throws IllegalArgumentException if a head metadata key collides with a reserved key
   */
  public static byte[] encode(Head h) {
    Map<String, String> meta = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : h.metadata().entrySet()) {
      if (RESERVED.contains(e.getKey())) {
        throw new IllegalArgumentException("head metadata key '" + e.getKey() + "' is reserved");
      }
      meta.put(e.getKey(), e.getValue());
    }
    meta.put("format", FORMAT);
    meta.put("type", h.type().name());
    meta.put("encoder.name", h.encoder().name());
    meta.put("encoder.fingerprint", h.encoder().fingerprint());
    meta.put("pooling", h.pooling().name());
    meta.put("version", Long.toString(h.version()));
    meta.put("labels", String.join(",", Label.ORDER.stream().map(Label::name).toList()));
    Map<String, Tensor> t = new LinkedHashMap<>();
    String first = h.type() == Head.Type.MLP ? "fc1" : "linear";
    t.put(first + ".weight", matrix(h.w1()));
    t.put(first + ".bias", vector(h.b1()));
    if (h.type() == Head.Type.MLP) {
      t.put("fc2.weight", matrix(h.w2()));
      t.put("fc2.bias", vector(h.b2()));
    }
    try {
      return Safetensors.encode(t, meta);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Decodes a head.
   *
   * @throws IllegalArgumentException naming what is wrong: not safetensors, a missing key or
   *     tensor, another label order, wrong shapes, non-finite weights
   */
  public static Head decode(byte[] safetensors) {
    return decode(safetensors, "head");
  }

  /**
   * Decodes a head from the buffer's remaining bytes (as Avro hands over a {@code bytes} field),
   * leaving the buffer's position untouched.
   *
   * @throws IllegalArgumentException as {@link #decode(byte[])}
   */
  public static Head decode(ByteBuffer safetensors) {
    byte[] bytes = new byte[safetensors.remaining()];
    safetensors.duplicate().get(bytes);
    return decode(bytes);
  }

  private static Head decode(byte[] bytes, String source) {
    Safetensors.Contents c;
    try {
      c = Safetensors.decode(ByteBuffer.wrap(bytes), source);
    } catch (IOException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    Map<String, String> meta = new LinkedHashMap<>(c.metadata());
    String format = meta.get("format");
    if (!FORMAT.equals(format)) {
      throw new IllegalArgumentException(
          source + ": metadata format is '" + format + "', expected '" + FORMAT + "'");
    }
    String labels = require(meta, "labels", source);
    List<String> expected = Label.ORDER.stream().map(Label::name).toList();
    if (!List.of(labels.split(",")).equals(expected)) {
      throw new IllegalArgumentException(
          source + ": label order " + labels + " differs from " + expected);
    }
    Head.Type type = parse(Head.Type.class, require(meta, "type", source), "type", source);
    EncoderId encoder =
        new EncoderId(
            require(meta, "encoder.name", source), require(meta, "encoder.fingerprint", source));
    Pooling pooling = parse(Pooling.class, require(meta, "pooling", source), "pooling", source);
    long version;
    try {
      version = Long.parseLong(require(meta, "version", source));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(source + ": metadata version is not a number", e);
    }
    RESERVED.forEach(meta::remove);
    Map<String, Tensor> t = c.tensors();
    String first = type == Head.Type.MLP ? "fc1" : "linear";
    try {
      return new Head(
          type,
          encoder,
          pooling,
          version,
          toMatrix(t, first + ".weight", source),
          toVector(t, first + ".bias", source),
          type == Head.Type.MLP ? toMatrix(t, "fc2.weight", source) : null,
          type == Head.Type.MLP ? toVector(t, "fc2.bias", source) : null,
          meta);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
  }

  /** Writes a head to a file (replacing it). */
  public static void write(Head h, Path file) {
    try {
      Files.write(file, encode(h));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write head to " + file + ": " + e.getMessage(), e);
    }
  }

  /** Reads a head from a file; errors name the file. */
  public static Head read(Path file) {
    try {
      return decode(Files.readAllBytes(file), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read head " + file + ": " + e.getMessage(), e);
    }
  }

  private static String require(Map<String, String> meta, String key, String source) {
    String v = meta.get(key);
    if (v == null) {
      throw new IllegalArgumentException(source + ": metadata lacks key '" + key + "'");
    }
    return v;
  }

  private static <E extends Enum<E>> E parse(Class<E> type, String v, String key, String source) {
    try {
      return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          source + ": metadata " + key + " '" + v + "' is unknown", e);
    }
  }

  private static Tensor matrix(float[][] m) {
    int cols = m[0].length;
    float[] d = new float[m.length * cols];
    for (int r = 0; r < m.length; r++) {
      System.arraycopy(m[r], 0, d, r * cols, cols);
    }
    return new Tensor(new long[] {m.length, cols}, d);
  }

  private static Tensor vector(float[] v) {
    return new Tensor(new long[] {v.length}, v);
  }

  private static float[][] toMatrix(Map<String, Tensor> t, String name, String source) {
    Tensor x = t.get(name);
    if (x == null || x.shape().length != 2) {
      throw new IllegalArgumentException(
          source
              + ": tensor "
              + name
              + (x == null ? " is missing" : " is not 2-D: " + x.shapeString()));
    }
    int rows = (int) x.shape()[0];
    int cols = (int) x.shape()[1];
    float[][] m = new float[rows][cols];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(x.data(), r * cols, m[r], 0, cols);
    }
    return m;
  }

  private static float[] toVector(Map<String, Tensor> t, String name, String source) {
    Tensor x = t.get(name);
    if (x == null || x.shape().length != 1) {
      throw new IllegalArgumentException(
          source
              + ": tensor "
              + name
              + (x == null ? " is missing" : " is not 1-D: " + x.shapeString()));
    }
    return x.data();
  }
}
