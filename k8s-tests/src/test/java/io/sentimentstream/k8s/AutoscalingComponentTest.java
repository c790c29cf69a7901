package io.sentimentstream.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * k8s/components/autoscaling, rendered in k8s/overlays/prod-ops: KEDA scales the stream-app
 * StatefulSet on its input topic's lag, within the partition count, and scales down no faster than
 * static membership hands a departed pod's partitions over.
 */
class AutoscalingComponentTest {
  private static final Set<String> SPEC_KEYS =
      Set.of(
          "scaleTargetRef",
          "pollingInterval",
          "cooldownPeriod",
          "initialCooldownPeriod",
          "idleReplicaCount",
          "minReplicaCount",
          "maxReplicaCount",
          "fallback",
          "advanced",
          "triggers");
  private static final Set<String> KAFKA_KEYS =
      Set.of(
          "bootstrapServers",
          "consumerGroup",
          "topic",
          "lagThreshold",
          "activationLagThreshold",
          "offsetResetPolicy",
          "allowIdleConsumers",
          "excludePersistentLag",
          "scaleToZeroOnInvalidOffset",
          "limitToPartitionsWithLag",
          "partitionLimitation",
          "version",
          "sasl",
          "tls");

  private final Rendered r = Kustomize.overlay("prod-ops");
  private final Map<?, ?> spec =
      (Map<?, ?>)
          MonitoringComponentTest.generic(r, "ScaledObject", "stream-app")
              .getAdditionalProperties()
              .get("spec");

  @Test
  void isAKedaScaledObjectOnTheStreamAppStatefulSetWithKnownFieldsOnly() {
    GenericKubernetesResource so = MonitoringComponentTest.generic(r, "ScaledObject", "stream-app");
    assertThat(so.getApiVersion()).isEqualTo("keda.sh/v1alpha1");
    assertThat(so.getMetadata().getNamespace())
        .isEqualTo(r.streamApp().getMetadata().getNamespace());
    assertThat(SPEC_KEYS).as("ScaledObject spec fields").containsAll(keys(spec));
    Map<?, ?> target = (Map<?, ?>) spec.get("scaleTargetRef");
    assertThat(target.get("apiVersion")).isEqualTo("apps/v1");
    assertThat(target.get("kind")).isEqualTo("StatefulSet");
    assertThat(target.get("name")).isEqualTo(r.streamApp().getMetadata().getName());
    assertThat(r.streamApp().getSpec().getReplicas())
        .as("replicas left to KEDA's HPA, so kubectl apply does not reset them")
        .isNull();
  }

  @Test
  void scalesOnTheLagOfTheAppsOwnGroupAndInputTopic() {
    List<?> triggers = (List<?>) spec.get("triggers");
    assertThat(triggers).hasSize(1);
    Map<?, ?> trigger = (Map<?, ?>) triggers.get(0);
    assertThat(trigger.get("type")).isEqualTo("kafka");
    Map<?, ?> md = (Map<?, ?>) trigger.get("metadata");
    assertThat(KAFKA_KEYS).as("kafka trigger metadata").containsAll(keys(md));
    Map<String, String> env = ContainerEnv.of(r, StreamAppStatefulSetTest.container(r));
    assertThat(md.get("bootstrapServers")).isEqualTo(env.get("KAFKA_BOOTSTRAP_SERVERS"));
    assertThat(md.get("consumerGroup"))
        .as("Kafka Streams' group is its application.id")
        .isEqualTo(env.get("KAFKA_APPLICATION_ID"));
    assertThat(md.get("topic")).isEqualTo(env.get("SENTIMENT_TOPIC_TWEETS"));
    assertThat(Integer.parseInt((String) md.get("lagThreshold"))).isPositive();
    assertThat(md.get("allowIdleConsumers")).isEqualTo("false");
  }

  @Test
  void staysWithinThePartitionCountAndKeepsAStandbyHost() {
    Job job = r.one(Job.class, "create-topics");
    List<String> args = job.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs();
    int partitions = Integer.parseInt(args.get(args.indexOf("--partitions") + 1));
    int max = ((Number) spec.get("maxReplicaCount")).intValue();
    int min = ((Number) spec.get("minReplicaCount")).intValue();
    assertThat(max)
        .as("a replica beyond the partition count gets no task")
        .isLessThanOrEqualTo(partitions);
    assertThat(min).isGreaterThan(1).isLessThan(max);
    int standbys =
        Integer.parseInt(
            ContainerEnv.of(r, StreamAppStatefulSetTest.container(r))
                .get("KAFKA_NUM_STANDBY_REPLICAS"));
    assertThat(min).as("a standby needs another pod").isGreaterThan(standbys);
  }

  @Test
  void scalesDownOnePodAtATimeSlowerThanTheStaticMembershipSessionTimeout() {
    long sessionSeconds =
        Long.parseLong(
                ContainerEnv.of(r, StreamAppStatefulSetTest.container(r))
                    .get("KAFKA_SESSION_TIMEOUT_MS"))
            / 1000;
    assertThat(((Number) spec.get("cooldownPeriod")).longValue()).isGreaterThan(sessionSeconds);
    Map<?, ?> down =
        (Map<?, ?>)
            ((Map<?, ?>)
                    ((Map<?, ?>)
                            ((Map<?, ?>) spec.get("advanced")).get("horizontalPodAutoscalerConfig"))
                        .get("behavior"))
                .get("scaleDown");
    assertThat(((Number) down.get("stabilizationWindowSeconds")).longValue())
        .as("lag must stay low past a departed member's session timeout before the next step")
        .isGreaterThan(sessionSeconds);
    List<?> policies = (List<?>) down.get("policies");
    assertThat(policies).isNotEmpty();
    for (Object o : policies) {
      Map<?, ?> p = (Map<?, ?>) o;
      assertThat(p.get("type")).isEqualTo("Pods");
      assertThat(((Number) p.get("value")).intValue()).isEqualTo(1);
      assertThat(((Number) p.get("periodSeconds")).longValue()).isGreaterThan(sessionSeconds);
    }
  }

  private static Set<String> keys(Map<?, ?> m) {
    return m.keySet().stream().map(String::valueOf).collect(java.util.stream.Collectors.toSet());
  }
}
