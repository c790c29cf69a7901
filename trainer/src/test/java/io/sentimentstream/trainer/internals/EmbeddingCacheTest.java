package io.sentimentstream.trainer.internals;

import static org.assertj.core.api.Assertions.assertThat;

import io.sentimentstream.classifier.Embeddings;
import io.sentimentstream.trainer.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingCacheTest {
  @TempDir Path dir;

  @Test
  void embedsEachDistinctTextOnceAndSecondRunReadsFromDisk() throws Exception {
    FakeEncoder enc = new FakeEncoder();
    List<String> texts = List.of("bb", "a", "bb", "a much longer text");
    Embeddings first = EmbeddingCache.open(dir, enc).embed(texts, enc, Progress.NONE);
    assertThat(enc.embedded).containsExactly("a", "bb", "a much longer text"); // by length
    assertThat(first.vectors()[0]).containsExactly(2f, "bb".hashCode() % 1000, 1f);
    assertThat(first.truncated()).containsExactly(false, false, false, true);

    FakeEncoder again = new FakeEncoder();
    EmbeddingCache reopened = EmbeddingCache.open(dir, again);
    Embeddings second = reopened.embed(texts, again, Progress.NONE);
    assertThat(again.embedded).isEmpty();
    assertThat(reopened.size()).isEqualTo(3);
    assertThat(second.vectors()).isDeepEqualTo(first.vectors());
  }

  @Test
  void tornRecordIsDroppedAndAppendsStayReadable() throws Exception {
    FakeEncoder enc = new FakeEncoder();
    EmbeddingCache.open(dir, enc).embed(List.of("one", "two"), enc, Progress.NONE);
    Path file;
    try (var files = Files.list(dir)) {
      file = files.findFirst().orElseThrow();
    }
    Files.write(file, new byte[] {0, 0, 0, 5, 'x'}, StandardOpenOption.APPEND);
    EmbeddingCache c = EmbeddingCache.open(dir, enc);
    assertThat(c.size()).isEqualTo(2);
    c.embed(List.of("three"), enc, Progress.NONE);
    assertThat(EmbeddingCache.open(dir, new FakeEncoder()).size()).isEqualTo(3);
  }
}
