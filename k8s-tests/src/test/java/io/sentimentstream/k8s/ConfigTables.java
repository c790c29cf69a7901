package io.sentimentstream.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment variables a README's configuration table documents: the second column of rows
 * like {@code | `batch.max.size` | `SENTIMENT_BATCH_MAX_SIZE` | ...}, with the shorthand {@code
 * `SENTIMENT_OPS_HTTP_HOST` / `_PORT`} expanded. The catch-all row ({@code max.poll.records etc.})
 * is left out: any Kafka key is checked against Kafka's own definitions instead.
 */
final class ConfigTables {
  private static final Pattern ROW = Pattern.compile("^\\|([^|]*)\\|([^|]*)\\|.*$");
  private static final Pattern NAME = Pattern.compile("`([A-Z_]+)`");

  private ConfigTables() {}

  /** The stream app's table in README.md. */
  static Set<String> streamApp() {
    return envVars(Kustomize.root().resolve("README.md"));
  }

  /** The trainer's table in trainer/README.md. */
  static Set<String> trainer() {
    return envVars(Kustomize.root().resolve("trainer/README.md"));
  }

  static Set<String> envVars(Path readme) {
    Set<String> names = new TreeSet<>();
    try {
      for (String line : Files.readAllLines(readme)) {
        Matcher row = ROW.matcher(line.trim());
        if (!row.matches() || row.group(1).contains("etc.")) {
          continue;
        }
        String first = null;
        Matcher n = NAME.matcher(row.group(2));
        while (n.find()) {
          String name = n.group(1);
          if (name.startsWith("_") && first != null) {
            name = first.substring(0, first.lastIndexOf('_')) + name;
          }
          if (name.startsWith("SENTIMENT_") || name.startsWith("KAFKA_")) {
            names.add(name);
            first = first == null ? name : first;
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (names.isEmpty()) {
      throw new AssertionError("no configuration table found in " + readme);
    }
    return names;
  }
}
