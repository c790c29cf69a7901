package io.sentimentstream.trainer;

import io.sentimentstream.trainer.cli.FeedLabelsCommand;
import io.sentimentstream.trainer.cli.KeygenCommand;
import java.util.Map;
import java.util.Properties;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The trainer's command line: {@code train}, {@code evaluate} and {@code serve}. */
@Command(
    name = "trainer",
    mixinStandardHelpOptions = true,
    version = "sentiment-stream trainer",
    description = "Trains, evaluates and publishes sentiment classification heads.",
    subcommands = {
      TrainCommand.class,
      EvaluateCommand.class,
      ServeCommand.class,
      FeedLabelsCommand.class,
      KeygenCommand.class
    })
public final class TrainerCli {
  /** The root command (picocli instantiates the subcommands). */
  public TrainerCli() {}

  /**
   * Avro's decoder limits for this process, set before any Avro class is loaded (Avro reads them
   * once, when {@code org.apache.avro.SystemLimitException} is initialised), unless set already,
   * e.g. with {@code -D} on the command line. Avro's defaults are 2 GiB a string or bytes field and
   * 2^31 collection items, and it allocates the announced size before it reads the data. The wire
   * codec already checks every length against the bytes left in the record, so these are defence in
   * depth for any other Avro use: a string here is a text or a label (well under 1 MiB), bytes are
   * a model head (a ModelUpdate is at most Kafka's max.request.size, 1 MiB by default), and no
   * record the trainer reads has more than a few items in a collection.
   */
  public static final Map<String, String> AVRO_LIMITS =
      Map.of(
          "org.apache.avro.limits.string.maxLength", Integer.toString(8 << 20),
          "org.apache.avro.limits.bytes.maxLength", Integer.toString(64 << 20),
          "org.apache.avro.limits.collectionItems.maxLength", Integer.toString(1_000_000));

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    setAvroLimits(System.getProperties());
    System.exit(commandLine().execute(args));
  }

  /** Puts each of {@link #AVRO_LIMITS} into {@code properties} unless it is there already. */
  public static void setAvroLimits(Properties properties) {
    AVRO_LIMITS.forEach(properties::putIfAbsent);
  }

  /**
   * The command line with its error handling: a failing command prints one line naming the problem
   * (bad file, bad column, bad value) instead of a stack trace, and exits with status 1.
   */
  public static CommandLine commandLine() {
    return new CommandLine(new TrainerCli())
        .setExecutionExceptionHandler(
            (ex, cl, parsed) -> {
              LoggerFactory.getLogger(TrainerCli.class).debug("command failed", ex);
              cl.getErr().println("error: " + ex.getMessage());
              return 1;
            });
  }
}
