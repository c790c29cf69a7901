package io.sentimentstream.stream.internals;

import io.sentimentstream.avro.Sentiment;
import io.sentimentstream.avro.SentimentResult;
import io.sentimentstream.classifier.Label;
import io.sentimentstream.classifier.Prediction;
import io.sentimentstream.stream.internals.avro.PendingTweet;

/** Maps a prediction to the output record. */
final class Results {
  private Results() {}

  static SentimentResult of(PendingTweet p, Prediction pred, long classifiedAtMs) {
    return SentimentResult.newBuilder()
        .setTweetId(p.getTweetId())
        .setCleanText(p.getCleanText())
        .setLabel(Sentiment.valueOf(pred.label().name()))
        .setNegative(pred.probability(Label.NEGATIVE))
        .setNeutral(pred.probability(Label.NEUTRAL))
        .setPositive(pred.probability(Label.POSITIVE))
        .setTruncated(pred.truncated())
        .setModelVersion(pred.modelVersion())
        .setClassifiedAt(java.time.Instant.ofEpochMilli(classifiedAtMs))
        .setEventTime(java.time.Instant.ofEpochMilli(p.getTimestamp()))
        .build();
  }
}
