package io.sentimentstream.trainer;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The trainer's command line: {@code train}, {@code evaluate} and {@code serve}. */
@Command(
    name = "trainer",
    mixinStandardHelpOptions = true,
    version = "sentiment-stream trainer",
    description = "Trains, evaluates and publishes sentiment classification heads.",
    subcommands = {TrainCommand.class, EvaluateCommand.class, ServeCommand.class})
public final class TrainerCli {
  /** The root command (picocli instantiates the subcommands). */
  public TrainerCli() {}

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new TrainerCli()).execute(args));
  }
}
