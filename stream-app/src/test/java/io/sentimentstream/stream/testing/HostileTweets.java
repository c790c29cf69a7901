package io.sentimentstream.stream.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Seeded mutations of valid {@code Tweet} records in the Confluent wire format, written field by
 * field (id, text, user, createdAt, lang, source, attributes) so that any length prefix, union
 * index or item count can be forged: bit flips, truncations, forged lengths and counts, bad union
 * indexes, giant fields, giant or multi-byte headers, unknown schema ids, leftover bytes. The same
 * seed gives the same records; {@link #worstCases} names the ones the hostile-input drill sends.
 */
public final class HostileTweets {
  /** One input record: what a producer could send. */
  public record Input(String kind, byte[] key, byte[] value, RecordHeaders headers) {
    /** Its bytes, header keys counted at 3 bytes a character (their most in UTF-8). */
    public int size() {
      int n = (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
      for (var h : headers) {
        n += h.key().length() * 3 + (h.value() == null ? 0 : h.value().length);
      }
      return n;
    }
  }

  private static final int FIELDS = 7;
  private final int schemaId;
  private final Random rnd;

  /** Records for the Tweet schema registered as {@code schemaId}, from {@code seed}. */
  public HostileTweets(int schemaId, long seed) {
    this.schemaId = schemaId;
    this.rnd = new Random(seed);
  }

  /** The next input: one in five valid, the rest mutated, one in a hundred giant. */
  public Input next() {
    Fields f = randomFields();
    int kind = rnd.nextInt(100);
    if (kind < 20) {
      return input("valid", f.encode(-1, 0));
    }
    if (kind < 35) {
      byte[] v = f.encode(-1, 0);
      for (int i = 1 + rnd.nextInt(8); i > 0; i--) {
        int at = rnd.nextInt(v.length);
        v[at] ^= (byte) (1 << rnd.nextInt(8));
      }
      return input("bit-flips", v);
    }
    if (kind < 45) {
      byte[] v = f.encode(-1, 0);
      return input("truncated", java.util.Arrays.copyOf(v, rnd.nextInt(v.length)));
    }
    if (kind < 60) {
      long[] claims = {Integer.MAX_VALUE, Long.MAX_VALUE / 2, -1, -rnd.nextInt(1 << 20), 1 << 30};
      long claim = rnd.nextBoolean() ? claims[rnd.nextInt(claims.length)] : rnd.nextInt(1 << 24);
      return input("forged-length", f.encode(rnd.nextInt(FIELDS), claim));
    }
    if (kind < 68) {
      int[] bad = {-1, 2, 3, 1000, Integer.MAX_VALUE};
      f.badUnion = bad[rnd.nextInt(bad.length)];
      return input("bad-union-index", f.encode(-1, 0));
    }
    if (kind < 73) {
      byte[] v = f.encode(-1, 0);
      byte[] longer = java.util.Arrays.copyOf(v, v.length + 1 + rnd.nextInt(64));
      return input("leftover-bytes", longer);
    }
    if (kind < 78) {
      byte[] v = f.encode(-1, 0);
      ByteBuffer.wrap(v).putInt(1, rnd.nextInt());
      v[0] = rnd.nextInt(4) == 0 ? (byte) rnd.nextInt(256) : 0;
      return input("schema-id-or-magic", v);
    }
    if (kind < 83) {
      byte[] v = new byte[rnd.nextInt(64)];
      rnd.nextBytes(v);
      return input(v.length == 0 ? "empty-value" : "random-bytes", v);
    }
    if (kind < 85) {
      return new Input("null-value", key(f.id), null, new RecordHeaders());
    }
    if (kind < 99) {
      Input in = input("odd-headers", f.encode(-1, 0));
      for (int i = rnd.nextInt(50); i > 0; i--) {
        in.headers().add(rnd.nextBoolean() ? "h" + i : "€ü" + i, rnd.nextBoolean() ? null : v(8));
      }
      return in;
    }
    return giant(f, rnd.nextInt(6));
  }

  /** The cases the drill sends: the confirmed one and the largest of each kind. */
  public Map<String, Input> worstCases() {
    Map<String, Input> m = new LinkedHashMap<>();
    for (int g = 0; g < 6; g++) {
      Input in = giant(randomFields(), g);
      m.put(in.kind(), in);
    }
    Fields f = randomFields();
    m.put("string-claiming-2-gb", input("string-claiming-2-gb", f.encode(1, Integer.MAX_VALUE)));
    m.put("map-claiming-2^30", input("map-claiming-2^30", f.encode(6, 1 << 30)));
    m.put("negative-length", input("negative-length", f.encode(0, -1)));
    f.badUnion = Integer.MAX_VALUE;
    m.put("bad-union-index", input("bad-union-index", f.encode(-1, 0)));
    return m;
  }

  private Input giant(Fields f, int which) {
    switch (which) {
      case 0 -> f.id = "9".repeat(524_088); // the confirmed case: the record just fits 512 KiB
      case 1 -> f.text = "good ".repeat(120_000);
      case 2 -> f.user = "u".repeat(400 * 1024);
      case 3 -> f.attributes.put("blob", "x".repeat(300 * 1024));
      case 4 -> {
        for (int i = 0; i < 40_000; i++) {
          f.attributes.put("k" + i, "");
        }
      }
      default -> {
        Input in = input("giant-header-key", f.encode(-1, 0));
        in.headers().add("€".repeat(200_000), new byte[0]);
        return in;
      }
    }
    String[] names = {"giant-id", "giant-text", "giant-user", "giant-attribute", "many-attributes"};
    return input(names[which], f.encode(-1, 0));
  }

  private Input input(String kind, byte[] value) {
    return new Input(kind, key("k" + rnd.nextInt(1000)), value, new RecordHeaders());
  }

  private static byte[] key(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private byte[] v(int n) {
    byte[] b = new byte[n];
    rnd.nextBytes(b);
    return b;
  }

  private Fields randomFields() {
    Fields f = new Fields();
    f.id = Long.toString(rnd.nextLong() & Long.MAX_VALUE);
    String[] words = {
      "good", "bad", "debate", "#gop", "@someone", "http://t.co/x", "ü", "😀", "ok"
    };
    StringBuilder t = new StringBuilder();
    for (int i = 1 + rnd.nextInt(30); i > 0; i--) {
      t.append(words[rnd.nextInt(words.length)]).append(' ');
    }
    f.text = t.toString();
    f.user = "user" + rnd.nextInt(100);
    f.createdAt = rnd.nextInt(10) == 0 ? rnd.nextLong() : 1_438_912_800_000L + rnd.nextInt();
    f.lang = rnd.nextBoolean() ? "en" : null;
    for (int i = rnd.nextInt(3); i > 0; i--) {
      f.attributes.put("a" + i, "v" + i);
    }
    return f;
  }

  /** A tweet's fields, encoded in schema order; one length or count may be forged. */
  private final class Fields {
    String id;
    String text;
    String user;
    long createdAt;
    String lang;
    Integer badUnion; // null: a valid union index
    final Map<String, String> attributes = new LinkedHashMap<>();

    /** Field {@code forged} (0..6, -1 none) gets {@code claim} as its length or count. */
    byte[] encode(int forged, long claim) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(0);
      out.writeBytes(ByteBuffer.allocate(4).putInt(schemaId).array());
      BinaryEncoder e = EncoderFactory.get().directBinaryEncoder(out, null);
      try {
        List<String> strings = new ArrayList<>(List.of(id, text, user));
        for (int i = 0; i < 3; i++) {
          string(e, strings.get(i), forged == i ? claim : null);
        }
        e.writeLong(createdAt);
        union(e, lang, forged == 4 ? claim : null);
        union(e, null, forged == 5 ? claim : null);
        if (forged == 6) {
          e.writeLong(claim); // the map's first block count
        } else {
          e.writeMapStart();
          e.setItemCount(attributes.size());
          for (var kv : attributes.entrySet()) {
            e.startItem();
            e.writeString(kv.getKey());
            e.writeString(kv.getValue());
          }
          e.writeMapEnd();
        }
        e.flush();
      } catch (IOException ex) {
        throw new UncheckedIOException(ex);
      }
      return out.toByteArray();
    }

    private void string(BinaryEncoder e, String s, Long claim) throws IOException {
      byte[] b = key(s);
      e.writeLong(claim == null ? b.length : claim);
      e.writeFixed(b, 0, claim == null ? b.length : Math.min(b.length, 16));
    }

    private void union(BinaryEncoder e, String s, Long claim) throws IOException {
      if (badUnion != null) {
        e.writeIndex(badUnion);
        return;
      }
      if (s == null && claim == null) {
        e.writeIndex(0);
        return;
      }
      e.writeIndex(1);
      string(e, s == null ? "x" : s, claim);
    }
  }
}
