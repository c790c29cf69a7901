package io.sentimentstream.localstack.internals;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds command lines for child JVMs that run on the same Java as this one, via {@link ChildMain}.
 */
public final class JavaCommand {
  private JavaCommand() {}

  /** Returns the {@code java} executable of the running JVM. */
  public static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * Returns the command that runs {@code mainClass} on {@code classpath} under {@link ChildMain},
   * with options suited to local services: a small serial-GC heap and client-compiler-only JIT,
   * which starts faster and takes less CPU on a two-core machine shared with test JVMs.
   *
   * @param jvmOptions extra options (system properties) placed before the main class
   */
  public static List<String> of(
      String maxHeap,
      String classpath,
      List<String> jvmOptions,
      String mainClass,
      List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(javaExecutable());
    command.add("-Xmx" + maxHeap);
    command.add("-XX:+UseSerialGC");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-Djava.awt.headless=true");
    command.addAll(jvmOptions);
    command.add("-cp");
    // Only ChildMain (JDK-only) is loaded from this module's own location.
    command.add(ownLocation() + File.pathSeparator + classpath);
    command.add(ChildMain.class.getName());
    command.add(mainClass);
    command.addAll(args);
    return command;
  }

  /** Returns the jar or directory this module's classes are loaded from. */
  static String ownLocation() {
    try {
      return Path.of(ChildMain.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toString();
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException(
          "Cannot tell where the local-stack classes are loaded from", e);
    }
  }
}
