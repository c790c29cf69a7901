package io.sentimentstream.classifier;

import io.sentimentstream.classifier.internals.MklShimWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AMD fix for libtorch's MKL. On a processor that is not Intel's, MKL's GEMMs (about 80% of an
 * encoder pass) take a generic code path; PyTorch's maintainers document the fix
 * (pytorch/builder#1245): preload a library whose {@code mkl_serv_intel_cpu_true} returns 1. {@link
 * #write} writes that library; the process must start with {@code LD_PRELOAD} naming it (the
 * container images do that on AMD hosts, see docs/performance.md). {@link #status} says what this
 * process has, and {@link Encoders} logs it once.
 */
public final class MklShim {
  private static final Logger LOG = LoggerFactory.getLogger(MklShim.class);
  private static volatile boolean logged;

  /** The processor vendor and whether the shim is mapped into this process. */
  public record Status(String vendor, boolean loaded) {
    /** True on an AMD processor. */
    public boolean amd() {
      return "AuthenticAMD".equals(vendor);
    }

    /** One line for the log: what the host is, what MKL does, what to do about it. */
    public String describe() {
      if (loaded) {
        return "MKL shim preloaded (" + vendor + "): MKL runs its Intel GEMM kernels";
      }
      if (amd()) {
        return "AMD processor and no MKL shim preloaded: libtorch's MKL GEMMs take their slow"
            + " generic path; start with LD_PRELOAD naming the file `write-mkl-shim` writes"
            + " (docs/performance.md, the MKL shim)";
      }
      return "MKL shim not preloaded; not needed on " + vendor;
    }
  }

  private MklShim() {}

  /** Writes the shim library to {@code file} and returns its path. */
  public static Path write(Path file) throws IOException {
    return MklShimWriter.write(file);
  }

  /** The shim's file name (also its soname). */
  public static String fileName() {
    return MklShimWriter.FILE_NAME;
  }

  /** What this process has: the CPU vendor from /proc/cpuinfo, the shim from /proc/self/maps. */
  public static Status status() {
    return new Status(vendor().orElse("unknown vendor"), mapped());
  }

  /**
   * Logs {@link #status} once per process, at INFO: on AMD without the shim the line says what to
   * do, but nothing is wrong (only slower), so it is no warning; the images preload the shim.
   */
  static void logOnce() {
    if (logged) {
      return;
    }
    logged = true;
    LOG.info(status().describe());
  }

  private static Optional<String> vendor() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      return lines
          .filter(l -> l.startsWith("vendor_id"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst();
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // not Linux: no MKL question to answer
    }
  }

  private static boolean mapped() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/self/maps"))) {
      return lines.anyMatch(l -> l.endsWith("/" + MklShimWriter.FILE_NAME));
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
