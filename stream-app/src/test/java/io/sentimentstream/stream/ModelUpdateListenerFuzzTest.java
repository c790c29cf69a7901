package io.sentimentstream.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import ch.qos.logback.classic.Level;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sentimentstream.avro.ModelUpdate;
import io.sentimentstream.avro.Tweet;
import io.sentimentstream.classifier.SentimentClassifier;
import io.sentimentstream.modelupdates.ModelUpdateCheck;
import io.sentimentstream.modelupdates.signing.Ed25519Keys;
import io.sentimentstream.modelupdates.signing.ModelUpdateVerifier;
import io.sentimentstream.serde.InMemorySchemaRegistry;
import io.sentimentstream.stream.testing.ItSupport;
import io.sentimentstream.stream.testing.ModelUpdateMutator;
import io.sentimentstream.stream.testing.StubEncoder;
import java.lang.management.ManagementFactory;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Seeded fuzzing of the model listener's handle path (decode, then check, then apply) with mutated
 * valid signed {@code ModelUpdate} records in the Confluent wire format: bit flips, truncations,
 * forged length and count prefixes (giant, negative, off by one), enum indexes, schema ids and
 * spliced bytes. Every case must be applied or rejected with a known reason, counted once; nothing
 * else may escape, and no case may allocate out of proportion to its size.
 *
 * <p>{@code -Dfuzz.cases=N} (default 100,000) and {@code -Dfuzz.seed=S} (default 21).
 */
class ModelUpdateListenerFuzzTest {
  private static final Set<String> REASONS =
      Set.of("unreadable", "signature", "encoder", "shape", "stale", "unsigned");

  /** Per case: a fixed allowance (decoding, signature check, head parse) plus 64 x its bytes. */
  private static final long FIXED_ALLOWANCE = 4L << 20;

  private static final long PER_BYTE_ALLOWANCE = 64;

  @Test
  void everyMutatedUpdateIsAppliedOrRejectedWithAReasonAndNothingElseEscapes() {
    int cases = Integer.getInteger("fuzz.cases", 100_000);
    long seed = Long.getLong("fuzz.seed", 21L);
    KeyPair keys = Ed25519Keys.generate();
    InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    Serde<ModelUpdate> serde = registry.serde(ModelUpdate.class);
    Serde<Tweet> tweets = registry.serde(Tweet.class); // a second schema id to point at
    tweets.serializer().serialize("other", tweet());
    List<byte[]> valid = new ArrayList<>();
    for (long v = 2; v <= 6; v++) {
      valid.add(
          serde
              .serializer()
              .serialize(
                  "models",
                  ItSupport.update(ItSupport.head(StubEncoder.ID, v, v), keys.getPrivate())));
    }
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    StreamMetrics metrics = new StreamMetrics(meters);
    ClassifierScorer scorer =
        new ClassifierScorer(
            new SentimentClassifier(new StubEncoder(), ItSupport.head(StubEncoder.ID, 1, 1)),
            metrics);
    ModelUpdateListener listener =
        new ModelUpdateListener(
            "127.0.0.1:1",
            Map.of(),
            "models",
            serde.deserializer(),
            new ModelUpdateCheck(new ModelUpdateVerifier(keys.getPublic())),
            scorer,
            metrics);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    ch.qos.logback.classic.Logger quiet =
        (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(ModelUpdateListener.class);
    Level before = quiet.getLevel();
    quiet.setLevel(Level.OFF); // 100,000 rejection lines would only slow the run
    Map<String, Integer> kinds = new TreeMap<>();
    long worst = 0;
    String worstCase = "";
    try {
      for (int i = 0; i < cases; i++) {
        Random rnd = new Random(seed * 1_000_003L + i);
        byte[] base = valid.get(rnd.nextInt(valid.size()));
        ModelUpdateMutator.Mutant m = ModelUpdateMutator.mutate(base, rnd);
        kinds.merge(m.kind(), 1, Integer::sum);
        long allocated = threads.getCurrentThreadAllocatedBytes();
        try {
          listener.handle(new ConsumerRecord<>("models", 0, i, null, m.bytes()));
        } catch (Throwable t) {
          fail(
              "case %d (seed %d, %s, %d bytes) threw %s",
              i, seed, m.describe(), m.bytes().length, t);
        }
        long used = threads.getCurrentThreadAllocatedBytes() - allocated;
        long allowed = FIXED_ALLOWANCE + PER_BYTE_ALLOWANCE * m.bytes().length;
        if (used > allowed) {
          fail(
              "case %d (seed %d, %s) allocated %,d bytes for a %,d-byte record (allowed %,d)",
              i, seed, m.describe(), used, m.bytes().length, allowed);
        }
        if (used > worst) {
          worst = used;
          worstCase = m.describe() + ", " + m.bytes().length + " bytes";
        }
      }
    } finally {
      quiet.setLevel(before);
    }
    Map<String, Double> outcomes = new TreeMap<>();
    for (Counter c : meters.find("sentiment.model.updates.rejected").counters()) {
      outcomes.put(c.getId().getTag("reason"), c.count());
    }
    double applied = meters.find("sentiment.model.updates.applied").counter().count();
    System.out.printf(
        "fuzzed %,d cases (seed %d): mutations %s; applied %.0f; rejected %s; most allocated"
            + " by one case %,d bytes (%s)%n",
        cases, seed, kinds, applied, outcomes, worst, worstCase);
    assertThat(outcomes.keySet()).as("reasons").isSubsetOf(REASONS);
    double total = applied + outcomes.values().stream().mapToDouble(Double::doubleValue).sum();
    assertThat(total).as("every case counted once: applied or rejected").isEqualTo(cases);
    assertThat(outcomes).containsKeys("unreadable", "signature", "stale");
    assertThat(scorer.head().version()).isBetween(2L, 6L);
  }

  private static Tweet tweet() {
    return Tweet.newBuilder()
        .setId("t")
        .setText("text")
        .setUser("u")
        .setCreatedAt(Instant.EPOCH)
        .build();
  }
}
