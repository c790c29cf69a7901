package io.sentimentstream.trainer.cli;

import io.sentimentstream.classifier.AdapterCodec;
import io.sentimentstream.classifier.Encoder;
import io.sentimentstream.classifier.Head;
import io.sentimentstream.classifier.HeadCodec;
import io.sentimentstream.classifier.ModelBundle;
import io.sentimentstream.trainer.FineTuning;
import io.sentimentstream.trainer.Progress;
import io.sentimentstream.trainer.SetMetrics;
import io.sentimentstream.trainer.TrainParams;
import io.sentimentstream.trainer.TrainResult;
import io.sentimentstream.trainer.Training;
import io.sentimentstream.trainer.data.LabeledSet;
import io.sentimentstream.trainer.data.SetSplit;
import io.sentimentstream.trainer.internals.ConsoleProgress;
import io.sentimentstream.trainer.internals.EmbeddingCache;
import io.sentimentstream.trainer.internals.ModelCard;
import io.sentimentstream.trainer.internals.ReportWriter;
import io.sentimentstream.trainer.internals.SetTables;
import io.sentimentstream.trainer.internals.Splitter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code train}: labelled files in, model bundle and report out. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description =
        "Train a classification head on one or more labelled files and write a model bundle.")
public final class TrainCommand implements Callable<Integer> {
  @ArgGroup(exclusive = false, multiplicity = "1..*", heading = "Labelled files:%n")
  List<DataArgs> data = new ArrayList<>();

  @Mixin EncoderArgs encoderArgs = new EncoderArgs();

  @Mixin FineTuneArgs fineTune = new FineTuneArgs();

  @Option(
      names = "--compare-with",
      description =
          "Also score this model bundle (e.g. the previous default) on the same per-set"
              + " validation and test splits, for the model card.")
  Path compareWith;

  @Option(
      names = "--set-weight-power",
      defaultValue = "0.0",
      description =
          "Set weights (N/(S*n_set))^p: 0 = every text counts the same, 1 = every set has the"
              + " same total weight (default: ${DEFAULT-VALUE}).")
  double setWeightPower;

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
          "Class weights (N/(K*n_c))^p within each set: 0 = none, 1 = inverse frequency"
              + " (default: ${DEFAULT-VALUE}).")
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
          "Tune per-class logit offsets on the mean over sets of validation macro-F1;"
              + " --no-tune-bias turns it off (default: on).")
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
        dropout,
        setWeightPower);
  }

  @Override
  public Integer call() throws IOException {
    Outcome o = runAll(new ConsoleProgress(System.err));
    PrintWriter w = spec.commandLine().getOut();
    w.println("Test splits (distinct texts, never seen in training):");
    w.print(SetTables.text(o.result(), o.compared()));
    w.println("bundle: " + out.toAbsolutePath());
    w.flush();
    return 0;
  }

  /**
   * What a run produced.
   *
   * @param result the new head's training result
   * @param compared the {@code --compare-with} head's scores on the same splits (per set, then all
   *     together), or null
   */
  public record Outcome(TrainResult result, List<SetMetrics> compared) {}

  /** Trains and writes the bundle and report; returns the result. */
  public TrainResult run(Progress progress) throws IOException {
    return runAll(progress).result();
  }

  /** Trains, scores the comparison head if any, writes the bundle and report. */
  public Outcome runAll(Progress progress) throws IOException {
    TrainParams p = params();
    List<LabeledSet> sets = DataArgs.readAll(data);
    List<SetSplit> splits = Splitter.splitSets(sets, valFraction, testFraction, seed);
    try (Encoder encoder = encoderArgs.open()) {
      EmbeddingCache cache = encoderArgs.cache(encoder);
      Map<String, String> meta = new LinkedHashMap<>();
      meta.put("max_length", Integer.toString(encoder.maxLength()));
      meta.put("trained_at", Instant.now().toString());
      meta.put(
          "data",
          String.join(",", sets.stream().map(s -> s.source().getFileName().toString()).toList()));
      if (fineTune.enabled) {
        FineTuning.Result ft =
            FineTuning.run(
                splits, encoder, cache, p, fineTune.params(seed), version, meta, progress);
        List<SetMetrics> frozen = new ArrayList<>(ft.frozen().sets());
        frozen.add(
            new SetMetrics(
                "all",
                ft.frozen().validation(),
                ft.frozen().test(),
                ft.frozen().majorityBaseline()));
        write(sets, splits, encoder, ft.tuned(), frozen, ft);
        return new Outcome(ft.tuned(), frozen);
      }
      TrainResult r = Training.run(splits, encoder, cache, p, version, meta, progress);
      List<SetMetrics> compared =
          compareWith == null ? null : Training.compare(compareWith, splits, cache, encoder);
      write(sets, splits, encoder, r, compared, null);
      return new Outcome(r, compared);
    }
  }

  private void write(
      List<LabeledSet> sets,
      List<SetSplit> splits,
      Encoder encoder,
      TrainResult r,
      List<SetMetrics> compared,
      FineTuning.Result ft)
      throws IOException {
    Files.createDirectories(out);
    HeadCodec.write(r.head(), out.resolve(ModelBundle.HEAD_FILE));
    Path adapters = out.resolve(ModelBundle.ADAPTERS_FILE);
    if (ft != null) {
      AdapterCodec.write(ft.adapters(), adapters);
    } else {
      Files.deleteIfExists(adapters); // a head-only bundle must not keep older adapters
    }
    String card = ModelCard.render(commandLine(), sets, splits, encoder, r, compared, ft);
    Files.writeString(out.resolve(ModelBundle.MODEL_CARD_FILE), card, StandardCharsets.UTF_8);
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("mean_validation_macro_f1", r.meanValidationMacroF1());
    metrics.put("mean_test_macro_f1", r.meanTestMacroF1());
    metrics.put("sets", r.sets().stream().map(SetMetrics::toMap).toList());
    metrics.put("test", r.test().toMap());
    metrics.put("validation", r.validation().toMap());
    metrics.put("test_majority_baseline", r.majorityBaseline().toMap());
    if (ft != null) {
      metrics.put("compared_with", "frozen-encoder head of the same run");
      metrics.put("compared", compared.stream().map(SetMetrics::toMap).toList());
      metrics.put("fine_tune_params", ft.params());
      metrics.put("adapter_parameters", ft.adapters().parameterCount());
      metrics.put("frozen_train_seconds", ft.frozen().embedSeconds() + ft.frozen().trainSeconds());
    } else if (compared != null) {
      metrics.put("compared_with", compareWith.toString());
      metrics.put("compared", compared.stream().map(SetMetrics::toMap).toList());
    }
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
