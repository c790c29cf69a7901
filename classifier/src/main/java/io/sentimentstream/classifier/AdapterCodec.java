package io.sentimentstream.classifier;

import io.sentimentstream.classifier.internals.Safetensors;
import io.sentimentstream.classifier.internals.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Saves and loads {@link Adapters} as safetensors: per target {@code <target>.lora_a [rank, in]}
 * and {@code <target>.lora_b [out, rank]}; the {@code __metadata__} map holds {@code format},
 * {@code encoder.name}, {@code encoder.fingerprint}, {@code rank} and {@code alpha}.
 */
public final class AdapterCodec {
  /** Value of the {@code format} metadata key. */
  public static final String FORMAT = "sentiment-stream-adapters/1";

  private static final String A = ".lora_a";
  private static final String B = ".lora_b";

  private AdapterCodec() {}

  /** Encodes adapters. */
  public static byte[] encode(Adapters a) {
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("format", FORMAT);
    meta.put("encoder.name", a.encoder().name());
    meta.put("encoder.fingerprint", a.encoder().fingerprint());
    meta.put("rank", Integer.toString(a.rank()));
    meta.put("alpha", Float.toString(a.alpha()));
    Map<String, Tensor> t = new LinkedHashMap<>();
    a.targets()
        .forEach(
            (name, p) -> {
              t.put(name + A, new Tensor(new long[] {a.rank(), p.in()}, p.a()));
              t.put(name + B, new Tensor(new long[] {p.out(), a.rank()}, p.b()));
            });
    try {
      return Safetensors.encode(t, meta);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Decodes adapters from the buffer's remaining bytes, leaving its position untouched.
   *
   * @param source what the bytes are, for error messages
   * @throws IllegalArgumentException naming what is wrong: not safetensors, another format, a
   *     missing factor, a stray tensor, wrong shapes, non-finite values
   */
  public static Adapters decode(ByteBuffer bytes, String source) {
    Safetensors.Contents c;
    try {
      c = Safetensors.decode(bytes.duplicate(), source);
    } catch (IOException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    Map<String, String> meta = c.metadata();
    if (!FORMAT.equals(meta.get("format"))) {
      throw new IllegalArgumentException(
          source + ": metadata format is '" + meta.get("format") + "', expected '" + FORMAT + "'");
    }
    EncoderId encoder =
        new EncoderId(
            require(meta, "encoder.name", source), require(meta, "encoder.fingerprint", source));
    int rank;
    float alpha;
    try {
      rank = Integer.parseInt(require(meta, "rank", source));
      alpha = Float.parseFloat(require(meta, "alpha", source));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(source + ": metadata rank or alpha is not a number", e);
    }
    Map<String, Adapters.Pair> pairs = new TreeMap<>();
    for (Map.Entry<String, Tensor> e : c.tensors().entrySet()) {
      String name = e.getKey();
      if (name.endsWith(B) && c.tensors().containsKey(stem(name) + A)) {
        continue; // read with its A factor
      }
      if (!name.endsWith(A)) {
        throw new IllegalArgumentException(
            source + ": tensor " + name + " is neither an A factor nor the B factor of one");
      }
      String target = stem(name);
      Tensor a = e.getValue();
      Tensor b = c.tensors().get(target + B);
      if (b == null) {
        throw new IllegalArgumentException(
            source + ": adapter " + target + " lacks tensor " + target + B);
      }
      if (a.shape().length != 2 || b.shape().length != 2) {
        throw new IllegalArgumentException(
            source
                + ": adapter "
                + target
                + " factors are not 2-D: "
                + a.shapeString()
                + ", "
                + b.shapeString());
      }
      pairs.put(
          target, new Adapters.Pair(a.data(), b.data(), (int) a.shape()[1], (int) b.shape()[0]));
    }
    try {
      return new Adapters(encoder, rank, alpha, pairs);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
  }

  /** Writes adapters to a file (replacing it). */
  public static void write(Adapters a, Path file) {
    try {
      Files.write(file, encode(a));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write adapters to " + file + ": " + e.getMessage(), e);
    }
  }

  /** Reads adapters from a file; errors name the file. */
  public static Adapters read(Path file) {
    try {
      return decode(ByteBuffer.wrap(Files.readAllBytes(file)), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read adapters " + file + ": " + e.getMessage(), e);
    }
  }

  private static String stem(String tensor) {
    return tensor.substring(0, tensor.length() - A.length());
  }

  private static String require(Map<String, String> meta, String key, String source) {
    String v = meta.get(key);
    if (v == null) {
      throw new IllegalArgumentException(source + ": metadata lacks key '" + key + "'");
    }
    return v;
  }
}
