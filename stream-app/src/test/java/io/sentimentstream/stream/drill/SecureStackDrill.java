package io.sentimentstream.stream.drill;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sentimentstream.localstack.LocalStack;
import io.sentimentstream.localstack.SecureEndpoints;
import io.sentimentstream.signing.Ed25519Keys;
import io.sentimentstream.stream.StreamAppMain;
import io.sentimentstream.stream.it.ItSupport;
import io.sentimentstream.stream.it.ItSupport.RawTweet;
import io.sentimentstream.trainer.TrainerCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Drill 6: a cluster that requires TLS and SASL. A stack of its own starts with a SASL_SSL listener
 * (SCRAM-SHA-512) and an HTTPS registry, stores and user made for the run. The stream app, the
 * replayer and the trainer run against it with configuration only ({@link
 * SecureEndpoints#clientConfig()}): tweets replayed in, every id out exactly once, a model the
 * trainer published over SASL_SSL swapped in. Clients with a wrong password or an untrusted
 * certificate must fail fast, naming the setting.
 */
final class SecureStackDrill implements DrillContext.Drill {
  private static final String VERSION = "sentiment_model_version";
  private static final Duration FAIL_FAST = Duration.ofMinutes(2);

  @Override
  public String name() {
    return "tls-sasl";
  }

  @Override
  public DrillReport.Row run(DrillContext c) throws Exception {
    long t0 = System.nanoTime();
    int n = c.full ? 2_000 : 200;
    Path dir = c.work.resolve(name());
    try (LocalStack stack = LocalStack.startSecured(dir.resolve("stack"))) {
      SecureEndpoints s = stack.secure();
      Fleet fleet = new Fleet(stack, dir, "drill-tls-", 1, true, 10_000);
      fleet.createTopics(2);
      String models = fleet.prefix + "models";
      String labeled = fleet.prefix + "labeled";
      stack.createTopic(models, 1, Map.of("cleanup.policy", "compact"));
      stack.createTopic(labeled, 1, Map.of());
      KeyPair keys = Ed25519Keys.generate();
      // The serving v1, already on the model topic as a deployment would have it: the trainer
      // takes the next version from it.
      ItSupport.publish(
          stack,
          models,
          ItSupport.update(ItSupport.head(ItSupport.encoderId(), 1, 1), keys.getPrivate()));
      s.clientConfig().forEach(fleet::with);
      fleet
          .with("model.updates.enabled", "true")
          .with("topic.models", models)
          .with("model.public.key", base64(keys.getPublic()));
      Path truststore = s.tls().truststore();
      Path untrusted = s.tls().untrustedTruststore();
      List<String> refused = new ArrayList<>();
      boolean allRefused = true;

      // Refused: each must exit at once with a message naming the key.
      fleet.with(
          "sasl.jaas.config", s.clientConfig("wrong-password", truststore).get("sasl.jaas.config"));
      allRefused &= refusedApp(fleet, c, "wrong password", "sasl.jaas.config", refused);
      fleet.with("sasl.jaas.config", s.clientConfig().get("sasl.jaas.config"));
      fleet.with("ssl.truststore.location", untrusted.toString());
      allRefused &=
          refusedApp(fleet, c, "untrusted broker certificate", "ssl.truststore.location", refused);
      fleet.with("ssl.truststore.location", truststore.toString());
      fleet.with("schema.registry.ssl.truststore.location", untrusted.toString());
      allRefused &=
          refusedApp(
              fleet,
              c,
              "untrusted registry certificate",
              "schema.registry.ssl.truststore.location",
              refused);
      fleet.with("schema.registry.ssl.truststore.location", truststore.toString());

      Map<String, String> badReplayer =
          replayerConfig(fleet, s.clientConfig("wrong-password", truststore));
      ChildJvm.Result r =
          ChildJvm.run(
              dir.resolve("replay-refused.log"),
              FAIL_FAST,
              StreamAppMain.class,
              "replay",
              "--config",
              ChildJvm.properties(dir.resolve("replay-bad.properties"), badReplayer).toString(),
              "--limit",
              "1");
      allRefused &= note(refused, "replayer, wrong password", r, 2, "sasl.jaas.config");
      Map<String, String> badTrainer =
          trainerConfig(dir, labeled, models, keys, s.clientConfig("wrong-password", truststore));
      r =
          ChildJvm.run(
              dir.resolve("feed-refused.log"),
              FAIL_FAST,
              TrainerCli.class,
              "feed-labels",
              "--config",
              ChildJvm.properties(dir.resolve("trainer-bad.properties"), badTrainer).toString(),
              "--data",
              ItSupport.gopCsv().toString(),
              "--max-rows",
              "10");
      allRefused &= note(refused, "trainer feed-labels, wrong password", r, 1, "sasl.jaas.config");

      // Served: the stream app, the replayer and the trainer with the right keys.
      try (OutputLog out = new OutputLog(stack, fleet.results())) {
        fleet.start(0, c.bundle);
        fleet.awaitReady(0);
        List<RawTweet> tweets = c.texts().subList(0, n);
        Path file = jsonLines(dir.resolve("tweets.jsonl"), tweets);
        Path replayProps =
            ChildJvm.properties(
                dir.resolve("replay.properties"), replayerConfig(fleet, s.clientConfig()));
        ChildJvm.Result replay =
            ChildJvm.run(
                dir.resolve("replay.log"),
                Duration.ofMinutes(5),
                StreamAppMain.class,
                "replay",
                "--config",
                replayProps.toString(),
                "--file",
                file.toString(),
                "--id-prefix",
                "tls-");
        List<String> ids = IntStream.range(0, n).mapToObj(i -> "tls-" + i).toList();
        DrillContext.awaitIds(out, ids, Duration.ofMinutes(c.full ? 15 : 5));

        Path trainerProps =
            ChildJvm.properties(
                dir.resolve("trainer.properties"),
                trainerConfig(dir, labeled, models, keys, s.clientConfig()));
        ChildJvm.Result feed =
            ChildJvm.run(
                dir.resolve("feed.log"),
                Duration.ofMinutes(5),
                TrainerCli.class,
                "feed-labels",
                "--config",
                trainerProps.toString(),
                "--data",
                ItSupport.gopCsv().toString(),
                "--max-rows",
                "400");
        Process trainer =
            ChildJvm.start(
                dir.resolve("trainer.log"),
                TrainerCli.class,
                List.of("serve", "--config", trainerProps.toString()));
        AppProcess app = fleet.app(0);
        boolean swapped;
        try {
          swapped =
              DrillContext.await(
                  () -> app.metric(VERSION, "") == 2, Duration.ofMinutes(c.full ? 10 : 6));
        } finally {
          trainer.destroy();
          trainer.waitFor();
        }
        Thread.sleep(2_000);
        IdCount count =
            IdCount.of(ids, out.snapshot().stream().map(OutputLog.Arrival::id).toList());
        fleet.stopAll();
        String measured =
            String.format(
                Locale.ROOT,
                "replayer exit %d (%.1f s); %s; trainer feed-labels exit %d, trainer serve published"
                    + " v2 and the app serves it: %s; refused: %s",
                replay.exit(),
                replay.seconds(),
                count,
                feed.exit(),
                swapped,
                String.join("; ", refused));
        return DrillContext.row(
            name(),
            String.format(
                Locale.ROOT,
                "a stack with a SASL_SSL (SCRAM-SHA-512) listener and an HTTPS registry, stores and"
                    + " user made for the run; stream app, replayer (%,d tweets) and trainer"
                    + " (feed-labels, serve) with configuration only; five clients with a wrong"
                    + " password or an untrusted certificate",
                n),
            "every id exactly once; the trainer's v2 applied by the app; each bad client exits"
                + " at once (app and replayer 2, trainer 1) naming the key to fix",
            measured,
            replay.exit() == 0 && count.exactlyOnce() && feed.exit() == 0 && swapped && allRefused,
            t0);
      } finally {
        fleet.stopAll();
      }
    }
  }

  /**
   * Starts the app with the fleet's current (bad) keys and checks it exits 2 naming {@code key}.
   */
  private static boolean refusedApp(
      Fleet fleet, DrillContext c, String what, String key, List<String> refused) throws Exception {
    long t0 = System.nanoTime();
    fleet.start(0, c.bundle);
    AppProcess app = fleet.app(0);
    int exit = app.awaitExit(FAIL_FAST);
    // The app's log file is appended to by every start: judge this start's part only.
    String log = app.log();
    String mine = log.substring(Math.min(log.length(), app.logOffset()));
    ChildJvm.Result r = new ChildJvm.Result(exit, mine, (System.nanoTime() - t0) / 1e9);
    return note(refused, "app, " + what, r, 2, key);
  }

  private static String base64(java.security.Key key) {
    return Ed25519Keys.toPem(key)
        .lines()
        .filter(l -> !l.startsWith("-----"))
        .reduce("", String::concat);
  }

  private static boolean note(
      List<String> refused, String what, ChildJvm.Result r, int exit, String key) {
    // The error line, not the clients' config dumps (which list every key): "Invalid value ...
    // for configuration <key>: <why>".
    boolean ok = r.exitedSaying(exit, "for configuration " + key + ":");
    refused.add(
        String.format(
            Locale.ROOT,
            "%s: exit %d after %.1f s, names %s: %s",
            what,
            r.exit(),
            r.seconds(),
            key,
            ok));
    return ok;
  }

  private static Map<String, String> replayerConfig(Fleet fleet, Map<String, String> client) {
    Map<String, String> m = new LinkedHashMap<>(client);
    m.put("topic.tweets", fleet.tweets());
    return m;
  }

  private static Map<String, String> trainerConfig(
      Path dir, String labeled, String models, KeyPair keys, Map<String, String> client) {
    Map<String, String> m = new LinkedHashMap<>(client);
    m.put("topic.labeled", labeled);
    m.put("topic.models", models);
    m.put("group.id", "drill-tls-trainer");
    m.put("state.dir", dir.resolve("trainer-state").toString());
    m.put("model.encoder", ItSupport.encoderId().name());
    m.put("model.signing.key", base64(keys.getPrivate()));
    m.put("model.public.key", base64(keys.getPublic()));
    m.put("retrain.every.labels", "100000");
    m.put("retrain.interval.ms", "3000");
    m.put("retrain.min.labels", "50");
    m.put("train.max.epochs", "30");
    m.put("ops.http.port", "0");
    return m;
  }

  private static Path jsonLines(Path file, List<RawTweet> tweets) throws java.io.IOException {
    ObjectMapper json = new ObjectMapper();
    List<String> lines = new ArrayList<>();
    for (RawTweet t : tweets) {
      lines.add(json.writeValueAsString(Map.of("user", "drill", "text", t.text())));
    }
    return Files.write(file, lines);
  }
}
