package io.sentimentstream.classifier;

import java.util.List;
import java.util.Locale;

/**
 * A sentiment class. The declaration order is the label order of every head and probability array.
 */
public enum Label {
  NEGATIVE,
  NEUTRAL,
  POSITIVE;

  /** All labels in head output order. */
  public static final List<Label> ORDER = List.of(values());

  /**
   * Parses a label name case-insensitively ("Negative", "NEUTRAL", "positive").
   *
   * @throws IllegalArgumentException naming the value when it is not a label
   */
  public static Label parse(String name) {
    if (name == null) {
      throw new IllegalArgumentException("label is null");
    }
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown label '" + name + "', expected one of " + ORDER, e);
    }
  }
}
