package io.sentimentstream.stream.internals;

import io.sentimentstream.avro.Tweet;
import io.sentimentstream.classifier.TextCleaner;
import java.nio.charset.StandardCharsets;

/** Checks a decoded tweet and returns its cleaned text, or says why it cannot be classified. */
public final class TweetValidator {
  private final int maxTextBytes;

  /** Rejects texts longer than {@code maxTextBytes} in UTF-8. */
  public TweetValidator(int maxTextBytes) {
    this.maxTextBytes = maxTextBytes;
  }

  /**
   * Returns the cleaned text of a classifiable tweet.
   *
   * @throws InvalidTweetException naming the problem
   */
  public String validateAndClean(Tweet tweet) {
    if (tweet == null) {
      throw new InvalidTweetException("record value is null");
    }
    if (tweet.getId() == null || tweet.getId().isBlank()) {
      throw new InvalidTweetException("tweet id is missing or empty");
    }
    String text = tweet.getText();
    if (text == null || text.isBlank()) {
      throw new InvalidTweetException("tweet " + tweet.getId() + " has no text");
    }
    int bytes = text.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > maxTextBytes) {
      throw new InvalidTweetException(
          "tweet "
              + tweet.getId()
              + " text is "
              + bytes
              + " bytes, over the limit text.max.bytes="
              + maxTextBytes);
    }
    String clean = TextCleaner.clean(text);
    if (clean.isEmpty()) {
      throw new InvalidTweetException(
          "tweet " + tweet.getId() + " text is empty after cleaning (only mentions/links)");
    }
    return clean;
  }
}
