package io.sentimentstream.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sentimentstream.ops.OpsServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The probes of every long-running container (the stream apps and the trainer): all three present,
 * on the port the app's ops endpoint listens on (its ConfigMap's {@code SENTIMENT_OPS_HTTP_PORT},
 * bound to all interfaces), startup and liveness on {@code /health/live}, readiness on {@code
 * /health/ready}; and every probe path answered by the real {@link OpsServer} (not a 404).
 */
class ProbesTest {
  static final java.util.List<String> OVERLAYS = Kustomize.OVERLAYS;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void probesPointAtTheOpsPortAndPathsTheAppServes(String overlay) throws Exception {
    Rendered r = Kustomize.overlay(overlay);
    Map<String, PodTemplateSpec> services =
        Map.of(
            "stream-app", r.streamApp().getSpec().getTemplate(),
            "trainer", r.trainer().getSpec().getTemplate());
    for (var e : services.entrySet()) {
      Container c = e.getValue().getSpec().getContainers().get(0);
      String where = overlay + " " + e.getKey();
      Map<String, String> env = ContainerEnv.of(r, c);
      assertThat(env).as(where + " ops host").containsEntry("SENTIMENT_OPS_HTTP_HOST", "0.0.0.0");
      int opsPort = Integer.parseInt(env.get("SENTIMENT_OPS_HTTP_PORT"));

      check(where + " startup", c, c.getStartupProbe(), "/health/live", opsPort);
      check(where + " liveness", c, c.getLivenessProbe(), "/health/live", opsPort);
      check(where + " readiness", c, c.getReadinessProbe(), "/health/ready", opsPort);
      long startupBudget =
          (long) c.getStartupProbe().getPeriodSeconds() * c.getStartupProbe().getFailureThreshold();
      assertThat(startupBudget).as(where + " startup budget (s) for model load").isGreaterThan(120);
    }
  }

  private static void check(String where, Container c, Probe p, String path, int opsPort)
      throws Exception {
    assertThat(p).as(where + " probe").isNotNull();
    assertThat(p.getHttpGet()).as(where + " httpGet").isNotNull();
    assertThat(p.getHttpGet().getPath()).as(where + " path").isEqualTo(path);
    assertThat(port(c, p.getHttpGet().getPort())).as(where + " port").isEqualTo(opsPort);
    assertThat(p.getTimeoutSeconds()).as(where + " timeout").isNotNull();
    assertThat(servedStatus(path)).as(where + ": the ops server answers " + path).isEqualTo(200);
  }

  /** A named port resolves through the container's ports; a number is taken as it is. */
  private static int port(Container c, IntOrString port) {
    if (port.getIntVal() != null) {
      return port.getIntVal();
    }
    return c.getPorts().stream()
        .filter(p -> port.getStrVal().equals(p.getName()))
        .map(ContainerPort::getContainerPort)
        .findFirst()
        .orElseThrow(() -> new AssertionError(c.getName() + ": no port named " + port.getStrVal()));
  }

  /** The status the real ops endpoint (healthy and ready) gives {@code path}. */
  private static int servedStatus(String path) throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (OpsServer ops = OpsServer.start("127.0.0.1", 0, registry, () -> true)) {
      URI uri = URI.create("http://127.0.0.1:" + ops.port() + path);
      return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding())
          .statusCode();
    }
  }
}
