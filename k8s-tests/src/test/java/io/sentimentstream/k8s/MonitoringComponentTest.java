package io.sentimentstream.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * k8s/components/monitoring, rendered in k8s/overlays/prod-ops: the PrometheusRule carries exactly
 * monitoring/prometheus/alerts.yml's groups and the dashboard ConfigMap exactly
 * monitoring/grafana/sentiment-stream.json (copies, as kustomize reads no file outside the
 * component: monitoring/sync-k8s.sh refreshes them).
 */
class MonitoringComponentTest {
  private static final String SYNC = " (run monitoring/sync-k8s.sh)";

  @Test
  void thePrometheusRuleHoldsTheAlertRules() {
    Rendered r = Kustomize.overlay("prod-ops");
    GenericKubernetesResource rule = generic(r, "PrometheusRule", "sentiment-stream");
    assertThat(rule.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(rule.getMetadata().getNamespace()).isEqualTo("sentiment-stream");
    Map<?, ?> spec = (Map<?, ?>) rule.getAdditionalProperties().get("spec");
    Object groups = Monitoring.yaml(Monitoring.prometheusDir().resolve("alerts.yml")).get("groups");
    assertThat(spec.keySet().stream().map(String::valueOf)).containsExactly("groups");
    assertThat(spec.get("groups")).as("PrometheusRule spec.groups" + SYNC).isEqualTo(groups);
  }

  @Test
  void theDashboardConfigMapHoldsTheDashboardForGrafanasSidecar() throws IOException {
    Rendered r = Kustomize.overlay("prod-ops");
    ConfigMap cm = r.configMap("sentiment-stream-dashboard");
    assertThat(cm.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    assertThat(cm.getData().keySet()).containsExactly("sentiment-stream.json");
    assertThat(cm.getData().get("sentiment-stream.json"))
        .as("dashboard ConfigMap" + SYNC)
        .isEqualTo(Files.readString(Monitoring.dashboard()));
  }

  @Test
  void theCoreObjectsOfProdOpsParseWithNoUnknownField() {
    Rendered r = Kustomize.overlay("prod-ops");
    for (HasMetadata o : r.objects()) {
      if (o instanceof GenericKubernetesResource) {
        // No fabric8 model for the CRD kinds: their shape is checked by the tests of each.
        assertThat(o.getKind()).isIn("PrometheusRule", "ScaledObject");
        continue;
      }
      assertThat(UnknownFields.of(o))
          .as("unknown fields in %s %s", o.getKind(), o.getMetadata().getName())
          .isEmpty();
    }
    // prod-ops is prod plus the components: nothing of prod is lost.
    assertThat(r.objects().size())
        .isEqualTo(Kustomize.overlay("prod").objects().size() + 3); // rule, dashboard, scaler
  }

  static GenericKubernetesResource generic(Rendered r, String kind, String name) {
    return r.all(GenericKubernetesResource.class).stream()
        .filter(o -> o.getKind().equals(kind) && o.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError(r.overlay() + ": no " + kind + " " + name));
  }
}
