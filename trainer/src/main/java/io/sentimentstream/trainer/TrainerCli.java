package io.sentimentstream.trainer;

import io.sentimentstream.serde.AvroLimits;
import io.sentimentstream.trainer.cli.EvaluateCommand;
import io.sentimentstream.trainer.cli.FeedLabelsCommand;
import io.sentimentstream.trainer.cli.KeygenCommand;
import io.sentimentstream.trainer.cli.ServeCommand;
import io.sentimentstream.trainer.cli.TrainCommand;
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

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    AvroLimits.apply(); // before anything decodes Avro
    System.exit(commandLine().execute(args));
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
