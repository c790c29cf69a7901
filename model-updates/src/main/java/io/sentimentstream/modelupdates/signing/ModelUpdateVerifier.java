package io.sentimentstream.modelupdates.signing;

import io.sentimentstream.avro.ModelUpdate;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Objects;

/**
 * Checks that a model update was signed by the holder of the trusted key and not altered since.
 * Rejects updates without a signature, with an algorithm other than Ed25519, or whose signature
 * does not match the record's bytes.
 */
public final class ModelUpdateVerifier {
  /** An Ed25519 signature is always this long. */
  private static final int SIGNATURE_LENGTH = 64;

  private final PublicKey key;

  /** A verifier trusting {@code key}, an Ed25519 public key (see {@link Ed25519Keys}). */
  public ModelUpdateVerifier(PublicKey key) {
    this.key = Objects.requireNonNull(key, "key");
  }

  /**
   * Returns normally if {@code update} carries a valid Ed25519 signature by the trusted key.
   *
   * @throws InvalidModelUpdateException saying why the update is rejected
   */
  public void verify(ModelUpdate update) {
    String which = "Model update version " + update.getVersion();
    String algorithm = update.getSignatureAlgorithm();
    if (!Ed25519Keys.ALGORITHM.equals(algorithm)) {
      throw new InvalidModelUpdateException(
          which + " is signed with unsupported algorithm '" + algorithm + "' (expected Ed25519)");
    }
    ByteBuffer sig = update.getSignature();
    if (sig == null || !sig.hasRemaining()) {
      throw new InvalidModelUpdateException(which + " has no signature");
    }
    byte[] signature = new byte[sig.remaining()];
    sig.duplicate().get(signature);
    if (signature.length != SIGNATURE_LENGTH) {
      throw new InvalidModelUpdateException(
          which + " has an invalid signature: " + signature.length + " bytes, Ed25519 needs 64");
    }
    boolean valid;
    try {
      Signature s = Signature.getInstance(Ed25519Keys.ALGORITHM);
      s.initVerify(key);
      s.update(SignedBytes.of(update));
      valid = s.verify(signature);
    } catch (GeneralSecurityException e) {
      throw new InvalidModelUpdateException(which + " has an invalid signature: " + e, e);
    }
    if (!valid) {
      throw new InvalidModelUpdateException(
          which
              + " has a signature that does not match: it was altered after signing or signed"
              + " by a key other than the trusted one");
    }
  }
}
