package io.sentimentstream.stream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads tweets to feed: JSON lines ({@code {"user": ..., "text": ...}} per line) or a CSV file with
 * a header (RFC 4180, multi-line quoted texts allowed; the GOP debate file's {@code text} and
 * {@code name} columns by default). The built-in JSON file also carries a {@code "label"} (negative
 * / neutral / positive) given once by hand, reading each tweet, to check the default model against
 * (see docs/default-model.md); feeding ignores it.
 */
public final class ExampleTweets {
  /** The built-in examples, written for this project. */
  public static final String RESOURCE = "/demo/example-tweets.jsonl";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One example tweet. */
  public record Entry(String user, String text) {}

  private ExampleTweets() {}

  /**
   * Reads {@code file} as CSV when its name ends in {@code .csv} (columns {@code text} and {@code
   * name}), else as JSON lines; the built-in examples when null.
   */
  public static List<Entry> readAny(Path file) throws IOException {
    if (file != null && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
      return readCsv(file, "text", "name");
    }
    return read(file);
  }

  /**
   * Reads a CSV file with a header; a missing text column is an error naming the columns present, a
   * missing user column gives every tweet the user {@code someone}.
   */
  public static List<Entry> readCsv(Path file, String textColumn, String userColumn)
      throws IOException {
    CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        CSVParser parser = CSVParser.parse(in, format)) {
      List<String> header = parser.getHeaderNames();
      if (!header.contains(textColumn)) {
        throw new IOException(
            file + " has no text column '" + textColumn + "'; columns: " + header);
      }
      boolean hasUser = header.contains(userColumn);
      List<Entry> out = new ArrayList<>();
      for (CSVRecord r : parser) {
        if (!r.isConsistent()) {
          throw new IOException(
              file + " record " + r.getRecordNumber() + " has the wrong number of columns");
        }
        out.add(new Entry(hasUser ? r.get(userColumn) : "someone", r.get(textColumn)));
      }
      return out;
    }
  }

  /** Reads {@code file}, or the built-in examples when null; errors name the line. */
  public static List<Entry> read(Path file) throws IOException {
    try (InputStream in =
        file != null
            ? Files.newInputStream(file)
            : ExampleTweets.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IOException("classpath resource " + RESOURCE + " is missing");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      List<Entry> out = new ArrayList<>();
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode node = JSON.readTree(line);
        if (node == null || !node.hasNonNull("text")) {
          throw new IOException(
              (file != null ? file : RESOURCE) + " line " + n + " has no \"text\"");
        }
        out.add(new Entry(node.path("user").asText("someone"), node.get("text").asText()));
      }
      return out;
    }
  }
}
