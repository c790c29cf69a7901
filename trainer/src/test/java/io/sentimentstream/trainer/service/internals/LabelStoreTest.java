package io.sentimentstream.trainer.service.internals;

import static org.assertj.core.api.Assertions.assertThat;

import io.sentimentstream.classifier.Label;
import io.sentimentstream.trainer.LabeledExample;
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
}
