package io.sentimentstream.drills;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drill 2: the broker is stopped and started again with the same data directory while a steady load
 * flows, once cleanly (SIGTERM) and once with SIGKILL. The stream app must ride through: the same
 * process throughout, every id exactly once.
 */
final class BrokerRestartDrill implements DrillContext.Drill {
  private static final Logger log = LoggerFactory.getLogger(BrokerRestartDrill.class);

  @Override
  public String name() {
    return "broker-restart";
  }

  @Override
  public DrillReport.Row run(DrillContext c) throws Exception {
    long t0 = System.nanoTime();
    int phaseSeconds = c.full ? 30 : 8;
    int downSeconds = c.full ? 15 : 5;
    double rate = c.full ? 10 : 8;
    Fleet fleet = c.fleet(name(), 2);
    List<String> restarts = new ArrayList<>();
    try (OutputLog out = new OutputLog(c.stack, fleet.results());
        SteadyLoad load = new SteadyLoad(c.stack, fleet.tweets(), c.texts(), "br-")) {
      fleet.start(0, c.bundle);
      fleet.awaitReady(0);
      long pid = fleet.app(0).pid();
      load.start(rate);
      Thread.sleep(phaseSeconds * 1000L);
      for (boolean kill : new boolean[] {false, true}) {
        long stopAt = System.currentTimeMillis();
        c.stack.stopBroker(kill);
        long stoppedAt = System.currentTimeMillis();
        Thread.sleep(downSeconds * 1000L);
        long startAt = System.currentTimeMillis();
        c.stack.startBroker();
        long upAt = System.currentTimeMillis();
        int before = out.size();
        boolean back = DrillContext.await(() -> out.size() > before, Duration.ofMinutes(3));
        long resumeAt = System.currentTimeMillis();
        restarts.add(
            String.format(
                Locale.ROOT,
                "%s: broker stop %.1f s, down %.1f s, start %.1f s, results again %.1f s after"
                    + " it answered%s",
                kill ? "SIGKILL" : "SIGTERM",
                (stoppedAt - stopAt) / 1e3,
                (startAt - stoppedAt) / 1e3,
                (upAt - startAt) / 1e3,
                (resumeAt - upAt) / 1e3,
                back ? "" : " (NO results within 3 min)"));
        log.info("broker drill: {}", restarts.get(restarts.size() - 1));
        Thread.sleep(phaseSeconds * 1000L);
      }
      load.stop();
      boolean all =
          DrillContext.awaitIds(out, load.sentAtMs.keySet(), Duration.ofMinutes(c.full ? 5 : 3));
      Thread.sleep(3_000); // room for a duplicate to show up
      IdCount count =
          IdCount.of(
              load.sentAtMs.keySet(), out.snapshot().stream().map(OutputLog.Arrival::id).toList());
      AppProcess app = fleet.app(0);
      boolean samePid = app.alive() && app.pid() == pid;
      String measured =
          count
              + "; app "
              + (samePid ? "the same process throughout (pid " + pid + ")" : "NOT the same process")
              + "; "
              + String.join("; ", restarts)
              + (all ? "" : "; not every id arrived in time");
      fleet.stopAll();
      return DrillContext.row(
          name(),
          String.format(
              Locale.ROOT,
              "steady load %.0f tweets/s; the broker stopped for %d s and started again on the same"
                  + " data directory, first with SIGTERM, then with SIGKILL, %d s apart",
              rate,
              downSeconds,
              phaseSeconds),
          "the app rides through without a restart of its own; every id exactly once",
          measured,
          count.exactlyOnce() && samePid,
          t0);
    } finally {
      fleet.stopAll();
    }
  }
}
