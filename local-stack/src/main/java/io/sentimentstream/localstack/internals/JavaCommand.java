package io.sentimentstream.localstack.internals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builds command lines for child JVMs that run on the same Java as this one. */
public final class JavaCommand {
  private JavaCommand() {}

  /** Returns the {@code java} executable of the running JVM. */
  public static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * Returns {@code java <jvmOptions> <rest>} with options suited to short-lived local services: a
   * small serial-GC heap and client-compiler-only JIT, which starts faster and uses less CPU on a
   * two-core machine shared with test JVMs.
   */
  public static List<String> of(String maxHeap, List<String> rest) {
    List<String> command = new ArrayList<>();
    command.add(javaExecutable());
    command.add("-Xmx" + maxHeap);
    command.add("-XX:+UseSerialGC");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-Djava.awt.headless=true");
    command.addAll(rest);
    return command;
  }
}
