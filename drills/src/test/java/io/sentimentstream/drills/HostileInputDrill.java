package io.sentimentstream.drills;

import io.sentimentstream.avro.Tweet;
import io.sentimentstream.serde.ConfluentAvroDeserializer;
import io.sentimentstream.stream.testing.HostileTweets;
import io.sentimentstream.stream.testing.HostileTweets.Input;
import io.sentimentstream.stream.testing.ItSupport;
import io.sentimentstream.stream.testing.ItSupport.RawTweet;
import io.sentimentstream.stream.testing.TweetPayloads;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Hostile input over Kafka: the fuzz corpus's worst cases (the confirmed 524,088-byte id, giant
 * text, user, attribute and header key, 40,000 attributes, a string claiming 2 GB, a map claiming
 * 2^30 entries, a negative length, a bad union index) and then seeded fuzz cases ({@link
 * HostileTweets}), a good tweet after every four, sent to a running app. Every input must come out
 * exactly once, as a result or a dead letter, the app must stay the same process, and no stream
 * thread may die.
 */
final class HostileInputDrill implements DrillContext.Drill {
  @Override
  public String name() {
    return "hostile-input";
  }

  @Override
  public DrillReport.Row run(DrillContext c) throws Exception {
    long t0 = System.nanoTime();
    int fuzzCases = c.full ? 5_000 : 300;
    Fleet fleet = c.fleet(name(), 2);
    int schemaId =
        TweetPayloads.register(
            c.stack.registryUrl(), fleet.tweets() + "-value", Tweet.getClassSchema());
    HostileTweets gen = new HostileTweets(schemaId, c.random.nextLong());
    Map<String, Input> inputs = new LinkedHashMap<>(); // drill key -> input
    gen.worstCases().forEach((kind, in) -> inputs.put("worst-" + kind, in));
    for (int i = 0; i < fuzzCases; i++) {
      inputs.put("fuzz-" + i, gen.next());
    }
    List<RawTweet> texts = c.texts();
    List<byte[]> goodValues = TweetPayloads.current(c.stack, fleet.tweets(), texts);
    Map<String, String> accountOf = new HashMap<>(); // a result's tweet id -> the input it was
    texts.forEach(t -> accountOf.put(t.id(), t.id()));
    List<String> expected = new ArrayList<>();
    int skipped = 0;
    try (OutputLog out = new OutputLog(c.stack, fleet.results());
        var dlq = ItSupport.raw(c.stack, fleet.dlq());
        ConfluentAvroDeserializer<Tweet> decoder = decoder(c);
        KafkaProducer<byte[], byte[]> p = c.rawProducer()) {
      fleet.start(0, c.bundle);
      fleet.awaitReady(0);
      long pid = fleet.app(0).pid();
      int g = 0;
      int n = 0;
      for (Map.Entry<String, Input> e : inputs.entrySet()) {
        String tweetId = decodedId(decoder, fleet.tweets(), e.getValue());
        if (tweetId != null && accountOf.containsKey(tweetId)) {
          skipped++; // its result could not be told apart from another input's
          continue;
        }
        if (tweetId != null) {
          accountOf.put(tweetId, e.getKey());
        }
        Input in = e.getValue();
        ProducerRecord<byte[], byte[]> r =
            new ProducerRecord<>(fleet.tweets(), null, bytes(e.getKey()), in.value(), in.headers());
        p.send(r);
        expected.add(e.getKey());
        if (++n % 4 == 0 && g < texts.size()) {
          p.send(new ProducerRecord<>(fleet.tweets(), bytes(texts.get(g).id()), goodValues.get(g)));
          expected.add(texts.get(g++).id());
        }
      }
      p.flush();
      java.util.function.Supplier<List<String>> seen =
          () -> {
            List<String> s = new ArrayList<>(dlq.poll().stream().map(ConsumerRecord::key).toList());
            out.snapshot().forEach(a -> s.add(accountOf.getOrDefault(a.id(), a.id())));
            return s;
          };
      boolean allIn = DrillContext.awaitIds(seen, expected, Duration.ofMinutes(c.full ? 15 : 5));
      Thread.sleep(3_000); // anything twice would show by now
      IdCount count = IdCount.of(expected, seen.get());
      long dead = dlq.records.size();
      AppProcess app = fleet.app(0);
      boolean samePid = app.alive() && app.pid() == pid;
      double threadFailures = app.metric("sentiment_stream_thread_failures_total", "");
      fleet.stopAll();
      String measured =
          String.format(
              Locale.ROOT,
              "%s (%d worst cases, %d fuzz cases and %d good tweets sent; %d fuzz cases not sent"
                  + " because their tweet id repeated one already sent); %d dead letters; app"
                  + " process %s; stream thread failures %s",
              count,
              inputs.size() - fuzzCases,
              fuzzCases - skipped,
              g,
              skipped,
              dead,
              samePid ? "the same throughout" : "NOT the same (died or restarted)",
              Double.isNaN(threadFailures) ? "unknown (/metrics did not answer)" : threadFailures);
      return DrillContext.row(
          name(),
          "the fuzz corpus's worst cases ("
              + String.join(", ", gen.worstCases().keySet())
              + String.format(Locale.ROOT, ") and %,d seeded fuzz cases", fuzzCases)
              + " (bit flips, truncations, forged lengths and counts, bad union indexes, odd"
              + " headers, giant fields), a good tweet after every four, to a running app",
          "every input exactly once in the results or on the DLQ; the app the same process; no"
              + " stream thread failed",
          measured,
          allIn && count.exactlyOnce() && samePid && threadFailures == 0,
          t0);
    } finally {
      fleet.stopAll();
    }
  }

  /** The tweet id a result for {@code in} would carry, or null if it does not decode. */
  private static String decodedId(ConfluentAvroDeserializer<Tweet> d, String topic, Input in) {
    try {
      Tweet t = d.deserialize(topic, in.value());
      return t == null ? null : t.getId();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static ConfluentAvroDeserializer<Tweet> decoder(DrillContext c) {
    ConfluentAvroDeserializer<Tweet> d = new ConfluentAvroDeserializer<>(Tweet.class);
    d.configure(Map.of("schema.registry.url", c.stack.registryUrl()), false);
    return d;
  }
}
