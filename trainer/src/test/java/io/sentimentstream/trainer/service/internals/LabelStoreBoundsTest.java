package io.sentimentstream.trainer.service.internals;

import static org.assertj.core.api.Assertions.assertThat;

import io.sentimentstream.classifier.Label;
import io.sentimentstream.trainer.data.LabeledExample;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The label store's bounds at their defaults (4,096 bytes a text, 100,000 texts, 64 MiB). */
class LabelStoreBoundsTest {
  @TempDir Path dir;

  private Path file() {
    return dir.resolve("labels.jsonl");
  }

  private static String line(String text, String label) {
    return "{\"text\":\"" + text + "\",\"label\":\"" + label + "\",\"confidence\":1.0}\n";
  }

  @Test
  void aHugeLineInTheFileIsSkippedOnLoadAndDroppedFromTheFile() throws Exception {
    try (BufferedWriter w = Files.newBufferedWriter(file(), StandardCharsets.UTF_8)) {
      w.write(line("first", "POSITIVE"));
      w.write(line("x".repeat(8 << 20), "NEGATIVE")); // an 8 MiB text
      w.write(line("last", "NEUTRAL"));
    }
    try (LabelStore s = LabelStore.open(dir)) {
      assertThat(s.all()).extracting(LabeledExample::cleanText).containsExactly("first", "last");
    }
    assertThat(Files.size(file())).isLessThan(1024);
  }

  @Test
  void theStoreKeepsAtMostTheNewestTextsAcrossARestart() throws Exception {
    int max = 100_000;
    try (LabelStore s = LabelStore.open(dir)) {
      for (int i = 0; i < max + 5; i++) {
        s.add(new LabeledExample("text " + i, Label.POSITIVE, 1));
      }
      s.flush();
      assertThat(s.size()).isEqualTo(max);
      assertThat(s.all().get(0).cleanText()).isEqualTo("text 5");
    }
    try (LabelStore s = LabelStore.open(dir)) {
      assertThat(s.size()).isEqualTo(max);
      assertThat(s.all().get(0).cleanText()).isEqualTo("text 5");
      assertThat(s.all().get(max - 1).cleanText()).isEqualTo("text " + (max + 4));
    }
  }

  @Test
  void aTextOverTheBoundIsRefusedAndNotWritten() throws Exception {
    try (LabelStore s = LabelStore.open(dir)) {
      boolean added;
      try {
        added = s.add(new LabeledExample("y".repeat(4097), Label.NEGATIVE, 1));
      } catch (IllegalArgumentException e) {
        assertThat(e).hasMessageContaining("label.text.max.bytes");
        added = false;
      }
      assertThat(added).isFalse();
      assertThat(s.size()).isZero();
      s.flush();
    }
    assertThat(Files.size(file())).isZero();
  }

  @Test
  void aFileMuchLargerThanWhatIsKeptIsCompactedOnLoad() throws Exception {
    try (BufferedWriter w = Files.newBufferedWriter(file(), StandardCharsets.UTF_8)) {
      for (int i = 0; i < 200_000; i++) { // 10 texts relabelled over and over: ~10 MB
        w.write(line("text " + (i % 10), (i / 10) % 2 == 0 ? "POSITIVE" : "NEGATIVE"));
      }
    }
    try (LabelStore s = LabelStore.open(dir)) {
      assertThat(s.size()).isEqualTo(10);
    }
    assertThat(Files.size(file())).isLessThan(64 * 1024);
    try (LabelStore s = LabelStore.open(dir)) {
      assertThat(s.all()).hasSize(10).allMatch(e -> e.label() == Label.NEGATIVE);
    }
  }
}
