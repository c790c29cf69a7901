package io.sentimentstream.drills;

import io.sentimentstream.localstack.LocalStack;
import io.sentimentstream.localstack.SecureEndpoints;
import io.sentimentstream.modelupdates.signing.Ed25519Keys;
import io.sentimentstream.stream.testing.ItSupport;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
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
 * certificate must fail fast, naming the setting ({@link RefusedClients}).
 */
final class SecureStackDrill implements DrillContext.Drill {
  private static final String VERSION = "sentiment_model_version";

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
      SecureClients clients =
          new SecureClients(
              dir,
              fleet.tweets(),
              fleet.prefix + "labeled",
              fleet.prefix + "models",
              Ed25519Keys.generate());
      KeyPair keys = clients.keys();
      stack.createTopic(clients.models(), 1, Map.of("cleanup.policy", "compact"));
      stack.createTopic(clients.labeled(), 1, Map.of());
      // The serving v1 is already on the model topic, as a deployment would have it: the trainer
      // takes its next version from it. (Set up through the stack's own plain listener.)
      ItSupport.publish(
          stack,
          clients.models(),
          ItSupport.update(ItSupport.head(ItSupport.encoderId(), 1, 1), keys.getPrivate()));
      s.clientConfig().forEach(fleet::with);
      fleet
          .with("model.updates.enabled", "true")
          .with("topic.models", clients.models())
          .with("model.public.key", Ed25519Keys.toBase64(keys.getPublic()));
      try {
        RefusedClients refused = new RefusedClients().run(c, fleet, s, clients);
        return served(c, stack, fleet, clients, n, refused, t0);
      } finally {
        fleet.stopAll();
      }
    }
  }

  /** The stream app, the replayer and the trainer with the right keys. */
  private DrillReport.Row served(
      DrillContext c,
      LocalStack stack,
      Fleet fleet,
      SecureClients clients,
      int n,
      RefusedClients refused,
      long t0)
      throws Exception {
    Map<String, String> keys = stack.secure().clientConfig();
    try (OutputLog out = new OutputLog(stack, fleet.results())) {
      fleet.start(0, c.bundle);
      fleet.awaitReady(0);
      Path file = clients.jsonLines(c.texts().subList(0, n));
      ChildJvm.Result replay =
          clients.replay(
              "replay",
              keys,
              Duration.ofMinutes(5),
              "--file",
              file.toString(),
              "--id-prefix",
              "tls-");
      List<String> ids = IntStream.range(0, n).mapToObj(i -> "tls-" + i).toList();
      DrillContext.awaitIds(out, ids, Duration.ofMinutes(c.full ? 15 : 5));
      ChildJvm.Result feed = clients.feedLabels("feed", keys, 400, Duration.ofMinutes(5));
      Process trainer = clients.serve(keys);
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
      IdCount count = IdCount.of(ids, out.snapshot().stream().map(OutputLog.Arrival::id).toList());
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
              String.join("; ", refused.notes));
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
          replay.exit() == 0
              && count.exactlyOnce()
              && feed.exit() == 0
              && swapped
              && refused.allRefused(),
          t0);
    }
  }
}
