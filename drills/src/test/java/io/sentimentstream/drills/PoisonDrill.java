package io.sentimentstream.drills;

import io.sentimentstream.stream.DeadLetterHeaders;
import io.sentimentstream.stream.testing.ItSupport;
import io.sentimentstream.stream.testing.ItSupport.RawTweet;
import io.sentimentstream.stream.testing.TweetPayloads;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Drill 4: every poison kind interleaved with good tweets, then a burst of 10,000 poison records
 * with a good tweet every 50. Each poison record must land on the DLQ exactly once with its
 * original key, value (the 1 MB one cut, and saying so) and headers plus the {@code dlq.*} headers;
 * every good tweet exactly once in the results.
 */
final class PoisonDrill implements DrillContext.Drill {
  private static final String[] DLQ_HEADERS = {
    DeadLetterHeaders.ERROR_CLASS,
    DeadLetterHeaders.ERROR_MESSAGE,
    DeadLetterHeaders.SOURCE_TOPIC,
    DeadLetterHeaders.SOURCE_PARTITION,
    DeadLetterHeaders.SOURCE_OFFSET,
    DeadLetterHeaders.SOURCE_TIMESTAMP,
    DeadLetterHeaders.FAILED_AT
  };
  private static final int RECORD_MAX_BYTES = 524_288; // the app's default record.max.bytes

  @Override
  public String name() {
    return "poison";
  }

  @Override
  public DrillReport.Row run(DrillContext c) throws Exception {
    long t0 = System.nanoTime();
    int burst = c.full ? 10_000 : 2_000;
    Fleet fleet = c.fleet(name(), 2);
    PoisonRecords poison = new PoisonRecords(c.stack, fleet.tweets());
    Map<String, byte[]> sent = new HashMap<>(); // dlq key -> original value
    List<String> good = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    try (OutputLog out = new OutputLog(c.stack, fleet.results());
        var dlq = ItSupport.raw(c.stack, fleet.dlq());
        KafkaProducer<byte[], byte[]> p = c.rawProducer()) {
      fleet.start(0, c.bundle);
      fleet.awaitReady(0);
      List<RawTweet> texts = c.texts();
      List<byte[]> goodValues = TweetPayloads.current(c.stack, fleet.tweets(), texts);
      int g = 0;
      for (Map.Entry<String, byte[]> e : poison.all("poison-id").entrySet()) {
        for (int i = 0; i < 3; i++, g++) {
          send(p, fleet.tweets(), texts.get(g).id(), goodValues.get(g), "good");
          good.add(texts.get(g).id());
        }
        send(p, fleet.tweets(), "poison-" + e.getKey(), e.getValue(), e.getKey());
        sent.put("poison-" + e.getKey(), e.getValue());
      }
      p.flush();
      boolean kindsIn =
          DrillContext.awaitIds(dlqKeys(dlq), sent.keySet(), Duration.ofMinutes(3))
              && DrillContext.awaitIds(out, good, Duration.ofMinutes(3));
      for (ConsumerRecord<String, byte[]> r : dlq.records) {
        check(r, sent.get(r.key()), fleet.tweets(), problems);
      }

      long burstFrom = System.currentTimeMillis();
      List<String> burstGood = new ArrayList<>();
      List<String> burstKeys = new ArrayList<>();
      for (int i = 0; i < burst; i++) {
        String kind = PoisonRecords.BURST_KINDS[i % PoisonRecords.BURST_KINDS.length];
        String key = "burst-" + i;
        send(p, fleet.tweets(), key, poison.value(kind, key), kind);
        burstKeys.add(key);
        if (i % 50 == 49) {
          send(p, fleet.tweets(), texts.get(g).id(), goodValues.get(g), "good");
          burstGood.add(texts.get(g++).id());
        }
      }
      p.flush();
      long sentAt = System.currentTimeMillis();
      boolean burstIn = DrillContext.awaitIds(dlqKeys(dlq), burstKeys, Duration.ofMinutes(10));
      long dlqDoneAt = System.currentTimeMillis();
      boolean burstGoodIn = DrillContext.awaitIds(out, burstGood, Duration.ofMinutes(3));
      long goodDoneAt =
          out.snapshot().stream()
              .filter(a -> burstGood.contains(a.id()))
              .mapToLong(OutputLog.Arrival::atMs)
              .max()
              .orElse(0);
      Thread.sleep(3_000);
      List<String> allPoison = new ArrayList<>(sent.keySet());
      allPoison.addAll(burstKeys);
      IdCount dead = IdCount.of(allPoison, dlqKeys(dlq).get());
      List<String> allGood = new ArrayList<>(good);
      allGood.addAll(burstGood);
      IdCount results =
          IdCount.of(allGood, out.snapshot().stream().map(OutputLog.Arrival::id).toList());
      fleet.stopAll();
      double burstSeconds = (dlqDoneAt - burstFrom) / 1e3;
      String measured =
          String.format(
              Locale.ROOT,
              "DLQ: %s; results: %s; %d kinds checked, header/value problems: %s; burst of %,d"
                  + " (sent in %.1f s): all dead-lettered %.1f s after the first was sent"
                  + " (%.0f poison records/s), its %d good tweets all out %.1f s after the first"
                  + " (%.1f good tweets/s alongside)",
              dead,
              results,
              sent.size(),
              problems.isEmpty() ? "none" : String.join("; ", problems),
              burst,
              (sentAt - burstFrom) / 1e3,
              burstSeconds,
              burst / burstSeconds,
              burstGood.size(),
              (goodDoneAt - burstFrom) / 1e3,
              burstGood.size() / Math.max(1e-3, (goodDoneAt - burstFrom) / 1e3));
      return DrillContext.row(
          name(),
          "good tweets interleaved with one of each: "
              + String.join(", ", sent.keySet().stream().map(k -> k.substring(7)).sorted().toList())
              + String.format(Locale.ROOT, "; then a burst of %,d poison records", burst)
              + " (6 kinds in turn) with a good tweet every 50",
          "each poison record on the DLQ exactly once with its original key, value and headers"
              + " plus dlq.* headers (the 1 MB one cut to record.max.bytes/2 with dlq.truncated);"
              + " every good tweet exactly once in the results",
          measured,
          kindsIn
              && burstIn
              && burstGoodIn
              && problems.isEmpty()
              && dead.exactlyOnce()
              && results.exactlyOnce(),
          t0);
    } finally {
      fleet.stopAll();
    }
  }

  /** Compares a dead letter with what was sent; adds what is wrong to {@code problems}. */
  private static void check(
      ConsumerRecord<String, byte[]> r, byte[] original, String topic, List<String> problems) {
    String kind = r.key().substring("poison-".length());
    Headers h = r.headers();
    if (!kind.equals(text(h.lastHeader("drill-kind")))) {
      problems.add(kind + ": original header drill-kind lost");
    }
    for (String name : DLQ_HEADERS) {
      if (h.lastHeader(name) == null) {
        problems.add(kind + ": no " + name);
      }
    }
    if (!topic.equals(text(h.lastHeader(DeadLetterHeaders.SOURCE_TOPIC)))) {
      problems.add(kind + ": wrong " + DeadLetterHeaders.SOURCE_TOPIC);
    }
    if (kind.equals("one-mb")) {
      byte[] kept = Arrays.copyOf(original, RECORD_MAX_BYTES / 2);
      if (!Arrays.equals(kept, r.value()) || h.lastHeader(DeadLetterHeaders.TRUNCATED) == null) {
        problems.add(
            kind + ": value not the original's first half-limit bytes or no dlq.truncated");
      }
    } else if (!Arrays.equals(original, r.value())) {
      problems.add(kind + ": value differs from the original");
    }
  }

  private static java.util.function.Supplier<List<String>> dlqKeys(ItSupport.Reader<byte[]> dlq) {
    return () -> dlq.poll().stream().map(ConsumerRecord::key).toList();
  }

  private static void send(
      KafkaProducer<byte[], byte[]> p, String topic, String key, byte[] value, String kind) {
    ProducerRecord<byte[], byte[]> r =
        new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value);
    r.headers().add("drill-kind", kind.getBytes(StandardCharsets.UTF_8));
    p.send(r);
  }

  private static String text(Header h) {
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
