package io.sentimentstream.trainer.cli;

import io.sentimentstream.signing.Ed25519Keys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code keygen}: writes a fresh Ed25519 key pair for signing model updates, unless one is there.
 * The private key goes to its own directory (owner-only file), the public key to another, so a
 * deployment can hand the stream app the public half only.
 */
@Command(
    name = "keygen",
    mixinStandardHelpOptions = true,
    description = "Generate the model-signing key pair (kept if it already exists).")
public final class KeygenCommand implements Callable<Integer> {
  /** The private key's file name inside {@code --private-dir}. */
  public static final String PRIVATE_FILE = "model-signing.key";

  /** The public key's file name inside {@code --public-dir}. */
  public static final String PUBLIC_FILE = "model-public.pem";

  @Option(names = "--private-dir", required = true, description = "Directory of the private key.")
  Path privateDir;

  @Option(names = "--public-dir", required = true, description = "Directory of the public key.")
  Path publicDir;

  @Override
  public Integer call() throws IOException {
    Path priv = privateDir.resolve(PRIVATE_FILE);
    Path pub = publicDir.resolve(PUBLIC_FILE);
    if (Files.exists(priv) && Files.exists(pub)) {
      System.out.println("Key pair already present: " + priv + ", " + pub);
      return 0;
    }
    if (Files.exists(priv) || Files.exists(pub)) {
      throw new IllegalStateException(
          "only one half of the key pair exists ("
              + (Files.exists(priv) ? priv : pub)
              + "); remove it or restore the other half");
    }
    KeyPair keys = Ed25519Keys.generate();
    Files.createDirectories(privateDir);
    Files.createDirectories(publicDir);
    Files.writeString(
        priv,
        Ed25519Keys.toPem(keys.getPrivate()),
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE_NEW);
    Files.setPosixFilePermissions(priv, PosixFilePermissions.fromString("rw-------"));
    Files.writeString(
        pub,
        Ed25519Keys.toPem(keys.getPublic()),
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE_NEW);
    System.out.println("Wrote a new key pair: " + priv + " (private), " + pub + " (public)");
    return 0;
  }
}
