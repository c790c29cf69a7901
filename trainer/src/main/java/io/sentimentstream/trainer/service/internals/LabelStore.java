package io.sentimentstream.trainer.service.internals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sentimentstream.classifier.Label;
import io.sentimentstream.trainer.LabeledExample;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
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
 */
public final class LabelStore implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LabelStore.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final Map<String, LabeledExample> byText = new LinkedHashMap<>();
  private final BufferedWriter out;

  private LabelStore(Path file) throws IOException {
    this.file = file;
    boolean torn = load();
    this.out =
        Files.newBufferedWriter(
            file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    if (torn) {
      out.newLine(); // end a torn last line so the next record starts on its own line
    }
  }

  /** Opens (or creates) {@code labels.jsonl} in {@code dir}. */
  public static LabelStore open(Path dir) throws IOException {
    Files.createDirectories(dir);
    return new LabelStore(dir.resolve("labels.jsonl"));
  }

  /**
   * Records a label; returns true when it is new or changes the text's label (so it counts towards
   * a retrain), false for an exact repeat.
   */
  public boolean add(LabeledExample e) {
    LabeledExample old = byText.get(e.cleanText());
    if (old != null && old.label() == e.label()) {
      return false;
    }
    byText.remove(e.cleanText()); // re-insert at the end: the order of the latest label
    byText.put(e.cleanText(), e);
    ObjectNode n = JSON.createObjectNode();
    n.put("text", e.cleanText()).put("label", e.label().name()).put("confidence", e.confidence());
    try {
      out.write(JSON.writeValueAsString(n));
      out.newLine();
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot append to label store " + file, ex);
    }
    return true;
  }

  /** Makes every accepted label durable (call before committing consumer offsets). */
  public void flush() {
    try {
      out.flush();
      try (var ch = java.nio.channels.FileChannel.open(file, StandardOpenOption.WRITE)) {
        ch.force(false);
      }
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot flush label store " + file, ex);
    }
  }

  /** Number of distinct texts. */
  public int size() {
    return byText.size();
  }

  /** All examples, one per distinct cleaned text, in order of their latest label. */
  public List<LabeledExample> all() {
    return new ArrayList<>(byText.values());
  }

  /** Loads the file; returns true if it does not end with a newline (a torn last line). */
  private boolean load() throws IOException {
    if (!Files.exists(file) || Files.size(file) == 0) {
      return false;
    }
    int line = 0;
    for (String s : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      line++;
      try {
        JsonNode n = JSON.readTree(s);
        LabeledExample e =
            new LabeledExample(
                n.get("text").asText(),
                Label.parse(n.get("label").asText()),
                n.get("confidence").asDouble());
        byText.remove(e.cleanText());
        byText.put(e.cleanText(), e);
      } catch (IOException | RuntimeException ex) {
        log.warn("Label store {} line {} is unreadable ({}): skipped", file, line, ex.toString());
      }
    }
    log.info("Label store {}: {} distinct texts", file, byText.size());
    try (var ch = java.nio.channels.FileChannel.open(file, StandardOpenOption.READ)) {
      java.nio.ByteBuffer last = java.nio.ByteBuffer.allocate(1);
      ch.read(last, ch.size() - 1);
      return last.get(0) != '\n';
    }
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
