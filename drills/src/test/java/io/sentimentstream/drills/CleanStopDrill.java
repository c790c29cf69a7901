package io.sentimentstream.drills;

import io.sentimentstream.stream.SentimentStreamApp;
import io.sentimentstream.stream.testing.ItSupport;
import io.sentimentstream.stream.testing.ItSupport.RawTweet;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Drill 7: SIGTERM to the stream app in the middle of a burst. It must close within its close
 * timeout (Kafka Streams commits or aborts the open transaction) and, once started again, every id
 * of the burst must come out exactly once.
 */
final class CleanStopDrill implements DrillContext.Drill {
  @Override
  public String name() {
    return "clean-stop";
  }

  @Override
  public DrillReport.Row run(DrillContext c) throws Exception {
    long t0 = System.nanoTime();
    int n = c.full ? 2_000 : 600;
    Fleet fleet = c.fleet(name(), 2);
    try (OutputLog out = new OutputLog(c.stack, fleet.results())) {
      fleet.start(0, c.bundle);
      fleet.awaitReady(0);
      List<RawTweet> tweets = c.texts().subList(0, n);
      ItSupport.produce(c.stack, fleet.tweets(), tweets);
      int at = n / 4 + c.random.nextInt(n / 4);
      DrillContext.await(() -> out.size() >= at, Duration.ofMinutes(10));
      int before = out.size();
      AppProcess app = fleet.app(0);
      long termAt = System.nanoTime();
      int exit = fleet.stop(0); // SIGTERM; the harness kills after 60 s
      double stopSeconds = (System.nanoTime() - termAt) / 1e9;
      String log = app.log();
      boolean closedCleanly = log.contains("Stream app stopped");
      boolean exitedOnTerm = exit == 143 || exit == 0;
      fleet.start(0, c.bundle);
      fleet.awaitReady(0);
      List<String> ids = tweets.stream().map(RawTweet::id).toList();
      DrillContext.awaitIds(out, ids, Duration.ofMinutes(c.full ? 15 : 8));
      Thread.sleep(3_000);
      IdCount count = IdCount.of(ids, out.snapshot().stream().map(OutputLog.Arrival::id).toList());
      fleet.stopAll();
      double limit = SentimentStreamApp.CLOSE_TIMEOUT.toSeconds();
      String measured =
          String.format(
              Locale.ROOT,
              "SIGTERM after %,d of %,d results: exited with %d after %.1f s (limit %.0f s);"
                  + " log says \"Stream app stopped\" (Streams closed, model freed): %s; after"
                  + " the restart: %s",
              before,
              n,
              exit,
              stopSeconds,
              limit,
              closedCleanly,
              count);
      return DrillContext.row(
          name(),
          String.format(
              Locale.ROOT,
              "a backlog of %,d tweets; SIGTERM to the app once about a quarter to a half is out;"
                  + " start it again",
              n),
          "exits on SIGTERM within the close timeout, Streams closed (open transaction committed"
              + " or aborted); every id exactly once after the restart",
          measured,
          exitedOnTerm && stopSeconds <= limit && closedCleanly && count.exactlyOnce(),
          t0);
    } finally {
      fleet.stopAll();
    }
  }
}
