package io.sentimentstream.drills;

import io.sentimentstream.classifier.EncoderId;
import io.sentimentstream.localstack.LocalStack;
import io.sentimentstream.stream.testing.ItSupport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The rolling-update drill on real processes: what the StatefulSet controller does to the stream
 * apps, done by hand (no cluster here). N stream apps as child JVMs on an N*2-partition topic under
 * a steady load of about half the measured capacity; then, from the highest ordinal down, SIGTERM,
 * wait for the exit, start again with a new model bundle (head v2), wait for ready and 10 s
 * (minReadySeconds), next. Run once with static membership (group.instance.id per ordinal) and once
 * with dynamic. Prints, per mode: rebalances during the roll (from the broker's log), the longest
 * output gap overall and on one partition, p50/p99 latency steady vs during the roll, ids missing
 * or duplicated in the read_committed output, and how many results after the roll carry v2. Run by
 * {@link RollingUpdateDrillIT}: a short form by default, the full one with {@code
 * -Ddrill.args=...}.
 */
@Command(name = "rolling-update-drill", mixinStandardHelpOptions = true)
public final class RollingUpdateDrill implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(RollingUpdateDrill.class);

  @Option(
      names = "--modes",
      split = ",",
      defaultValue = "static,dynamic",
      description = "static, dynamic (rolling update) and/or scale (1 -> N -> 1 instances).")
  List<String> modes;

  @Option(names = "--instances", defaultValue = "3")
  int instances;

  @Option(names = "--partitions", defaultValue = "6")
  int partitions;

  @Option(
      names = "--rate",
      defaultValue = "0",
      description = "Tweets/s of the steady load; 0 = half the capacity measured first.")
  double rate;

  @Option(names = "--capacity-tweets", defaultValue = "600")
  int capacityTweets;

  @Option(names = "--steady-seconds", defaultValue = "30")
  int steadySeconds;

  @Option(names = "--after-seconds", defaultValue = "20")
  int afterSeconds;

  @Option(names = "--static-session-timeout-ms", defaultValue = "120000")
  int staticSessionMs;

  @Option(
      names = "--dynamic-session-timeout-ms",
      defaultValue = "45000",
      description = "Kafka's default: what a deployment without static membership has.")
  int dynamicSessionMs;

  /** The scale run's result, when {@code --modes} included {@code scale}. */
  ScaleRun.Result scale;

  @Option(names = "--dir", description = "Work directory (default stream-app/target/drill).")
  Path dir;

  /** A drill with these command-line options (see {@code --help}). */
  public static RollingUpdateDrill parse(String... args) {
    RollingUpdateDrill d = new RollingUpdateDrill();
    new CommandLine(d).parseArgs(args);
    return d;
  }

  @Override
  public Integer call() throws Exception {
    List<DrillRun.Result> results = run();
    return results.stream().allMatch(DrillRun.Result::exactlyOnce) ? 0 : 1;
  }

  /** Runs every mode on one local stack and returns what each measured. */
  public List<DrillRun.Result> run() throws Exception {
    Path work = (dir != null ? dir : Path.of("target", "drill")).toAbsolutePath();
    List<DrillRun.Result> results = new ArrayList<>();
    try (LocalStack stack = LocalStack.start(work.resolve("stack"))) {
      EncoderId encoder = ItSupport.encoderId();
      Path v1 = ItSupport.bundle(work.resolve("bundle-v1"), ItSupport.head(encoder, 1, 1));
      Path v2 = ItSupport.bundle(work.resolve("bundle-v2"), ItSupport.head(encoder, 2, 2));
      List<ItSupport.RawTweet> texts = ItSupport.gopTweets(2000);
      double steadyRate = rate;
      for (String mode : modes) {
        if (mode.equals("scale")) {
          ScaleRun.Result r =
              new ScaleRun(
                      stack,
                      work.resolve("scale"),
                      instances,
                      partitions,
                      true,
                      staticSessionMs,
                      v1,
                      texts)
                  .execute(capacityTweets, 15);
          log.info("{}", ScaleRun.table(r));
          scale = r;
          continue;
        }
        boolean isStatic = mode.toLowerCase(Locale.ROOT).equals("static");
        DrillRun run =
            new DrillRun(
                stack,
                work.resolve(mode),
                mode,
                instances,
                partitions,
                isStatic,
                isStatic ? staticSessionMs : dynamicSessionMs,
                v1,
                v2,
                texts);
        DrillRun.Result r = run.execute(steadyRate, capacityTweets, steadySeconds, afterSeconds);
        steadyRate = r.rate(); // the second mode runs at the same load as the first
        results.add(r);
        log.info("{}", DrillRun.table(results));
      }
    }
    return results;
  }
}
