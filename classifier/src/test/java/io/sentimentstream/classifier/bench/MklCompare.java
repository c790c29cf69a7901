package io.sentimentstream.classifier.bench;

import io.sentimentstream.classifier.MklShim;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code --mkl-compare}: the encoder benchmark without and with the MKL shim preloaded. */
final class MklCompare {
  private MklCompare() {}

  /**
   * The MKL shim's effect: this benchmark twice in child JVMs, without and with the shim preloaded
   * ({@code LD_PRELOAD} must be set before a process starts), with the other arguments. ONNX
   * Runtime does not use MKL, so its column is the baseline both runs share.
   */
  static void run(List<String> args) throws Exception {
    Path shim = MklShim.write(Path.of("target", MklShim.fileName()).toAbsolutePath());
    List<String> rest = new ArrayList<>(args);
    rest.remove("--mkl-compare");
    for (boolean preload : new boolean[] {false, true}) {
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.add("-cp");
      cmd.add(classpath());
      for (String key : new String[] {"gop.csv", "ai.djl.offline"}) {
        if (System.getProperty(key) != null) {
          cmd.add("-D" + key + "=" + System.getProperty(key));
        }
      }
      cmd.add(EncoderBenchmark.class.getName());
      cmd.addAll(rest);
      ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
      if (preload) {
        pb.environment().put("LD_PRELOAD", shim.toString());
      }
      System.out.printf(
          Locale.ROOT, "%n#### MKL shim %s%n", preload ? "preloaded" : "not preloaded");
      int rc = pb.start().waitFor();
      if (rc != 0) {
        throw new IllegalStateException("the benchmark child exited " + rc);
      }
    }
  }

  /** The test classpath: exec:java runs this in Maven's JVM, from a class loader of its own. */
  static String classpath() {
    if (EncoderBenchmark.class.getClassLoader() instanceof java.net.URLClassLoader u) {
      StringBuilder b = new StringBuilder();
      for (java.net.URL url : u.getURLs()) {
        b.append(b.length() == 0 ? "" : java.io.File.pathSeparator).append(url.getPath());
      }
      return b.toString();
    }
    return System.getProperty("java.class.path");
  }
}
