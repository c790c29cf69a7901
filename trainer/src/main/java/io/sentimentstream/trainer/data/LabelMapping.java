package io.sentimentstream.trainer.data;

import io.sentimentstream.classifier.Label;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Maps the label spellings found in data files to {@link Label}s.
 *
 * <p>The defaults understand the label names in any case ("Negative", "NEUTRAL"), the short forms
 * "neg"/"neu"/"pos" and the indices 0/1/2 in {@link Label#ORDER} (the order an alphabetical label
 * encoder gives Negative/Neutral/Positive). Extra entries ({@code "-1=negative,1=positive"})
 * override the defaults.
 */
public final class LabelMapping {
  private final Map<String, Label> spellings;

  private LabelMapping(Map<String, Label> spellings) {
    this.spellings = Map.copyOf(spellings);
  }

  /** The default spellings. */
  public static LabelMapping defaults() {
    return parse("");
  }

  /**
   * The default spellings plus {@code spec}, a comma-separated list of {@code spelling=label}.
   *
   * @throws IllegalArgumentException naming the entry that is malformed or names no label
   */
  public static LabelMapping parse(String spec) {
    Map<String, Label> m = new HashMap<>();
    for (Label l : Label.ORDER) {
      String name = l.name().toLowerCase(Locale.ROOT);
      m.put(name, l);
      m.put(name.substring(0, 3), l);
      m.put(Integer.toString(l.ordinal()), l);
    }
    if (spec != null && !spec.isBlank()) {
      for (String entry : spec.split(",")) {
        int eq = entry.indexOf('=');
        if (eq <= 0 || eq == entry.length() - 1) {
          throw new IllegalArgumentException(
              "label map entry '" + entry + "' is not of the form spelling=label");
        }
        String spelling = entry.substring(0, eq).trim().toLowerCase(Locale.ROOT);
        m.put(spelling, Label.parse(entry.substring(eq + 1)));
      }
    }
    return new LabelMapping(m);
  }

  /** The label a raw value stands for, if any. */
  public Optional<Label> map(String raw) {
    if (raw == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(spellings.get(raw.trim().toLowerCase(Locale.ROOT)));
  }
}
