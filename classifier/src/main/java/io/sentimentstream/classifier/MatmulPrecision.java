package io.sentimentstream.classifier;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The internal precision of the encoder's float32 matrix products: libtorch's {@code
 * torch.set_float32_matmul_precision}. Inputs, outputs, weights and every other op stay float32;
 * only the GEMMs' inputs may be rounded to bfloat16 (with float32 accumulation), which lets oneDNN
 * run them on the CPU's bf16 units (AMX or AVX-512 BF16). The setting is process-wide: the last
 * encoder opened decides it for every encoder in the process.
 */
public enum MatmulPrecision {
  /** {@link #MEDIUM} on a CPU with AMX-BF16 or AVX-512 BF16, else {@link #HIGHEST}. */
  AUTO,
  /** Full float32 GEMMs (libtorch's default; MKL on the CPU). */
  HIGHEST,
  /** bfloat16 GEMM inputs with float32 accumulation (oneDNN; 2-3x faster GEMMs on AMX). */
  MEDIUM;

  /** The CPU flags that make {@link #AUTO} choose {@link #MEDIUM}. */
  public static final Set<String> BF16_FLAGS = Set.of("amx_bf16", "avx512_bf16");

  /**
   * What this choice means on a device. AUTO keeps GPUs at HIGHEST: their fast float32 mode (TF32)
   * is a separate decision this project has not measured.
   *
   * @param cpuFlags the CPU's feature flags, as /proc/cpuinfo spells them
   */
  public MatmulPrecision resolve(boolean gpu, Set<String> cpuFlags) {
    if (this != AUTO) {
      return this;
    }
    boolean bf16 = !gpu && cpuFlags.stream().anyMatch(BF16_FLAGS::contains);
    return bf16 ? MEDIUM : HIGHEST;
  }

  /**
   * The precision libtorch holds now (set by the last encoder opened); HIGHEST when it cannot be
   * read, which is libtorch's default.
   */
  public static MatmulPrecision current() {
    try {
      return Libtorch.matmulPrecision() == 2 ? MEDIUM : HIGHEST; // HIGH (1) is not used here
    } catch (RuntimeException | LinkageError e) {
      return HIGHEST;
    }
  }

  /**
   * Makes this (HIGHEST or MEDIUM) libtorch's process-wide precision. The PyTorch engine must be
   * loaded (an NDManager opened) first.
   *
   * @throws IllegalArgumentException for AUTO (resolve it first)
   * @throws IllegalStateException naming what is missing when libtorch cannot be reached
   */
  public void apply() {
    if (this == AUTO) {
      throw new IllegalArgumentException("resolve AUTO before setting it");
    }
    Libtorch.setMatmulPrecision(this == MEDIUM ? 2 : 0);
  }

  /** This machine's CPU flags from /proc/cpuinfo; empty where there is none. */
  public static Set<String> cpuFlags() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      return lines
          .filter(l -> l.startsWith("flags"))
          .findFirst()
          .map(l -> Set.of(l.substring(l.indexOf(':') + 1).trim().split("\\s+")))
          .orElse(Set.of());
    } catch (IOException | RuntimeException e) {
      return Set.of();
    }
  }

  /** The {@link #BF16_FLAGS} this CPU has, joined for a log line ("none" when none). */
  public static String bf16FlagsPresent(Set<String> cpuFlags) {
    String s =
        cpuFlags.stream().filter(BF16_FLAGS::contains).sorted().collect(Collectors.joining(","));
    return s.isEmpty() ? "none" : s;
  }
}
