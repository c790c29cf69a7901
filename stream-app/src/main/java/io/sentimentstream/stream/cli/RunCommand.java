package io.sentimentstream.stream.cli;

import io.sentimentstream.ops.ConfigLayers;
import io.sentimentstream.stream.SentimentStreamApp;
import io.sentimentstream.stream.StreamConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code run}: the stream app against the configured Kafka and schema registry, until SIGTERM. */
@Command(name = "run", description = "Run the stream app (config: defaults < --config file < env).")
public final class RunCommand implements Callable<Integer> {
  @Option(names = "--config", description = "Properties file with app and Kafka keys.")
  Path config;

  @Override
  public Integer call() throws Exception {
    SentimentStreamApp app;
    try {
      // Parsing and start-up checks alike: a value that cannot work is one line and exit 2.
      app =
          SentimentStreamApp.start(
              StreamConfig.fromLayers(ConfigLayers.readFile(config), System.getenv()));
    } catch (ConfigException e) {
      System.err.println("Configuration error: " + e.getMessage());
      return 2;
    }
    return runUntilStopped(app);
  }

  /** Blocks until SIGTERM/Ctrl-C (clean close, exit 0) or the app dies (exit 1). */
  static int runUntilStopped(SentimentStreamApp app) throws InterruptedException {
    CountDownLatch stop = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              stop.countDown();
              app.close();
            },
            "shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    while (!stop.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
      KafkaStreams.State s = app.streams().state();
      if (s == KafkaStreams.State.ERROR || s == KafkaStreams.State.NOT_RUNNING) {
        System.err.println("Kafka Streams stopped (state " + s + "); exiting");
        app.close();
        return 1;
      }
    }
    return 0;
  }
}
