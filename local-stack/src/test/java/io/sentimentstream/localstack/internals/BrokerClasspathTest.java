package io.sentimentstream.localstack.internals;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The classpath file written by the build holds the broker's jars and none of this module's. */
class BrokerClasspathTest {
  private final List<String> jars =
      Arrays.stream(BrokerClasspath.get().split(File.pathSeparator))
          .map(entry -> Path.of(entry).getFileName().toString())
          .toList();

  @Test
  void holdsTheBrokerItsLoggingBindingAndSharedLibraries() {
    assertThat(jars)
        .anyMatch(j -> j.startsWith("kafka_2.13-"))
        .anyMatch(j -> j.startsWith("kafka-clients-"))
        .anyMatch(j -> j.startsWith("log4j-slf4j2-impl-"))
        .anyMatch(j -> j.startsWith("scala-library-"))
        // shared with kafka-streams (a test dependency here): must not be lost to its scope
        .anyMatch(j -> j.startsWith("jackson-annotations-"))
        .anyMatch(j -> j.startsWith("zstd-jni-"));
  }

  @Test
  void leavesOutThisModulesLoggingAndTestLibraries() {
    assertThat(jars)
        .noneMatch(j -> j.startsWith("logback-"))
        .noneMatch(j -> j.startsWith("junit-"))
        .noneMatch(j -> j.startsWith("kafka-streams-"))
        .noneMatch(j -> j.startsWith("rocksdbjni-"))
        .noneMatch(j -> j.startsWith("assertj-"));
  }
}
