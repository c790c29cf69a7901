package io.sentimentstream.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sentimentstream.classifier.Embeddings;
import io.sentimentstream.classifier.Encoder;
import io.sentimentstream.classifier.EncoderOptions;
import io.sentimentstream.classifier.Encoders;
import io.sentimentstream.classifier.Head;
import io.sentimentstream.classifier.Label;
import io.sentimentstream.classifier.ModelBundle;
import io.sentimentstream.classifier.Prediction;
import io.sentimentstream.trainer.ClassificationMetrics;
import io.sentimentstream.trainer.Progress;
import io.sentimentstream.trainer.TestData;
import io.sentimentstream.trainer.TrainerCli;
import io.sentimentstream.trainer.data.DataSplit;
import io.sentimentstream.trainer.data.LabelMapping;
import io.sentimentstream.trainer.data.LabeledData;
import io.sentimentstream.trainer.data.LabeledDataReader;
import io.sentimentstream.trainer.data.LabeledExample;
import io.sentimentstream.trainer.data.LabeledSet;
import io.sentimentstream.trainer.data.SetSplit;
import io.sentimentstream.trainer.internals.EmbeddingCache;
import io.sentimentstream.trainer.internals.Splitter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code train} and {@code evaluate} on slices of the three real labelled sets with the real (fast)
 * encoder: every set gets its own report row, and each row's numbers are recomputed here from the
 * written head, an independently made split and a hand-counted confusion matrix.
 */
@Tag("integration")
class MultiSetTrainingIT {
  private static final int ROWS = 400;
  @TempDir static Path dir;

  private static String[] dataArgs() {
    return new String[] {
      "--data",
      TestData.gopCsv().toString(),
      "--max-rows",
      "" + ROWS,
      "--data",
      TestData.appleCsv().toString(),
      "--max-rows",
      "" + ROWS,
      "--data",
      TestData.brandsCsv().toString(),
      "--max-rows",
      "" + ROWS,
      "--set-name",
      "brand"
    };
  }

  private static List<String> trainArgs(Path out) {
    List<String> a = new ArrayList<>(List.of("train"));
    a.addAll(List.of(dataArgs()));
    a.addAll(
        List.of(
            "--out",
            out.toString(),
            "--encoder",
            TestData.FAST_ENCODER,
            "--cache-dir",
            dir.resolve("cache").toString(),
            "--epochs",
            "30",
            "--lr",
            "0.003",
            "--seed",
            "11",
            "--val-fraction",
            "0.2",
            "--test-fraction",
            "0.2",
            "--set-weight-power",
            "1",
            "--confidence-weights"));
    return a;
  }

  @Test
  void perSetRowsExistAndAreComputedFromEachSetsOwnTestSplit() throws Exception {
    Path out = dir.resolve("bundle");
    StringWriter stdout = new StringWriter();
    int code =
        new CommandLine(new TrainerCli())
            .setOut(new PrintWriter(stdout))
            .execute(trainArgs(out).toArray(String[]::new));
    assertThat(code).isZero();

    JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
    JsonNode sets = metrics.get("sets");
    assertThat(sets).hasSize(3);
    List<LabeledSet> read =
        List.of(
            new LabeledSet("Sentiment", TestData.gopCsv(), csv(TestData.gopCsv())),
            new LabeledSet("apple", TestData.appleCsv(), csv(TestData.appleCsv())),
            new LabeledSet("brand", TestData.brandsCsv(), csv(TestData.brandsCsv())));
    List<SetSplit> splits = Splitter.splitSets(read, 0.2, 0.2, 11);
    Head head = ModelBundle.readHead(out);
    String card = Files.readString(out.resolve("model-card.md"));
    double meanF1 = 0;
    try (Encoder enc = Encoders.open(EncoderOptions.defaults().withModel(TestData.FAST_ENCODER))) {
      EmbeddingCache cache = EmbeddingCache.open(dir.resolve("cache"), enc);
      for (int s = 0; s < 3; s++) {
        JsonNode row = sets.get(s);
        DataSplit split = splits.get(s).split();
        assertThat(row.get("name").asText()).isEqualTo(read.get(s).name());
        long[][] c = confusion(head, split.test(), cache, enc);
        ClassificationMetrics expected = new ClassificationMetrics(c);
        assertThat(row.at("/test/examples").asLong()).isEqualTo(split.test().size());
        for (int t = 0; t < 3; t++) {
          for (int p = 0; p < 3; p++) {
            assertThat(row.at("/test/confusion/" + t + "/" + p).asLong()).isEqualTo(c[t][p]);
          }
        }
        assertThat(row.at("/test/macro_f1").asDouble()).isEqualTo(expected.macroF1());
        assertThat(row.at("/test/accuracy").asDouble()).isEqualTo(expected.accuracy());
        assertThat(row.at("/test/macro_recall").asDouble()).isEqualTo(expected.macroRecall());
        assertMajorityBaseline(row.get("test_majority_baseline"), split);
        assertThat(card)
            .contains(
                String.format(
                    Locale.ROOT,
                    "| %s | %d | %.4f | %.4f | %.4f |",
                    read.get(s).name(),
                    split.test().size(),
                    expected.macroF1(),
                    expected.accuracy(),
                    expected.macroRecall()));
        assertThat(out.resolve("report").resolve("confusion-" + read.get(s).name() + ".png"))
            .isNotEmptyFile();
        meanF1 += expected.macroF1() / 3;
      }
    }
    assertThat(metrics.get("mean_test_macro_f1").asDouble())
        .isCloseTo(meanF1, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(metrics.at("/test/examples").asLong())
        .isEqualTo(splits.stream().mapToLong(x -> x.split().test().size()).sum());
    assertThat(stdout.toString()).contains("Sentiment", "apple", "brand", "all sets");
  }

  @Test
  void comparingWithTheSameHeadReproducesItsOwnRowsAndEvaluatePrintsOneRowPerFile()
      throws Exception {
    Path first = dir.resolve("first");
    assertThat(new CommandLine(new TrainerCli()).execute(trainArgs(first).toArray(String[]::new)))
        .isZero();
    List<String> again = trainArgs(dir.resolve("second"));
    again.addAll(List.of("--compare-with", first.toString()));
    TrainCommand train =
        (TrainCommand)
            new CommandLine(new TrainerCli())
                .parseArgs(again.toArray(String[]::new))
                .subcommand()
                .commandSpec()
                .userObject();
    TrainCommand.Outcome o = train.runAll(Progress.NONE);
    // same data, seed and recipe: the second head is the first, so the compared rows are its own
    for (int s = 0; s < 3; s++) {
      assertThat(o.compared().get(s).test().confusion())
          .isDeepEqualTo(o.result().sets().get(s).test().confusion());
    }
    assertThat(o.compared().get(3).test().confusion()).isDeepEqualTo(o.result().test().confusion());

    List<String> eval = new ArrayList<>(List.of("evaluate"));
    eval.addAll(List.of(dataArgs()));
    Path report = dir.resolve("eval");
    eval.addAll(
        List.of(
            "--model",
            first.toString(),
            "--report-dir",
            report.toString(),
            "--cache-dir",
            dir.resolve("cache").toString()));
    StringWriter stdout = new StringWriter();
    int code =
        new CommandLine(new TrainerCli())
            .setOut(new PrintWriter(stdout))
            .execute(eval.toArray(String[]::new));
    assertThat(code).isZero();
    JsonNode files =
        new ObjectMapper().readTree(report.resolve("metrics.json").toFile()).get("files");
    assertThat(files).hasSize(3);
    String[] lines = stdout.toString().split("\\R");
    List<Path> csvs = List.of(TestData.gopCsv(), TestData.appleCsv(), TestData.brandsCsv());
    for (int i = 0; i < 3; i++) {
      JsonNode f = files.get(i);
      long usable = csv(csvs.get(i)).examples().size();
      assertThat(f.get("examples").asLong()).isEqualTo(usable);
      assertThat(lines[1 + i])
          .startsWith(f.get("name").asText())
          .contains(String.format(Locale.ROOT, " %d ", usable))
          .contains(String.format(Locale.ROOT, "%.4f", f.get("macro_f1").asDouble()));
    }
  }

  private static LabeledData csv(Path file) throws java.io.IOException {
    return LabeledDataReader.readCsv(
        file, LabeledDataReader.Columns.defaults(), LabelMapping.defaults(), ROWS);
  }

  private static long[][] confusion(
      Head head, List<LabeledExample> test, EmbeddingCache cache, Encoder enc) {
    Embeddings e =
        cache.embed(test.stream().map(LabeledExample::cleanText).toList(), enc, Progress.NONE);
    Prediction[] p = head.predict(e);
    long[][] c = new long[3][3];
    for (int i = 0; i < test.size(); i++) {
      c[test.get(i).label().ordinal()][p[i].label().ordinal()]++;
    }
    return c;
  }

  private static void assertMajorityBaseline(JsonNode baseline, DataSplit split) {
    int[] train = DataSplit.classCounts(split.train());
    int maj = 0;
    for (int k = 1; k < 3; k++) {
      maj = train[k] > train[maj] ? k : maj;
    }
    int[] test = DataSplit.classCounts(split.test());
    assertThat(baseline.get("accuracy").asDouble())
        .isEqualTo((double) test[maj] / split.test().size());
    assertThat(baseline.at("/per_class/" + Label.ORDER.get(maj) + "/recall").asDouble())
        .isEqualTo(1.0);
  }
}
