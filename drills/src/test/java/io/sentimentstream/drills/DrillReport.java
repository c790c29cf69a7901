package io.sentimentstream.drills;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The drills' report: one row per drill, written as Markdown and as JSON. */
final class DrillReport {
  /**
   * One drill's outcome.
   *
   * @param drill short name ({@code crash}, {@code broker-restart}, ...)
   * @param done what was done to the running system
   * @param expected what had to hold for the drill to pass
   * @param measured what was seen, with numbers
   * @param pass whether every expectation held
   * @param seconds how long the drill took
   */
  record Row(
      String drill, String done, String expected, String measured, boolean pass, long seconds) {}

  private final List<Row> rows = new ArrayList<>();
  private final String form;

  DrillReport(String form) {
    this.form = form;
  }

  synchronized void add(Row row) {
    rows.add(row);
  }

  synchronized List<Row> rows() {
    return List.copyOf(rows);
  }

  String form() {
    return form;
  }

  boolean allPassed() {
    return rows().stream().allMatch(Row::pass);
  }

  /** The Markdown table (cells have their pipes escaped and their line breaks flattened). */
  String markdown() {
    StringBuilder b = new StringBuilder();
    b.append("# Reliability drills (").append(form).append(" form)\n\n");
    b.append("| drill | done | expected | measured | result | s |\n");
    b.append("|---|---|---|---|---|---|\n");
    for (Row r : rows()) {
      b.append("| ")
          .append(cell(r.drill()))
          .append(" | ")
          .append(cell(r.done()))
          .append(" | ")
          .append(cell(r.expected()))
          .append(" | ")
          .append(cell(r.measured()))
          .append(" | ")
          .append(r.pass() ? "**pass**" : "**FAIL**")
          .append(" | ")
          .append(r.seconds())
          .append(" |\n");
    }
    return b.toString();
  }

  /** Writes {@code report.md} and {@code report.json} into {@code dir}; returns the Markdown. */
  String write(Path dir) throws IOException {
    Files.createDirectories(dir);
    String md = markdown();
    Files.writeString(dir.resolve("report.md"), md);
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(
            dir.resolve("report.json").toFile(),
            Map.of("form", form, "passed", allPassed(), "drills", rows()));
    return md;
  }

  private static String cell(String s) {
    return s.replace("|", "\\|").replace("\n", "<br>");
  }
}
