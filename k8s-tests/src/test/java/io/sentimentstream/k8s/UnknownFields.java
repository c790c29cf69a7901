package io.sentimentstream.k8s;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Finds the fields the fabric8 model did not recognise. fabric8 does not reject an unknown field (a
 * typo like {@code readinesProbe}, a field from another kind): it keeps it in the object's {@code
 * additionalProperties}. This walks every model object reachable by getters and reports each
 * non-empty {@code additionalProperties} with its path.
 */
final class UnknownFields {
  private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model";

  private UnknownFields() {}

  /** Paths like {@code spec.template.spec.containers[0].readinesProbe} of every unknown field. */
  static List<String> of(Object root) {
    List<String> found = new ArrayList<>();
    walk(root, "", found);
    return found;
  }

  private static void walk(Object o, String path, List<String> found) {
    if (o == null) {
      return;
    }
    if (o instanceof Collection<?> c) {
      int i = 0;
      for (Object e : c) {
        walk(e, path + "[" + i++ + "]", found);
      }
      return;
    }
    if (o instanceof Map<?, ?> m) {
      m.forEach((k, v) -> walk(v, path + "[" + k + "]", found));
      return;
    }
    if (!o.getClass().getName().startsWith(MODEL_PACKAGE)) {
      return; // String, Integer, Quantity's value...: leaves
    }
    for (Method g : o.getClass().getMethods()) {
      if (!isGetter(g)) {
        continue;
      }
      Object v = invoke(g, o);
      String field = property(g);
      if (field.equals("additionalProperties")) {
        if (v instanceof Map<?, ?> extra && !extra.isEmpty()) {
          extra.keySet().forEach(k -> found.add(join(path, String.valueOf(k))));
        }
      } else {
        walk(v, join(path, field), found);
      }
    }
  }

  private static boolean isGetter(Method m) {
    return m.getParameterCount() == 0
        && !Modifier.isStatic(m.getModifiers())
        && m.getName().startsWith("get")
        && m.getName().length() > 3
        && !m.getName().equals("getClass");
  }

  private static String property(Method g) {
    String n = g.getName().substring(3);
    return Character.toLowerCase(n.charAt(0)) + n.substring(1);
  }

  private static Object invoke(Method g, Object o) {
    try {
      return g.invoke(o);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("reading " + g + " of " + o.getClass(), e);
    }
  }

  private static String join(String path, String field) {
    return path.isEmpty() ? field : path + "." + field;
  }
}
