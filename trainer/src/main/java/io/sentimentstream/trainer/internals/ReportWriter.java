package io.sentimentstream.trainer.internals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sentimentstream.classifier.Label;
import io.sentimentstream.trainer.ClassificationMetrics;
import io.sentimentstream.trainer.SetMetrics;
import io.sentimentstream.trainer.TrainResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Writes the human-facing report of a run: PNG charts and an HTML page linking them, plus JSON. */
public final class ReportWriter {
  /** Shared JSON writer (pretty-printed, so metrics files diff well). */
  public static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ReportWriter() {}

  /** Writes {@code value} as pretty JSON. */
  public static void writeJson(Path file, Object value) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    JSON.writeValue(file.toFile(), value);
  }

  /** loss.png, f1.png, confusion.png and index.html for a training run; returns the page. */
  public static Path training(Path dir, TrainResult r, String modelCardMarkdown)
      throws IOException {
    Files.createDirectories(dir);
    Charts.losses(r.history(), dir.resolve("loss.png"));
    Charts.f1(r.history(), dir.resolve("f1.png"));
    Charts.confusion(r.test(), "Test confusion matrix", dir.resolve("confusion.png"));
    StringBuilder sets = new StringBuilder();
    for (SetMetrics s : r.sets()) {
      String png = "confusion-" + fileName(s.name()) + ".png";
      Charts.confusion(s.test(), "Test confusion matrix: " + s.name(), dir.resolve(png));
      sets.append("<h2>Test split of ")
          .append(escape(s.name()))
          .append("</h2>")
          .append(metricsTable(s.test()))
          .append(baseline(s.majorityBaseline()))
          .append("<img src=\"")
          .append(png)
          .append("\" alt=\"confusion matrix\">");
    }
    String body =
        "<h2>All test splits together</h2>"
            + metricsTable(r.test())
            + baseline(r.majorityBaseline())
            + "<img src=\"confusion.png\" alt=\"confusion matrix\">"
            + sets
            + "<h2>Training</h2><img src=\"loss.png\" alt=\"loss\"><img src=\"f1.png\" alt=\"F1\">"
            + "<h2>Validation split</h2>"
            + metricsTable(r.validation())
            + "<h2>Model card</h2><pre>"
            + escape(modelCardMarkdown)
            + "</pre>";
    return page(dir, "Training report", body);
  }

  private static Path page(Path dir, String title, String body) throws IOException {
    String html =
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>"
            + escape(title)
            + "</title><style>body{font-family:sans-serif;max-width:60em;margin:2em auto}"
            + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .6em;"
            + "text-align:right}img{max-width:100%}</style></head><body><h1>"
            + escape(title)
            + "</h1>"
            + body
            + "<p><a href=\"metrics.json\">metrics.json</a></p></body></html>";
    Path file = dir.resolve("index.html");
    Files.writeString(file, html, StandardCharsets.UTF_8);
    return file;
  }

  private static String metricsTable(ClassificationMetrics m) {
    StringBuilder b =
        new StringBuilder(
            "<p><b>macro-F1 "
                + f(m.macroF1())
                + "</b>, accuracy "
                + f(m.accuracy())
                + ", macro-recall "
                + f(m.macroRecall())
                + " on "
                + m.total()
                + " texts</p><table><tr><th>class</th><th>precision</th><th>recall</th><th>F1</th>"
                + "<th>support</th></tr>");
    for (Label l : Label.ORDER) {
      b.append("<tr><td>")
          .append(l)
          .append("</td><td>")
          .append(f(m.precision(l)))
          .append("</td><td>")
          .append(f(m.recall(l)))
          .append("</td><td>")
          .append(f(m.f1(l)))
          .append("</td><td>")
          .append(m.support(l))
          .append("</td></tr>");
    }
    return b.append("</table>").toString();
  }

  /**
   * Evaluation of several files: one page, confusion.png of all files together and a confusion PNG
   * per file; returns the page.
   */
  public static Path evaluation(
      Path dir,
      ClassificationMetrics all,
      List<String> names,
      List<ClassificationMetrics> perFile,
      String title)
      throws IOException {
    Files.createDirectories(dir);
    Charts.confusion(all, "Confusion matrix: all files", dir.resolve("confusion.png"));
    StringBuilder body =
        new StringBuilder("<h2>All files together</h2>")
            .append(metricsTable(all))
            .append("<img src=\"confusion.png\" alt=\"confusion\">");
    for (int i = 0; i < names.size(); i++) {
      String png = "confusion-" + fileName(names.get(i)) + ".png";
      Charts.confusion(perFile.get(i), "Confusion matrix: " + names.get(i), dir.resolve(png));
      body.append("<h2>")
          .append(escape(names.get(i)))
          .append("</h2>")
          .append(metricsTable(perFile.get(i)))
          .append("<img src=\"")
          .append(png)
          .append("\" alt=\"confusion\">");
    }
    return page(dir, title, body.toString());
  }

  private static String baseline(ClassificationMetrics m) {
    return "<p>Always-majority baseline: macro-F1 "
        + f(m.macroF1())
        + ", accuracy "
        + f(m.accuracy())
        + ", macro-recall "
        + f(m.macroRecall())
        + "</p>";
  }

  private static String fileName(String name) {
    return name.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  private static String f(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
