package io.sentimentstream.trainer.cli;

import io.sentimentstream.classifier.Embeddings;
import io.sentimentstream.classifier.Encoder;
import io.sentimentstream.classifier.EncoderOptions;
import io.sentimentstream.classifier.Encoders;
import io.sentimentstream.classifier.Head;
import io.sentimentstream.classifier.Label;
import io.sentimentstream.classifier.ModelBundle;
import io.sentimentstream.trainer.ClassificationMetrics;
import io.sentimentstream.trainer.Evaluation;
import io.sentimentstream.trainer.Progress;
import io.sentimentstream.trainer.data.DataSplit;
import io.sentimentstream.trainer.data.LabeledData;
import io.sentimentstream.trainer.data.LabeledExample;
import io.sentimentstream.trainer.data.LabeledSet;
import io.sentimentstream.trainer.internals.ConsoleProgress;
import io.sentimentstream.trainer.internals.PredictionsFile;
import io.sentimentstream.trainer.internals.ReportWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code evaluate}: scores a model bundle on one or more labelled files. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description =
        "Evaluate a model bundle on labelled files: one table row per file on stdout, JSON and"
            + " report.")
public final class EvaluateCommand implements Callable<Integer> {
  @ArgGroup(exclusive = false, multiplicity = "1..*", heading = "Labelled files:%n")
  List<DataArgs> data = new ArrayList<>();

  @Option(names = "--model", required = true, description = "Model bundle directory.")
  Path model;

  @Option(
      names = "--report-dir",
      defaultValue = "evaluation-report",
      description =
          "Where metrics.json, confusion PNGs and index.html go (default: ${DEFAULT-VALUE}).")
  Path reportDir;

  @Option(
      names = "--cache-dir",
      description =
          "Embedding cache directory (default: " + "~/.cache/sentiment-stream/embeddings).")
  Path cacheDir;

  @Mixin MatmulPrecisionArg matmulPrecision = new MatmulPrecisionArg();

  @Option(
      names = "--predictions",
      description =
          "Also write every row's prediction to this CSV file (set, text, label, predicted,"
              + " p_negative, p_neutral, p_positive).")
  Path predictions;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  /**
   * Scores of one file.
   *
   * @param name the file's set name
   * @param metrics the head's scores on every usable row
   * @param majority scores of always answering the file's most frequent label
   */
  public record FileMetrics(
      String name, ClassificationMetrics metrics, ClassificationMetrics majority) {}

  @Override
  public Integer call() throws IOException {
    List<FileMetrics> files = runAll(new ConsoleProgress(System.err));
    PrintWriter w = spec.commandLine().getOut();
    w.printf(
        Locale.ROOT,
        "%-14s %7s %9s %9s %12s %9s %9s%n",
        "file",
        "rows",
        "macro-F1",
        "accuracy",
        "macro-recall",
        "maj-F1",
        "maj-acc");
    for (FileMetrics f : files) {
      w.printf(
          Locale.ROOT,
          "%-14s %7d %9.4f %9.4f %12.4f %9.4f %9.4f%n",
          f.name(),
          f.metrics().total(),
          f.metrics().macroF1(),
          f.metrics().accuracy(),
          f.metrics().macroRecall(),
          f.majority().macroF1(),
          f.majority().accuracy());
    }
    w.println();
    w.println(files.size() == 1 ? "In detail:" : "All files together:");
    w.print(pooled(files).toTable());
    w.println("report: " + reportDir.resolve("index.html").toAbsolutePath());
    w.flush();
    return 0;
  }

  /** Evaluates every file; returns the metrics of all files together. */
  public ClassificationMetrics run(Progress progress) throws IOException {
    return pooled(runAll(progress));
  }

  /**
   * Evaluates each file and writes {@code metrics.json} and the report; returns one entry per file.
   * Every usable row counts (duplicates included), as the stream app would see them.
   */
  public List<FileMetrics> runAll(Progress progress) throws IOException {
    Head head = ModelBundle.readHead(model);
    List<LabeledSet> sets = DataArgs.readAll(data);
    for (LabeledSet s : sets) {
      if (s.data().examples().isEmpty()) {
        throw new IllegalArgumentException("no usable labelled rows in " + s.source());
      }
    }
    try (Encoder encoder = open(head);
        PredictionsFile file = predictions == null ? null : new PredictionsFile(predictions)) {
      List<FileMetrics> out = new ArrayList<>();
      for (LabeledSet s : sets) {
        float[][] rows = EmbeddingCacheAccess.embed(cacheDir, encoder, s.data(), progress);
        ClassificationMetrics m = Evaluation.evaluate(head, rows, s.data().examples());
        out.add(new FileMetrics(s.name(), m, majority(s.data())));
        if (file != null) {
          file.write(
              s.name(),
              s.data().examples(),
              head.predict(new Embeddings(rows, new boolean[rows.length])));
        }
      }
      write(head, sets, out);
      return out;
    }
  }

  private Encoder open(Head head) {
    int maxLength =
        Integer.parseInt(
            head.metadata()
                .getOrDefault("max_length", Integer.toString(EncoderOptions.DEFAULT_MAX_LENGTH)));
    EncoderOptions options =
        EncoderOptions.defaults()
            .withModel(head.encoder().name())
            .withMaxLength(maxLength)
            .withPooling(head.pooling())
            .withMatmulPrecision(matmulPrecision.get());
    Encoder encoder = Encoders.open(options);
    if (!encoder.id().equals(head.encoder())) {
      encoder.close();
      throw new IllegalArgumentException(
          "bundle "
              + model
              + " was trained on encoder "
              + head.encoder()
              + " but "
              + encoder.id()
              + " is installed");
    }
    try {
      // a fine-tuned bundle's adapters, merged into a copy of the base weights
      ModelBundle.readAdapters(model).ifPresent(encoder::useAdapters);
    } catch (RuntimeException e) {
      encoder.close();
      throw e;
    }
    return encoder;
  }

  private void write(Head head, List<LabeledSet> sets, List<FileMetrics> files) throws IOException {
    Map<String, Object> json = new LinkedHashMap<>(pooled(files).toMap());
    json.put("model_version", head.version());
    List<Map<String, Object>> perFile = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      LabeledData d = sets.get(i).data();
      Map<String, Object> f = new LinkedHashMap<>(files.get(i).metrics().toMap());
      f.put("name", files.get(i).name());
      f.put("data", sets.get(i).source().toString());
      f.put("majority_baseline", files.get(i).majority().toMap());
      f.put("rows_read", d.rowsRead());
      f.put("skipped_unknown_label", d.unknownLabels());
      f.put("skipped_empty_text", d.emptyTexts());
      perFile.add(f);
    }
    json.put("files", perFile);
    ReportWriter.writeJson(reportDir.resolve("metrics.json"), json);
    ReportWriter.evaluation(
        reportDir,
        pooled(files),
        files.stream().map(FileMetrics::name).toList(),
        files.stream().map(FileMetrics::metrics).toList(),
        "Evaluation of model v" + head.version());
  }

  private static ClassificationMetrics majority(LabeledData d) {
    List<Label> truth = d.examples().stream().map(LabeledExample::label).toList();
    int[] counts = DataSplit.classCounts(d.examples());
    int best = 0;
    for (int k = 1; k < counts.length; k++) {
      best = counts[k] > counts[best] ? k : best;
    }
    return ClassificationMetrics.constant(truth, Label.ORDER.get(best));
  }

  /** All files' confusion matrices added up. */
  static ClassificationMetrics pooled(List<FileMetrics> files) {
    int k = Label.ORDER.size();
    long[][] c = new long[k][k];
    for (FileMetrics f : files) {
      for (int t = 0; t < k; t++) {
        for (int p = 0; p < k; p++) {
          c[t][p] += f.metrics().confusion()[t][p];
        }
      }
    }
    return new ClassificationMetrics(c);
  }
}
