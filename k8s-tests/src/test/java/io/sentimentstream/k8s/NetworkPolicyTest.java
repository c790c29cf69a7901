package io.sentimentstream.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Every pod is isolated for ingress by a NetworkPolicy and accepts connections only on its ops
 * port: the stream apps from each other (forwarded interactive queries), both ops ports from
 * namespaces and pods labelled {@value #OPS_CLIENT}{@code =true} (Prometheus, an ingress
 * controller), nothing else. Checked by evaluating the rendered policies for sample peers.
 */
class NetworkPolicyTest {
  static final List<String> OVERLAYS = Kustomize.OVERLAYS;

  /** The label that opens the ops ports to a namespace or a pod (docs/kubernetes.md). */
  static final String OPS_CLIENT = "sentiment-stream/ops-client";

  private static final Map<String, String> PLAIN_NAMESPACE =
      Map.of("kubernetes.io/metadata.name", "elsewhere");
  private static final Map<String, String> CLIENT_NAMESPACE =
      Map.of("kubernetes.io/metadata.name", "monitoring", OPS_CLIENT, "true");
  private static final Map<String, String> PROMETHEUS = Map.of("app.kubernetes.io/name", "prom");

  /** A connecting pod: its labels, its namespace's labels, whether it is in the app's namespace. */
  record Peer(Map<String, String> labels, Map<String, String> namespaceLabels, boolean local) {}

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void everyPodIsIsolatedAndAcceptsOnlyItsOpsPort(String overlay) {
    Rendered r = Kustomize.overlay(overlay);
    assertThat(r.podTemplates()).hasSizeGreaterThanOrEqualTo(3);
    r.podTemplates()
        .forEach(
            (owner, t) -> {
              List<NetworkPolicy> selecting = selecting(r, t);
              assertThat(selecting)
                  .as("%s %s: isolated for ingress by a NetworkPolicy", overlay, owner)
                  .isNotEmpty();
              Set<Integer> open = new TreeSet<>();
              for (NetworkPolicy p : selecting) {
                assertThat(p.getMetadata().getNamespace())
                    .as(overlay + " " + p.getMetadata().getName() + ": the pods' namespace")
                    .isEqualTo(r.streamApp().getMetadata().getNamespace());
                for (NetworkPolicyIngressRule rule : p.getSpec().getIngress()) {
                  String where = overlay + " " + p.getMetadata().getName() + " rule " + rule;
                  assertThat(rule.getPorts()).as(where + ": no ports = every port").isNotEmpty();
                  rule.getPorts().forEach(port -> open.add(number(t, port)));
                }
              }
              assertThat(open).as("%s %s: ports open", overlay, owner).isSubsetOf(opsPorts(t));
            });
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void everyPeerIsChosenByLabelNeverByAddressOrAsEveryone(String overlay) {
    List<NetworkPolicy> policies = Kustomize.overlay(overlay).all(NetworkPolicy.class);
    assertThat(policies).as(overlay + " NetworkPolicies").isNotEmpty();
    for (NetworkPolicy p : policies) {
      for (NetworkPolicyIngressRule rule : p.getSpec().getIngress()) {
        String where = overlay + " " + p.getMetadata().getName();
        assertThat(rule.getFrom()).as(where + ": no from = every source").isNotEmpty();
        for (NetworkPolicyPeer peer : rule.getFrom()) {
          assertThat(peer.getIpBlock()).as(where + ": an address block").isNull();
          assertThat(Selectors.selectsAll(peer.getNamespaceSelector()))
              .as(where + ": every namespace")
              .isFalse();
          assertThat(peer.getNamespaceSelector() == null && peer.getPodSelector() == null)
              .as(where + ": an empty peer")
              .isFalse();
          assertThat(peer.getNamespaceSelector() == null && selectsAll(peer.getPodSelector()))
              .as(where + ": every pod of the namespace")
              .isFalse();
        }
      }
    }
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void streamAppsTakeForwardedQueriesFromEachOtherAndOpsClientsOnly(String overlay) {
    Rendered r = Kustomize.overlay(overlay);
    PodTemplateSpec app = r.streamApp().getSpec().getTemplate();
    PodTemplateSpec trainer = r.trainer().getSpec().getTemplate();
    int ops = ApplicationServerTest.opsPort(app.getSpec().getContainers().get(0));
    Peer otherStreamApp = new Peer(app.getMetadata().getLabels(), Map.of(), true);
    assertThat(allows(r, app, otherStreamApp, ops))
        .as(overlay + ": stream app to stream app")
        .isTrue();
    assertOpsClients(r, app, ops);
    assertThat(allows(r, app, new Peer(trainer.getMetadata().getLabels(), Map.of(), true), ops))
        .as(overlay + ": the trainer never queries the stream apps")
        .isFalse();
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void theTrainerTakesOnlyOpsClients(String overlay) {
    Rendered r = Kustomize.overlay(overlay);
    PodTemplateSpec trainer = r.trainer().getSpec().getTemplate();
    PodTemplateSpec app = r.streamApp().getSpec().getTemplate();
    int ops = ApplicationServerTest.opsPort(trainer.getSpec().getContainers().get(0));
    assertOpsClients(r, trainer, ops);
    assertThat(allows(r, trainer, new Peer(app.getMetadata().getLabels(), Map.of(), true), ops))
        .as(overlay + ": the stream apps never call the trainer")
        .isFalse();
  }

  private static void assertOpsClients(Rendered r, PodTemplateSpec t, int ops) {
    String where = r.overlay() + " " + t.getMetadata().getLabels();
    assertThat(allows(r, t, new Peer(PROMETHEUS, CLIENT_NAMESPACE, false), ops))
        .as(where + ": any pod of a namespace labelled " + OPS_CLIENT)
        .isTrue();
    assertThat(allows(r, t, new Peer(Map.of(OPS_CLIENT, "true"), Map.of(), true), ops))
        .as(where + ": a pod labelled " + OPS_CLIENT + " in the app's namespace")
        .isTrue();
    assertThat(allows(r, t, new Peer(PROMETHEUS, PLAIN_NAMESPACE, false), ops))
        .as(where + ": a pod of an unlabelled namespace")
        .isFalse();
    assertThat(allows(r, t, new Peer(PROMETHEUS, Map.of(), true), ops))
        .as(where + ": an unlabelled pod of the app's namespace")
        .isFalse();
    assertThat(allows(r, t, new Peer(PROMETHEUS, CLIENT_NAMESPACE, false), ops + 1))
        .as(where + ": another port")
        .isFalse();
  }

  /** True when some policy selecting {@code t}'s pods lets {@code peer} connect to {@code port}. */
  private static boolean allows(Rendered r, PodTemplateSpec t, Peer peer, int port) {
    for (NetworkPolicy p : selecting(r, t)) {
      for (NetworkPolicyIngressRule rule : p.getSpec().getIngress()) {
        boolean portOk = rule.getPorts().stream().anyMatch(x -> number(t, x) == port);
        if (portOk && rule.getFrom().stream().anyMatch(f -> admits(f, peer))) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean admits(NetworkPolicyPeer f, Peer peer) {
    if (f.getIpBlock() != null) {
      return false;
    }
    boolean ns =
        f.getNamespaceSelector() == null
            ? peer.local()
            : Selectors.matches(f.getNamespaceSelector(), peer.namespaceLabels());
    boolean pod =
        f.getPodSelector() == null || Selectors.matches(f.getPodSelector(), peer.labels());
    return ns && pod;
  }

  /** The Ingress policies whose pod selector selects {@code t}'s pods. */
  private static List<NetworkPolicy> selecting(Rendered r, PodTemplateSpec t) {
    return r.all(NetworkPolicy.class).stream()
        .filter(p -> p.getSpec().getPolicyTypes().contains("Ingress"))
        .filter(p -> Selectors.matches(p.getSpec().getPodSelector(), t.getMetadata().getLabels()))
        .toList();
  }

  private static Set<Integer> opsPorts(PodTemplateSpec t) {
    return containers(t).stream()
        .flatMap(c -> c.getPorts().stream())
        .filter(p -> "ops".equals(p.getName()))
        .map(p -> p.getContainerPort())
        .collect(Collectors.toSet());
  }

  /** A policy port as a number: a named port is resolved against the pod's container ports. */
  private static int number(PodTemplateSpec t, NetworkPolicyPort port) {
    assertThat(port.getProtocol()).as("protocol of " + port).isIn(null, "TCP");
    assertThat(port.getEndPort()).as("a port range in " + port).isNull();
    IntOrString p = port.getPort();
    assertThat(p).as("a policy port without a number opens every port").isNotNull();
    if (p.getIntVal() != null) {
      return p.getIntVal();
    }
    return containers(t).stream()
        .flatMap(c -> c.getPorts().stream())
        .filter(cp -> p.getStrVal().equals(cp.getName()))
        .map(cp -> cp.getContainerPort())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no container port named " + p.getStrVal()));
  }

  private static List<Container> containers(PodTemplateSpec t) {
    return t.getSpec().getContainers();
  }

  private static boolean selectsAll(io.fabric8.kubernetes.api.model.LabelSelector s) {
    return Selectors.selectsAll(s);
  }
}
