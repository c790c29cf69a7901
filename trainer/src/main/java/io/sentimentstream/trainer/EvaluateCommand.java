package io.sentimentstream.trainer;

import io.sentimentstream.classifier.Encoder;
import io.sentimentstream.classifier.EncoderOptions;
import io.sentimentstream.classifier.Encoders;
import io.sentimentstream.classifier.Head;
import io.sentimentstream.classifier.ModelBundle;
import io.sentimentstream.trainer.internals.ConsoleProgress;
import io.sentimentstream.trainer.internals.ReportWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code evaluate}: scores a model bundle on any labelled file. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = "Evaluate a model bundle on a labelled file: table on stdout, JSON and report.")
public final class EvaluateCommand implements Callable<Integer> {
  @Mixin DataArgs dataArgs = new DataArgs();

  @Option(names = "--model", required = true, description = "Model bundle directory.")
  Path model;

  @Option(
      names = "--report-dir",
      defaultValue = "evaluation-report",
      description =
          "Where metrics.json, confusion.png and index.html go (default: " + "${DEFAULT-VALUE}).")
  Path reportDir;

  @Option(
      names = "--cache-dir",
      description =
          "Embedding cache directory (default: " + "~/.cache/sentiment-stream/embeddings).")
  Path cacheDir;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    ClassificationMetrics m = run(new ConsoleProgress(System.err));
    PrintWriter w = spec.commandLine().getOut();
    w.print(m.toTable());
    w.println("report: " + reportDir.resolve("index.html").toAbsolutePath());
    w.flush();
    return 0;
  }

  /**
   * Evaluates and writes {@code metrics.json} and the report; returns the metrics. Every usable row
   * counts (duplicates included), as the stream app would see them.
   */
  public ClassificationMetrics run(Progress progress) throws IOException {
    Head head = ModelBundle.readHead(model);
    LabeledData data = dataArgs.read();
    if (data.examples().isEmpty()) {
      throw new IllegalArgumentException("no usable labelled rows in " + dataArgs.data);
    }
    int maxLength =
        Integer.parseInt(
            head.metadata()
                .getOrDefault("max_length", Integer.toString(EncoderOptions.DEFAULT_MAX_LENGTH)));
    EncoderOptions options =
        EncoderOptions.defaults()
            .withModel(head.encoder().name())
            .withMaxLength(maxLength)
            .withPooling(head.pooling());
    try (Encoder encoder = Encoders.open(options)) {
      if (!encoder.id().equals(head.encoder())) {
        throw new IllegalArgumentException(
            "bundle "
                + model
                + " was trained on encoder "
                + head.encoder()
                + " but "
                + encoder.id()
                + " is installed");
      }
      float[][] rows = EmbeddingCacheAccess.embed(cacheDir, encoder, data, progress);
      ClassificationMetrics m = Evaluation.evaluate(head, rows, data.examples());
      Map<String, Object> json = new LinkedHashMap<>(m.toMap());
      json.put("model_version", head.version());
      json.put("data", dataArgs.data.toString());
      json.put("rows_read", data.rowsRead());
      json.put("skipped_unknown_label", data.unknownLabels());
      json.put("skipped_empty_text", data.emptyTexts());
      ReportWriter.writeJson(reportDir.resolve("metrics.json"), json);
      ReportWriter.evaluation(
          reportDir,
          m,
          "Evaluation of model v" + head.version() + " on " + dataArgs.data.getFileName());
      return m;
    }
  }
}
