package io.sentimentstream.stream.cli;

import io.sentimentstream.ops.ConfigLayers;
import io.sentimentstream.stream.StreamConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code create-topics}: creates the topics the stream app and the trainer use, if missing: tweets,
 * results and the labelled topic with {@code --partitions}, the dead-letter topic with one, and the
 * compacted model topic with one. Names come from the stream app's configuration.
 */
@Command(
    name = "create-topics",
    mixinStandardHelpOptions = true,
    description = "Create the app's topics (model topic compacted) unless they exist.")
public final class CreateTopicsCommand implements Callable<Integer> {
  @Option(
      names = "--partitions",
      defaultValue = "3",
      description =
          "Partitions of the tweets, results and labelled topics (default ${DEFAULT-VALUE}).")
  int partitions;

  @Option(
      names = "--labeled-topic",
      defaultValue = "tweets-labeled",
      description = "The trainer's labelled topic (default ${DEFAULT-VALUE}; empty = none).")
  String labeledTopic;

  @Option(names = "--config", description = "Properties file with app and Kafka keys.")
  Path config;

  @Override
  public Integer call() throws Exception {
    StreamConfig cfg = StreamConfig.fromLayers(ConfigLayers.readFile(config), System.getenv());
    List<String> extra = labeledTopic.isBlank() ? List.of() : List.of(labeledTopic);
    List<String> created = DemoTopics.create(cfg, partitions, extra);
    System.out.println(
        created.isEmpty() ? "All topics exist already" : "Created topics " + created);
    return 0;
  }
}
