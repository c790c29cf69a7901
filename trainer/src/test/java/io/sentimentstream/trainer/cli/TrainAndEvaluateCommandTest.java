package io.sentimentstream.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sentimentstream.classifier.Head;
import io.sentimentstream.classifier.ModelBundle;
import io.sentimentstream.trainer.Progress;
import io.sentimentstream.trainer.TestData;
import io.sentimentstream.trainer.TrainResult;
import io.sentimentstream.trainer.TrainerCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The {@code train} and {@code evaluate} commands end to end: real GOP rows, the real (fast)
 * encoder on DJL, real head training. Small caps keep it to well under a minute on 2 cores.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrainAndEvaluateCommandTest {
  @TempDir static Path dir;

  private static String[] trainArgs(Path out) {
    return new String[] {
      "train",
      "--data",
      TestData.gopCsv().toString(),
      "--out",
      out.toString(),
      "--encoder",
      TestData.FAST_ENCODER,
      "--max-rows",
      "700",
      "--cache-dir",
      dir.resolve("cache").toString(),
      "--epochs",
      "40",
      "--lr",
      "0.003",
      "--seed",
      "5",
      "--val-fraction",
      "0.15",
      "--test-fraction",
      "0.15"
    };
  }

  @Test
  @Order(1)
  void smallTrainingBeatsMajorityBaselineAndWritesBundleAndReport() throws Exception {
    Path out = dir.resolve("bundle");
    CommandLine cli = new CommandLine(new TrainerCli());
    CommandLine.ParseResult parsed = cli.parseArgs(trainArgs(out));
    TrainCommand train = (TrainCommand) parsed.subcommand().commandSpec().userObject();
    TrainResult r = train.run(Progress.NONE);

    assertThat(r.test().total()).isGreaterThan(60);
    assertThat(r.test().macroF1()).isGreaterThan(r.majorityBaseline().macroF1() + 0.1);
    Head written = ModelBundle.readHead(out);
    assertThat(written.type()).isEqualTo(Head.Type.LINEAR);
    assertThat(written.encoder()).isEqualTo(r.head().encoder());
    assertThat(written.w1()).isDeepEqualTo(r.head().w1());
    JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
    assertThat(metrics.at("/test/macro_f1").asDouble()).isEqualTo(r.test().macroF1());
    assertThat(Files.readString(out.resolve("model-card.md")))
        .contains("all-minilm-l6-v2", "| test |", "exec:java -Dexec.args=\"train --data");
    for (String f : List.of("index.html", "loss.png", "f1.png", "confusion.png")) {
      assertThat(out.resolve("report").resolve(f)).isNotEmptyFile();
    }
  }

  @Test
  @Order(2)
  void secondRunReusesCachedEmbeddings() throws Exception {
    CommandLine cli = new CommandLine(new TrainerCli());
    TrainCommand train =
        (TrainCommand)
            cli.parseArgs(trainArgs(dir.resolve("bundle2")))
                .subcommand()
                .commandSpec()
                .userObject();
    TrainResult r = train.run(Progress.NONE);
    assertThat(r.embedSeconds()).isLessThan(1.0);
  }

  @Test
  @Order(3)
  void evaluatePrintsTableAndWritesMetricsForParallelTextAndLabelFiles() throws Exception {
    Path texts = dir.resolve("texts.txt");
    Path labels = dir.resolve("labels.txt");
    Files.write(
        texts,
        List.of(
            "I loved this debate, great answers!",
            "Worst debate ever, awful.",
            "The debate starts at 9pm.",
            "What a disaster of a candidate",
            "so proud of him tonight"));
    Files.write(labels, List.of("positive", "negative", "neutral", "0", "2"));
    Path report = dir.resolve("eval");
    StringWriter stdout = new StringWriter();
    CommandLine cli = new CommandLine(new TrainerCli()).setOut(new PrintWriter(stdout));
    int code =
        cli.execute(
            "evaluate",
            "--data",
            texts.toString(),
            "--labels",
            labels.toString(),
            "--model",
            dir.resolve("bundle").toString(),
            "--report-dir",
            report.toString(),
            "--cache-dir",
            dir.resolve("cache").toString());

    assertThat(code).isZero();
    JsonNode m = new ObjectMapper().readTree(report.resolve("metrics.json").toFile());
    assertThat(m.get("examples").asInt()).isEqualTo(5);
    assertThat(m.at("/per_class/NEGATIVE/support").asInt()).isEqualTo(2);
    String table = stdout.toString();
    assertThat(table)
        .contains(
            "examples 5",
            String.format(java.util.Locale.ROOT, "macro-F1 %.4f", m.get("macro_f1").asDouble()));
    assertThat(report.resolve("confusion.png")).isNotEmptyFile();
  }

  @Test
  @Order(4)
  void badInputFailsWithOneLineNamingTheProblem() throws Exception {
    Path csv = dir.resolve("bad.csv");
    Files.writeString(csv, "tweet,sentiment\nhello,positive\n");
    StringWriter stderr = new StringWriter();
    int code =
        TrainerCli.commandLine()
            .setErr(new PrintWriter(stderr))
            .execute("train", "--data", csv.toString(), "--out", dir.resolve("x").toString());
    assertThat(code).isEqualTo(1);
    assertThat(stderr.toString())
        .startsWith("error: CSV file " + csv)
        .contains("no text column 'text'");
  }
}
