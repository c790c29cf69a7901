package io.sentimentstream.stream.internals;

import io.sentimentstream.avro.Tweet;
import io.sentimentstream.classifier.TextCleaner;
import io.sentimentstream.stream.StreamConfig;
import java.nio.charset.StandardCharsets;

/** Checks a decoded tweet and returns its cleaned text, or says why it cannot be classified. */
public final class TweetValidator {
  private final int maxIdBytes;
  private final int maxTextBytes;

  /** Rejects ids longer than {@code maxIdBytes} and texts longer than {@code maxTextBytes}. */
  public TweetValidator(int maxIdBytes, int maxTextBytes) {
    this.maxIdBytes = maxIdBytes;
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
    int idBytes = tweet.getId().getBytes(StandardCharsets.UTF_8).length;
    if (idBytes > maxIdBytes) {
      // Not the id itself in the message: it would make the dead letter as large as the id.
      throw new InvalidTweetException(
          "tweet id is "
              + idBytes
              + " bytes, over the limit "
              + StreamConfig.TWEET_ID_MAX_BYTES
              + "="
              + maxIdBytes
              + " (it begins '"
              + DeadLetters.abbreviate(tweet.getId(), 32)
              + "')");
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
              + " bytes, over the limit "
              + StreamConfig.TEXT_MAX_BYTES
              + "="
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
