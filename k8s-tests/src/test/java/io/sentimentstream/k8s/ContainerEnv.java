package io.sentimentstream.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.Map;
import java.util.TreeMap;

/**
 * A container's environment as the pod would see it: every referenced ConfigMap's pairs, then the
 * container's own {@code env} entries. A value taken from the downward API or a Secret is shown as
 * {@code <fieldRef:path>} or {@code <secret:name/key>}.
 */
final class ContainerEnv {
  private ContainerEnv() {}

  static Map<String, String> of(Rendered r, Container c) {
    Map<String, String> env = new TreeMap<>();
    for (EnvFromSource from : c.getEnvFrom()) {
      if (from.getConfigMapRef() == null) {
        throw new AssertionError(c.getName() + ": envFrom other than a ConfigMap: " + from);
      }
      env.putAll(r.configMap(from.getConfigMapRef().getName()).getData());
    }
    for (EnvVar v : c.getEnv()) {
      env.put(v.getName(), value(v));
    }
    return env;
  }

  private static String value(EnvVar v) {
    if (v.getValueFrom() == null) {
      return v.getValue();
    }
    var from = v.getValueFrom();
    if (from.getFieldRef() != null) {
      return "<fieldRef:" + from.getFieldRef().getFieldPath() + ">";
    }
    if (from.getSecretKeyRef() != null) {
      return "<secret:"
          + from.getSecretKeyRef().getName()
          + "/"
          + from.getSecretKeyRef().getKey()
          + ">";
    }
    return "<" + from + ">";
  }

  /** True when the value comes from the downward API or a Secret, not from a literal. */
  static boolean isReference(String value) {
    return value != null && value.startsWith("<") && value.endsWith(">");
  }
}
