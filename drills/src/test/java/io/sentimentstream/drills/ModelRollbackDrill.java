package io.sentimentstream.drills;

import io.sentimentstream.modelupdates.signing.Ed25519Keys;
import io.sentimentstream.stream.testing.Compaction;
import io.sentimentstream.stream.testing.ItSupport;
import io.sentimentstream.stream.testing.ItSupport.RawTweet;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A restart must not roll the model back (issue 21, finding 3). The app applies a signed v3 from
 * the model topic; then the old signed v2 is replayed under the same key, compaction (real, on the
 * broker) leaves only it, and the app is restarted; then a tombstone, compaction removes the key,
 * and the app is restarted again (the full form kills it with SIGKILL there). After each restart
 * the app must serve v3: the version gauge, every result, and no "now serving" line below 3.
 */
final class ModelRollbackDrill implements DrillContext.Drill {
  private static final String VERSION = "sentiment_model_version";
  private static final String FLOOR = "sentiment_model_version_floor";
  private static final Pattern SERVING = Pattern.compile("Model version (\\d+) now serving");

  @Override
  public String name() {
    return "model-rollback";
  }

  @Override
  public DrillReport.Row run(DrillContext c) throws Exception {
    long t0 = System.nanoTime();
    Fleet fleet = c.fleet(name(), 1);
    String models = fleet.prefix + "sentiment-models";
    c.stack.createTopic(models, 1, Compaction.eager());
    KeyPair keys = Ed25519Keys.generate();
    fleet
        .with("model.updates.enabled", "true")
        .with("topic.models", models)
        .with("model.public.key", Ed25519Keys.toBase64(keys.getPublic()));
    BadModelUpdates updates = new BadModelUpdates(c.stack, models, keys, ItSupport.encoderId());
    byte[] key = ItSupport.encoderId().name().getBytes(StandardCharsets.UTF_8);
    int perPhase = c.full ? 100 : 20;
    List<RawTweet> texts = c.texts();
    List<String> ids = new ArrayList<>();
    List<String> phases = new ArrayList<>();
    boolean ok = true;
    byte[] v2 = updates.good(2);
    try (OutputLog out = new OutputLog(c.stack, fleet.results())) {
      fleet.start(0, c.bundle);
      fleet.awaitReady(0);
      ItSupport.produceRaw(c.stack, models, key, v2);
      ItSupport.produceRaw(c.stack, models, key, updates.good(3));
      boolean applied =
          DrillContext.await(() -> fleet.app(0).metric(VERSION, "") == 3, Duration.ofSeconds(60));
      ok &= applied;
      ok &= phase(c, fleet, out, texts.subList(0, perPhase), ids, phases, "v3 applied", false);

      ItSupport.produceRaw(c.stack, models, key, v2); // the old signed v2, replayed
      boolean compacted =
          Compaction.await(c.stack, models, key, v -> v.size() == 1 && v.get(0) != null, ofS(90));
      fleet.stop(0);
      fleet.start(0, c.bundle);
      fleet.awaitReady(0);
      ok &= compacted;
      ok &=
          phase(
              c,
              fleet,
              out,
              texts.subList(perPhase, 2 * perPhase),
              ids,
              phases,
              "restart after the old v2 was replayed (compacted: " + compacted + ")",
              true);

      ItSupport.produceRaw(c.stack, models, key, null); // a tombstone
      boolean gone = Compaction.await(c.stack, models, key, List::isEmpty, ofS(90));
      if (c.full) {
        fleet.kill(0);
      } else {
        fleet.stop(0);
      }
      fleet.start(0, c.bundle);
      fleet.awaitReady(0);
      ok &= gone;
      ok &=
          phase(
              c,
              fleet,
              out,
              texts.subList(2 * perPhase, 3 * perPhase),
              ids,
              phases,
              (c.full ? "SIGKILL and restart" : "restart")
                  + " after a tombstone (key compacted away: "
                  + gone
                  + ")",
              true);
      Thread.sleep(2_000);
      IdCount count = IdCount.of(ids, out.snapshot().stream().map(OutputLog.Arrival::id).toList());
      fleet.stopAll();
      String measured =
          String.format(
              Locale.ROOT,
              "v3 applied from the topic: %s; %s; results %s",
              applied,
              String.join("; ", phases),
              count);
      return DrillContext.row(
          name(),
          "app applies signed v2 then v3 from the model topic (bundle holds v1); the old signed v2"
              + " replayed, compacted to only it, restart; a tombstone, key compacted away, "
              + (c.full ? "SIGKILL" : "SIGTERM")
              + " and restart; "
              + perPhase
              + " tweets after each",
          "after every restart: "
              + VERSION
              + " and "
              + FLOOR
              + " = 3, no log line serving a version below 3, every result on v3; every tweet id"
              + " exactly once",
          measured,
          ok && count.exactlyOnce(),
          t0);
    } finally {
      fleet.stopAll();
    }
  }

  /** Sends tweets to the running app; true if it serves v3 and served nothing below it. */
  private static boolean phase(
      DrillContext c,
      Fleet fleet,
      OutputLog out,
      List<RawTweet> tweets,
      List<String> ids,
      List<String> phases,
      String what,
      boolean restarted)
      throws Exception {
    AppProcess app = fleet.app(0);
    double version = app.metric(VERSION, "");
    double floor = app.metric(FLOOR, "");
    List<Long> served = servedSinceStart(app);
    ItSupport.produce(c.stack, fleet.tweets(), tweets);
    List<String> sent = tweets.stream().map(RawTweet::id).toList();
    ids.addAll(sent);
    boolean arrived = DrillContext.awaitIds(out, sent, Duration.ofMinutes(2));
    List<Long> versions =
        out.snapshot().stream()
            .filter(a -> sent.contains(a.id()))
            .map(OutputLog.Arrival::modelVersion)
            .distinct()
            .sorted()
            .toList();
    boolean ok =
        version == 3
            && floor == 3
            && (!restarted || served.stream().allMatch(v -> v >= 3))
            && arrived
            && versions.equals(List.of(3L));
    phases.add(
        String.format(
            Locale.ROOT,
            "%s: version %.0f, floor %.0f, versions logged as now serving %s, results on %s%s",
            what,
            version,
            floor,
            served,
            versions,
            ok ? "" : " (FAIL)"));
    return ok;
  }

  /** The versions this process logged as "now serving" since it started. */
  private static List<Long> servedSinceStart(AppProcess app) throws java.io.IOException {
    String log = app.log();
    Matcher m = SERVING.matcher(log.substring(Math.min(app.logOffset(), log.length())));
    List<Long> out = new ArrayList<>();
    while (m.find()) {
      out.add(Long.parseLong(m.group(1)));
    }
    return out;
  }

  private static Duration ofS(int s) {
    return Duration.ofSeconds(s);
  }
}
