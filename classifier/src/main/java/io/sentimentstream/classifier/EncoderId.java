package io.sentimentstream.classifier;

import java.util.Objects;

/**
 * The identity of a frozen encoder: its name and a fingerprint (SHA-256 hex) of its weights. A head
 * is only valid on the encoder it was trained with.
 */
public record EncoderId(String name, String fingerprint) {
  public EncoderId {
    Objects.requireNonNull(name, "encoder name");
    Objects.requireNonNull(fingerprint, "encoder fingerprint");
  }

  @Override
  public String toString() {
    return name + "@" + fingerprint.substring(0, Math.min(12, fingerprint.length()));
  }
}
