package io.sentimentstream.ops;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Merges the configuration layers every service here shares: a properties file, then environment
 * variables on top ({@code SENTIMENT_BATCH_MAX_SIZE} sets {@code batch.max.size}, {@code
 * KAFKA_MAX_POLL_RECORDS} sets {@code max.poll.records}). Defaults live in each service's {@code
 * ConfigDef}, below both layers.
 */
public final class ConfigLayers {
  /** Environment variables with this prefix set the app's own keys. */
  public static final String APP_PREFIX = "SENTIMENT_";

  /** Environment variables with this prefix set Kafka's keys. */
  public static final String KAFKA_PREFIX = "KAFKA_";

  private ConfigLayers() {}

  /**
   * Returns the file's pairs overridden by the environment's {@code SENTIMENT_*}/{@code KAFKA_*}.
   */
  public static Map<String, Object> merge(Map<?, ?> file, Map<String, String> env) {
    Map<String, Object> out = new HashMap<>();
    file.forEach((k, v) -> out.put(String.valueOf(k).trim(), v instanceof String s ? s.trim() : v));
    env.forEach(
        (name, value) -> {
          String key = envToKey(name);
          if (key != null) {
            out.put(key, value);
          }
        });
    return out;
  }

  /**
   * {@code SENTIMENT_BATCH_MAX_SIZE} -> {@code batch.max.size}, {@code KAFKA_MAX_POLL_RECORDS} ->
   * {@code max.poll.records}; null for other variables.
   */
  public static String envToKey(String name) {
    String rest;
    if (name.startsWith(APP_PREFIX)) {
      rest = name.substring(APP_PREFIX.length());
    } else if (name.startsWith(KAFKA_PREFIX)) {
      rest = name.substring(KAFKA_PREFIX.length());
    } else {
      return null;
    }
    return rest.isEmpty() ? null : rest.toLowerCase(Locale.ROOT).replace('_', '.');
  }

  /** Reads a properties file (UTF-8), the file layer; an absent path gives no properties. */
  public static Properties readFile(Path file) throws IOException {
    Properties p = new Properties();
    if (file != null) {
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        p.load(r);
      }
    }
    return p;
  }
}
