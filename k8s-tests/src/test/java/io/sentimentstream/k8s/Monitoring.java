package io.sentimentstream.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** The files of {@code monitoring/}: the alert rules, their unit tests and the dashboard. */
final class Monitoring {
  private Monitoring() {}

  static Path prometheusDir() {
    return Kustomize.root().resolve("monitoring/prometheus");
  }

  static Path dashboard() {
    return Kustomize.root().resolve("monitoring/grafana/sentiment-stream.json");
  }

  /** A YAML file as maps and lists. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> yaml(Path file) {
    try {
      return (Map<String, Object>)
          new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every rule of alerts.yml, over all groups. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> alertRules() {
    return ((List<Map<String, Object>>) yaml(prometheusDir().resolve("alerts.yml")).get("groups"))
        .stream().flatMap(g -> ((List<Map<String, Object>>) g.get("rules")).stream()).toList();
  }
}
