package io.sentimentstream.localstack.internals;

import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;

/**
 * Child-JVM entry point that formats the broker's storage and then runs the broker, in one JVM: a
 * separate JVM for {@code kafka-storage format} would cost a second or more of start-up.
 *
 * <p>Usage: {@code KafkaServerMain <cluster id> <server.properties>}. Runs on the broker's
 * classpath, so Kafka is called by reflection; this module never links against the broker.
 */
public final class KafkaServerMain {
  private KafkaServerMain() {}

  /** Formats storage (keeping an already formatted one), then starts {@code kafka.Kafka}. */
  public static void main(String[] args) throws Throwable {
    if (args.length != 2) {
      throw new IllegalArgumentException("Usage: KafkaServerMain <cluster id> <server.properties>");
    }
    String[] format = {
      "format", "--standalone", "--ignore-formatted", "-t", args[0], "-c", args[1]
    };
    int exitCode =
        (int)
            invoke(
                "kafka.tools.StorageTool",
                "execute",
                new Class<?>[] {String[].class, PrintStream.class},
                format,
                System.out);
    if (exitCode != 0) {
      System.err.println("kafka.tools.StorageTool format failed with exit code " + exitCode);
      System.exit(exitCode);
    }
    invoke("kafka.Kafka", "main", new Class<?>[] {String[].class}, (Object) new String[] {args[1]});
  }

  private static Object invoke(String className, String method, Class<?>[] types, Object... args)
      throws Throwable {
    try {
      return Class.forName(className).getMethod(method, types).invoke(null, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "The broker classpath has no " + className + "." + method + ": wrong Kafka version?", e);
    }
  }
}
