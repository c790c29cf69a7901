package io.sentimentstream.classifier;

import ai.djl.engine.Engine;
import io.sentimentstream.classifier.internals.BatchTokenizer;
import io.sentimentstream.classifier.internals.BertEncoder;
import io.sentimentstream.classifier.internals.BertModel;
import io.sentimentstream.classifier.internals.EncoderSource;
import io.sentimentstream.classifier.internals.HfCheckpoint;
import io.sentimentstream.classifier.internals.ShippedEncoder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens BERT encoders on DJL's PyTorch engine, from a shipped encoder or a Hugging Face checkpoint
 * directory. Each call loads the weights anew (~1-2 s, ~130 MB native memory for the small
 * encoders): open once and share, the encoders are thread-safe.
 */
public final class Encoders {
  private static final Logger LOG = LoggerFactory.getLogger(Encoders.class);

  /**
   * DJL's system property for PyTorch's intra-op threads, read once when the engine starts. Unset,
   * PyTorch uses every core, which is fastest on dedicated cores (e5 batch 32 on 2 idle cores:
   * 96-104 sentences/s with 2 threads, 58-60 with 1). On cores shared with another busy process,
   * set it to 1: with more, each op meets at an OpenMP barrier and waits for a descheduled thread
   * (measured e5 batch 1 at 1 sentence/s with 2 threads versus 32 with 1 on a loaded 2-core
   * machine).
   */
  public static final String THREADS_PROPERTY = "ai.djl.pytorch.num_threads";

  private Encoders() {}

  /**
   * Opens an encoder.
   *
   * @throws IllegalArgumentException for an unknown model, impossible pooling or device choice
   * @throws UncheckedIOException when weights or tokenizer cannot be read (message names the file)
   */
  public static Encoder open(EncoderOptions options) {
    Objects.requireNonNull(options, "encoder options are null");
    MklShim.logOnce();
    long start = System.nanoTime();
    EncoderSource src = load(options.model());
    return open(src, options, start);
  }

  /** Reads weights and tokenizer of a shipped encoder name or checkpoint directory. */
  static EncoderSource load(String model) {
    Optional<ShippedEncoder> shipped = ShippedEncoder.byName(model);
    try {
      if (shipped.isPresent()) {
        return shipped.get().load();
      }
      Path dir = Path.of(model);
      if (!Files.isDirectory(dir)) {
        throw new IllegalArgumentException(
            "encoder option 'model': '"
                + model
                + "' is neither a shipped encoder "
                + ShippedEncoder.names()
                + " nor a checkpoint directory");
      }
      return HfCheckpoint.read(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load encoder '" + model + "': " + e.getMessage(), e);
    }
  }

  /** Builds an encoder from loaded parts (also used to open a checkpoint written in a test). */
  static Encoder open(EncoderSource src, EncoderOptions options, long startNanos) {
    Pooling pooling = options.pooling() != null ? options.pooling() : src.defaultPooling();
    if (pooling == Pooling.POOLER && !src.weights().hasPooler()) {
      throw new IllegalArgumentException(
          "encoder option 'pooling': POOLER needs pooler weights, which " + src.name() + " lacks");
    }
    int positions = src.weights().config().maxPositions();
    if (options.maxLength() > positions) {
      throw new IllegalArgumentException(
          "encoder option 'maxLength' "
              + options.maxLength()
              + " exceeds "
              + src.name()
              + "'s "
              + positions
              + " positions");
    }
    ai.djl.Device device = selectDevice(options.device(), options.fp16());
    EncoderId id = new EncoderId(src.name(), src.weights().fingerprint());
    BatchTokenizer tokenizer;
    try {
      tokenizer =
          new BatchTokenizer(
              new ByteArrayInputStream(src.tokenizerJson()),
              src.textPrefix(),
              options.maxLength(),
              src.name());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    BertModel model;
    try {
      model = new BertModel(src.weights(), device, options.fp16());
    } catch (RuntimeException e) {
      tokenizer.close();
      throw e;
    }
    String precision;
    try {
      precision = applyMatmulPrecision(options.matmulPrecision(), device.isGpu());
    } catch (RuntimeException e) {
      model.close();
      tokenizer.close();
      throw e;
    }
    LOG.info(
        "Opened encoder {} ({} layers x {}, pooling {}, max length {}) on {} with {}={}, matmul"
            + " precision {} in {} ms",
        id,
        src.weights().config().layers(),
        src.weights().config().hidden(),
        pooling,
        options.maxLength(),
        device,
        THREADS_PROPERTY,
        System.getProperty(THREADS_PROPERTY, "unset (all cores)"),
        precision,
        (System.nanoTime() - startNanos) / 1_000_000);
    return new BertEncoder(
        id,
        tokenizer,
        model,
        src.weights(),
        options.fp16(),
        pooling,
        ForwardPasses.MAX_ROWS,
        ForwardPasses.TOKEN_BUDGET);
  }

  /** Resolves and sets the process-wide matmul precision; returns it described for the log. */
  private static String applyMatmulPrecision(MatmulPrecision wanted, boolean gpu) {
    java.util.Set<String> flags = MatmulPrecision.cpuFlags();
    MatmulPrecision p = wanted.resolve(gpu, flags);
    try {
      p.apply();
    } catch (RuntimeException | LinkageError e) {
      if (p == MatmulPrecision.MEDIUM && wanted == MatmulPrecision.MEDIUM) {
        throw new IllegalArgumentException(
            "encoder option 'matmulPrecision' is MEDIUM but libtorch's precision cannot be set: "
                + e.getMessage(),
            e);
      }
      LOG.warn("Cannot set libtorch's matmul precision ({}); it stays at HIGHEST", e.getMessage());
      return "HIGHEST (could not be set)";
    }
    String why = wanted == MatmulPrecision.AUTO ? "auto" : "set";
    return p + " (" + why + "; CPU bf16 flags: " + MatmulPrecision.bf16FlagsPresent(flags) + ")";
  }

  private static ai.djl.Device selectDevice(Device wanted, boolean fp16) {
    int gpus = Engine.getEngine("PyTorch").getGpuCount();
    ai.djl.Device device =
        switch (wanted) {
          case CPU -> ai.djl.Device.cpu();
          case AUTO -> gpus > 0 ? ai.djl.Device.gpu() : ai.djl.Device.cpu();
          case GPU -> {
            if (gpus == 0) {
              throw new IllegalArgumentException(
                  "encoder option 'device' is GPU but the PyTorch engine sees no GPU");
            }
            yield ai.djl.Device.gpu();
          }
        };
    if (fp16 && !device.isGpu()) {
      throw new IllegalArgumentException(
          "encoder option 'fp16' needs a GPU, but the encoder runs on the CPU: set fp16=false");
    }
    return device;
  }
}
