package io.sentimentstream.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sentimentstream.classifier.Label;
import io.sentimentstream.trainer.TrainerCli;
import io.sentimentstream.trainer.data.LabeledExample;
import io.sentimentstream.trainer.data.LabeledSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Repeated {@code --data}, each file with its own columns, labels and row cap. */
class MultiFileArgsTest {
  @TempDir Path dir;

  private List<DataArgs> parse(String... args) {
    CommandLine cli = new CommandLine(new TrainerCli());
    CommandLine.ParseResult r = cli.parseArgs(args);
    return ((EvaluateCommand) r.subcommand().commandSpec().userObject()).data;
  }

  @Test
  void optionsAfterADataFileApplyToThatFileOnly() throws Exception {
    Path a = dir.resolve("first.csv");
    Files.writeString(
        a, "text,sentiment,sentiment_confidence\ngreat,Positive,0.5\nawful,Negative,\n");
    Path b = dir.resolve("second.csv");
    Files.writeString(b, "tweet,y\ngood,1\nbad,-1\nok,0\nfine,1\n");
    List<DataArgs> files =
        parse(
            "evaluate",
            "--model",
            "m",
            "--data",
            a.toString(),
            "--data",
            b.toString(),
            "--text-column",
            "tweet",
            "--label-column",
            "y",
            "--label-map",
            "-1=negative,0=neutral,1=positive",
            "--max-rows",
            "3",
            "--set-name",
            "other");

    List<LabeledSet> sets = DataArgs.readAll(files);
    assertThat(sets).extracting(LabeledSet::name).containsExactly("first", "other");
    assertThat(sets.get(0).data().examples())
        .containsExactly(
            new LabeledExample("great", Label.POSITIVE, 0.5),
            new LabeledExample("awful", Label.NEGATIVE, 1.0));
    assertThat(sets.get(1).data().examples())
        .extracting(LabeledExample::cleanText, LabeledExample::label)
        .containsExactly(
            org.assertj.core.api.Assertions.tuple("good", Label.POSITIVE),
            org.assertj.core.api.Assertions.tuple("bad", Label.NEGATIVE),
            org.assertj.core.api.Assertions.tuple("ok", Label.NEUTRAL));
  }

  @Test
  void aFileOptionAfterOtherOptionsStillAppliesToTheLastDataFile() {
    List<DataArgs> files =
        parse("evaluate", "--data", "a.csv", "--model", "m", "--max-rows", "7", "--data", "b.csv");
    assertThat(files).extracting(f -> f.maxRows).containsExactly(7L, 0L);
  }

  @Test
  void twoFilesWithTheSameSetNameAreAnErrorNamingTheName() throws Exception {
    Path a = dir.resolve("x.csv");
    Files.writeString(a, "text,sentiment\ngreat,Positive\n");
    Files.createDirectories(dir.resolve("sub"));
    Path b = dir.resolve("sub").resolve("x.csv");
    Files.writeString(b, "text,sentiment\ngreat,Positive\n");
    List<DataArgs> files =
        parse("evaluate", "--model", "m", "--data", a.toString(), "--data", b.toString());
    assertThatThrownBy(() -> DataArgs.readAll(files))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("set name 'x'")
        .hasMessageContaining("--set-name");
  }

  @Test
  void aFileOptionBeforeAnyDataIsRejected() {
    assertThatThrownBy(() -> parse("evaluate", "--model", "m", "--text-column", "t"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--data");
  }
}
