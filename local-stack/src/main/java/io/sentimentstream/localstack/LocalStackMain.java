package io.sentimentstream.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Command that starts a {@link LocalStack} for a person, prints how to reach it, and keeps it
 * running until Ctrl-C (or SIGTERM).
 *
 * <p>Usage: {@code LocalStackMain [data-dir]}; without a directory, a fresh temporary one is used.
 * From the project root: {@code mvn -B -q -pl local-stack exec:java} (optionally {@code
 * -Dexec.args=target/my-stack}).
 */
public final class LocalStackMain {
  private LocalStackMain() {}

  /** Starts the stack and blocks until the JVM is asked to stop. */
  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length > 1 || (args.length == 1 && args[0].startsWith("-"))) {
      System.err.println("Usage: LocalStackMain [data-dir]");
      System.exit(2);
    }
    Path dir =
        args.length == 1 ? Path.of(args[0]) : Files.createTempDirectory("sentiment-local-stack-");
    LocalStack stack = LocalStack.start(dir);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stack.close();
                  stopped.countDown();
                },
                "local-stack-main-stop"));
    System.out.println("Kafka bootstrap servers: " + stack.bootstrapServers());
    System.out.println("Schema registry URL:     " + stack.registryUrl());
    System.out.println("Files and logs:          " + stack.dataDir());
    System.out.println("Press Ctrl-C to stop.");
    System.out.flush();
    stopped.await();
  }
}
