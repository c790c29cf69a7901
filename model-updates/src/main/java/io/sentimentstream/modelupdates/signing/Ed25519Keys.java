package io.sentimentstream.modelupdates.signing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Ed25519 keys from the JDK, read from PEM ({@code -----BEGIN PRIVATE KEY-----} PKCS#8, {@code
 * -----BEGIN PUBLIC KEY-----} X.509) or from the same DER bytes in bare base64, as {@code openssl
 * genpkey -algorithm ed25519} writes them. Error messages never contain key material.
 */
public final class Ed25519Keys {
  /** The JDK algorithm name, also the {@code signatureAlgorithm} of a signed model update. */
  public static final String ALGORITHM = "Ed25519";

  private Ed25519Keys() {}

  /** A fresh key pair. */
  public static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("This JDK has no Ed25519", e);
    }
  }

  /** Reads a PKCS#8 Ed25519 private key from PEM or base64 text. */
  public static PrivateKey readPrivate(String pemOrBase64) {
    byte[] der = der(pemOrBase64, "private");
    try {
      return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "Not an Ed25519 private key in PKCS#8 form (" + der.length + " bytes of DER)", e);
    }
  }

  /** Reads an X.509 (SubjectPublicKeyInfo) Ed25519 public key from PEM or base64 text. */
  public static PublicKey readPublic(String pemOrBase64) {
    byte[] der = der(pemOrBase64, "public");
    try {
      return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "Not an Ed25519 public key in X.509 form (" + der.length + " bytes of DER)", e);
    }
  }

  /**
   * The key as one line of base64 (its DER encoding: the PEM body without its armour and line
   * breaks), which {@link #readPrivate} and {@link #readPublic} read too and a properties file or
   * an environment variable can hold.
   */
  public static String toBase64(Key key) {
    return Base64.getEncoder().encodeToString(key.getEncoded());
  }

  /** The key as PEM text ({@code PRIVATE KEY} or {@code PUBLIC KEY} block). */
  public static String toPem(Key key) {
    String type;
    if (key instanceof PrivateKey) {
      type = "PRIVATE KEY";
    } else if (key instanceof PublicKey) {
      type = "PUBLIC KEY";
    } else {
      throw new IllegalArgumentException("Neither a private nor a public key");
    }
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(key.getEncoded());
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  private static byte[] der(String text, String kind) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("No " + kind + " key given (empty text)");
    }
    String base64 = text.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "The " + kind + " key is neither PEM nor base64 text: " + e.getMessage(), e);
    }
  }
}
