package io.sentimentstream.classifier;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A trained model as a directory: {@value #HEAD_FILE} (the head, see {@link HeadCodec}), {@value
 * #MODEL_CARD_FILE} and {@value #METRICS_FILE}, plus optional report files. The encoder is not in
 * the bundle; the head names the encoder (and its weight fingerprint) it needs. A fine-tuned bundle
 * also has {@value #ADAPTERS_FILE}: low-rank adapters merged into a copy of that encoder's weights.
 */
public final class ModelBundle {
  /** The head's file name. */
  public static final String HEAD_FILE = "head.safetensors";

  /** The adapters' file name (optional: a head-only bundle has none, see {@link AdapterCodec}). */
  public static final String ADAPTERS_FILE = "adapters.safetensors";

  /** The model card's file name. */
  public static final String MODEL_CARD_FILE = "model-card.md";

  /** The metrics' file name. */
  public static final String METRICS_FILE = "metrics.json";

  /** Classpath directory of the built-in default bundle (written by the trainer). */
  public static final String DEFAULT_RESOURCE_DIR = "/io/sentimentstream/classifier/default-model/";

  private ModelBundle() {}

  /** Reads the head of a bundle directory; errors name the directory. */
  public static Head readHead(Path dir) {
    Path file = dir.resolve(HEAD_FILE);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("model bundle " + dir + " has no " + HEAD_FILE);
    }
    return HeadCodec.read(file);
  }

  /**
   * Reads the built-in default head from the classpath.
   *
   * @throws IllegalStateException if the resource is missing (the trainer has not produced it)
   */
  public static Head defaultHead() {
    String resource = DEFAULT_RESOURCE_DIR + HEAD_FILE;
    try (InputStream in = ModelBundle.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "built-in default model missing: classpath resource "
                + resource
                + " not found; "
                + "train one with the trainer and commit it under "
                + "classifier/src/main/resources"
                + DEFAULT_RESOURCE_DIR);
      }
      return HeadCodec.decode(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource + ": " + e.getMessage(), e);
    }
  }

  /** Reads the adapters of a bundle directory, if it has any; errors name the file. */
  public static Optional<Adapters> readAdapters(Path dir) {
    Path file = dir.resolve(ADAPTERS_FILE);
    return Files.isRegularFile(file) ? Optional.of(AdapterCodec.read(file)) : Optional.empty();
  }

  /** Reads the built-in default adapters from the classpath, if the default model has any. */
  public static Optional<Adapters> defaultAdapters() {
    String resource = DEFAULT_RESOURCE_DIR + ADAPTERS_FILE;
    try (InputStream in = ModelBundle.class.getResourceAsStream(resource)) {
      return in == null
          ? Optional.empty()
          : Optional.of(AdapterCodec.decode(ByteBuffer.wrap(in.readAllBytes()), resource));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource + ": " + e.getMessage(), e);
    }
  }
}
