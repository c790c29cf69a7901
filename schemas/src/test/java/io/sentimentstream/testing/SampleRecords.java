package io.sentimentstream.testing;

import io.sentimentstream.avro.Tweet;
import java.time.Instant;
import java.util.Map;

/** Records with every field filled, shared by the schemas module's tests. */
public final class SampleRecords {
  private SampleRecords() {}

  /** A tweet with optional fields and attributes set; {@code n} varies id and text. */
  public static Tweet tweet(int n) {
    return Tweet.newBuilder()
        .setId("62934" + n)
        .setText(
            "RT @GOPdebate: #GOPDebate tonight, take " + n + " \u2014 \uD83C\uDDFA\uD83C\uDDF8")
        .setUser("user_" + n)
        .setCreatedAt(Instant.ofEpochMilli(1_438_900_000_000L + n))
        .setLang(n % 2 == 0 ? "en" : null)
        .setSource(n % 3 == 0 ? "test-producer" : null)
        .setAttributes(n % 2 == 0 ? Map.of("candidate", "Trump") : Map.of())
        .build();
  }
}
