package io.sentimentstream.trainer;

import io.sentimentstream.classifier.Label;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Accuracy, macro-F1, macro-recall and per-class precision/recall/F1 from a confusion matrix.
 *
 * <p>A class with no predictions has precision 0, and one with no examples recall 0 (scikit-learn's
 * {@code zero_division=0}), so a model that never predicts a class is not flattered.
 *
 * @param confusion counts, {@code confusion[true][predicted]}, indexed in {@link Label#ORDER}
 */
public record ClassificationMetrics(long[][] confusion) {
  private static final int K = Label.ORDER.size();

  /** Metrics of {@code predicted} against {@code actual} (same length, same order). */
  public static ClassificationMetrics of(List<Label> actual, List<Label> predicted) {
    if (actual.size() != predicted.size()) {
      throw new IllegalArgumentException(
          actual.size() + " true labels but " + predicted.size() + " predictions");
    }
    long[][] c = new long[K][K];
    for (int i = 0; i < actual.size(); i++) {
      c[actual.get(i).ordinal()][predicted.get(i).ordinal()]++;
    }
    return new ClassificationMetrics(c);
  }

  /** Metrics of always answering {@code label}. */
  public static ClassificationMetrics constant(List<Label> actual, Label label) {
    return of(actual, java.util.Collections.nCopies(actual.size(), label));
  }

  /** Number of examples. */
  public long total() {
    long n = 0;
    for (long[] row : confusion) {
      for (long v : row) {
        n += v;
      }
    }
    return n;
  }

  /** Fraction of examples predicted correctly. */
  public double accuracy() {
    long correct = 0;
    for (int k = 0; k < K; k++) {
      correct += confusion[k][k];
    }
    long n = total();
    return n == 0 ? 0 : (double) correct / n;
  }

  /** Precision of one class. */
  public double precision(Label l) {
    long predicted = 0;
    for (int t = 0; t < K; t++) {
      predicted += confusion[t][l.ordinal()];
    }
    return predicted == 0 ? 0 : (double) confusion[l.ordinal()][l.ordinal()] / predicted;
  }

  /** Recall of one class. */
  public double recall(Label l) {
    long support = support(l);
    return support == 0 ? 0 : (double) confusion[l.ordinal()][l.ordinal()] / support;
  }

  /** F1 of one class. */
  public double f1(Label l) {
    double p = precision(l);
    double r = recall(l);
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }

  /** Number of examples whose true label is {@code l}. */
  public long support(Label l) {
    long s = 0;
    for (long v : confusion[l.ordinal()]) {
      s += v;
    }
    return s;
  }

  /** Unweighted mean of the per-class F1 scores. */
  public double macroF1() {
    double s = 0;
    for (Label l : Label.ORDER) {
      s += f1(l);
    }
    return s / K;
  }

  /** Unweighted mean of the per-class recalls (balanced accuracy). */
  public double macroRecall() {
    double s = 0;
    for (Label l : Label.ORDER) {
      s += recall(l);
    }
    return s / K;
  }

  /** Machine-readable form: flat numbers, per-class maps and the confusion matrix. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("examples", total());
    m.put("macro_f1", macroF1());
    m.put("accuracy", accuracy());
    m.put("macro_recall", macroRecall());
    Map<String, Object> perClass = new LinkedHashMap<>();
    for (Label l : Label.ORDER) {
      perClass.put(
          l.name(),
          Map.of(
              "precision", precision(l), "recall", recall(l), "f1", f1(l), "support", support(l)));
    }
    m.put("per_class", perClass);
    m.put("labels", Label.ORDER.stream().map(Label::name).toList());
    m.put("confusion", confusion);
    return m;
  }

  /** A readable table: headline numbers, per-class scores and the confusion matrix. */
  public String toTable() {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "examples %d  macro-F1 %.4f  accuracy %.4f  macro-recall %.4f%n%n",
            total(),
            macroF1(),
            accuracy(),
            macroRecall()));
    b.append(
        String.format(
            Locale.ROOT,
            "%-10s %9s %9s %9s %9s%n",
            "class",
            "precision",
            "recall",
            "f1",
            "support"));
    for (Label l : Label.ORDER) {
      b.append(
          String.format(
              Locale.ROOT,
              "%-10s %9.4f %9.4f %9.4f %9d%n",
              l,
              precision(l),
              recall(l),
              f1(l),
              support(l)));
    }
    b.append(
        String.format(Locale.ROOT, "%nconfusion (rows = true, columns = predicted)%n%-10s", ""));
    for (Label l : Label.ORDER) {
      b.append(String.format(Locale.ROOT, " %9s", l));
    }
    b.append(System.lineSeparator());
    for (Label t : Label.ORDER) {
      b.append(String.format(Locale.ROOT, "%-10s", t));
      for (Label p : Label.ORDER) {
        b.append(String.format(Locale.ROOT, " %9d", confusion[t.ordinal()][p.ordinal()]));
      }
      b.append(System.lineSeparator());
    }
    return b.toString();
  }
}
