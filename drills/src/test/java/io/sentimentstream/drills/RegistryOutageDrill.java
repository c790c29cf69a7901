package io.sentimentstream.drills;

import io.sentimentstream.localstack.TcpProxy;
import io.sentimentstream.stream.DeadLetterHeaders;
import io.sentimentstream.stream.testing.ItSupport;
import io.sentimentstream.stream.testing.ItSupport.RawTweet;
import io.sentimentstream.stream.testing.TweetPayloads;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Drill 3: the schema registry away mid-stream, twice. (a) Cut off from the app (a proxy drops
 * every connection; the registry keeps its schemas) for 60 s: records with a schema id the app has
 * read keep flowing from its cache, records with a new id are held, none dead-lettered; all flow
 * once it is back. (b) Stopped, and started again empty (the local registry keeps schemas in
 * memory): held records whose id the new registry does not know are dead-lettered (a definite 404),
 * each exactly once; nothing is lost. The same behaviour as {@code RegistryOutageIT} (which runs it
 * in-process on a fake scorer), here on a real app process with the real model.
 */
final class RegistryOutageDrill implements DrillContext.Drill {
  @Override
  public String name() {
    return "registry-outage";
  }

  @Override
  public DrillReport.Row run(DrillContext c) throws Exception {
    long t0 = System.nanoTime();
    int outageSeconds = c.full ? 60 : 10;
    Fleet fleet = c.fleet(name(), 2);
    String topic = fleet.tweets();
    List<RawTweet> t = c.texts().subList(0, 140);
    List<byte[]> seen = TweetPayloads.current(c.stack, topic, t.subList(0, 80));
    Schema v2 = TweetPayloads.withField("region");
    int v2Id = TweetPayloads.register(c.stack.registryUrl(), topic + "-value", v2);
    List<byte[]> unseenA = TweetPayloads.with(v2, v2Id, t.subList(80, 110));
    Schema v3 = TweetPayloads.withField("country");
    int v3Id = TweetPayloads.register(c.stack.registryUrl(), topic + "-value", v3);
    List<byte[]> unseenB = TweetPayloads.with(v3, v3Id, t.subList(110, 140));
    int registryPort = c.stack.ports().get(1);
    try (TcpProxy proxy = TcpProxy.forwarding(registryPort);
        OutputLog out = new OutputLog(c.stack, fleet.results());
        var dlq = ItSupport.raw(c.stack, fleet.dlq())) {
      String viaProxy =
          c.stack.registryUrl().replace(":" + registryPort + "/", ":" + proxy.port() + "/");
      fleet.with("schema.registry.url", viaProxy).with("schema.registry.max.block.ms", "2000");
      fleet.start(0, c.bundle);
      fleet.awaitReady(0);
      AppProcess app = fleet.app(0);
      send(c, topic, t, seen, 0, 0, 20);
      boolean warm = DrillContext.awaitIds(out, ids(t, 0, 20), Duration.ofMinutes(2));

      // (a) cut off for outageSeconds; the registry keeps its schemas
      proxy.cut();
      long cutAt = System.nanoTime();
      send(c, topic, t, seen, 0, 20, 50);
      send(c, topic, t, unseenA, 80, 80, 110);
      boolean seenFlowed = DrillContext.awaitIds(out, ids(t, 20, 50), Duration.ofSeconds(50));
      boolean heldA =
          DrillContext.await(() -> app.metric("sentiment_records_held", "") == 30, ofS(20));
      sleepUntil(cutAt, outageSeconds);
      boolean noneWhileCut = count(out, ids(t, 80, 110)) == 0 && dlq.poll().isEmpty();
      proxy.restore();
      long restoredAt = System.nanoTime();
      boolean heldFlowed = DrillContext.awaitIds(out, ids(t, 80, 110), Duration.ofMinutes(2));
      double drainA = (System.nanoTime() - restoredAt) / 1e9;

      // (b) stopped, back empty
      c.stack.stopRegistry();
      long stopAt = System.nanoTime();
      send(c, topic, t, seen, 0, 50, 80);
      send(c, topic, t, unseenB, 110, 110, 140);
      boolean seenFlowedB = DrillContext.awaitIds(out, ids(t, 50, 80), Duration.ofSeconds(50));
      boolean heldB =
          DrillContext.await(() -> app.metric("sentiment_records_held", "") == 30, ofS(20));
      sleepUntil(stopAt, outageSeconds);
      c.stack.startRegistry();
      boolean dead =
          DrillContext.awaitIds(
              () -> dlq.poll().stream().map(ConsumerRecord::key).toList(),
              ids(t, 110, 140),
              Duration.ofMinutes(2));
      boolean unknownId =
          dlq.records.stream().allMatch(r -> header(r).contains("unknown schema id " + v3Id));
      Thread.sleep(3_000);
      IdCount results =
          IdCount.of(ids(t, 0, 110), out.snapshot().stream().map(OutputLog.Arrival::id).toList());
      IdCount dead30 =
          IdCount.of(ids(t, 110, 140), dlq.poll().stream().map(ConsumerRecord::key).toList());
      double heldAfter = app.metric("sentiment_records_held", "");
      fleet.stopAll();
      String measured =
          String.format(
              Locale.ROOT,
              "results: %s; DLQ: %s, all 'unknown schema id %d': %s. (a) cut %d s: 30 cached-id"
                  + " records flowed during the cut: %s; 30 new-id records held (gauge 30): %s,"
                  + " none out or dead-lettered while cut: %s; all out %.1f s after the restore:"
                  + " %s. (b) stopped %d s: cached ids flowed: %s, 30 held: %s; back empty: the"
                  + " 30 held dead-lettered; held gauge after: %.0f",
              results,
              dead30,
              v3Id,
              unknownId,
              outageSeconds,
              seenFlowed,
              heldA,
              noneWhileCut,
              drainA,
              heldFlowed,
              outageSeconds,
              seenFlowedB,
              heldB,
              heldAfter);
      boolean pass =
          warm
              && seenFlowed
              && heldA
              && noneWhileCut
              && heldFlowed
              && seenFlowedB
              && heldB
              && dead
              && unknownId
              && heldAfter == 0
              && results.exactlyOnce()
              && dead30.exactlyOnce();
      return DrillContext.row(
          name(),
          String.format(
              Locale.ROOT,
              "(a) registry cut off from the app for %d s (proxy drops connections), then back;"
                  + " (b) registry stopped %d s, started again empty; during each, 30 tweets with"
                  + " a schema id the app had read and 30 with a new id",
              outageSeconds,
              outageSeconds),
          "cached ids keep flowing; new ids held, not dead-lettered; (a) held records flow when"
              + " it is back; (b) an empty registry answers 404 for them: dead-lettered; each id"
              + " exactly once in results or DLQ",
          measured,
          pass,
          t0);
    } finally {
      fleet.stopAll();
    }
  }

  /** Sends tweets {@code from..to-1} of {@code t}; {@code values} start at tweet {@code base}. */
  private static void send(
      DrillContext c,
      String topic,
      List<RawTweet> t,
      List<byte[]> values,
      int base,
      int from,
      int to) {
    for (int i = from; i < to; i++) {
      ItSupport.produceRaw(
          c.stack, topic, t.get(i).id().getBytes(StandardCharsets.UTF_8), values.get(i - base));
    }
  }

  private static List<String> ids(List<RawTweet> t, int from, int to) {
    return t.subList(from, to).stream().map(RawTweet::id).toList();
  }

  private static long count(OutputLog out, List<String> ids) {
    return out.snapshot().stream().filter(a -> ids.contains(a.id())).count();
  }

  private static String header(ConsumerRecord<String, byte[]> r) {
    var h = r.headers().lastHeader(DeadLetterHeaders.ERROR_MESSAGE);
    return h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
  }

  private static Duration ofS(int s) {
    return Duration.ofSeconds(s);
  }

  private static void sleepUntil(long fromNanos, int seconds) throws InterruptedException {
    long left = fromNanos + seconds * 1_000_000_000L - System.nanoTime();
    if (left > 0) {
      Thread.sleep(left / 1_000_000);
    }
  }
}
