package io.sentimentstream.trainer.service.internals;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Merges configuration layers: a properties file, then environment variables on top ({@code
 * SENTIMENT_RETRAIN_EVERY_LABELS} sets {@code retrain.every.labels}, {@code KAFKA_MAX_POLL_RECORDS}
 * sets {@code max.poll.records}); the same convention as the stream app.
 */
public final class ConfigLayers {
  private static final String APP_PREFIX = "SENTIMENT_";
  private static final String KAFKA_PREFIX = "KAFKA_";

  private ConfigLayers() {}

  /** The file's pairs overridden by the environment's {@code SENTIMENT_*} and {@code KAFKA_*}. */
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

  /** The configuration key an environment variable sets, or null. */
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
}
