package io.sentimentstream.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MKL shim on the real engine: a child JVM started with it preloaded opens the default encoder,
 * and the dynamic linker's own trace ({@code LD_DEBUG=bindings}, every binding made at load time
 * with {@code LD_BIND_NOW}) must show libtorch's {@code mkl_serv_intel_cpu_true} bound to the shim,
 * not to libtorch's own copy. Whether MKL then runs faster depends on the processor (only AMD's
 * gain): that is the encoder benchmark's question, not this test's.
 */
@Tag("integration")
class MklShimIT {
  private static final Pattern BOUND =
      Pattern.compile(
          "binding file \\S*libtorch_cpu\\.so \\[0\\] to \\S*"
              + Pattern.quote(MklShim.fileName())
              + " \\[0\\]: normal symbol `mkl_serv_intel_cpu_true'");

  /** The child: opens the encoder, embeds a text, prints what {@link MklShim#status} says. */
  public static final class Probe {
    public static void main(String[] args) {
      try (Encoder e = Encoders.open(EncoderOptions.defaults())) {
        e.embed(List.of("the shim is in"));
      }
      System.out.println("loaded=" + MklShim.status().loaded());
    }
  }

  @Test
  void libtorchBindsItsMklCpuCheckToThePreloadedShim(@TempDir Path dir) throws Exception {
    Path shim = MklShim.write(dir.resolve(MklShim.fileName()));
    assertThat(MklShim.status().loaded()).as("this JVM started without the shim").isFalse();

    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Probe.class.getName())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("out.txt").toFile());
    pb.environment().put("LD_PRELOAD", shim.toString());
    pb.environment().put("LD_BIND_NOW", "1");
    pb.environment().put("LD_DEBUG", "bindings");
    pb.environment().put("LD_DEBUG_OUTPUT", dir.resolve("ld").toString());
    Process p = pb.start();
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("probe finished").isTrue();
    String out = Files.readString(dir.resolve("out.txt"));
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).doesNotContain("cannot be preloaded").contains("loaded=true");
    assertThat(boundInTrace(dir))
        .as("libtorch_cpu.so bound to the shim in the ld.so trace")
        .isTrue();
  }

  private static boolean boundInTrace(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(f -> f.getFileName().toString().startsWith("ld.")).toList()) {
        try (Stream<String> lines = Files.lines(f, StandardCharsets.ISO_8859_1)) {
          if (lines.anyMatch(l -> BOUND.matcher(l).find())) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
