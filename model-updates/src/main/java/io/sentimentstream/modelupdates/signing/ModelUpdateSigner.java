package io.sentimentstream.modelupdates.signing;

import io.sentimentstream.avro.ModelUpdate;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Objects;

/**
 * Signs model updates with an Ed25519 private key, so stream apps load only heads published by the
 * trainer. The signature covers the whole record, algorithm name included (see {@link
 * ModelUpdateVerifier}).
 */
public final class ModelUpdateSigner {
  private final PrivateKey key;

  /** A signer with {@code key}, an Ed25519 private key (see {@link Ed25519Keys}). */
  public ModelUpdateSigner(PrivateKey key) {
    this.key = Objects.requireNonNull(key, "key");
    if (!Ed25519Keys.ALGORITHM.equals(key.getAlgorithm()) && !"EdDSA".equals(key.getAlgorithm())) {
      throw new IllegalArgumentException(
          "Model updates are signed with Ed25519, not " + key.getAlgorithm());
    }
  }

  /** A signed copy of {@code unsigned}: algorithm set to Ed25519, metrics in key order. */
  public ModelUpdate sign(ModelUpdate unsigned) {
    ModelUpdate signed = SignedBytes.canonical(unsigned);
    signed.setSignatureAlgorithm(Ed25519Keys.ALGORITHM);
    try {
      Signature s = Signature.getInstance(Ed25519Keys.ALGORITHM);
      s.initSign(key);
      s.update(SignedBytes.of(signed));
      signed.setSignature(ByteBuffer.wrap(s.sign()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot sign model update " + unsigned.getVersion(), e);
    }
    return signed;
  }
}
