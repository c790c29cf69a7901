package io.sentimentstream.trainer.internals;

import io.sentimentstream.classifier.AdapterCodec;
import io.sentimentstream.classifier.Adapters;
import io.sentimentstream.classifier.Embeddings;
import io.sentimentstream.classifier.Encoder;
import io.sentimentstream.classifier.MatmulPrecision;
import io.sentimentstream.trainer.Progress;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On-disk cache of pooled embeddings, keyed by encoder identity (name, weight fingerprint, pooling,
 * max length: each changes the vectors) and cleaned text.
 *
 * <p>One append-only binary file per encoder identity: records of (UTF-8 text, flag, floats). New
 * vectors are appended after every batch, so an interrupted run keeps what it computed; a torn last
 * record (crash mid-write) is ignored on load. No library offers a keyed float-vector store this
 * small, and a database would be a heavier dependency than these ~80 lines.
 */
public final class EmbeddingCache {
  private static final Logger log = LoggerFactory.getLogger(EmbeddingCache.class);
  private static final int BATCH = 32;

  private final Path file;
  private final int width;
  private final Map<String, Entry> entries = new HashMap<>();

  private record Entry(float[] vector, boolean truncated) {}

  private EmbeddingCache(Path file, int width) {
    this.file = file;
    this.width = width;
  }

  /**
   * Opens (or creates) the cache file for {@code encoder} under {@code dir}; an encoder with
   * adapters merged has a file of its own per adapters.
   */
  public static EmbeddingCache open(Path dir, Encoder encoder) throws IOException {
    Files.createDirectories(dir);
    String name =
        String.format(
            Locale.ROOT,
            "%s-%s-%s-%d%s%s.bin",
            encoder.id().name().replaceAll("[^A-Za-z0-9._-]", "_"),
            encoder
                .id()
                .fingerprint()
                .substring(0, Math.min(16, encoder.id().fingerprint().length())),
            encoder.pooling().name().toLowerCase(Locale.ROOT),
            encoder.maxLength(),
            // bf16 GEMM embeddings differ slightly from float32 ones: kept apart
            MatmulPrecision.current() == MatmulPrecision.MEDIUM ? "-mm-medium" : "",
            adaptersTag(encoder.adapters()));
    EmbeddingCache cache = new EmbeddingCache(dir.resolve(name), encoder.hiddenSize());
    cache.load();
    return cache;
  }

  private static String adaptersTag(Adapters adapters) {
    if (adapters == null) {
      return "";
    }
    try {
      byte[] sha = MessageDigest.getInstance("SHA-256").digest(AdapterCodec.encode(adapters));
      return "-adapters-" + HexFormat.of().formatHex(sha, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  /** Number of cached texts. */
  public int size() {
    return entries.size();
  }

  /**
   * Vectors for {@code texts} (cleaned), in order; texts not in the cache are embedded (distinct
   * ones once, grouped by length so a batch pads little) and appended to the cache file.
   */
  public Embeddings embed(List<String> texts, Encoder encoder, Progress progress) {
    List<String> missing = new ArrayList<>(new LinkedHashSet<>(texts));
    missing.removeIf(entries::containsKey);
    missing.sort(Comparator.comparingInt(String::length));
    if (!missing.isEmpty()) {
      log.info("Embedding {} texts not in cache {} ({} cached)", missing.size(), file, size());
      try (Progress.Task task = progress.start("embed", missing.size())) {
        for (int i = 0; i < missing.size(); i += BATCH) {
          List<String> batch = missing.subList(i, Math.min(missing.size(), i + BATCH));
          Embeddings e = encoder.embed(batch);
          append(batch, e);
          task.step(batch.size());
        }
      }
    }
    float[][] vectors = new float[texts.size()][];
    boolean[] truncated = new boolean[texts.size()];
    for (int i = 0; i < texts.size(); i++) {
      Entry en = entries.get(texts.get(i));
      vectors[i] = en.vector();
      truncated[i] = en.truncated();
    }
    return new Embeddings(vectors, truncated);
  }

  private void append(List<String> texts, Embeddings e) {
    try (DataOutputStream out =
        new DataOutputStream(
            new BufferedOutputStream(
                Files.newOutputStream(
                    file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)))) {
      for (int i = 0; i < texts.size(); i++) {
        byte[] t = texts.get(i).getBytes(StandardCharsets.UTF_8);
        out.writeInt(t.length);
        out.write(t);
        out.writeBoolean(e.truncated()[i]);
        for (float v : e.vectors()[i]) {
          out.writeFloat(v);
        }
        entries.put(texts.get(i), new Entry(e.vectors()[i], e.truncated()[i]));
      }
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot append to embedding cache " + file, ex);
    }
  }

  private void load() throws IOException {
    if (!Files.exists(file)) {
      return;
    }
    long complete = 0;
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
      while (true) {
        int len = in.readInt();
        byte[] t = in.readNBytes(len);
        boolean truncated = in.readBoolean();
        float[] v = new float[width];
        for (int k = 0; k < width; k++) {
          v[k] = in.readFloat();
        }
        if (t.length != len) {
          throw new EOFException();
        }
        entries.put(new String(t, StandardCharsets.UTF_8), new Entry(v, truncated));
        complete += 4L + len + 1 + 4L * width;
      }
    } catch (EOFException end) {
      // end of file, or a torn last record from a crash mid-append: keep what was complete
    }
    if (complete < Files.size(file)) {
      log.warn("Embedding cache {}: dropping a torn record at byte {}", file, complete);
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
        ch.truncate(complete);
      }
    }
    log.info("Embedding cache {}: {} vectors", file, entries.size());
  }
}
