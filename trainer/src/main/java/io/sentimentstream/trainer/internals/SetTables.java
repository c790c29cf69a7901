package io.sentimentstream.trainer.internals;

import io.sentimentstream.classifier.Label;
import io.sentimentstream.trainer.ClassificationMetrics;
import io.sentimentstream.trainer.SetMetrics;
import io.sentimentstream.trainer.TrainResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Per-set metric tables of a training run: one row per data set's test split, one for all test
 * splits together and the mean over sets, as plain text (console) or markdown (model card).
 */
public final class SetTables {
  private SetTables() {}

  /** Console table; {@code compared} (per set, then all) may be null. */
  public static String text(TrainResult r, List<SetMetrics> compared) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "%-14s %6s %9s %9s %9s %9s %9s",
            "set",
            "texts",
            "macro-F1",
            "accuracy",
            "macro-rec",
            "maj-F1",
            "maj-acc"));
    b.append(compared == null ? "" : String.format(Locale.ROOT, " %9s %9s", "cmp-F1", "cmp-acc"));
    b.append(System.lineSeparator());
    for (Row row : rows(r, compared)) {
      b.append(row.format("%-14s %6d %9.4f %9.4f %9.4f %9.4f %9.4f"));
      if (row.compared != null) {
        b.append(
            String.format(
                Locale.ROOT, " %9.4f %9.4f", row.compared.macroF1(), row.compared.accuracy()));
      }
      b.append(System.lineSeparator());
    }
    b.append(
        String.format(
            Locale.ROOT,
            "mean over sets: macro-F1 %.4f (validation %.4f)%s%n",
            r.meanTestMacroF1(),
            r.meanValidationMacroF1(),
            compared == null
                ? ""
                : String.format(Locale.ROOT, ", compared head %.4f", mean(compared))));
    return b.toString();
  }

  /** Markdown table of the test splits; {@code compared} (per set, then all) may be null. */
  public static String markdown(TrainResult r, List<SetMetrics> compared) {
    StringBuilder b =
        new StringBuilder(
            "| test split | texts | macro-F1 | accuracy | macro-recall | always-majority macro-F1"
                + " / accuracy |");
    b.append(compared == null ? "" : " compared head macro-F1 / accuracy / macro-recall |");
    b.append("\n|---|---|---|---|---|---|").append(compared == null ? "" : "---|").append('\n');
    for (Row row : rows(r, compared)) {
      b.append(row.format("| %s | %d | %.4f | %.4f | %.4f | %.4f / %.4f |"));
      if (row.compared != null) {
        b.append(
            String.format(
                Locale.ROOT,
                " %.4f / %.4f / %.4f |",
                row.compared.macroF1(),
                row.compared.accuracy(),
                row.compared.macroRecall()));
      }
      b.append('\n');
    }
    b.append(
        String.format(
            Locale.ROOT,
            "| **mean over sets** | | **%.4f** | | | |%s%n",
            r.meanTestMacroF1(),
            compared == null ? "" : String.format(Locale.ROOT, " %.4f |", mean(compared))));
    return b.toString();
  }

  /** Markdown confusion matrix (rows true, columns predicted). */
  public static String confusion(ClassificationMetrics m) {
    StringBuilder b = new StringBuilder("| true \\ predicted | NEGATIVE | NEUTRAL | POSITIVE |\n");
    b.append("|---|---|---|---|\n");
    for (Label t : Label.ORDER) {
      b.append("| ").append(t);
      for (Label p : Label.ORDER) {
        b.append(" | ").append(m.confusion()[t.ordinal()][p.ordinal()]);
      }
      b.append(" |\n");
    }
    return b.toString();
  }

  /** Mean test macro-F1 over the sets of a compared list (its last entry, "all", left out). */
  static double mean(List<SetMetrics> compared) {
    return compared.subList(0, compared.size() - 1).stream()
        .mapToDouble(s -> s.test().macroF1())
        .average()
        .orElse(0);
  }

  private record Row(
      String name,
      ClassificationMetrics test,
      ClassificationMetrics baseline,
      ClassificationMetrics compared) {
    /** The row's name, texts, test macro-F1/accuracy/macro-recall and baseline F1/accuracy. */
    String format(String pattern) {
      return String.format(
          Locale.ROOT,
          pattern,
          name,
          test.total(),
          test.macroF1(),
          test.accuracy(),
          test.macroRecall(),
          baseline.macroF1(),
          baseline.accuracy());
    }
  }

  private static List<Row> rows(TrainResult r, List<SetMetrics> compared) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < r.sets().size(); i++) {
      SetMetrics s = r.sets().get(i);
      rows.add(
          new Row(
              s.name(),
              s.test(),
              s.majorityBaseline(),
              compared == null ? null : compared.get(i).test()));
    }
    rows.add(
        new Row(
            "all sets",
            r.test(),
            r.majorityBaseline(),
            compared == null ? null : compared.get(compared.size() - 1).test()));
    return rows;
  }
}
