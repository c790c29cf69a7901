package io.sentimentstream.modelupdates;

import io.sentimentstream.avro.ModelUpdate;
import io.sentimentstream.classifier.EncoderId;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model version floor, which survives restarts: the app never serves, nor accepts, a head older
 * than the highest version it has applied (kept in a small file in its state directory) or the
 * configured {@code model.min.version}.
 *
 * <p>The file ({@value #FILE_NAME}, in {@code <state.dir>/<application.id>}) holds the last applied
 * update's version, encoder and head digest, and the whole signed update, so that a restart can
 * serve it again (after checking its signature with the configured key) even when the model topic
 * has lost it to compaction. It is written to a temporary file, forced to disk and moved over the
 * old one, so a crash leaves the old file or the new one, never half of one.
 *
 * <p>A floor kept for another encoder does not bind: heads only fit the encoder they were trained
 * on, so that floor is history of another model line.
 */
public final class ModelFloor {
  private static final Logger log = LoggerFactory.getLogger(ModelFloor.class);

  /** The floor file's name in the app's state directory. */
  public static final String FILE_NAME = "model-version-floor.properties";

  /**
   * The last applied update as kept in the file (the update is null if it could not be read). The
   * digest is {@link #modelSha256}'s: of the head, and of the adapters too when there are any (the
   * key {@code head.sha256} keeps its name, so files written before adapters still compare equal).
   */
  public record Kept(long version, EncoderId encoder, String headSha256, ModelUpdate update) {}

  private final Path file;
  private final long configured;
  private final String configuredKey;
  private volatile Kept kept;

  private ModelFloor(Path file, long configured, String configuredKey, Kept kept) {
    this.file = file;
    this.configured = configured;
    this.configuredKey = configuredKey;
    this.kept = kept;
  }

  /**
   * Reads the floor kept in {@code file} (none if it does not exist).
   *
   * @param configured the configured minimum version ({@code configuredKey}), 0 for none
   * @throws IllegalStateException naming the file if it exists but cannot be read: a floor that
   *     cannot be read is not silently dropped
   */
  public static ModelFloor open(Path file, long configured, String configuredKey) {
    return new ModelFloor(file, configured, configuredKey, read(file));
  }

  /** A floor only of {@code configured}, kept nowhere (tests, and apps without a state dir). */
  public static ModelFloor inMemory(long configured, String configuredKey) {
    return new ModelFloor(null, configured, configuredKey, null);
  }

  /** The last applied update kept in the file, or null. */
  public Kept kept() {
    return kept;
  }

  /** The lowest version the app may serve on {@code encoder}. */
  public long minimum(EncoderId encoder) {
    Kept k = keptFor(encoder);
    return Math.max(configured, k == null ? 0 : k.version());
  }

  /** Where {@link #minimum} comes from, for log lines. */
  public String source(EncoderId encoder) {
    Kept k = keptFor(encoder);
    if (k != null && k.version() >= configured) {
      return "the highest version applied, kept in " + file;
    }
    return configuredKey + "=" + configured;
  }

  /**
   * Null if an update may be applied as far as the floor is concerned; else why not. An update
   * below the minimum is refused; one at the kept version only if it carries the very head (and
   * adapters) that was applied (a restart re-reading it): the same number on another head is a
   * version issued twice.
   */
  public String refusal(ModelUpdate u, EncoderId encoder) {
    long min = minimum(encoder);
    long v = u.getVersion();
    if (v < min) {
      return "version " + v + " is below the version floor " + min + " (" + source(encoder) + ")";
    }
    Kept k = keptFor(encoder);
    if (k != null && v == k.version() && !k.headSha256().equals(modelSha256(u))) {
      return "version "
          + v
          + " was applied before with another head or other adapters (kept in "
          + file
          + "): a version number issued twice is refused";
    }
    return null;
  }

  /**
   * Records {@code u} as applied, on disk before it returns. A failed write is logged, not thrown:
   * the update is already serving, and the floor still holds in memory until the next restart.
   */
  public void applied(ModelUpdate u) {
    EncoderId enc =
        new EncoderId(u.getEncoderIdentity().getName(), u.getEncoderIdentity().getFingerprint());
    Kept next = new Kept(u.getVersion(), enc, modelSha256(u), u);
    kept = next;
    if (file == null) {
      return;
    }
    try {
      write(file, next);
    } catch (IOException | UncheckedIOException e) {
      log.error(
          "Could not keep model version {} as the version floor in {}: {}; a restart may accept"
              + " an older update until this is fixed",
          u.getVersion(),
          file,
          e.toString());
    }
  }

  private Kept keptFor(EncoderId encoder) {
    Kept k = kept;
    return k != null && k.encoder().equals(encoder) ? k : null;
  }

  /**
   * SHA-256 (hex) of the update's head weights, and if it has adapters {@code ":"} and that of
   * their weights: for a head-only update the same digest as before adapters existed.
   */
  static String modelSha256(ModelUpdate u) {
    String head = sha256(u.getHeadWeights());
    return u.getAdapters() == null ? head : head + ":" + sha256(u.getAdapters().getWeights());
  }

  static String sha256(ByteBuffer b) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(b.duplicate());
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static void write(Path file, Kept k) throws IOException {
    Properties p = new Properties();
    p.setProperty("version", Long.toString(k.version()));
    p.setProperty("encoder.name", k.encoder().name());
    p.setProperty("encoder.fingerprint", k.encoder().fingerprint());
    p.setProperty("head.sha256", k.headSha256());
    ByteBuffer bytes = k.update().toByteBuffer();
    p.setProperty("update", Base64.getEncoder().encodeToString(toArray(bytes)));
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      p.store(out, "Model version floor of the stream app: the highest version applied");
    }
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static Kept read(Path file) {
    if (file == null || !Files.exists(file)) {
      return null;
    }
    Properties p = new Properties();
    try (Reader r = new StringReader(Files.readString(file, StandardCharsets.ISO_8859_1))) {
      p.load(r);
      long version = Long.parseLong(required(p, "version"));
      EncoderId enc =
          new EncoderId(required(p, "encoder.name"), required(p, "encoder.fingerprint"));
      String sha = required(p, "head.sha256");
      return new Kept(version, enc, sha, update(file, p.getProperty("update")));
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          "Cannot read the model version floor "
              + file
              + ": "
              + e.getMessage()
              + ". It keeps the app from serving an older model after a restart; fix or delete"
              + " it (deleting accepts whatever the model topic and bundle hold)",
          e);
    }
  }

  private static String required(Properties p, String key) {
    String v = p.getProperty(key);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("no '" + key + "'");
    }
    return v.trim();
  }

  /** The kept update, or null (logged) if it cannot be decoded: the version still binds. */
  private static ModelUpdate update(Path file, String base64) {
    if (base64 == null || base64.isBlank()) {
      return null;
    }
    try {
      return ModelUpdate.fromByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64.trim())));
    } catch (IOException | RuntimeException e) {
      log.warn(
          "The update kept in {} cannot be decoded ({}); its version still sets the floor",
          file,
          e.toString());
      return null;
    }
  }

  private static byte[] toArray(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }
}
