package io.sentimentstream.localstack.internals;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The classpath of the child broker JVM: the {@code kafka_2.13} jars and their dependencies, which
 * the build writes into a resource file next to this class (see local-stack/pom.xml).
 *
 * <p>The broker does not run on the caller's classpath because a test classpath carries its own
 * logging binding and possibly other versions of the broker's libraries. System property {@value
 * #OVERRIDE} replaces the computed classpath (e.g. to run against a Kafka distribution's libs).
 */
public final class BrokerClasspath {
  /** System property holding a classpath to use instead of the one written at build time. */
  public static final String OVERRIDE = "localstack.broker.classpath";

  private static final String RESOURCE = "broker.classpath";

  private BrokerClasspath() {}

  /** Returns the broker classpath, failing with a clear message if it is missing or stale. */
  public static String get() {
    String override = System.getProperty(OVERRIDE);
    List<String> entries = new ArrayList<>();
    if (override != null && !override.isBlank()) {
      entries.addAll(List.of(override.trim().split(File.pathSeparator)));
    } else {
      entries.addAll(List.of(read(RESOURCE).split(File.pathSeparator)));
    }
    for (String entry : entries) {
      if (!Files.exists(Path.of(entry))) {
        throw new IllegalStateException(
            "Broker classpath entry "
                + entry
                + " does not exist; rebuild local-stack "
                + "(mvn -B -q -pl local-stack -am install -DskipTests) or set -D"
                + OVERRIDE);
      }
    }
    return String.join(File.pathSeparator, entries);
  }

  private static String read(String resource) {
    try (InputStream in = BrokerClasspath.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "Resource "
                + resource
                + " next to "
                + BrokerClasspath.class.getName()
                + " is missing: it is written by the local-stack Maven build "
                + "(mvn -B -q -pl local-stack -am install -DskipTests), or set -D"
                + OVERRIDE);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read broker classpath resource " + resource, e);
    }
  }
}
