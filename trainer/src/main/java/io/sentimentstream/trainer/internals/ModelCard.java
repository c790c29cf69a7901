package io.sentimentstream.trainer.internals;

import io.sentimentstream.classifier.Encoder;
import io.sentimentstream.classifier.Label;
import io.sentimentstream.trainer.FineTuning;
import io.sentimentstream.trainer.SetMetrics;
import io.sentimentstream.trainer.TrainParams;
import io.sentimentstream.trainer.TrainResult;
import io.sentimentstream.trainer.data.DataSplit;
import io.sentimentstream.trainer.data.LabeledData;
import io.sentimentstream.trainer.data.LabeledSet;
import io.sentimentstream.trainer.data.SetSplit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Renders the model card (markdown) of a trained head: data sets, splits, encoder, parameters,
 * per-set and overall metrics, confusion matrices and the command that reproduces it.
 */
public final class ModelCard {
  private ModelCard() {}

  /**
   * The card.
   *
   * @param command the command line that reproduces the run
   * @param sets the data sets as read (for row and skip counts)
   * @param splits their splits, same order
   * @param compared scores of a comparison head on the same splits (per set, then all), or null
   */
  public static String render(
      String command,
      List<LabeledSet> sets,
      List<SetSplit> splits,
      Encoder encoder,
      TrainResult r,
      List<SetMetrics> compared,
      FineTuning.Result ft) {
    TrainParams p = r.params();
    StringBuilder b = new StringBuilder();
    b.append("# Model card: sentiment model v").append(r.head().version()).append("\n\n");
    b.append("A ")
        .append(p.headType())
        .append(" classification head (NEGATIVE / NEUTRAL / POSITIVE) on the ")
        .append(ft == null ? "frozen `" : "fine-tuned (low-rank adapters) `")
        .append(encoder.id().name())
        .append("` encoder, trained on the training splits of ")
        .append(sets.size())
        .append(sets.size() == 1 ? " data set" : " data sets together")
        .append(".\n\n");
    data(b, sets, splits, p.seed());
    encoder(b, encoder);
    training(b, ft == null ? r : ft.frozen());
    if (ft != null) {
      FineTuneCard.section(b, ft);
    }
    b.append("\n## Metrics (test splits: distinct texts never seen in training)\n\n");
    b.append(SetTables.markdown(r, compared));
    if (ft != null) {
      b.append(
          "\nThe compared head is the frozen-encoder head trained in the same run on the same"
              + " splits (the first step of fine-tuning).\n");
    } else if (compared != null) {
      b.append("\nThe compared head was scored on exactly the same splits in the same run.\n");
    }
    b.append("\nValidation macro-F1 per set (what the recipe was chosen on): ");
    for (SetMetrics s : r.sets()) {
      b.append(String.format(Locale.ROOT, "%s %.4f; ", s.name(), s.validation().macroF1()));
    }
    b.append(String.format(Locale.ROOT, "mean %.4f.%n", r.meanValidationMacroF1()));
    for (SetMetrics s : r.sets()) {
      b.append("\n### ").append(s.name()).append(": test split\n\n");
      b.append(SetTables.confusion(s.test())).append('\n');
      perClass(b, s);
    }
    b.append("\n## Reproduce (from the repository root)\n\n```\n")
        .append(command)
        .append("\n```\n");
    b.append(
        "\n## Limits\n\nLabels are crowd-sourced and noisy (many rows have annotator confidence"
            + " below 0.7). The sets cover a 2015 US political debate, Apple in 2014 and tech brands"
            + " at a 2011 festival; the brands set labels emotion towards a brand, so a tweet with"
            + " feelings about something else counts as neutral there. Expect lower scores on"
            + " other topics and eras.\n");
    return b.toString();
  }

  private static void data(
      StringBuilder b, List<LabeledSet> sets, List<SetSplit> splits, long seed) {
    b.append("## Data\n\n| set | source | rows read | skipped (unknown label / empty) |")
        .append(" folded duplicates (of them from an earlier set) | conflicting texts |\n")
        .append("|---|---|---|---|---|---|\n");
    for (int i = 0; i < sets.size(); i++) {
      LabeledData d = sets.get(i).data();
      DataSplit s = splits.get(i).split();
      b.append(
          String.format(
              Locale.ROOT,
              "| %s | `%s` | %d | %d / %d | %d (%d) | %d |%n",
              sets.get(i).name(),
              sets.get(i).source().getFileName(),
              d.rowsRead(),
              d.unknownLabels(),
              d.emptyTexts(),
              s.duplicateRows(),
              splits.get(i).crossSetDuplicates(),
              s.conflictingTexts()));
    }
    b.append(
        "\nRows with the same cleaned text are folded into one text across all sets; the text"
            + " belongs to the set it first appears in (input order) and takes the majority label"
            + " of all its rows, ties going to the label seen first.\n");
    b.append("\n## Splits (per set: distinct cleaned texts, stratified, seed ")
        .append(seed)
        .append(")\n\n| set | split | texts | NEGATIVE | NEUTRAL | POSITIVE |\n")
        .append("|---|---|---|---|---|---|\n");
    for (SetSplit s : splits) {
      row(b, s.name(), "train", s.split().train().size(), DataSplit.classCounts(s.split().train()));
      row(
          b,
          s.name(),
          "validation",
          s.split().validation().size(),
          DataSplit.classCounts(s.split().validation()));
      row(b, s.name(), "test", s.split().test().size(), DataSplit.classCounts(s.split().test()));
    }
  }

  private static void encoder(StringBuilder b, Encoder encoder) {
    b.append("\n## Encoder\n\n* name `")
        .append(encoder.id().name())
        .append("`, fingerprint `")
        .append(encoder.id().fingerprint())
        .append("`\n* pooling ")
        .append(encoder.pooling())
        .append(", max length ")
        .append(encoder.maxLength())
        .append(", width ")
        .append(encoder.hiddenSize())
        .append('\n');
  }

  private static void training(StringBuilder b, TrainResult r) {
    TrainParams p = r.params();
    b.append("\n## Training\n\n");
    b.append(
        String.format(
            Locale.ROOT,
            "* head %s, Adam lr %s, batch %d, max epochs %d, patience %d"
                + ", dropout %s (MLP only)%n* class weights (N/(K*n_c))^%s within each set;"
                + " set weights (N/(S*n_set))^%s; annotator-confidence weights %s%n"
                + "* best epoch %d of %d (early stopping on the mean over sets of validation"
                + " macro-F1)%n"
                + "* logit offsets tuned on that same validation mean: %s%n"
                + "* time: embedding %.1f s, training %.1f s%n",
            p.headType(),
            p.learningRate(),
            p.batchSize(),
            p.epochs(),
            p.patience(),
            p.dropout(),
            p.classWeightPower(),
            p.setWeightPower(),
            p.confidenceWeights() ? "on" : "off",
            r.bestEpoch(),
            r.history().size(),
            Arrays.toString(r.logitOffsets()),
            r.embedSeconds(),
            r.trainSeconds()));
  }

  private static void perClass(StringBuilder b, SetMetrics s) {
    b.append("| class | precision | recall | F1 | support |\n|---|---|---|---|---|\n");
    for (Label l : Label.ORDER) {
      b.append(
          String.format(
              Locale.ROOT,
              "| %s | %.4f | %.4f | %.4f | %d |%n",
              l,
              s.test().precision(l),
              s.test().recall(l),
              s.test().f1(l),
              s.test().support(l)));
    }
  }

  private static void row(StringBuilder b, String set, String name, int n, int[] c) {
    b.append(
        String.format(
            Locale.ROOT, "| %s | %s | %d | %d | %d | %d |%n", set, name, n, c[0], c[1], c[2]));
  }
}
