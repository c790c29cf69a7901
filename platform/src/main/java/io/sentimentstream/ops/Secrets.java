package io.sentimentstream.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * A secret given either inline (a key of type PASSWORD or STRING) or as a file (a key naming its
 * path), as both services take their signing and verification keys. The inline value wins.
 */
public final class Secrets {
  private Secrets() {}

  /**
   * A secret and the key it came from (for error messages that name it without showing it).
   *
   * @param text the secret, never logged
   * @param key the configuration key that gave it
   */
  public record Secret(String text, String key) {
    @Override
    public String toString() {
      return "Secret[from " + key + "]";
    }
  }

  /**
   * Returns the inline value if it is set and not blank, else the named file's contents, else null.
   *
   * @throws ConfigException naming {@code fileKey} if the file cannot be read
   */
  public static Secret read(AbstractConfig cfg, String inlineKey, String fileKey) {
    Object inline = cfg.values().get(inlineKey);
    String text = inline instanceof Password p ? p.value() : (String) inline;
    if (text != null && !text.isBlank()) {
      return new Secret(text, inlineKey);
    }
    String file = cfg.getString(fileKey);
    if (file == null || file.isBlank()) {
      return null;
    }
    try {
      return new Secret(Files.readString(Path.of(file), StandardCharsets.UTF_8), fileKey);
    } catch (IOException e) {
      throw new ConfigException(fileKey, file, "cannot read the key file: " + e);
    }
  }
}
