package io.sentimentstream.trainer.internals;

import io.sentimentstream.classifier.Encoder;
import io.sentimentstream.classifier.Label;
import io.sentimentstream.trainer.ClassificationMetrics;
import io.sentimentstream.trainer.DataSplit;
import io.sentimentstream.trainer.LabeledData;
import io.sentimentstream.trainer.TrainParams;
import io.sentimentstream.trainer.TrainResult;
import java.util.Arrays;
import java.util.Locale;

/**
 * Renders the model card (markdown) of a trained head: data, split, encoder, parameters, metrics.
 */
public final class ModelCard {
  private ModelCard() {}

  /**
   * The card.
   *
   * @param source where the data came from (a path or topic)
   * @param command the command line that reproduces the run
   */
  public static String render(
      String source,
      String command,
      LabeledData data,
      DataSplit split,
      Encoder encoder,
      TrainResult r) {
    TrainParams p = r.params();
    StringBuilder b = new StringBuilder();
    b.append("# Model card: sentiment head v").append(r.head().version()).append("\n\n");
    b.append("A ")
        .append(p.headType())
        .append(" classification head (NEGATIVE / NEUTRAL / " + "POSITIVE) on the frozen `")
        .append(encoder.id().name())
        .append("` encoder.\n\n");
    b.append("## Data\n\n* source: `").append(source).append("`\n");
    if (data != null) {
      b.append(
          String.format(
              Locale.ROOT,
              "* rows read %d; skipped: %d unknown label, %d empty after" + " cleaning%n",
              data.rowsRead(),
              data.unknownLabels(),
              data.emptyTexts()));
    }
    b.append(
        String.format(
            Locale.ROOT,
            "* %d rows folded into another with the same cleaned text;"
                + " %d texts had conflicting labels (majority label kept, ties: first seen)%n",
            split.duplicateRows(),
            split.conflictingTexts()));
    b.append("\n## Split (distinct cleaned texts, stratified, seed ")
        .append(p.seed())
        .append(")\n\n| split | texts | NEGATIVE | NEUTRAL | POSITIVE |\n|---|---|---|---|---|\n");
    row(b, "train", split.train().size(), DataSplit.classCounts(split.train()));
    row(b, "validation", split.validation().size(), DataSplit.classCounts(split.validation()));
    row(b, "test", split.test().size(), DataSplit.classCounts(split.test()));
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
        .append("\n\n## Training\n\n");
    b.append(
        String.format(
            Locale.ROOT,
            "* head %s, Adam lr %s, batch %d, max epochs %d, patience %d"
                + ", dropout %s (MLP only)%n* class weights (N/(K*n_c))^%s, annotator-confidence weights %s%n"
                + "* best epoch %d of %d (early stopping on validation macro-F1)%n"
                + "* logit offsets tuned on validation: %s%n* time: embedding %.1f s, training %.1f s%n",
            p.headType(),
            p.learningRate(),
            p.batchSize(),
            p.epochs(),
            p.patience(),
            p.dropout(),
            p.classWeightPower(),
            p.confidenceWeights() ? "on" : "off",
            r.bestEpoch(),
            r.history().size(),
            Arrays.toString(r.logitOffsets()),
            r.embedSeconds(),
            r.trainSeconds()));
    b.append("\n## Metrics\n\n| split | macro-F1 | accuracy | macro-recall |\n|---|---|---|---|\n");
    metrics(b, "test", r.test());
    metrics(b, "validation", r.validation());
    metrics(b, "test, majority-class baseline", r.majorityBaseline());
    b.append(
        "\nPer class on test:\n\n| class | precision | recall | F1 | support |\n"
            + "|---|---|---|---|---|\n");
    for (Label l : Label.ORDER) {
      b.append(
          String.format(
              Locale.ROOT,
              "| %s | %.4f | %.4f | %.4f | %d |%n",
              l,
              r.test().precision(l),
              r.test().recall(l),
              r.test().f1(l),
              r.test().support(l)));
    }
    b.append(
            "\n## Reproduce (from the repository root, after `mvn -B -q install -DskipTests`)\n\n```\n")
        .append(command)
        .append("\n```\n");
    b.append(
        "\n## Limits\n\nLabels are crowd-sourced and noisy (many rows have annotator confidence"
            + " below 0.7); tweets are from one US political debate in 2015. Expect lower scores on "
            + "other topics.\n");
    return b.toString();
  }

  private static void row(StringBuilder b, String name, int n, int[] c) {
    b.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d |%n", name, n, c[0], c[1], c[2]));
  }

  private static void metrics(StringBuilder b, String name, ClassificationMetrics m) {
    b.append(
        String.format(
            Locale.ROOT,
            "| %s | %.4f | %.4f | %.4f |%n",
            name,
            m.macroF1(),
            m.accuracy(),
            m.macroRecall()));
  }
}
