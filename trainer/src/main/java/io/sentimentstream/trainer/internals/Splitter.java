package io.sentimentstream.trainer.internals;

import io.sentimentstream.classifier.Label;
import io.sentimentstream.trainer.data.DataSplit;
import io.sentimentstream.trainer.data.LabeledExample;
import io.sentimentstream.trainer.data.LabeledSet;
import io.sentimentstream.trainer.data.SetSplit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Folds rows with the same cleaned text into one example, then splits the distinct texts into
 * train/validation/test, stratified by label and seeded.
 *
 * <p>Splitting distinct texts (not rows) keeps retweets and copies of a text on one side, so test
 * metrics do not reward memorising the training set. When a text's rows disagree, the majority
 * label wins; a tie goes to the label seen first in the file. The confidence of a folded example is
 * the mean confidence of the rows that voted for the winning label.
 */
public final class Splitter {
  private Splitter() {}

  /** Folds duplicate texts, see the class comment; returns the examples and the two counts. */
  public static Folded fold(List<LabeledExample> rows) {
    Map<String, Votes> byText = new LinkedHashMap<>();
    for (LabeledExample e : rows) {
      byText.computeIfAbsent(e.cleanText(), t -> new Votes()).add(e);
    }
    List<LabeledExample> out = new ArrayList<>(byText.size());
    long conflicting = 0;
    for (Map.Entry<String, Votes> en : byText.entrySet()) {
      Votes v = en.getValue();
      conflicting += v.isConflicting() ? 1 : 0;
      Label winner = v.winner();
      out.add(new LabeledExample(en.getKey(), winner, v.meanConfidence(winner)));
    }
    return new Folded(out, rows.size() - out.size(), conflicting);
  }

  /**
   * Folds and splits; each label's texts are shuffled with {@code seed} and cut by the fractions.
   *
   * @throws IllegalArgumentException if the fractions are negative or leave nothing to train on
   */
  public static DataSplit split(
      List<LabeledExample> rows, double valFraction, double testFraction, long seed) {
    checkFractions(valFraction, testFraction);
    Folded folded = fold(rows);
    return stratify(
        folded.examples(),
        valFraction,
        testFraction,
        seed,
        folded.duplicateRows(),
        folded.conflictingTexts());
  }

  /**
   * Folds duplicate texts across all sets, then splits each set on its own (stratified, each with a
   * fresh random generator seeded with {@code seed}, so a set's split does not depend on the other
   * sets). A text belongs to the set it first appears in (command-line order, then file order); its
   * label is the majority over all its rows in all sets, ties going to the first seen. With one set
   * this is exactly {@link #split}.
   */
  public static List<SetSplit> splitSets(
      List<LabeledSet> sets, double valFraction, double testFraction, long seed) {
    checkFractions(valFraction, testFraction);
    Map<String, Votes> byText = new LinkedHashMap<>();
    long[] crossSet = new long[sets.size()];
    long[] rows = new long[sets.size()];
    for (int s = 0; s < sets.size(); s++) {
      for (LabeledExample e : sets.get(s).data().examples()) {
        rows[s]++;
        Votes v = byText.get(e.cleanText());
        if (v == null) {
          v = new Votes(s);
          byText.put(e.cleanText(), v);
        } else if (v.owner != s) {
          crossSet[s]++;
        }
        v.add(e);
      }
    }
    List<List<LabeledExample>> owned = new ArrayList<>();
    long[] conflicting = new long[sets.size()];
    sets.forEach(x -> owned.add(new ArrayList<>()));
    for (Map.Entry<String, Votes> en : byText.entrySet()) {
      Votes v = en.getValue();
      conflicting[v.owner] += v.isConflicting() ? 1 : 0;
      Label winner = v.winner();
      owned.get(v.owner).add(new LabeledExample(en.getKey(), winner, v.meanConfidence(winner)));
    }
    List<SetSplit> out = new ArrayList<>();
    for (int s = 0; s < sets.size(); s++) {
      long dup = rows[s] - owned.get(s).size();
      DataSplit d = stratify(owned.get(s), valFraction, testFraction, seed, dup, conflicting[s]);
      out.add(new SetSplit(sets.get(s).name(), d, crossSet[s]));
    }
    return out;
  }

  private static void checkFractions(double valFraction, double testFraction) {
    if (valFraction < 0 || testFraction < 0 || valFraction + testFraction >= 1) {
      throw new IllegalArgumentException(
          "validation fraction "
              + valFraction
              + " and test fraction "
              + testFraction
              + " must be >= 0 and sum to less than 1");
    }
  }

  private static DataSplit stratify(
      List<LabeledExample> distinct,
      double valFraction,
      double testFraction,
      long seed,
      long duplicateRows,
      long conflictingTexts) {
    List<LabeledExample> train = new ArrayList<>();
    List<LabeledExample> val = new ArrayList<>();
    List<LabeledExample> test = new ArrayList<>();
    Random random = new Random(seed);
    for (Label label : Label.ORDER) {
      List<LabeledExample> ofLabel = new ArrayList<>();
      for (LabeledExample e : distinct) {
        if (e.label() == label) {
          ofLabel.add(e);
        }
      }
      Collections.shuffle(ofLabel, random);
      int nTest = (int) Math.round(ofLabel.size() * testFraction);
      int nVal = (int) Math.round(ofLabel.size() * valFraction);
      test.addAll(ofLabel.subList(0, nTest));
      val.addAll(ofLabel.subList(nTest, Math.min(ofLabel.size(), nTest + nVal)));
      train.addAll(ofLabel.subList(Math.min(ofLabel.size(), nTest + nVal), ofLabel.size()));
    }
    Collections.shuffle(train, random);
    return new DataSplit(train, val, test, duplicateRows, conflictingTexts);
  }

  /**
   * Splits already-distinct examples for the service: the test (held-out) slice is chosen by a
   * stable hash of the text, so a text held out once stays held out in every later retraining and
   * the gate always compares heads on texts neither saw; the rest is split into train/validation,
   * stratified and seeded.
   */
  public static DataSplit holdout(
      List<LabeledExample> distinct, double holdoutFraction, double valFraction, long seed) {
    List<LabeledExample> test = new ArrayList<>();
    List<LabeledExample> rest = new ArrayList<>();
    for (LabeledExample e : distinct) {
      (bucket(e.cleanText()) < holdoutFraction ? test : rest).add(e);
    }
    DataSplit inner = split(rest, valFraction, 0, seed);
    return new DataSplit(inner.train(), inner.validation(), test, 0, 0);
  }

  /** A stable, well-mixed value in [0, 1) for a text (murmur3's finaliser over hashCode). */
  static double bucket(String text) {
    int h = text.hashCode();
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return (h & 0x7fffffff) / (double) (1L << 31);
  }

  /**
   * The result of folding duplicate texts.
   *
   * @param examples one example per distinct cleaned text, in first-seen order
   * @param duplicateRows rows folded into an earlier one
   * @param conflictingTexts texts whose rows disagreed on the label
   */
  public record Folded(List<LabeledExample> examples, long duplicateRows, long conflictingTexts) {}

  /** Label votes of the rows sharing one text. */
  private static final class Votes {
    private final Map<Label, double[]> countAndConfidence = new LinkedHashMap<>();
    private final int owner;

    Votes() {
      this(0);
    }

    Votes(int owner) {
      this.owner = owner;
    }

    void add(LabeledExample e) {
      double[] c = countAndConfidence.computeIfAbsent(e.label(), l -> new double[2]);
      c[0]++;
      c[1] += e.confidence();
    }

    boolean isConflicting() {
      return countAndConfidence.size() > 1;
    }

    Label winner() {
      Label best = null;
      for (Map.Entry<Label, double[]> en : countAndConfidence.entrySet()) {
        // strict '>' keeps the first-seen label on ties (LinkedHashMap order)
        if (best == null || en.getValue()[0] > countAndConfidence.get(best)[0]) {
          best = en.getKey();
        }
      }
      return best;
    }

    double meanConfidence(Label l) {
      double[] c = countAndConfidence.get(l);
      return c[1] / c[0];
    }
  }
}
