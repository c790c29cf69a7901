package io.sentimentstream.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every query of {@code grafana/sentiment-stream.json}, panels inside collapsed rows included, with
 * Grafana's variables replaced as Grafana would for one Prometheus data source: the range variables
 * ({@code $__rate_interval}, {@code $__interval}, {@code $__range}) by a window, and the
 * dashboard's own variables by a regex matching every value.
 */
final class DashboardQueries {
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{?(\\w+)(?::\\w+)?}?");

  private DashboardQueries() {}

  /** One target of one panel: what Grafana shows, and what Prometheus is asked. */
  record Query(String panel, String refId, String expr, String promql) {
    @Override
    public String toString() {
      return "panel \"" + panel + "\" query " + refId + ": " + expr;
    }
  }

  /** The dashboard file: {@code monitoring/grafana/sentiment-stream.json}. */
  static Path file() {
    return Path.of(System.getProperty("monitoring.dir", "."))
        .resolve("grafana/sentiment-stream.json");
  }

  /** Every target of every panel, with {@code window} for the range variables. */
  static List<Query> all(String window) throws IOException {
    JsonNode dashboard = new ObjectMapper().readTree(Files.readString(file()));
    List<String> variables = new ArrayList<>();
    dashboard.path("templating").path("list").forEach(v -> variables.add(v.path("name").asText()));
    List<JsonNode> panels = new ArrayList<>();
    dashboard
        .path("panels")
        .forEach(
            p -> {
              panels.add(p);
              p.path("panels").forEach(panels::add); // a collapsed row holds its panels
            });
    List<Query> queries = new ArrayList<>();
    for (JsonNode p : panels) {
      for (JsonNode t : p.path("targets")) {
        String expr = t.path("expr").asText();
        String title = p.path("title").asText();
        queries.add(
            new Query(title, t.path("refId").asText(), expr, substitute(expr, window, variables)));
      }
    }
    return queries;
  }

  /** {@code expr} with Grafana's variables replaced; an unknown variable is an error naming it. */
  static String substitute(String expr, String window, List<String> dashboardVariables) {
    Matcher m = VARIABLE.matcher(expr);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String value;
      if (name.equals("__rate_interval") || name.equals("__interval") || name.equals("__range")) {
        value = window;
      } else if (dashboardVariables.contains(name)) {
        value = ".*"; // "All": the dashboard's label matchers use =~ with its variables
      } else {
        throw new IllegalArgumentException(
            "unknown Grafana variable $" + name + " in " + expr + " (not in the templating list)");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    return m.appendTail(out).toString();
  }
}
