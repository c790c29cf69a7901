package io.sentimentstream.stream;

import io.sentimentstream.stream.cli.DemoCommand;
import io.sentimentstream.stream.cli.RunCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Command-line entry point of the stream app: {@code run} and {@code demo}. */
@Command(
    name = "sentiment-stream",
    mixinStandardHelpOptions = true,
    description = "Streaming tweet sentiment on Kafka Streams.",
    subcommands = {RunCommand.class, DemoCommand.class})
public final class StreamAppMain {
  /** Runs a subcommand and exits with its code. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new StreamAppMain()).execute(args));
  }
}
