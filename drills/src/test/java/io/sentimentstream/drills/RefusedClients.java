package io.sentimentstream.drills;

import io.sentimentstream.localstack.SecureEndpoints;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The refusals of the TLS + SASL drill: five clients with a wrong password or an untrusted
 * certificate, each of which must exit at once with the line that names the key to fix ("Invalid
 * value ... for configuration {@code <key>}: ..."), not the clients' config dumps, which list every
 * key.
 */
final class RefusedClients {
  private static final Duration FAIL_FAST = Duration.ofMinutes(2);

  /** One line per client: what it was, its exit, how long it took, whether it named the key. */
  final List<String> notes = new ArrayList<>();

  private boolean all = true;

  /** True if every client so far was refused as it should be. */
  boolean allRefused() {
    return all;
  }

  /** Runs the five; the fleet's keys are the good ones before and after. */
  RefusedClients run(DrillContext c, Fleet fleet, SecureEndpoints s, SecureClients clients)
      throws Exception {
    Path trust = s.tls().truststore();
    Path untrusted = s.tls().untrustedTruststore();
    Map<String, String> wrongPassword = s.clientConfig("wrong-password", trust);
    String jaas = "sasl.jaas.config";
    app(c, fleet, "wrong password", jaas, wrongPassword.get(jaas), s.clientConfig().get(jaas));
    String kafkaTrust = "ssl.truststore.location";
    app(c, fleet, "untrusted broker certificate", kafkaTrust, untrusted, trust);
    String registryTrust = "schema.registry.ssl.truststore.location";
    app(c, fleet, "untrusted registry certificate", registryTrust, untrusted, trust);
    note(
        "replayer, wrong password",
        clients.replay("replay-refused", wrongPassword, FAIL_FAST, "--limit", "1"),
        2,
        jaas);
    note(
        "trainer feed-labels, wrong password",
        clients.feedLabels("feed-refused", wrongPassword, 10, FAIL_FAST),
        1,
        jaas);
    return this;
  }

  /** Starts the app with {@code key} set to {@code bad}; it must exit 2 naming the key. */
  private void app(DrillContext c, Fleet fleet, String what, String key, Object bad, Object good)
      throws Exception {
    fleet.with(key, bad.toString());
    long t0 = System.nanoTime();
    fleet.start(0, c.bundle);
    AppProcess app = fleet.app(0);
    int exit = app.awaitExit(FAIL_FAST);
    // The app's log file is appended to by every start: judge this start's part only.
    String log = app.log();
    String mine = log.substring(Math.min(log.length(), app.logOffset()));
    fleet.with(key, good.toString());
    note("app, " + what, new ChildJvm.Result(exit, mine, (System.nanoTime() - t0) / 1e9), 2, key);
  }

  private void note(String what, ChildJvm.Result r, int exit, String key) {
    boolean ok = r.exitedSaying(exit, "for configuration " + key + ":");
    all &= ok;
    notes.add(
        String.format(
            Locale.ROOT,
            "%s: exit %d after %.1f s, names %s: %s",
            what,
            r.exit(),
            r.seconds(),
            key,
            ok));
  }
}
