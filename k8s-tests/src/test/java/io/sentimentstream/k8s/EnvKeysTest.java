package io.sentimentstream.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.sentimentstream.ops.ConfigLayers;
import io.sentimentstream.stream.StreamConfig;
import io.sentimentstream.trainer.service.TrainerConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Every environment variable a container gets is one its app knows: an own key the app's {@code
 * ConfigDef} declares and its README table documents, or (as {@code KAFKA_*}) a key Kafka's own
 * definitions know; and every value parses with the app's types and validators. The one exception
 * is a downward-API variable that another variable of the same container is composed from ({@link
 * ContainerEnv#downwardInputs}): the app never reads it.
 */
class EnvKeysTest {
  static final List<String> OVERLAYS = Kustomize.OVERLAYS;

  /** Prefixes Kafka Streams strips before handing a key to one of its clients. */
  private static final List<String> CLIENT_PREFIXES =
      List.of(
          "main.consumer.",
          "restore.consumer.",
          "global.consumer.",
          "consumer.",
          "producer.",
          "admin.",
          "topic.");

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void everyStreamAppVariableIsKnownAndParses(String overlay) {
    Rendered r = Kustomize.overlay(overlay);
    List<Container> streamApps =
        r.containers().filter(c -> !c.getImage().contains("/trainer")).toList();
    assertThat(streamApps).hasSizeGreaterThanOrEqualTo(2); // the StatefulSet and the topic Job
    Set<ConfigDef> kafka =
        Set.of(
            StreamsConfig.configDef(),
            ConsumerConfig.configDef(),
            ProducerConfig.configDef(),
            AdminClientConfig.configDef());
    for (Container c : streamApps) {
      check(
          overlay + " " + c.getName(),
          samplePod(r, c),
          ContainerEnv.downwardInputs(c),
          StreamConfig.DEFINITION,
          ConfigTables.streamApp(),
          kafka);
    }
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void everyTrainerVariableIsKnownAndParses(String overlay) {
    Rendered r = Kustomize.overlay(overlay);
    Container c = r.trainer().getSpec().getTemplate().getSpec().getContainers().get(0);
    Set<ConfigDef> kafka = Set.of(ConsumerConfig.configDef(), ProducerConfig.configDef());
    check(
        overlay + " trainer",
        samplePod(r, c),
        ContainerEnv.downwardInputs(c),
        TrainerConfig.DEFINITION,
        ConfigTables.trainer(),
        kafka);
  }

  private static void check(
      String where,
      Map<String, String> env,
      Set<String> downwardInputs,
      ConfigDef own,
      Set<String> documented,
      Set<ConfigDef> kafka) {
    Set<String> unknown = new TreeSet<>();
    Map<String, Object> values = new HashMap<>();
    env.forEach(
        (name, value) -> {
          String key = ConfigLayers.envToKey(name);
          boolean known =
              key != null
                  && (own.names().contains(key)
                      ? documented.contains(name)
                      : name.startsWith(ConfigLayers.KAFKA_PREFIX) && kafkaKnows(kafka, key));
          if (!known && !downwardInputs.contains(name)) {
            unknown.add(name);
          }
          if (key != null && !ContainerEnv.isReference(value)) {
            values.put(key, value);
          }
        });
    assertThat(unknown)
        .as(where + ": variables neither declared and documented by the app nor Kafka keys")
        .isEmpty();
    own.parse(values); // a bad value throws ConfigException naming the key
    values.forEach(
        (k, v) -> {
          if (!own.names().contains(k)) {
            kafka.stream()
                .map(d -> d.configKeys().get(stripPrefix(k)))
                .filter(ck -> ck != null)
                .forEach(ck -> parseKafka(ck, k, v));
          }
        });
  }

  /**
   * The environment of a first pod ({@code <container>-0} in the overlay's namespace): values
   * composed from the downward API ({@code application.server}) then parse as they will in the pod.
   */
  private static Map<String, String> samplePod(Rendered r, Container c) {
    String namespace = r.streamApp().getMetadata().getNamespace();
    return ContainerEnv.forPod(r, c, c.getName() + "-0", namespace == null ? "default" : namespace);
  }

  private static void parseKafka(ConfigDef.ConfigKey ck, String key, Object value) {
    Object parsed = ConfigDef.parseType(key, value, ck.type);
    if (ck.validator != null) {
      ck.validator.ensureValid(key, parsed);
    }
  }

  private static String stripPrefix(String key) {
    for (String p : CLIENT_PREFIXES) {
      if (key.startsWith(p)) {
        return key.substring(p.length());
      }
    }
    return key;
  }

  private static boolean kafkaKnows(Set<ConfigDef> defs, String key) {
    for (ConfigDef d : defs) {
      if (d.names().contains(key)) {
        return true;
      }
      if (d.names().contains(stripPrefix(key))) {
        return true;
      }
    }
    return false;
  }
}
