package io.sentimentstream.stream.aggregate.internals;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The aggregate keys one cleaned text counts under: {@code all}, each distinct hashtag as {@code
 * #tag} (when hashtags are tracked) and each tracked term it contains as {@code term:<term>}. Terms
 * match whole words (a term inside a longer word does not count; {@code #trump} counts for {@code
 * trump}).
 */
public final class AggregateKeys {
  /** The key of the whole stream. */
  public static final String ALL = "all";

  /** Prefix of a term's key. */
  public static final String TERM_PREFIX = "term:";

  // A hashtag cut off by a retweet's ellipsis ("#gopdeb…") is not counted: it is not the real tag.
  private static final Pattern HASHTAG = Pattern.compile("#([\\p{L}\\p{N}_]++)(?![…])");
  private static final String WORD = "[\\p{L}\\p{N}_]";

  private final List<String> terms;
  private final List<Pattern> patterns = new ArrayList<>();
  private final boolean hashtags;

  /**
   * @param terms tracked terms, already trimmed and lower-cased
   * @param hashtags whether hashtags get their own keys
   */
  public AggregateKeys(List<String> terms, boolean hashtags) {
    this.terms = List.copyOf(terms);
    this.hashtags = hashtags;
    for (String t : this.terms) {
      patterns.add(Pattern.compile("(?<!" + WORD + ")" + Pattern.quote(t) + "(?!" + WORD + ")"));
    }
  }

  /** Every key {@code cleanText} counts under, {@code all} first, each once. */
  public List<String> of(String cleanText) {
    Set<String> keys = new LinkedHashSet<>();
    keys.add(ALL);
    String text = cleanText.toLowerCase(Locale.ROOT);
    if (hashtags) {
      Matcher m = HASHTAG.matcher(text);
      while (m.find()) {
        keys.add("#" + m.group(1));
      }
    }
    for (int i = 0; i < terms.size(); i++) {
      if (patterns.get(i).matcher(text).find()) {
        keys.add(TERM_PREFIX + terms.get(i));
      }
    }
    return List.copyOf(keys);
  }

  /** True for a hashtag's key. */
  public static boolean isHashtag(String key) {
    return key.startsWith("#");
  }

  /** The kind of a key, as in SentimentAggregate.kind: all, hashtag or term. */
  public static String kind(String key) {
    return isHashtag(key) ? "hashtag" : key.startsWith(TERM_PREFIX) ? "term" : ALL;
  }
}
