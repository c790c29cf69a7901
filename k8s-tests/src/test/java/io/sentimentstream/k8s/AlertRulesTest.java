package io.sentimentstream.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * monitoring/prometheus/alerts.yml: valid for Prometheus, its unit tests pass, every alert is
 * tested both firing and quiet, and it only uses metric names the apps serve.
 */
class AlertRulesTest {
  @Test
  void promtoolAcceptsTheRules() {
    Promtool.Result r = Promtool.run(Monitoring.prometheusDir(), "check", "rules", "alerts.yml");
    assertThat(r.exitCode()).as(r.output()).isZero();
  }

  @Test
  void promtoolUnitTestsOfTheRulesPass() {
    Promtool.Result r =
        Promtool.run(Monitoring.prometheusDir(), "test", "rules", "alerts_test.yml");
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output()).contains("SUCCESS");
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyAlertIsTestedFiringAndQuiet() {
    Set<String> firing = new HashSet<>();
    Set<String> quiet = new HashSet<>();
    Map<String, Object> tests =
        Monitoring.yaml(Monitoring.prometheusDir().resolve("alerts_test.yml"));
    assertThat((List<String>) tests.get("rule_files")).containsExactly("alerts.yml");
    for (Map<String, Object> test : (List<Map<String, Object>>) tests.get("tests")) {
      for (Map<String, Object> check : (List<Map<String, Object>>) test.get("alert_rule_test")) {
        List<?> expected = (List<?>) check.get("exp_alerts");
        (expected == null || expected.isEmpty() ? quiet : firing)
            .add((String) check.get("alertname"));
      }
    }
    Set<String> alerts =
        Monitoring.alertRules().stream()
            .map(r -> (String) r.get("alert"))
            .collect(Collectors.toSet());
    assertThat(alerts).hasSizeGreaterThanOrEqualTo(8);
    assertThat(firing).as("alerts with a test where they fire").containsAll(alerts);
    assertThat(quiet).as("alerts with a test where they stay quiet").containsAll(alerts);
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyAlertHasASeverityAndASummaryDescriptionAndRunbook() {
    for (Map<String, Object> rule : Monitoring.alertRules()) {
      String alert = (String) rule.get("alert");
      assertThat(alert).as("every rule is an alert: %s", rule).isNotBlank();
      Map<String, String> labels = (Map<String, String>) rule.get("labels");
      assertThat(labels.get("severity")).as(alert).isIn("warning", "critical");
      Map<String, String> annotations = (Map<String, String>) rule.get("annotations");
      for (String key : List.of("summary", "description", "runbook")) {
        assertThat(annotations.get(key)).as(alert + " annotation " + key).isNotBlank();
      }
    }
  }

  @Test
  void everyMetricAnAlertUsesIsOneTheAppsServeOrADocumentedOne() {
    Set<String> allowed = MetricNames.allowed();
    for (Map<String, Object> rule : Monitoring.alertRules()) {
      Set<String> used = MetricNames.in((String) rule.get("expr"));
      assertThat(used).as(rule.get("alert") + " uses a metric").isNotEmpty();
      assertThat(allowed).as(rule.get("alert") + ": unknown metric in " + used).containsAll(used);
    }
  }

  @Test
  void theAllowedNamesAreReal() {
    Set<String> app = MetricNames.declaredByTheApps();
    // What the rules and dashboard rely on, as the apps render it.
    assertThat(app)
        .contains(
            "sentiment_records_in_total",
            "sentiment_records_dead_lettered_total",
            "sentiment_model_updates_rejected_total",
            "sentiment_stream_thread_failures_total",
            "sentiment_batch_cap",
            "sentiment_end_to_end_latency_seconds_bucket",
            "trainer_models_gated_out_total",
            "trainer_models_published_total");
    // Micrometer's naming of the consumer-fetch-manager group, shown on a client-level metric.
    assertThat(MetricNames.kafkaClientNames())
        .contains("kafka_consumer_fetch_manager_records_lag_max");
    assertThat(
            MetricNames.in("sum by (reason) (rate(a_total{x=\"b c\"}[5m])) / on (i) b offset 5m"))
        .containsExactly("a_total", "b");
  }
}
