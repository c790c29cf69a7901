package io.sentimentstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.sentimentstream.classifier.ModelBundle;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a person sees on the console: {@code evaluate} of the built-in default model on a small
 * file, run as a person runs it (its own JVM, the trainer's own logback.xml, no test logging
 * config), prints its table and not one WARN or ERROR line, and nothing of logback's own status.
 */
@Tag("integration")
class QuietConsoleIT {
  @TempDir Path dir;

  @Test
  void evaluateOnASmallFilePrintsNoWarning() throws Exception {
    Path model = Files.createDirectories(dir.resolve("model"));
    for (String f : List.of(ModelBundle.HEAD_FILE, ModelBundle.METRICS_FILE)) {
      try (InputStream in =
          ModelBundle.class.getResourceAsStream(ModelBundle.DEFAULT_RESOURCE_DIR + f)) {
        Files.copy(in, model.resolve(f));
      }
    }
    Path data = smallCsv(dir.resolve("small.csv"), 40);

    String out =
        run(
            "evaluate",
            "--data",
            data.toString(),
            "--model",
            model.toString(),
            "--report-dir",
            dir.resolve("report").toString(),
            "--cache-dir",
            dir.resolve("cache").toString());

    assertThat(out).as("evaluate's output").contains("macro-F1", "small");
    List<String> noise =
        out.lines()
            .filter(
                l ->
                    l.matches("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} +(WARN|ERROR).*") || l.contains("|-"))
            .toList();
    assertThat(noise).as("WARN/ERROR or logback status lines in:\n" + out).isEmpty();
  }

  /** The first {@code n} rows of the GOP csv, as a file of their own. */
  private static Path smallCsv(Path file, int n) throws Exception {
    try (Reader r = Files.newBufferedReader(TestData.gopCsv(), StandardCharsets.UTF_8);
        var csv = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(r);
        CSVPrinter p =
            new CSVPrinter(
                Files.newBufferedWriter(file, StandardCharsets.UTF_8),
                CSVFormat.RFC4180
                    .builder()
                    .setHeader(csv.getHeaderNames().toArray(String[]::new))
                    .get())) {
      int i = 0;
      for (CSVRecord rec : csv) {
        if (i++ >= n) {
          break;
        }
        p.printRecord(rec.values());
      }
    }
    return file;
  }

  /** Runs the trainer's command line in a child JVM on the production classpath; its output. */
  private String run(String... args) throws Exception {
    String classpath =
        Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
            .filter(e -> !e.endsWith("test-classes")) // the app's logback.xml, not a test's
            .collect(Collectors.joining(java.io.File.pathSeparator));
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Dai.djl.offline=true");
    cmd.add("-cp");
    cmd.add(classpath);
    cmd.add(TrainerCli.class.getName());
    cmd.addAll(List.of(args));
    Path log = dir.resolve("console.txt");
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError("evaluate did not finish in 5 minutes:\n" + Files.readString(log));
    }
    String out = Files.readString(log);
    assertThat(p.exitValue()).as("exit code of evaluate; output:\n" + out).isZero();
    return out;
  }
}
