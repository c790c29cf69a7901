package io.sentimentstream.tools;

import io.sentimentstream.serde.AvroLimits;
import io.sentimentstream.tools.cli.DemoCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Command-line entry point of the developer tools: {@code demo}, which starts a local broker and
 * schema registry, the stream app and a feeder on one machine. Kept out of the stream app's
 * artifact so that the production image carries no local stack.
 */
@Command(
    name = "sentiment-stream-tools",
    mixinStandardHelpOptions = true,
    description = "Developer tools for sentiment-stream.",
    subcommands = {DemoCommand.class})
public final class ToolsMain {
  /** Runs a subcommand and exits with its code. */
  public static void main(String[] args) {
    AvroLimits.apply(); // before anything decodes Avro
    System.exit(new CommandLine(new ToolsMain()).execute(args));
  }
}
