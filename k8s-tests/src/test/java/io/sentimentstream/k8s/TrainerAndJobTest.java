package io.sentimentstream.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The trainer's Deployment (one writer, its key from a Secret file) and the topic Job. */
class TrainerAndJobTest {
  static final List<String> OVERLAYS = Kustomize.OVERLAYS;

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void oneTrainerReplacedWithRecreateKeepsItsLabelStoreOnAClaim(String overlay) {
    Rendered r = Kustomize.overlay(overlay);
    DeploymentSpec spec = r.trainer().getSpec();
    assertThat(spec.getReplicas()).isEqualTo(1);
    assertThat(spec.getStrategy().getType()).isEqualTo("Recreate");
    Container c = spec.getTemplate().getSpec().getContainers().get(0);
    String stateDir = ContainerEnv.of(r, c).get("SENTIMENT_STATE_DIR");
    assertThat(volumeAt(spec.getTemplate().getSpec(), c, stateDir).getPersistentVolumeClaim())
        .as(overlay + " trainer state.dir on a claim")
        .isNotNull();
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void signingKeyIsAFileFromTheSecretWhosePublicHalfTheStreamAppsVerifyWith(String overlay) {
    Rendered r = Kustomize.overlay(overlay);
    PodSpec pod = r.trainer().getSpec().getTemplate().getSpec();
    Container c = pod.getContainers().get(0);
    Map<String, String> env = ContainerEnv.of(r, c);
    assertThat(env).doesNotContainKey("SENTIMENT_MODEL_SIGNING_KEY"); // never in the environment
    Path keyFile = Path.of(env.get("SENTIMENT_MODEL_SIGNING_KEY_FILE"));
    Volume v = volumeAt(pod, c, keyFile.getParent().toString());
    assertThat(v.getSecret()).as(overlay + " signing key volume is a Secret").isNotNull();
    assertThat(v.getSecret().getItems())
        .as("only the private key file is mounted, under the file name the config names")
        .singleElement()
        .satisfies(i -> assertThat(i.getPath()).isEqualTo(keyFile.getFileName().toString()));
    String secret = v.getSecret().getSecretName();
    String publicKey = "<secret:" + secret + "/";
    assertThat(env.get("SENTIMENT_MODEL_PUBLIC_KEY")).startsWith(publicKey);
    assertThat(
            ContainerEnv.of(r, StreamAppStatefulSetTest.container(r))
                .get("SENTIMENT_MODEL_PUBLIC_KEY"))
        .as("stream apps verify with the same Secret's public key")
        .isEqualTo(env.get("SENTIMENT_MODEL_PUBLIC_KEY"))
        .isNotEqualTo(publicKey + v.getSecret().getItems().get(0).getKey() + ">");
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void topicJobCreatesAtLeastAsManyPartitionsAsThereAreStreamApps(String overlay) {
    Rendered r = Kustomize.overlay(overlay);
    Job job = r.one(Job.class, "create-topics");
    Container c = job.getSpec().getTemplate().getSpec().getContainers().get(0);
    List<String> args = c.getArgs();
    assertThat(args).first().isEqualTo("create-topics");
    int partitions = Integer.parseInt(args.get(args.indexOf("--partitions") + 1));
    assertThat(partitions)
        .as(overlay + ": a stream app beyond the partition count would sit idle")
        .isGreaterThanOrEqualTo(r.streamApp().getSpec().getReplicas());
    assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("OnFailure");
  }

  private static Volume volumeAt(PodSpec pod, Container c, String path) {
    VolumeMount m =
        c.getVolumeMounts().stream()
            .filter(vm -> vm.getMountPath().equals(path))
            .findFirst()
            .orElseThrow(() -> new AssertionError(c.getName() + ": nothing mounted at " + path));
    return pod.getVolumes().stream()
        .filter(v -> v.getName().equals(m.getName()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no volume " + m.getName()));
  }
}
