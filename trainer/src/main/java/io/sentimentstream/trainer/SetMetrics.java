package io.sentimentstream.trainer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A head's scores on one data set's own splits.
 *
 * @param name the set's name
 * @param validation metrics on the set's validation split (with the head's logit offsets)
 * @param test metrics on the set's test split
 * @param majorityBaseline metrics on the set's test split of always answering the most frequent
 *     label of the set's training split
 */
public record SetMetrics(
    String name,
    ClassificationMetrics validation,
    ClassificationMetrics test,
    ClassificationMetrics majorityBaseline) {

  /** Machine-readable form. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("test", test.toMap());
    m.put("validation", validation.toMap());
    m.put("test_majority_baseline", majorityBaseline.toMap());
    return m;
  }
}
