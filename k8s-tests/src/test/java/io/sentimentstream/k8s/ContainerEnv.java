package io.sentimentstream.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * A container's environment as the pod would see it: every referenced ConfigMap's pairs, then the
 * container's own {@code env} entries in order, each literal with its {@code $(VAR)} references
 * expanded as the kubelet does. A value taken from the downward API or a Secret is shown as {@code
 * <fieldRef:path>} or {@code <secret:name/key>}, unless {@link #forPod} gives the pod's own name
 * and namespace.
 */
final class ContainerEnv {
  private ContainerEnv() {}

  static Map<String, String> of(Rendered r, Container c) {
    return resolve(r, c, path -> "<fieldRef:" + path + ">");
  }

  /** The environment of the pod {@code pod} in {@code namespace}: the downward API filled in. */
  static Map<String, String> forPod(Rendered r, Container c, String pod, String namespace) {
    return resolve(
        r,
        c,
        path ->
            switch (path) {
              case "metadata.name" -> pod;
              case "metadata.namespace" -> namespace;
              default -> "<fieldRef:" + path + ">";
            });
  }

  private static Map<String, String> resolve(Rendered r, Container c, UnaryOperator<String> field) {
    Map<String, String> env = new TreeMap<>();
    for (EnvFromSource from : c.getEnvFrom()) {
      if (from.getConfigMapRef() == null) {
        throw new AssertionError(c.getName() + ": envFrom other than a ConfigMap: " + from);
      }
      env.putAll(r.configMap(from.getConfigMapRef().getName()).getData());
    }
    for (EnvVar v : c.getEnv()) {
      env.put(v.getName(), value(v, env, field));
    }
    return env;
  }

  private static String value(EnvVar v, Map<String, String> before, UnaryOperator<String> field) {
    if (v.getValueFrom() == null) {
      return expand(v.getValue() == null ? "" : v.getValue(), before);
    }
    var from = v.getValueFrom();
    if (from.getFieldRef() != null) {
      return field.apply(from.getFieldRef().getFieldPath());
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

  /**
   * Kubernetes' dependent variables: {@code $(NAME)} becomes the value of NAME if it was defined
   * before (envFrom, or an earlier {@code env} entry), else stays as written; {@code $$} is a
   * literal {@code $}.
   */
  static String expand(String s, Map<String, String> defined) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < s.length()) {
      char ch = s.charAt(i);
      if (ch == '$' && i + 1 < s.length() && s.charAt(i + 1) == '$') {
        out.append('$');
        i += 2;
      } else if (ch == '$' && i + 1 < s.length() && s.charAt(i + 1) == '(') {
        int close = s.indexOf(')', i + 2);
        String name = close < 0 ? null : s.substring(i + 2, close);
        if (name != null && defined.containsKey(name)) {
          out.append(defined.get(name));
          i = close + 1;
        } else {
          out.append(ch);
          i++;
        }
      } else {
        out.append(ch);
        i++;
      }
    }
    return out.toString();
  }

  /**
   * The downward-API variables that only serve to compose another variable of the same container
   * ({@code POD_NAME} in {@code $(POD_NAME).stream-app-headless...}): the app ignores them (no
   * {@code SENTIMENT_}/{@code KAFKA_} prefix), the kubelet expands them into the one it reads.
   */
  static Set<String> downwardInputs(Container c) {
    Set<String> out = new TreeSet<>();
    for (EnvVar v : c.getEnv()) {
      boolean downward = v.getValueFrom() != null && v.getValueFrom().getFieldRef() != null;
      boolean used =
          c.getEnv().stream()
              .anyMatch(
                  o ->
                      o != v
                          && o.getValue() != null
                          && o.getValue().contains("$(" + v.getName() + ")"));
      if (downward && used) {
        out.add(v.getName());
      }
    }
    return out;
  }

  /** True when the value comes from the downward API or a Secret, not from a literal. */
  static boolean isReference(String value) {
    return value != null && value.startsWith("<") && value.endsWith(">");
  }
}
