package io.sentimentstream.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.sentimentstream.stream.StreamConfig;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Every stream-app pod advertises its own {@code application.server}: its stable DNS name through
 * the StatefulSet's headless Service, on the port its ops endpoint listens on for every interface.
 * Without it each pod answers {@code /aggregates} and the dashboard from its own stores only, so
 * with more than one replica the answers are partial. Checked for every replica of every overlay
 * (one replica included: {@code kubectl scale} adds replicas without re-rendering), by expanding
 * the environment as the kubelet would for that pod and parsing it with the app's own {@link
 * StreamConfig}.
 */
class ApplicationServerTest {
  static final List<String> OVERLAYS = Kustomize.OVERLAYS;

  /** Kubernetes' default cluster domain, which the base's name assumes. */
  private static final String CLUSTER_DOMAIN = "cluster.local";

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void everyReplicaAdvertisesItsOwnStableNameOnTheOpsPort(String overlay) {
    Rendered r = Kustomize.overlay(overlay);
    StatefulSet s = r.streamApp();
    String namespace = Objects.requireNonNullElse(s.getMetadata().getNamespace(), "default");
    Service headless = r.one(Service.class, s.getSpec().getServiceName());
    assertThat(headless.getSpec().getClusterIP()).as(overlay + " headless").isEqualTo("None");
    assertThat(headless.getSpec().getPublishNotReadyAddresses())
        .as(overlay + ": a restoring pod keeps its name (its peers answer 503 for it, not 502)")
        .isTrue();
    Container c = StreamAppStatefulSetTest.container(r);
    int opsPort = opsPort(c);
    Map<String, String> common = ContainerEnv.of(r, c);
    assertThat(common.get("SENTIMENT_OPS_HTTP_HOST"))
        .as(overlay + ": the ops endpoint must accept queries forwarded by the other pods")
        .isEqualTo("0.0.0.0");
    assertThat(common.get("SENTIMENT_OPS_HTTP_PORT")).isEqualTo(String.valueOf(opsPort));

    int replicas = s.getSpec().getReplicas();
    Set<HostInfo> advertised = new HashSet<>();
    for (int i = 0; i < replicas; i++) {
      String pod = s.getMetadata().getName() + "-" + i;
      Map<String, String> env = literals(ContainerEnv.forPod(r, c, pod, namespace));
      HostInfo self = StreamConfig.fromLayers(Map.of(), env).applicationServer();
      String stableName =
          pod + "." + headless.getMetadata().getName() + "." + namespace + ".svc." + CLUSTER_DOMAIN;
      assertThat(self)
          .as("%s: application.server of pod %s (KAFKA_APPLICATION_SERVER)", overlay, pod)
          .isEqualTo(new HostInfo(stableName, opsPort));
      advertised.add(self);
    }
    assertThat(advertised).as(overlay + ": one address per replica").hasSize(replicas);
  }

  static int opsPort(Container c) {
    return c.getPorts().stream()
        .filter(p -> "ops".equals(p.getName()))
        .map(ContainerPort::getContainerPort)
        .findFirst()
        .orElseThrow(() -> new AssertionError(c.getName() + ": no container port named ops"));
  }

  /** Drops values the test cannot know (Secrets): the config parses without them. */
  private static Map<String, String> literals(Map<String, String> env) {
    return env.entrySet().stream()
        .filter(e -> !ContainerEnv.isReference(e.getValue()))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }
}
