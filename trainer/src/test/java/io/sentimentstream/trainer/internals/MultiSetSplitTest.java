package io.sentimentstream.trainer.internals;

import static org.assertj.core.api.Assertions.assertThat;

import io.sentimentstream.classifier.Label;
import io.sentimentstream.trainer.data.DataSplit;
import io.sentimentstream.trainer.data.LabeledData;
import io.sentimentstream.trainer.data.LabeledExample;
import io.sentimentstream.trainer.data.LabeledSet;
import io.sentimentstream.trainer.data.SetSplit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Folding duplicates across several sets, then splitting each set on its own. */
class MultiSetSplitTest {
  private static LabeledSet set(String name, List<LabeledExample> rows) {
    return new LabeledSet(
        name, Path.of(name + ".csv"), new LabeledData(rows, rows.size(), 0, 0, 0));
  }

  /** n distinct texts "prefix i", 50% NEGATIVE / 30% NEUTRAL / 20% POSITIVE. */
  private static List<LabeledExample> rows(String prefix, int n) {
    List<LabeledExample> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Label l = i % 10 < 5 ? Label.NEGATIVE : i % 10 < 8 ? Label.NEUTRAL : Label.POSITIVE;
      rows.add(new LabeledExample(prefix + " " + i, l, 1.0));
    }
    return rows;
  }

  private static List<LabeledExample> all(DataSplit s) {
    List<LabeledExample> out = new ArrayList<>(s.train());
    out.addAll(s.validation());
    out.addAll(s.test());
    return out;
  }

  @Test
  void aTextInTwoSetsBelongsToTheFirstAndTakesTheMajorityOfAllItsRows() {
    List<LabeledExample> a = new ArrayList<>(rows("a", 100));
    a.add(new LabeledExample("shared", Label.POSITIVE, 0.6));
    List<LabeledExample> b = new ArrayList<>(rows("b", 100));
    b.add(new LabeledExample("shared", Label.NEGATIVE, 1.0));
    b.add(new LabeledExample("shared", Label.NEGATIVE, 0.8));
    b.add(new LabeledExample("b 3", Label.NEGATIVE, 1.0)); // a duplicate within b

    List<SetSplit> s = Splitter.splitSets(List.of(set("a", a), set("b", b)), 0.1, 0.1, 3);

    List<LabeledExample> inA = all(s.get(0).split());
    List<LabeledExample> inB = all(s.get(1).split());
    assertThat(inA)
        .filteredOn(e -> e.cleanText().equals("shared"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.label()).isEqualTo(Label.NEGATIVE);
              assertThat(e.confidence())
                  .isEqualTo(0.9, org.assertj.core.api.Assertions.within(1e-9));
            });
    assertThat(inB).noneMatch(e -> e.cleanText().equals("shared"));
    assertThat(inA).hasSize(101);
    assertThat(inB).hasSize(100);
    assertThat(s.get(0).split().conflictingTexts()).isEqualTo(1);
    assertThat(s.get(1).split().conflictingTexts()).isZero();
    assertThat(s.get(0).split().duplicateRows()).isZero();
    assertThat(s.get(1).split().duplicateRows()).isEqualTo(3);
    assertThat(s.get(1).crossSetDuplicates()).isEqualTo(2);
  }

  @Test
  void everySetIsSplitStratifiedByItsOwnLabelsAndNoTextStraddlesSplits() {
    List<SetSplit> s =
        Splitter.splitSets(
            List.of(set("a", rows("a", 200)), set("b", rows("b", 400))), 0.1, 0.2, 5);
    assertThat(DataSplit.classCounts(s.get(0).split().test())).containsExactly(20, 12, 8);
    assertThat(DataSplit.classCounts(s.get(0).split().validation())).containsExactly(10, 6, 4);
    assertThat(DataSplit.classCounts(s.get(1).split().test())).containsExactly(40, 24, 16);
    Set<String> seen = new HashSet<>();
    for (SetSplit one : s) {
      for (LabeledExample e : all(one.split())) {
        assertThat(seen.add(e.cleanText())).as(e.cleanText()).isTrue();
      }
    }
    assertThat(s).extracting(SetSplit::name).containsExactly("a", "b");
  }

  @Test
  void aSetsSplitDoesNotDependOnTheOtherSetsAndOneSetEqualsThePlainSplit() {
    List<LabeledExample> a = rows("a", 300);
    DataSplit alone = Splitter.splitSets(List.of(set("a", a)), 0.1, 0.1, 9).get(0).split();
    DataSplit withB =
        Splitter.splitSets(List.of(set("a", a), set("b", rows("b", 77))), 0.1, 0.1, 9)
            .get(0)
            .split();
    DataSplit plain = Splitter.split(a, 0.1, 0.1, 9);
    assertThat(withB.test()).isEqualTo(alone.test());
    assertThat(withB.validation()).isEqualTo(alone.validation());
    assertThat(plain.test()).isEqualTo(alone.test());
    assertThat(plain.train()).isEqualTo(alone.train());
  }

  @Test
  void pooledConcatenatesTheSetsInOrder() {
    List<SetSplit> s =
        Splitter.splitSets(List.of(set("a", rows("a", 50)), set("b", rows("b", 60))), 0.2, 0.2, 1);
    DataSplit p = SetSplit.pooled(s);
    List<LabeledExample> expected = new ArrayList<>(s.get(0).split().test());
    expected.addAll(s.get(1).split().test());
    assertThat(p.test()).isEqualTo(expected);
    assertThat(p.train())
        .hasSize(s.get(0).split().train().size() + s.get(1).split().train().size());
  }
}
