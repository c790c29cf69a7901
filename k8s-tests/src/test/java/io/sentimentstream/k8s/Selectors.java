package io.sentimentstream.k8s;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;

/** Kubernetes label-selector matching, as the API server applies it. */
final class Selectors {
  private Selectors() {}

  /** True when {@code s} selects an object with {@code labels}; an empty selector selects all. */
  static boolean matches(LabelSelector s, Map<String, String> labels) {
    if (s == null) {
      return false;
    }
    Map<String, String> ml = s.getMatchLabels() == null ? Map.of() : s.getMatchLabels();
    for (var e : ml.entrySet()) {
      if (!e.getValue().equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    List<LabelSelectorRequirement> reqs =
        s.getMatchExpressions() == null ? List.of() : s.getMatchExpressions();
    for (LabelSelectorRequirement q : reqs) {
      String v = labels.get(q.getKey());
      boolean ok =
          switch (q.getOperator()) {
            case "In" -> v != null && q.getValues().contains(v);
            case "NotIn" -> v == null || !q.getValues().contains(v);
            case "Exists" -> v != null;
            case "DoesNotExist" -> v == null;
            default -> throw new AssertionError("unknown selector operator " + q.getOperator());
          };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** True when {@code s} is present and selects everything (no labels, no expressions). */
  static boolean selectsAll(LabelSelector s) {
    return s != null
        && (s.getMatchLabels() == null || s.getMatchLabels().isEmpty())
        && (s.getMatchExpressions() == null || s.getMatchExpressions().isEmpty());
  }
}
