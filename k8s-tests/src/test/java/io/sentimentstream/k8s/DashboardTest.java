package io.sentimentstream.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * monitoring/grafana/sentiment-stream.json: a classic Grafana dashboard whose every panel queries
 * the ${datasource} Prometheus with valid PromQL over metric names the apps serve.
 */
class DashboardTest {
  private static JsonNode dashboard;
  private static List<JsonNode> panels;

  @BeforeAll
  static void load() throws IOException {
    dashboard = new ObjectMapper().readTree(Files.readString(Monitoring.dashboard()));
    panels = new ArrayList<>();
    dashboard
        .get("panels")
        .forEach(
            p -> {
              panels.add(p);
              p.path("panels").forEach(panels::add); // a collapsed row holds its panels
            });
  }

  @Test
  void isAClassicDashboardWithAPrometheusDatasourceVariable() {
    assertThat(dashboard.get("title").asText()).isNotBlank();
    assertThat(dashboard.get("uid").asText()).matches("[a-zA-Z0-9_-]{1,40}");
    assertThat(dashboard.get("schemaVersion").asInt()).isBetween(36, 41);
    JsonNode variable = dashboard.get("templating").get("list").get(0);
    assertThat(variable.get("name").asText()).isEqualTo("datasource");
    assertThat(variable.get("type").asText()).isEqualTo("datasource");
    assertThat(variable.get("query").asText()).isEqualTo("prometheus");
  }

  @Test
  void everyPanelHasAUniqueIdATitleAPlaceTheDatasourceAndQueries() {
    Set<Integer> ids = new HashSet<>();
    for (JsonNode p : panels) {
      String title = p.path("title").asText();
      assertThat(title).as("a panel's title: %s", p).isNotBlank();
      assertThat(ids.add(p.get("id").asInt())).as("unique id of " + title).isTrue();
      JsonNode pos = p.get("gridPos");
      assertThat(pos.get("x").asInt() + pos.get("w").asInt())
          .as(title + " width")
          .isLessThanOrEqualTo(24);
      if (p.get("type").asText().equals("row")) {
        continue;
      }
      assertThat(p.path("datasource").path("uid").asText()).as(title).isEqualTo("${datasource}");
      assertThat(p.path("targets")).as(title + " targets").isNotEmpty();
      Set<String> refIds = new HashSet<>();
      for (JsonNode t : p.get("targets")) {
        assertThat(t.path("expr").asText()).as(title + " expr").isNotBlank();
        assertThat(refIds.add(t.path("refId").asText())).as(title + " refId").isTrue();
        assertThat(t.path("datasource").path("uid").asText()).as(title).isEqualTo("${datasource}");
      }
    }
  }

  @Test
  void everyMetricAQueryUsesIsOneTheAppsServeOrADocumentedOne() {
    Set<String> allowed = MetricNames.allowed();
    for (String expr : exprs()) {
      Set<String> used = MetricNames.in(expr);
      assertThat(used).as("a metric in " + expr).isNotEmpty();
      assertThat(allowed).as("unknown metric in " + expr).containsAll(used);
    }
  }

  @Test
  void showsWhatTheIssueAsksFor() {
    Set<String> used = new TreeSet<>();
    exprs().forEach(e -> used.addAll(MetricNames.in(e)));
    assertThat(used)
        .contains(
            "sentiment_records_in_total",
            "sentiment_records_out_total",
            "sentiment_end_to_end_latency_seconds_bucket",
            "sentiment_batch_size_bucket",
            "sentiment_batch_cap",
            "sentiment_inference_time_seconds_bucket",
            "sentiment_cache_hits_total",
            "sentiment_records_dead_lettered_total",
            "sentiment_records_held",
            "kafka_consumer_fetch_manager_records_lag",
            "sentiment_model_version",
            "sentiment_model_version_floor",
            "sentiment_model_updates_applied_total",
            "sentiment_model_updates_rejected_total",
            "sentiment_stream_thread_failures_total",
            "trainer_trainings_total",
            "trainer_models_published_total",
            "trainer_models_gated_out_total",
            "jvm_memory_used_bytes");
  }

  @Test
  void everyQueryIsValidPromql(@TempDir Path dir) throws IOException {
    // promtool parses each query as a recording rule; Grafana's $__rate_interval becomes 5m.
    StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
    int i = 0;
    for (String expr : exprs()) {
      rules.append("      - record: dashboard_query_").append(i++).append('\n');
      rules
          .append("        expr: ")
          .append(new ObjectMapper().writeValueAsString(expr.replace("$__rate_interval", "5m")))
          .append('\n');
    }
    Files.writeString(dir.resolve("queries.yml"), rules);
    Promtool.Result r = Promtool.run(dir, "check", "rules", "queries.yml");
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output()).contains("SUCCESS: " + i + " rules found");
  }

  private static List<String> exprs() {
    List<String> exprs = new ArrayList<>();
    panels.forEach(p -> p.path("targets").forEach(t -> exprs.add(t.path("expr").asText())));
    return exprs;
  }
}
