package io.sentimentstream.classifier;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Cleans tweet text exactly as the reference tutorial did: lower-case, drop {@code @mentions} and
 * links, collapse whitespace; hashtags stay. Training and serving both call this, so the model
 * always sees text cleaned the same way.
 *
 * <p>A text that is empty after cleaning (only mentions and links, say) is returned as the empty
 * string; whether to classify or reject it is the caller's decision (the stream app rejects it to
 * the dead-letter topic, the trainer skips it).
 */
public final class TextCleaner {
  private static final Pattern MENTION = Pattern.compile("@[A-Za-z0-9]+");
  private static final Pattern LINK = Pattern.compile("http\\S+");
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private TextCleaner() {}

  /**
   * Returns the cleaned text.
   *
   * @throws NullPointerException if {@code text} is null
   */
  public static String clean(String text) {
    Objects.requireNonNull(text, "text to clean is null");
    String s = text.toLowerCase(Locale.ROOT);
    s = MENTION.matcher(s).replaceAll("");
    s = LINK.matcher(s).replaceAll("");
    return WHITESPACE.matcher(s).replaceAll(" ").trim();
  }
}
