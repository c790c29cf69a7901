package io.sentimentstream.classifier;

import java.util.Objects;

/**
 * How to open an encoder.
 *
 * @param model a shipped encoder name ({@code e5-small-v2}, {@code all-minilm-l6-v2}, {@code
 *     bge-small-en-v1.5}) or the path of a Hugging Face BERT checkpoint directory ({@code
 *     config.json}, {@code model.safetensors}, {@code tokenizer.json})
 * @param maxLength tokens per text including special tokens; longer texts are truncated (2..512)
 * @param pooling how token states become a vector; null for the encoder's default
 * @param device where to run
 * @param fp16 half-precision weights and activations; GPU only
 * @param matmulPrecision the float32 GEMMs' internal precision (process-wide; see {@link
 *     MatmulPrecision})
 */
public record EncoderOptions(
    String model,
    int maxLength,
    Pooling pooling,
    Device device,
    boolean fp16,
    MatmulPrecision matmulPrecision) {
  /** The default encoder's name. */
  public static final String DEFAULT_MODEL = "e5-small-v2";

  /** The fast encoder's name (half the layers of the default). */
  public static final String FAST_MODEL = "all-minilm-l6-v2";

  /** Default maximum length: covers nearly all tweets (the tutorial's 25 cut many). */
  public static final int DEFAULT_MAX_LENGTH = 64;

  /** Validates; messages name the offending option. */
  public EncoderOptions {
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("encoder option 'model' is empty");
    }
    if (maxLength < 2 || maxLength > 512) {
      throw new IllegalArgumentException(
          "encoder option 'maxLength' must be within 2..512, got " + maxLength);
    }
    Objects.requireNonNull(device, "encoder option 'device' is null");
    Objects.requireNonNull(matmulPrecision, "encoder option 'matmulPrecision' is null");
  }

  /** e5-small-v2, max length 64, its default pooling, device AUTO, fp32, matmul precision AUTO. */
  public static EncoderOptions defaults() {
    return new EncoderOptions(
        DEFAULT_MODEL, DEFAULT_MAX_LENGTH, null, Device.AUTO, false, MatmulPrecision.AUTO);
  }

  /** A copy with another model (name or checkpoint directory). */
  public EncoderOptions withModel(String m) {
    return new EncoderOptions(m, maxLength, pooling, device, fp16, matmulPrecision);
  }

  /** A copy with another maximum length. */
  public EncoderOptions withMaxLength(int n) {
    return new EncoderOptions(model, n, pooling, device, fp16, matmulPrecision);
  }

  /** A copy with another pooling (null: the encoder's default). */
  public EncoderOptions withPooling(Pooling p) {
    return new EncoderOptions(model, maxLength, p, device, fp16, matmulPrecision);
  }

  /** A copy with another device. */
  public EncoderOptions withDevice(Device d) {
    return new EncoderOptions(model, maxLength, pooling, d, fp16, matmulPrecision);
  }

  /** A copy with fp16 on or off. */
  public EncoderOptions withFp16(boolean on) {
    return new EncoderOptions(model, maxLength, pooling, device, on, matmulPrecision);
  }

  /** A copy with another matmul precision. */
  public EncoderOptions withMatmulPrecision(MatmulPrecision p) {
    return new EncoderOptions(model, maxLength, pooling, device, fp16, p);
  }
}
