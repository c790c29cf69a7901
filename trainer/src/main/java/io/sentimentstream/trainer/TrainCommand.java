package io.sentimentstream.trainer;

import io.sentimentstream.classifier.Encoder;
import io.sentimentstream.classifier.Head;
import io.sentimentstream.classifier.HeadCodec;
import io.sentimentstream.classifier.ModelBundle;
import io.sentimentstream.trainer.internals.ConsoleProgress;
import io.sentimentstream.trainer.internals.EmbeddingCache;
import io.sentimentstream.trainer.internals.ModelCard;
import io.sentimentstream.trainer.internals.ReportWriter;
import io.sentimentstream.trainer.internals.Splitter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code train}: labelled file in, model bundle and report out. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = "Train a classification head on a labelled file and write a model bundle.")
public final class TrainCommand implements Callable<Integer> {
  @Mixin DataArgs dataArgs = new DataArgs();
  @Mixin EncoderArgs encoderArgs = new EncoderArgs();

  @Option(names = "--out", required = true, description = "Bundle directory to write.")
  Path out;

  @Option(names = "--report-dir", description = "Report directory (default: <out>/report).")
  Path reportDir;

  @Option(
      names = "--head",
      defaultValue = "linear",
      description = "mlp or linear (default: " + "${DEFAULT-VALUE}).")
  String head;

  @Option(
      names = "--epochs",
      defaultValue = "60",
      description = "Maximum epochs (default: " + "${DEFAULT-VALUE}).")
  int epochs;

  @Option(
      names = "--patience",
      defaultValue = "8",
      description =
          "Stop after this many epochs without a better validation macro-F1 (default: "
              + "${DEFAULT-VALUE}).")
  int patience;

  @Option(
      names = "--lr",
      defaultValue = "0.001",
      description = "Adam learning rate (default: " + "${DEFAULT-VALUE}).")
  float lr;

  @Option(names = "--batch-size", defaultValue = "64", description = "Default: ${DEFAULT-VALUE}.")
  int batchSize;

  @Option(names = "--seed", defaultValue = "42", description = "Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(
      names = "--val-fraction",
      defaultValue = "0.1",
      description = "Default: ${DEFAULT-VALUE}.")
  double valFraction;

  @Option(
      names = "--test-fraction",
      defaultValue = "0.1",
      description = "Default: ${DEFAULT-VALUE}.")
  double testFraction;

  @Option(
      names = "--class-weight-power",
      defaultValue = "1.0",
      description =
          "Class weights (N/(K*n_c))^p: 0 = none, 1 = inverse frequency (default: "
              + "${DEFAULT-VALUE}).")
  double classWeightPower;

  @Option(
      names = "--confidence-weights",
      description = "Weight each example's loss by its annotator confidence.")
  boolean confidenceWeights;

  @Option(
      names = "--tune-bias",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Tune per-class logit offsets on validation macro-F1; --no-tune-bias turns it off (default: on).")
  boolean tuneBias;

  @Option(
      names = "--dropout",
      defaultValue = "0.1",
      description = "MLP dropout (default: " + "${DEFAULT-VALUE}).")
  float dropout;

  @Option(
      names = "--model-version",
      defaultValue = "1",
      description = "Version the head carries (default: ${DEFAULT-VALUE}).")
  long version;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  /** The hyper-parameters these options give. */
  public TrainParams params() {
    return new TrainParams(
        Head.Type.valueOf(head.toUpperCase(java.util.Locale.ROOT)),
        epochs,
        lr,
        batchSize,
        seed,
        patience,
        classWeightPower,
        confidenceWeights,
        tuneBias,
        dropout);
  }

  @Override
  public Integer call() throws IOException {
    TrainResult r = run(new ConsoleProgress(System.err));
    PrintWriter w = spec.commandLine().getOut();
    w.println("Test split (distinct texts, never seen in training):");
    w.print(r.test().toTable());
    w.printf(
        java.util.Locale.ROOT,
        "%nmajority-class baseline: macro-F1 %.4f accuracy %.4f%n",
        r.majorityBaseline().macroF1(),
        r.majorityBaseline().accuracy());
    w.println("bundle: " + out.toAbsolutePath());
    w.flush();
    return 0;
  }

  /** Trains and writes the bundle and report; returns the result. */
  public TrainResult run(Progress progress) throws IOException {
    TrainParams p = params();
    LabeledData data = dataArgs.read();
    DataSplit split = Splitter.split(data.examples(), valFraction, testFraction, seed);
    try (Encoder encoder = encoderArgs.open()) {
      EmbeddingCache cache = encoderArgs.cache(encoder);
      Map<String, String> meta = new LinkedHashMap<>();
      meta.put("max_length", Integer.toString(encoder.maxLength()));
      meta.put("trained_at", Instant.now().toString());
      meta.put("data", dataArgs.data.getFileName().toString());
      TrainResult r = Training.run(split, encoder, cache, p, version, meta, progress);
      write(data, split, encoder, r);
      return r;
    }
  }

  private void write(LabeledData data, DataSplit split, Encoder encoder, TrainResult r)
      throws IOException {
    Files.createDirectories(out);
    HeadCodec.write(r.head(), out.resolve(ModelBundle.HEAD_FILE));
    String card =
        ModelCard.render(
            dataArgs.data.getFileName().toString(), commandLine(), data, split, encoder, r);
    Files.writeString(out.resolve(ModelBundle.MODEL_CARD_FILE), card, StandardCharsets.UTF_8);
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("test", r.test().toMap());
    metrics.put("validation", r.validation().toMap());
    metrics.put("test_majority_baseline", r.majorityBaseline().toMap());
    metrics.put("best_epoch", r.bestEpoch());
    metrics.put("history", r.history());
    metrics.put("params", r.params());
    metrics.put("embed_seconds", r.embedSeconds());
    metrics.put("train_seconds", r.trainSeconds());
    ReportWriter.writeJson(out.resolve(ModelBundle.METRICS_FILE), metrics);
    Path report = reportDir != null ? reportDir : out.resolve("report");
    ReportWriter.writeJson(report.resolve("metrics.json"), metrics);
    ReportWriter.training(report, r, card);
  }

  private String commandLine() {
    if (spec == null || spec.commandLine().getParseResult() == null) {
      return "(run programmatically)";
    }
    // run as a subcommand, the parse result's arguments already start with "train"
    List<String> args = spec.commandLine().getParseResult().originalArgs();
    String cli = (spec.root() == spec ? "train " : "") + String.join(" ", args);
    return "mvn -B -q -pl trainer exec:java -Dexec.args=\"" + cli + "\"";
  }
}
