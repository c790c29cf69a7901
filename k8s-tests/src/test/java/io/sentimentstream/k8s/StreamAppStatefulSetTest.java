package io.sentimentstream.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpec;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.sentimentstream.stream.SentimentStreamApp;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The stream apps' StatefulSet: static membership, state on a claim, safe rolling updates. */
class StreamAppStatefulSetTest {
  static final java.util.List<String> OVERLAYS = Kustomize.OVERLAYS;

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void groupInstanceIdIsThePodNameAndNoConfigMapOverridesIt(String overlay) {
    Rendered r = Kustomize.overlay(overlay);
    Container c = container(r);
    EnvVar id =
        c.getEnv().stream()
            .filter(v -> v.getName().equals("KAFKA_GROUP_INSTANCE_ID"))
            .findFirst()
            .orElseThrow(() -> new AssertionError(overlay + ": no KAFKA_GROUP_INSTANCE_ID"));
    assertThat(id.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
    // One literal id in a ConfigMap would give every pod the same member id: they fence each other.
    for (ConfigMap m : r.all(ConfigMap.class)) {
      assertThat(m.getData())
          .as(m.getMetadata().getName())
          .doesNotContainKey("KAFKA_GROUP_INSTANCE_ID");
    }
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void stateDirIsOnAVolumeClaimTemplate(String overlay) {
    Rendered r = Kustomize.overlay(overlay);
    StatefulSetSpec spec = r.streamApp().getSpec();
    String stateDir = ContainerEnv.of(r, container(r)).get("KAFKA_STATE_DIR");
    assertThat(stateDir).as(overlay + " KAFKA_STATE_DIR").isNotBlank();
    var mount =
        container(r).getVolumeMounts().stream()
            .filter(m -> m.getMountPath().equals(stateDir))
            .findFirst()
            .orElseThrow(() -> new AssertionError(overlay + ": nothing mounted at " + stateDir));
    assertThat(spec.getVolumeClaimTemplates())
        .as(overlay + " claim templates")
        .anySatisfy(t -> assertThat(t.getMetadata().getName()).isEqualTo(mount.getName()));
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void rollsOnePodAtATimeAndWaitsLongerThanTheAppTakesToClose(String overlay) {
    Rendered r = Kustomize.overlay(overlay);
    StatefulSetSpec spec = r.streamApp().getSpec();
    assertThat(spec.getPodManagementPolicy()).isEqualTo("Parallel");
    assertThat(spec.getUpdateStrategy().getType()).isEqualTo("RollingUpdate");
    assertThat(spec.getUpdateStrategy().getRollingUpdate().getPartition())
        .as("committed partition: the canary knob is lowered back to 0 after a canary")
        .isZero();
    long grace = spec.getTemplate().getSpec().getTerminationGracePeriodSeconds();
    assertThat(grace)
        .as(overlay + " terminationGracePeriodSeconds vs SentimentStreamApp.CLOSE_TIMEOUT")
        .isGreaterThan(SentimentStreamApp.CLOSE_TIMEOUT.toSeconds());
    long session = Long.parseLong(ContainerEnv.of(r, container(r)).get("KAFKA_SESSION_TIMEOUT_MS"));
    assertThat(session)
        .as(overlay + " session.timeout.ms outlasts at least the grace period of a restart")
        .isGreaterThan(grace * 1000);
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void servicesAndDisruptionBudgetSelectTheStreamAppPods(String overlay) {
    Rendered r = Kustomize.overlay(overlay);
    StatefulSet s = r.streamApp();
    Map<String, String> podLabels = s.getSpec().getTemplate().getMetadata().getLabels();
    assertThat(podLabels).containsAllEntriesOf(s.getSpec().getSelector().getMatchLabels());

    Service headless = r.one(Service.class, s.getSpec().getServiceName());
    assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(podLabels).containsAllEntriesOf(headless.getSpec().getSelector());

    Service metrics = r.one(Service.class, "stream-app-metrics");
    assertThat(podLabels).containsAllEntriesOf(metrics.getSpec().getSelector());
    String opsPort = ContainerEnv.of(r, container(r)).get("SENTIMENT_OPS_HTTP_PORT");
    assertThat(metrics.getMetadata().getAnnotations())
        .containsEntry("prometheus.io/scrape", "true")
        .containsEntry("prometheus.io/port", opsPort)
        .containsEntry("prometheus.io/path", "/metrics");

    PodDisruptionBudget pdb = r.one(PodDisruptionBudget.class, "stream-app");
    assertThat(podLabels).containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());
    assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
  }

  static Container container(Rendered r) {
    return r.streamApp().getSpec().getTemplate().getSpec().getContainers().get(0);
  }
}
