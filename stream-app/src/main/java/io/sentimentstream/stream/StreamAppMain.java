package io.sentimentstream.stream;

import io.sentimentstream.serde.AvroLimits;
import io.sentimentstream.stream.cli.CreateTopicsCommand;
import io.sentimentstream.stream.cli.ReadResultsCommand;
import io.sentimentstream.stream.cli.ReplayCommand;
import io.sentimentstream.stream.cli.RunCommand;
import io.sentimentstream.stream.cli.WarmupCommand;
import io.sentimentstream.stream.cli.WriteMklShimCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Command-line entry point of the stream app: {@code run}, and the one-shot jobs the Docker stack
 * and the images run ({@code create-topics}, {@code replay}, {@code read-results}, {@code warmup},
 * {@code write-mkl-shim}). The demo, which starts a local broker and registry, is in the tools
 * module, so that this artifact carries no local stack.
 */
@Command(
    name = "sentiment-stream",
    mixinStandardHelpOptions = true,
    description = "Streaming tweet sentiment on Kafka Streams.",
    subcommands = {
      RunCommand.class,
      CreateTopicsCommand.class,
      ReplayCommand.class,
      ReadResultsCommand.class,
      WarmupCommand.class,
      WriteMklShimCommand.class
    })
public final class StreamAppMain {
  /** Runs a subcommand and exits with its code. */
  public static void main(String[] args) {
    AvroLimits.apply(); // before anything decodes Avro
    System.exit(new CommandLine(new StreamAppMain()).execute(args));
  }
}
