package io.sentimentstream.stream.aggregate;

import io.sentimentstream.avro.SentimentAggregate;
import io.sentimentstream.avro.SentimentResult;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON shapes of the aggregate routes (field names as in the Avro records, times in ms). */
final class AggregateJson {
  /** A JSON body fetched from another instance, passed through as it is. */
  record Raw(String json) {}

  private AggregateJson() {}

  static Map<String, Object> of(SentimentAggregate a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("key", a.getKey());
    m.put("kind", a.getKind());
    m.put("windowStart", a.getWindowStart().toEpochMilli());
    m.put("windowEnd", a.getWindowEnd().toEpochMilli());
    m.put("tweets", a.getTweets());
    m.put("negative", a.getNegative());
    m.put("neutral", a.getNeutral());
    m.put("positive", a.getPositive());
    m.put("meanNegative", a.getMeanNegative());
    m.put("meanNeutral", a.getMeanNeutral());
    m.put("meanPositive", a.getMeanPositive());
    m.put("netSentiment", a.getNetSentiment());
    m.put("modelVersion", a.getModelVersion());
    return m;
  }

  static Map<String, Object> of(SentimentResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("tweetId", r.getTweetId());
    m.put("text", r.getCleanText());
    m.put("label", r.getLabel().toString());
    m.put("negative", r.getNegative());
    m.put("neutral", r.getNeutral());
    m.put("positive", r.getPositive());
    m.put("modelVersion", r.getModelVersion());
    m.put("eventTime", r.getEventTime().toEpochMilli());
    return m;
  }
}
