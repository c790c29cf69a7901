package io.sentimentstream.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** One overlay's rendered objects, with look-ups by kind and name. */
record Rendered(String overlay, List<HasMetadata> objects) {
  <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  <T extends HasMetadata> T one(Class<T> type, String name) {
    return all(type).stream()
        .filter(o -> o.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError(overlay + ": no " + type.getSimpleName() + " " + name));
  }

  StatefulSet streamApp() {
    return one(StatefulSet.class, "stream-app");
  }

  Deployment trainer() {
    return one(Deployment.class, "trainer");
  }

  /** Every pod template (StatefulSets, Deployments, Jobs), keyed by "Kind/name". */
  Map<String, PodTemplateSpec> podTemplates() {
    Map<String, PodTemplateSpec> m = new java.util.TreeMap<>();
    all(StatefulSet.class).forEach(s -> m.put("StatefulSet/" + name(s), s.getSpec().getTemplate()));
    all(Deployment.class).forEach(d -> m.put("Deployment/" + name(d), d.getSpec().getTemplate()));
    all(Job.class).forEach(j -> m.put("Job/" + name(j), j.getSpec().getTemplate()));
    return m;
  }

  /** Every container and init container of every pod template. */
  Stream<Container> containers() {
    return podTemplates().values().stream()
        .flatMap(
            t ->
                Stream.concat(
                    t.getSpec().getContainers().stream(),
                    t.getSpec().getInitContainers().stream()));
  }

  ConfigMap configMap(String name) {
    return one(ConfigMap.class, name);
  }

  private static String name(HasMetadata o) {
    return o.getMetadata().getName();
  }
}
