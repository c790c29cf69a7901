package io.sentimentstream.stream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads example tweets: one JSON object {@code {"user": ..., "text": ...}} per line. The built-in
 * file also carries a {@code "label"} (negative / neutral / positive) given once by hand, reading
 * each tweet, to check the default model against (see the README's "Default model"); the demo
 * ignores it.
 */
public final class ExampleTweets {
  /** The built-in examples, written for this project. */
  public static final String RESOURCE = "/demo/example-tweets.jsonl";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One example tweet. */
  public record Entry(String user, String text) {}

  private ExampleTweets() {}

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
