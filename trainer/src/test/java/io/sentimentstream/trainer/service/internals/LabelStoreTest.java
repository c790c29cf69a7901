package io.sentimentstream.trainer.service.internals;

import static org.assertj.core.api.Assertions.assertThat;

import io.sentimentstream.classifier.Label;
import io.sentimentstream.trainer.data.LabeledExample;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelStoreTest {
  @TempDir Path dir;

  @Test
  void survivesRestartDeduplicatesAndLatestLabelWins() throws Exception {
    try (LabelStore s = LabelStore.open(dir)) {
      assertThat(s.add(new LabeledExample("a", Label.NEGATIVE, 1))).isTrue();
      assertThat(s.add(new LabeledExample("a", Label.NEGATIVE, 0.5))).isFalse();
      assertThat(s.add(new LabeledExample("b", Label.POSITIVE, 1))).isTrue();
      assertThat(s.add(new LabeledExample("a", Label.NEUTRAL, 1))).isTrue();
      s.flush();
    }
    try (LabelStore s = LabelStore.open(dir)) {
      assertThat(s.all())
          .containsExactly(
              new LabeledExample("b", Label.POSITIVE, 1),
              new LabeledExample("a", Label.NEUTRAL, 1));
    }
  }

  @Test
  void tornLastLineIsSkippedAndDoesNotCorruptLaterRecords() throws Exception {
    try (LabelStore s = LabelStore.open(dir)) {
      s.add(new LabeledExample("a", Label.NEGATIVE, 1));
      s.flush();
    }
    Files.writeString(
        dir.resolve("labels.jsonl"),
        "{\"text\":\"b\",\"lab",
        StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
    try (LabelStore s = LabelStore.open(dir)) {
      assertThat(s.size()).isEqualTo(1);
      s.add(new LabeledExample("c", Label.POSITIVE, 1));
      s.flush();
    }
    try (LabelStore s = LabelStore.open(dir)) {
      assertThat(s.all()).extracting(LabeledExample::cleanText).containsExactly("a", "c");
    }
  }

  private static LabeledExample ex(String text, Label label) {
    return new LabeledExample(text, label, 1);
  }

  @Test
  void theOldestTextsAreEvictedFirstAndARelabelCountsAsNew() throws Exception {
    try (LabelStore s = LabelStore.open(dir, new LabelStore.Limits(16, 3, 1 << 20))) {
      s.add(ex("a", Label.NEGATIVE));
      s.add(ex("b", Label.NEGATIVE));
      s.add(ex("c", Label.NEGATIVE));
      s.add(ex("a", Label.POSITIVE)); // relabelled: now the newest
      s.add(ex("d", Label.NEUTRAL)); // evicts b, the oldest
      assertThat(s.all()).extracting(LabeledExample::cleanText).containsExactly("c", "a", "d");
      assertThat(s.evicted()).isEqualTo(1);
      s.flush();
    }
    try (LabelStore s = LabelStore.open(dir, new LabelStore.Limits(16, 3, 1 << 20))) {
      assertThat(s.all()).extracting(LabeledExample::cleanText).containsExactly("c", "a", "d");
      assertThat(s.all().get(1).label()).isEqualTo(Label.POSITIVE);
    }
  }

  @Test
  void theBytesOfAllTextsAreBounded() throws Exception {
    try (LabelStore s = LabelStore.open(dir, new LabelStore.Limits(100, 1000, 250))) {
      for (int i = 0; i < 10; i++) {
        s.add(ex(i + "x".repeat(99), Label.NEGATIVE));
      }
      assertThat(s.size()).isEqualTo(2);
      assertThat(s.bytes()).isEqualTo(200);
      assertThat(s.all()).extracting(e -> e.cleanText().charAt(0)).containsExactly('8', '9');
    }
  }

  @Test
  void smallerBoundsAtARestartApplyToTheFileAndShrinkIt() throws Exception {
    try (LabelStore s = LabelStore.open(dir)) {
      for (int i = 0; i < 2000; i++) {
        s.add(ex("text number " + i, Label.NEGATIVE));
      }
      s.add(ex("y".repeat(300), Label.POSITIVE));
      s.flush();
    }
    try (LabelStore s = LabelStore.open(dir, new LabelStore.Limits(100, 10, 1 << 20))) {
      assertThat(s.skippedOnLoad()).isEqualTo(1); // the 300-byte text
      assertThat(s.all())
          .extracting(LabeledExample::cleanText)
          .containsExactly(
              java.util.stream.IntStream.range(1990, 2000)
                  .mapToObj(i -> "text number " + i)
                  .toArray(String[]::new));
    }
    assertThat(Files.readAllLines(dir.resolve("labels.jsonl"))).hasSize(10);
  }

  @Test
  void theFileStaysWithinTwiceWhatIsKeptWhileLabelsArrive() throws Exception {
    try (LabelStore s = LabelStore.open(dir, new LabelStore.Limits(100, 100, 1 << 20))) {
      for (int i = 0; i < 50_000; i++) {
        s.add(ex("label number " + i, i % 2 == 0 ? Label.NEGATIVE : Label.POSITIVE));
        if (i % 100 == 99) {
          s.flush();
          // 100 kept lines of ~60 bytes, plus the compaction slack of 64 KiB
          assertThat(Files.size(dir.resolve("labels.jsonl"))).isLessThan(2 * 100 * 64 + 65_536);
        }
      }
      assertThat(s.size()).isEqualTo(100);
    }
    try (LabelStore s = LabelStore.open(dir, new LabelStore.Limits(100, 100, 1 << 20))) {
      assertThat(s.all().get(99).cleanText()).isEqualTo("label number 49999");
    }
  }
}
