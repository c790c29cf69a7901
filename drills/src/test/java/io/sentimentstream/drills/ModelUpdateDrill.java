package io.sentimentstream.drills;

import io.sentimentstream.modelupdates.signing.Ed25519Keys;
import io.sentimentstream.stream.testing.ItSupport;
import io.sentimentstream.stream.testing.ItSupport.RawTweet;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Drill 5: bad model updates on the model topic of a running app. A good v2 is applied first (the
 * baseline), then every bad kind one at a time: each must be refused with a log line and a count
 * under its reason while v2 keeps serving; then a good v3 is applied and the next results carry it.
 */
final class ModelUpdateDrill implements DrillContext.Drill {
  private static final String REJECTED = "sentiment_model_updates_rejected_total";
  private static final String VERSION = "sentiment_model_version";

  @Override
  public String name() {
    return "bad-model-updates";
  }

  @Override
  public DrillReport.Row run(DrillContext c) throws Exception {
    long t0 = System.nanoTime();
    Fleet fleet = c.fleet(name(), 1);
    String models = fleet.prefix + "sentiment-models";
    c.stack.createTopic(models, 1, Map.of("cleanup.policy", "compact"));
    KeyPair keys = Ed25519Keys.generate();
    String publicKey = Ed25519Keys.toBase64(keys.getPublic());
    fleet
        .with("model.updates.enabled", "true")
        .with("topic.models", models)
        .with("model.public.key", publicKey);
    BadModelUpdates updates = new BadModelUpdates(c.stack, models, keys, ItSupport.encoderId());
    byte[] key = ItSupport.encoderId().name().getBytes(StandardCharsets.UTF_8);
    List<String> seen = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    try (OutputLog out = new OutputLog(c.stack, fleet.results())) {
      fleet.start(0, c.bundle);
      fleet.awaitReady(0);
      AppProcess app = fleet.app(0);
      ItSupport.produceRaw(c.stack, models, key, updates.good(2));
      boolean baseline =
          DrillContext.await(() -> app.metric(VERSION, "") == 2, Duration.ofSeconds(60));
      for (Map.Entry<String, BadModelUpdates.Bad> e : updates.all(2).entrySet()) {
        String reason = e.getValue().reason();
        double before = app.metric(REJECTED, "reason=\"" + reason + "\"");
        long linesBefore = rejectionLines(app);
        ItSupport.produceRaw(c.stack, models, key, e.getValue().value());
        boolean counted =
            DrillContext.await(
                () -> app.metric(REJECTED, "reason=\"" + reason + "\"") == before + 1,
                Duration.ofSeconds(60));
        boolean logged = DrillContext.await(() -> rejectionLines(app) == linesBefore + 1, ofS(10));
        double version = app.metric(VERSION, "");
        seen.add(e.getKey() + " -> " + reason + (counted && logged ? "" : " (NOT seen)"));
        if (!counted || !logged || version != 2) {
          problems.add(
              e.getKey() + ": counted " + counted + ", logged " + logged + ", version " + version);
        }
      }
      ItSupport.produceRaw(c.stack, models, key, updates.good(3));
      boolean applied =
          DrillContext.await(() -> app.metric(VERSION, "") == 3, Duration.ofSeconds(60));
      List<RawTweet> tweets = c.texts().subList(0, 30);
      ItSupport.produce(c.stack, fleet.tweets(), tweets);
      List<String> ids = tweets.stream().map(RawTweet::id).toList();
      DrillContext.awaitIds(out, ids, Duration.ofMinutes(2));
      Thread.sleep(2_000);
      IdCount count = IdCount.of(ids, out.snapshot().stream().map(OutputLog.Arrival::id).toList());
      long onV3 = out.snapshot().stream().filter(a -> a.modelVersion() == 3).count();
      String lastLines =
          app.log()
              .lines()
              .filter(l -> l.contains("Rejected model update") || l.contains("Unreadable model"))
              .map(l -> l.substring(Math.max(0, l.indexOf(" - ") + 3)))
              .reduce((a, b) -> b)
              .orElse("");
      fleet.stopAll();
      String measured =
          String.format(
              Locale.ROOT,
              "baseline v2 applied: %s; rejected (kind -> reason counted): %s; problems: %s;"
                  + " then good v3 applied: %s; results %s, %d of them on v3; last rejection"
                  + " log line: \"%s\"",
              baseline,
              String.join(", ", seen),
              problems.isEmpty() ? "none" : String.join("; ", problems),
              applied,
              count,
              onV3,
              lastLines);
      return DrillContext.row(
          name(),
          "app serving v2 (signed, applied from the topic); then one at a time: "
              + String.join(", ", updates.all(2).keySet())
              + "; then a good signed v3",
          "each refused with one log line and +1 on "
              + REJECTED
              + "{reason} for its reason,"
              + " the serving version stays 2; v3 is applied and the results after it carry v3;"
              + " every tweet id exactly once",
          measured,
          baseline && problems.isEmpty() && applied && count.exactlyOnce() && onV3 == ids.size(),
          t0);
    } finally {
      fleet.stopAll();
    }
  }

  private static long rejectionLines(AppProcess app) {
    try {
      return app.log()
          .lines()
          .filter(l -> l.contains("Rejected model update") || l.contains("Unreadable model update"))
          .count();
    } catch (java.io.IOException e) {
      return -1;
    }
  }

  private static Duration ofS(int s) {
    return Duration.ofSeconds(s);
  }
}
