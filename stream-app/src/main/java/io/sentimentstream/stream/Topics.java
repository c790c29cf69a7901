package io.sentimentstream.stream;

import io.sentimentstream.avro.SentimentResult;
import io.sentimentstream.avro.Tweet;
import java.util.Objects;

/**
 * The topics the topology reads and writes.
 *
 * @param tweets input tweets; read as raw bytes and decoded by the topology with this value serde
 *     so an unreadable record can be dead-lettered with its original bytes
 * @param results classified tweets, keyed by tweet id
 * @param deadLetters records that could not be classified, with their original bytes
 */
public record Topics(
    Topic<String, Tweet> tweets,
    Topic<String, SentimentResult> results,
    Topic<byte[], byte[]> deadLetters) {
  public Topics {
    Objects.requireNonNull(tweets, "tweets topic");
    Objects.requireNonNull(results, "results topic");
    Objects.requireNonNull(deadLetters, "dead-letter topic");
  }
}
