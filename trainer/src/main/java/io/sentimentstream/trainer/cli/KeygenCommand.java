package io.sentimentstream.trainer.cli;

import io.sentimentstream.modelupdates.signing.Ed25519Keys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code keygen}: writes a fresh Ed25519 key pair for signing model updates, unless one is there.
 * The private key goes to its own directory (owner-only file, created with that mode), the public
 * key to another, so a deployment can hand the stream app the public half only.
 */
@Command(
    name = "keygen",
    mixinStandardHelpOptions = true,
    description =
        "Generate the model-signing key pair (kept if it already exists; an existing private"
            + " key that others can read is refused).")
public final class KeygenCommand implements Callable<Integer> {
  /** The private key's file name inside {@code --private-dir}. */
  public static final String PRIVATE_FILE = "model-signing.key";

  /** The public key's file name inside {@code --public-dir}. */
  public static final String PUBLIC_FILE = "model-public.pem";

  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  @Option(names = "--private-dir", required = true, description = "Directory of the private key.")
  Path privateDir;

  @Option(names = "--public-dir", required = true, description = "Directory of the public key.")
  Path publicDir;

  @Override
  public Integer call() throws IOException {
    Path priv = privateDir.resolve(PRIVATE_FILE);
    Path pub = publicDir.resolve(PUBLIC_FILE);
    if (Files.exists(priv) && Files.exists(pub)) {
      refuseIfOthersCanRead(priv);
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
    writeOwnerOnly(priv, Ed25519Keys.toPem(keys.getPrivate()));
    Files.writeString(
        pub,
        Ed25519Keys.toPem(keys.getPublic()),
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE_NEW);
    System.out.println("Wrote a new key pair: " + priv + " (private), " + pub + " (public)");
    return 0;
  }

  /**
   * Creates {@code file} (it must not exist) with mode rw------- from the start, then writes {@code
   * text}: the key is never in a file others could read, not even for an instant. The mode is given
   * to the creating system call, so a umask can only narrow it. Where the file system has no POSIX
   * permissions nothing is written.
   */
  static void writeOwnerOnly(Path file, String text) throws IOException {
    if (!Files.getFileStore(file.getParent())
        .supportsFileAttributeView(PosixFileAttributeView.class)) {
      throw new IllegalStateException(
          "cannot write the private key "
              + file
              + ": its file system has no POSIX permissions, so it cannot be made owner-only");
    }
    Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    Files.setPosixFilePermissions(
        file, OWNER_ONLY); // a umask of 0200 or more removed our own write
    Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.WRITE);
  }

  /** An existing private key that group or others can read is refused, not silently kept. */
  private static void refuseIfOthersCanRead(Path priv) throws IOException {
    if (!Files.getFileStore(priv).supportsFileAttributeView(PosixFileAttributeView.class)) {
      return;
    }
    Set<PosixFilePermission> mode = Files.getPosixFilePermissions(priv);
    if (!OWNER_ONLY.containsAll(mode)) {
      throw new IllegalStateException(
          "the private key "
              + priv
              + " is not owner-only ("
              + PosixFilePermissions.toString(mode)
              + "): chmod 600 it, and replace the key pair if others may have read it");
    }
  }
}
