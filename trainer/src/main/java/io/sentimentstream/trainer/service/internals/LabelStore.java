package io.sentimentstream.trainer.service.internals;

import io.sentimentstream.trainer.data.LabeledExample;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable labelled set: one JSON line per accepted label in an append-only file, folded on load
 * into one example per cleaned text (the latest label wins, so a corrected label replaces the old).
 *
 * <p>Why a local file rather than re-reading the topic: the labelled topic need not keep its
 * records forever, and a restart then costs a file read, not a topic scan. The consumer commits its
 * offsets only after {@link #flush()}, so a crash can at worst replay records, which the fold
 * deduplicates. A torn last line (crash mid-write) is skipped on load with a warning.
 *
 * <p>Bounded ({@link Limits}): a text over {@code label.text.max.bytes} is refused; when the store
 * holds more than {@code label.store.max.texts} texts or {@code label.store.max.bytes} bytes of
 * text, the texts labelled longest ago are evicted, so the trainer keeps learning from the recent
 * labels. Loading applies the same bounds while it streams the file (a line over the bound is
 * skipped unread, see {@link BoundedLines}), and whenever the file is more than twice what is kept
 * it is rewritten with only what is kept (a temporary file moved over it atomically), on load and
 * after a {@link #flush()}, so the file does not grow forever either.
 */
public final class LabelStore implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LabelStore.class);
  private static final long COMPACT_SLACK_BYTES = 64 * 1024;

  /**
   * The store's bounds.
   *
   * @param maxTextBytes UTF-8 bytes of one cleaned text ({@code label.text.max.bytes})
   * @param maxTexts distinct texts kept ({@code label.store.max.texts})
   * @param maxBytes UTF-8 bytes of all kept texts together ({@code label.store.max.bytes})
   */
  public record Limits(int maxTextBytes, int maxTexts, long maxBytes) {
    /** The configuration's defaults. */
    public static final Limits DEFAULT = new Limits(4096, 100_000, 64L << 20);

    public Limits {
      if (maxTextBytes < 1 || maxTexts < 1 || maxBytes < maxTextBytes) {
        throw new IllegalArgumentException(
            "bad label store limits "
                + maxTextBytes
                + "/"
                + maxTexts
                + "/"
                + maxBytes
                + ": all positive, and the store at least one text");
      }
    }

    /** The longest line a kept text can have in the file (JSON escapes a byte in up to 6). */
    int maxLineBytes() {
      return (int) Math.min(Integer.MAX_VALUE - 16, 6L * maxTextBytes + 256);
    }
  }

  private record Entry(LabeledExample example, int textBytes, long lineBytes) {}

  private final Path file;
  private final Limits limits;
  private final Map<String, Entry> byText = new LinkedHashMap<>();
  private final LoadReport loaded;
  private long textBytes; // of the kept texts
  private long keptLineBytes; // what the kept texts take in the file
  private long fileBytes;
  private long evicted;
  private Writer out;

  private LabelStore(Path file, Limits limits) throws IOException {
    this.file = file;
    this.limits = limits;
    Files.deleteIfExists(tmpFile()); // a compaction that a crash interrupted
    this.loaded = load();
    boolean torn = loaded.torn();
    if (fileBytes > 2 * keptLineBytes + COMPACT_SLACK_BYTES) {
      compact();
      torn = false;
    }
    this.out = openWriter();
    if (torn) {
      out.write('\n'); // end a torn last line so the next record starts on its own line
      fileBytes++;
    }
  }

  /** Opens (or creates) {@code labels.jsonl} in {@code dir} with the default bounds. */
  public static LabelStore open(Path dir) throws IOException {
    return open(dir, Limits.DEFAULT);
  }

  /** Opens (or creates) {@code labels.jsonl} in {@code dir}. */
  public static LabelStore open(Path dir, Limits limits) throws IOException {
    Files.createDirectories(dir);
    return new LabelStore(dir.resolve("labels.jsonl"), limits);
  }

  /** The bounds. */
  public Limits limits() {
    return limits;
  }

  /**
   * Records a label; returns true when it is new or changes the text's label (so it counts towards
   * a retrain), false for an exact repeat. Evicts the oldest texts beyond the store's bounds.
   *
   * @throws IllegalArgumentException if the text is over {@code label.text.max.bytes}
   */
  public boolean add(LabeledExample e) {
    int bytes = LabelLines.utf8Length(e.cleanText());
    if (bytes > limits.maxTextBytes()) {
      throw new IllegalArgumentException(
          "text is " + bytes + " bytes, over label.text.max.bytes=" + limits.maxTextBytes());
    }
    Entry old = byText.get(e.cleanText());
    if (old != null && old.example().label() == e.label()) {
      return false;
    }
    String line = LabelLines.json(e);
    long lineBytes = LabelLines.utf8Length(line) + 1L;
    put(new Entry(e, bytes, lineBytes));
    try {
      out.write(line);
      out.write('\n');
      fileBytes += lineBytes;
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot append to label store " + file, ex);
    }
    return true;
  }

  /**
   * Makes every accepted label durable (call before committing consumer offsets), then rewrites the
   * file if it is more than twice what is kept.
   */
  public void flush() {
    try {
      out.flush();
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
        ch.force(false);
      }
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot flush label store " + file, ex);
    }
    if (fileBytes > 2 * keptLineBytes + COMPACT_SLACK_BYTES) {
      try {
        out.close();
        compact();
      } catch (IOException ex) { // the labels are durable; the file is only larger than needed
        log.warn("Cannot compact label store {} (kept as it is): {}", file, ex.toString());
      } finally {
        try {
          out = openWriter();
        } catch (IOException ex) {
          throw new UncheckedIOException("cannot reopen label store " + file, ex);
        }
      }
    }
  }

  /** Number of distinct texts. */
  public int size() {
    return byText.size();
  }

  /** UTF-8 bytes of all kept texts. */
  public long bytes() {
    return textBytes;
  }

  /** Texts evicted beyond the bounds since opening (on load and since). */
  public long evicted() {
    return evicted;
  }

  /** Lines of the file skipped on load (unreadable, or over {@code label.text.max.bytes}). */
  public long skippedOnLoad() {
    return loaded.skipped();
  }

  /** All examples, one per distinct cleaned text, in order of their latest label. */
  public List<LabeledExample> all() {
    List<LabeledExample> all = new ArrayList<>(byText.size());
    byText.values().forEach(en -> all.add(en.example()));
    return all;
  }

  private void put(Entry en) {
    Entry old = byText.remove(en.example().cleanText()); // re-insert at the end: latest label order
    if (old != null) {
      textBytes -= old.textBytes();
      keptLineBytes -= old.lineBytes();
    }
    byText.put(en.example().cleanText(), en);
    textBytes += en.textBytes();
    keptLineBytes += en.lineBytes();
    Iterator<Entry> oldest = byText.values().iterator();
    while (byText.size() > limits.maxTexts() || textBytes > limits.maxBytes()) {
      Entry gone = oldest.next();
      oldest.remove();
      textBytes -= gone.textBytes();
      keptLineBytes -= gone.lineBytes();
      evicted++;
    }
  }

  private record LoadReport(long skipped, boolean torn) {}

  /** Streams the file into the map under the bounds. */
  private LoadReport load() throws IOException {
    if (!Files.exists(file) || Files.size(file) == 0) {
      return new LoadReport(0, false);
    }
    fileBytes = Files.size(file);
    long[] skipped = {0};
    BoundedLines.Sink sink =
        new BoundedLines.Sink() {
          @Override
          public void line(long number, String text) {
            try {
              LabeledExample e = LabelLines.parse(text);
              int bytes = LabelLines.utf8Length(e.cleanText());
              if (bytes > limits.maxTextBytes()) {
                skip(number, "a text of " + bytes + " bytes, over label.text.max.bytes");
              } else {
                put(new Entry(e, bytes, LabelLines.utf8Length(text) + 1L));
              }
            } catch (IOException | RuntimeException ex) {
              skip(number, "unreadable (" + ex + ")");
            }
          }

          @Override
          public void tooLong(long number, long bytes) {
            skip(number, "a line of " + bytes + " bytes, over the bound for label.text.max.bytes");
          }

          private void skip(long number, String why) {
            if (++skipped[0] <= 10) {
              log.warn("Label store {} line {} is {}: skipped", file, number, why);
            }
          }
        };
    boolean torn;
    try (InputStream in = Files.newInputStream(file)) {
      torn = BoundedLines.read(in, limits.maxLineBytes(), sink);
    }
    log.info(
        "Label store {}: {} distinct texts ({} bytes), {} lines skipped, {} older texts evicted"
            + " beyond the bounds",
        file,
        byText.size(),
        textBytes,
        skipped[0],
        evicted);
    return new LoadReport(skipped[0], torn);
  }

  /** Rewrites the file with only the kept labels: a temporary file moved over it atomically. */
  private void compact() throws IOException {
    Path tmp = tmpFile();
    try {
      try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        for (Entry en : byText.values()) {
          w.write(LabelLines.json(en.example()));
          w.write('\n');
        }
      }
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      long before = fileBytes;
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      fileBytes = Files.size(file);
      keptLineBytes = fileBytes;
      log.info("Label store {} compacted from {} to {} bytes", file, before, fileBytes);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private Writer openWriter() throws IOException {
    return Files.newBufferedWriter(
        file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private Path tmpFile() {
    return file.resolveSibling(file.getFileName() + ".tmp");
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
