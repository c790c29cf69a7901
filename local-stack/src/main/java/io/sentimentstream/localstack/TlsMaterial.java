package io.sentimentstream.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The key and trust stores of one secured stack, generated for the run with the JDK's {@code
 * keytool} (the JDK has no public API that writes an X.509 certificate; keytool is its supported
 * way): a server key pair for CN=localhost with the subject alternative names 127.0.0.1 and
 * localhost, a trust store holding that certificate, and a second trust store holding an unrelated
 * certificate, for clients that must fail because they do not trust the server. All stores are
 * PKCS12 under one random password.
 *
 * @param keystore the broker's and the registry's key pair
 * @param truststore what a client trusts to reach them
 * @param untrustedTruststore a trust store that does not hold the server's certificate
 * @param password the password of all three stores (and of the key)
 */
public record TlsMaterial(
    Path keystore, Path truststore, Path untrustedTruststore, String password) {
  private static final String TYPE = "PKCS12";

  /** Generates the stores under {@code dir} (created if missing). */
  public static TlsMaterial generate(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create " + dir, e);
    }
    String password = randomSecret();
    TlsMaterial m =
        new TlsMaterial(
            dir.resolve("server.p12"),
            dir.resolve("truststore.p12"),
            dir.resolve("untrusted-truststore.p12"),
            password);
    selfSigned(m.keystore, dir.resolve("server.crt"), "localhost", password);
    trust(m.truststore, dir.resolve("server.crt"), password);
    Path stranger = dir.resolve("stranger.p12");
    selfSigned(stranger, dir.resolve("stranger.crt"), "stranger", password);
    trust(m.untrustedTruststore, dir.resolve("stranger.crt"), password);
    return m;
  }

  /** Returns the store type of all three stores, {@code PKCS12}. */
  public String type() {
    return TYPE;
  }

  /** Returns 24 random letters and digits, for passwords made for one run. */
  public static String randomSecret() {
    String alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    SecureRandom random = new SecureRandom();
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 24; i++) {
      s.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return s.toString();
  }

  private static void selfSigned(Path store, Path cert, String cn, String password) {
    keytool(
        store,
        password,
        "-genkeypair",
        "-alias",
        cn,
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=" + cn,
        "-ext",
        "SAN=ip:127.0.0.1,dns:localhost",
        "-validity",
        "7",
        "-keypass",
        password);
    keytool(store, password, "-exportcert", "-alias", cn, "-rfc", "-file", cert.toString());
  }

  private static void trust(Path store, Path cert, String password) {
    keytool(
        store, password, "-importcert", "-noprompt", "-alias", "server", "-file", cert.toString());
  }

  /** Runs {@code keytool args... -keystore store -storetype PKCS12 -storepass password}. */
  private static void keytool(Path store, String password, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("-keystore", store.toString(), "-storetype", TYPE, "-storepass", password));
    keytool(all.toArray(String[]::new));
  }

  private static void keytool(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(
            "keytool " + args[0] + " failed: " + new String(out, StandardCharsets.UTF_8).trim());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot run " + command.get(0) + " (the secured stack needs a JDK's keytool)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while generating key stores", e);
    }
  }
}
