package io.sentimentstream.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What each overlay adds to the base. */
class OverlaysTest {
  @Test
  void devRunsOneSmallStreamAppWithoutStandbys() {
    Rendered r = Kustomize.overlay("dev");
    assertThat(r.streamApp().getSpec().getReplicas()).isEqualTo(1);
    Container c = StreamAppStatefulSetTest.container(r);
    assertThat(c.getResources().getRequests().get("cpu")).isEqualTo(new Quantity("500m"));
    assertThat(ContainerEnv.of(r, c)).doesNotContainKey("KAFKA_NUM_STANDBY_REPLICAS");
  }

  @Test
  void prodRunsThreeStreamAppsWithAStandbyAndSpreadsThemOverNodes() {
    Rendered r = Kustomize.overlay("prod");
    int replicas = r.streamApp().getSpec().getReplicas();
    assertThat(replicas).isEqualTo(3);
    Map<String, String> env = ContainerEnv.of(r, StreamAppStatefulSetTest.container(r));
    assertThat(Integer.parseInt(env.get("KAFKA_NUM_STANDBY_REPLICAS"))).isBetween(1, replicas - 1);
    PodSpec pod = r.streamApp().getSpec().getTemplate().getSpec();
    var terms =
        pod.getAffinity().getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution();
    assertThat(terms)
        .anySatisfy(
            t -> {
              assertThat(t.getPodAffinityTerm().getTopologyKey())
                  .isEqualTo("kubernetes.io/hostname");
              assertThat(r.streamApp().getSpec().getTemplate().getMetadata().getLabels())
                  .containsAllEntriesOf(t.getPodAffinityTerm().getLabelSelector().getMatchLabels());
            });
  }

  @Test
  void gpuPutsEachStreamAppOnAGpuNodeWithTheCudaImageAndKeepsTheRestOnCpu() {
    Rendered r = Kustomize.overlay("gpu");
    Container c = StreamAppStatefulSetTest.container(r);
    assertThat(c.getImage()).startsWith("sentiment-stream/stream-app-gpu:");
    assertThat(c.getResources().getLimits()).containsEntry("nvidia.com/gpu", new Quantity("1"));
    assertThat(ContainerEnv.of(r, c)).containsEntry("SENTIMENT_MODEL_DEVICE", "GPU");
    PodSpec pod = r.streamApp().getSpec().getTemplate().getSpec();
    assertThat(pod.getNodeSelector()).isNotEmpty();
    assertThat(pod.getTolerations())
        .anySatisfy(t -> assertThat(t.getKey()).isEqualTo("nvidia.com/gpu"));
    assertThat(r.streamApp().getSpec().getReplicas()).as("built on prod").isEqualTo(3);

    Job job = r.one(Job.class, "create-topics");
    assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .startsWith("sentiment-stream/stream-app:");
    assertThat(r.trainer().getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .startsWith("sentiment-stream/trainer:");
  }
}
