package io.sentimentstream.trainer.cli;

import io.sentimentstream.classifier.MatmulPrecision;
import picocli.CommandLine.Option;

/** The {@code --matmul-precision} option, shared by the commands that open an encoder. */
public final class MatmulPrecisionArg {
  @Option(
      names = "--matmul-precision",
      paramLabel = "<precision>",
      defaultValue = "AUTO",
      description =
          "Float32 GEMM precision: HIGHEST, MEDIUM (bf16 inputs, float32 accumulation) or AUTO"
              + " (MEDIUM on a CPU with bf16 units) (default: ${DEFAULT-VALUE}).")
  MatmulPrecision value;

  /** The chosen precision. */
  public MatmulPrecision get() {
    return value;
  }
}
