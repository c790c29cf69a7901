package io.sentimentstream.stream.internals;

/** A readable tweet that cannot be classified (empty, too long, nothing left after cleaning). */
public final class InvalidTweetException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; the message says what is wrong. */
  public InvalidTweetException(String message) {
    super(message);
  }
}
