package io.sentimentstream.trainer.internals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.sentimentstream.classifier.Label;
import io.sentimentstream.trainer.data.DataSplit;
import io.sentimentstream.trainer.data.LabeledExample;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SplitterTest {
  private static List<LabeledExample> rows() {
    List<LabeledExample> rows = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      Label l = i % 10 < 6 ? Label.NEGATIVE : i % 10 < 8 ? Label.NEUTRAL : Label.POSITIVE;
      rows.add(new LabeledExample("text " + i, l, 1.0));
      if (i % 3 == 0) {
        rows.add(new LabeledExample("text " + i, l, 0.5)); // a retweet
      }
    }
    return rows;
  }

  @Test
  void duplicatesNeverStraddleSplitsAndEachTextAppearsOnce() {
    DataSplit s = Splitter.split(rows(), 0.1, 0.1, 7);
    Set<String> seen = new HashSet<>();
    for (List<LabeledExample> part : List.of(s.train(), s.validation(), s.test())) {
      for (LabeledExample e : part) {
        assertThat(seen.add(e.cleanText())).as(e.cleanText()).isTrue();
      }
    }
    assertThat(seen).hasSize(600);
    assertThat(s.duplicateRows()).isEqualTo(200);
  }

  @Test
  void splitIsStratifiedAndSeeded() {
    DataSplit s = Splitter.split(rows(), 0.1, 0.1, 7);
    assertThat(DataSplit.classCounts(s.test())).containsExactly(36, 12, 12);
    assertThat(DataSplit.classCounts(s.validation())).containsExactly(36, 12, 12);
    assertThat(Splitter.split(rows(), 0.1, 0.1, 7).test()).isEqualTo(s.test());
    assertThat(Splitter.split(rows(), 0.1, 0.1, 8).test()).isNotEqualTo(s.test());
  }

  @Test
  void conflictingLabelsResolveToMajorityThenFirstSeen() {
    List<LabeledExample> rows =
        List.of(
            new LabeledExample("a", Label.NEUTRAL, 1.0),
            new LabeledExample("a", Label.NEGATIVE, 0.6),
            new LabeledExample("a", Label.NEGATIVE, 0.8),
            new LabeledExample("b", Label.POSITIVE, 1.0),
            new LabeledExample("b", Label.NEGATIVE, 1.0));
    Splitter.Folded f = Splitter.fold(rows);
    assertThat(f.examples())
        .extracting(LabeledExample::cleanText, LabeledExample::label)
        .containsExactly(tuple("a", Label.NEGATIVE), tuple("b", Label.POSITIVE));
    assertThat(f.examples().get(0).confidence()).isCloseTo(0.7, within(1e-9));
    assertThat(f.conflictingTexts()).isEqualTo(2);
    assertThat(f.duplicateRows()).isEqualTo(3);
  }

  @Test
  void holdoutIsStableAcrossGrowingData() {
    List<LabeledExample> all = new ArrayList<>(rows());
    List<LabeledExample> distinct = Splitter.fold(all).examples();
    DataSplit small = Splitter.holdout(distinct.subList(0, 300), 0.2, 0.15, 1);
    DataSplit big = Splitter.holdout(distinct, 0.2, 0.15, 1);
    assertThat(big.test()).containsAll(small.test());
    assertThat(big.test().size()).isBetween(90, 150);
  }
}
