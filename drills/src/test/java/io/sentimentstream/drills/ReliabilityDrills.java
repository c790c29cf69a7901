package io.sentimentstream.drills;

import io.sentimentstream.localstack.LocalStack;
import io.sentimentstream.stream.testing.ItSupport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The reliability drills, one command: starts a real local stack (Kafka broker + schema registry as
 * child JVMs), runs each drill against stream apps in child JVMs (the real DJL engine on the fast
 * encoder), and writes {@code report.md} and {@code report.json}, one row per drill: what was done,
 * what was expected, what was measured, pass or fail. Every drill counts every input id in the
 * read_committed output (or the DLQ): exactly once, or it fails.
 *
 * <pre>
 * mvn -B -q -pl drills exec:exec@drills                                 # full form
 * mvn -B -q -pl drills exec:exec@drills -Ddrills.args="--short --drills poison,crash"
 * </pre>
 *
 * <p>{@link ReliabilityDrillsIT} runs the short form in {@code mvn verify}.
 */
@Command(name = "drills", mixinStandardHelpOptions = true)
public final class ReliabilityDrills implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(ReliabilityDrills.class);

  /**
   * Every drill by name, in the order they run (the registry one last: it empties the registry).
   */
  static final Map<String, DrillContext.Drill> ALL = new LinkedHashMap<>();

  static {
    for (DrillContext.Drill d :
        List.of(
            new CrashDrill(),
            new PoisonDrill(),
            new HostileInputDrill(),
            new ModelUpdateDrill(),
            new ModelRollbackDrill(),
            new CleanStopDrill(),
            new BrokerRestartDrill(),
            new SecureStackDrill(),
            new RegistryOutageDrill())) {
      ALL.put(d.name(), d);
    }
  }

  @Option(names = "--short", description = "Short forms (what mvn verify runs).")
  boolean shortForm;

  @Option(
      names = "--drills",
      split = ",",
      description =
          "Which drills (default all): crash, poison, hostile-input, bad-model-updates,"
              + " model-rollback, clean-stop,"
              + " broker-restart, tls-sasl, registry-outage.")
  List<String> drills;

  @Option(names = "--seed", defaultValue = "11", description = "Seeds the random kill points.")
  long seed;

  @Option(names = "--dir", description = "Report and work directory (default target/drills).")
  Path dir;

  /** Runs the drills; exits 0 if every one passed. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new ReliabilityDrills()).execute(args));
  }

  /** Drills with these command-line options (see {@code --help}). */
  static ReliabilityDrills parse(String... args) {
    ReliabilityDrills d = new ReliabilityDrills();
    new CommandLine(d).parseArgs(args);
    return d;
  }

  @Override
  public Integer call() throws Exception {
    DrillReport report = run();
    System.out.println(report.markdown());
    return report.allPassed() ? 0 : 1;
  }

  /** Runs the chosen drills on one local stack and writes the report; returns it. */
  DrillReport run() throws Exception {
    Path out = (dir != null ? dir : Path.of("target", "drills")).toAbsolutePath();
    Path work = out.resolve("run-" + System.currentTimeMillis());
    List<DrillContext.Drill> chosen = new ArrayList<>();
    for (String name : drills == null ? List.copyOf(ALL.keySet()) : drills) {
      DrillContext.Drill d = ALL.get(name);
      if (d == null) {
        throw new CommandLine.ParameterException(
            new CommandLine(this), "--drills: no drill '" + name + "'; known: " + ALL.keySet());
      }
      chosen.add(d);
    }
    DrillReport report = new DrillReport(shortForm ? "short" : "full");
    try (LocalStack stack = LocalStack.start(work.resolve("stack"))) {
      Path bundle =
          ItSupport.bundle(work.resolve("bundle-v1"), ItSupport.head(ItSupport.encoderId(), 1, 1));
      DrillContext c = new DrillContext(stack, work, !shortForm, seed, bundle);
      for (DrillContext.Drill d : chosen) {
        long t0 = System.nanoTime();
        log.info("Drill {} ({} form) starting", d.name(), report.form());
        DrillReport.Row row;
        try {
          row = d.run(c);
        } catch (Exception | AssertionError e) {
          log.error("Drill {} failed with an exception", d.name(), e);
          row = DrillContext.row(d.name(), "(did not finish)", "", "error: " + e, false, t0);
        }
        report.add(row);
        log.info("Drill {}: {} - {}", d.name(), row.pass() ? "pass" : "FAIL", row.measured());
        report.write(out); // after every drill: a run cut short still leaves its rows
      }
    }
    report.write(out);
    log.info("Report in {}", out.resolve("report.md"));
    return report;
  }
}
