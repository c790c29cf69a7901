package io.sentimentstream.stream.testing;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Seeded mutations of a valid {@code ModelUpdate} in the Confluent wire format, aimed where a
 * decoder is weakest: the length and count prefixes (forged giant, negative or off by one), the
 * enum indexes of the label array, the header (magic byte, schema id), plus bit flips, truncations
 * and spliced bytes. The record's layout is walked field by field, so a forged prefix hits a real
 * prefix.
 */
public final class ModelUpdateMutator {
  /** A mutated record: the kind of mutation, what exactly was done, and the bytes. */
  public record Mutant(String kind, String describe, byte[] bytes) {}

  /** A varint field of the record: its name, where it starts and ends, and its value. */
  private record Field(String name, int start, int end, long value) {}

  private static final String[] KINDS = {
    "bitflip",
    "truncate",
    "length",
    "length",
    "length",
    "enum",
    "schema-id",
    "magic",
    "splice",
    "none",
    "stacked"
  };

  private ModelUpdateMutator() {}

  /** One mutation of {@code valid}, chosen by {@code rnd}. */
  public static Mutant mutate(byte[] valid, Random rnd) {
    String kind = KINDS[rnd.nextInt(KINDS.length)];
    if (kind.equals("stacked")) {
      byte[] b = valid;
      StringBuilder d = new StringBuilder("stacked:");
      for (int n = 2 + rnd.nextInt(2); n > 0; n--) {
        Mutant m = once(KINDS[rnd.nextInt(KINDS.length - 1)], b, rnd);
        b = m.bytes();
        d.append(' ').append(m.describe()).append(';');
      }
      return new Mutant(kind, d.toString(), b);
    }
    Mutant m = once(kind, valid, rnd);
    return new Mutant(kind, m.describe(), m.bytes());
  }

  private static Mutant once(String kind, byte[] in, Random rnd) {
    byte[] b = in.clone();
    switch (kind) {
      case "bitflip" -> {
        int flips = 1 + rnd.nextInt(8);
        for (int i = 0; i < flips && b.length > 0; i++) {
          int pos = rnd.nextInt(b.length);
          b[pos] ^= (byte) (1 << rnd.nextInt(8));
        }
        return new Mutant(kind, flips + " bit flips", b);
      }
      case "truncate" -> {
        int len = b.length == 0 ? 0 : rnd.nextInt(b.length);
        return new Mutant(kind, "truncated to " + len, Arrays.copyOf(b, len));
      }
      case "length", "enum" -> {
        List<Field> fields = fields(b);
        List<Field> pick = new ArrayList<>();
        for (Field f : fields) {
          if (kind.equals("enum") == f.name().startsWith("label[")) {
            pick.add(f);
          }
        }
        if (pick.isEmpty()) {
          return new Mutant(kind, "no " + kind + " field found", b);
        }
        Field f = pick.get(rnd.nextInt(pick.size()));
        long forged = kind.equals("enum") ? forgedIndex(rnd) : forgedLength(f, b.length, rnd);
        return new Mutant(
            kind,
            f.name() + " @" + f.start() + ": " + f.value() + " -> " + forged,
            replace(b, f.start(), f.end(), varint(forged)));
      }
      case "schema-id" -> {
        int id =
            switch (rnd.nextInt(4)) {
              case 0 -> 2; // the Tweet schema's id
              case 1 -> 0;
              case 2 -> -1;
              default -> rnd.nextInt();
            };
        if (b.length >= 5) {
          b[1] = (byte) (id >>> 24);
          b[2] = (byte) (id >>> 16);
          b[3] = (byte) (id >>> 8);
          b[4] = (byte) id;
        }
        return new Mutant(kind, "schema id " + id, b);
      }
      case "magic" -> {
        if (b.length > 0) {
          b[0] = (byte) (1 + rnd.nextInt(255));
        }
        return new Mutant(kind, "magic byte " + (b.length > 0 ? b[0] & 0xff : -1), b);
      }
      case "splice" -> {
        int pos = b.length == 0 ? 0 : rnd.nextInt(b.length);
        int len = 1 + rnd.nextInt(16);
        if (rnd.nextBoolean()) {
          byte[] junk = new byte[len];
          rnd.nextBytes(junk);
          return new Mutant(
              kind, len + " random bytes inserted @" + pos, replace(b, pos, pos, junk));
        }
        int end = Math.min(b.length, pos + len);
        return new Mutant(
            kind, (end - pos) + " bytes deleted @" + pos, replace(b, pos, end, new byte[0]));
      }
      default -> {
        return new Mutant("none", "unchanged", b);
      }
    }
  }

  private static long forgedLength(Field f, int total, Random rnd) {
    return switch (rnd.nextInt(10)) {
      case 0 -> Integer.MAX_VALUE - 8L; // the JVM's largest array
      case 1 -> Integer.MAX_VALUE;
      case 2 -> 1L << 31;
      case 3 -> 1L << 40;
      case 4 -> Long.MAX_VALUE;
      case 5 -> f.value() + 1;
      case 6 -> f.value() - 1;
      case 7 -> -1 - rnd.nextInt(1000);
      case 8 -> total + rnd.nextInt(1 << 20); // a little beyond the record
      default -> rnd.nextInt(Integer.MAX_VALUE);
    };
  }

  private static long forgedIndex(Random rnd) {
    return switch (rnd.nextInt(4)) {
      case 0 -> -1;
      case 1 -> 3 + rnd.nextInt(8);
      case 2 -> Integer.MAX_VALUE;
      default -> rnd.nextLong();
    };
  }

  /** The varint fields of a ModelUpdate record (after the 5-byte header), in order. */
  private static List<Field> fields(byte[] b) {
    List<Field> out = new ArrayList<>();
    int[] pos = {5};
    try {
      out.add(read(b, pos, "version"));
      out.add(read(b, pos, "createdAt"));
      skip(b, pos, out, "encoderIdentity.name");
      skip(b, pos, out, "encoderIdentity.fingerprint");
      Field count = read(b, pos, "labels.count");
      out.add(count);
      for (int i = 0; i < count.value(); i++) {
        out.add(read(b, pos, "label[" + i + "]"));
      }
      out.add(read(b, pos, "labels.end"));
      skip(b, pos, out, "headFormat");
      skip(b, pos, out, "headWeights");
      out.add(read(b, pos, "metrics.count")); // empty in the valid records
      skip(b, pos, out, "signatureAlgorithm");
      skip(b, pos, out, "signature");
    } catch (ArrayIndexOutOfBoundsException e) {
      // an already mutated record: the fields found so far
    }
    return out;
  }

  private static void skip(byte[] b, int[] pos, List<Field> out, String name) {
    Field len = read(b, pos, name + ".length");
    out.add(len);
    pos[0] += (int) len.value();
  }

  private static Field read(byte[] b, int[] pos, String name) {
    int start = pos[0];
    long raw = 0;
    int shift = 0;
    int p = start;
    while (true) {
      int x = b[p++] & 0xff;
      raw |= (long) (x & 0x7f) << shift;
      if ((x & 0x80) == 0 || shift > 63) {
        break;
      }
      shift += 7;
    }
    pos[0] = p;
    return new Field(name, start, p, (raw >>> 1) ^ -(raw & 1));
  }

  private static byte[] varint(long v) {
    long z = (v << 1) ^ (v >> 63);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while ((z & ~0x7FL) != 0) {
      out.write((int) ((z & 0x7f) | 0x80));
      z >>>= 7;
    }
    out.write((int) z);
    return out.toByteArray();
  }

  private static byte[] replace(byte[] b, int from, int to, byte[] with) {
    byte[] out = new byte[b.length - (to - from) + with.length];
    System.arraycopy(b, 0, out, 0, from);
    System.arraycopy(with, 0, out, from, with.length);
    System.arraycopy(b, to, out, from + with.length, b.length - to);
    return out;
  }
}
