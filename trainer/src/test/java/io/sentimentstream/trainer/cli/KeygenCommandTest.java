package io.sentimentstream.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.sentimentstream.modelupdates.signing.Ed25519Keys;
import io.sentimentstream.trainer.TrainerCli;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.Signature;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeygenCommandTest {
  private static int keygen(Path priv, Path pub) {
    return TrainerCli.commandLine()
        .execute("keygen", "--private-dir", priv.toString(), "--public-dir", pub.toString());
  }

  @Test
  void writesAMatchingOwnerOnlyPairAndKeepsItOnASecondRun(@TempDir Path dir) throws Exception {
    Path priv = dir.resolve("private");
    Path pub = dir.resolve("public");
    assertThat(keygen(priv, pub)).isZero();
    Path key = priv.resolve(KeygenCommand.PRIVATE_FILE);
    Path publicKey = pub.resolve(KeygenCommand.PUBLIC_FILE);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
    String before = Files.readString(key);
    // the two halves belong together: a signature made with one verifies with the other
    byte[] data = "model v2".getBytes(StandardCharsets.UTF_8);
    Signature sign = Signature.getInstance(Ed25519Keys.ALGORITHM);
    sign.initSign(Ed25519Keys.readPrivate(before));
    sign.update(data);
    byte[] signature = sign.sign();
    Signature verify = Signature.getInstance(Ed25519Keys.ALGORITHM);
    verify.initVerify(Ed25519Keys.readPublic(Files.readString(publicKey)));
    verify.update(data);
    assertThat(verify.verify(signature)).isTrue();

    assertThat(keygen(priv, pub)).isZero();
    assertThat(Files.readString(key)).isEqualTo(before);
  }

  @Test
  void refusesWhenOnlyOneHalfExists(@TempDir Path dir) throws Exception {
    Path priv = dir.resolve("private");
    Path pub = dir.resolve("public");
    assertThat(keygen(priv, pub)).isZero();
    Files.delete(pub.resolve(KeygenCommand.PUBLIC_FILE));
    assertThat(keygen(priv, pub)).isEqualTo(1);
    assertThat(pub.resolve(KeygenCommand.PUBLIC_FILE)).doesNotExist();
  }

  @Test
  void neverWritesThePrivateKeyWhereItCannotBeMadeOwnerOnly(@TempDir Path dir) throws Exception {
    // a zip file system has no POSIX permissions: the key must not be written there at all (the
    // old code wrote it first and restricted its mode afterwards, which then failed)
    try (FileSystem zip =
        FileSystems.newFileSystem(dir.resolve("keys.zip"), Map.of("create", "true"))) {
      KeygenCommand keygen = new KeygenCommand();
      keygen.privateDir = zip.getPath("/private");
      keygen.publicDir = zip.getPath("/public");
      Throwable thrown = catchThrowable(keygen::call);
      assertThat(zip.getPath("/private", KeygenCommand.PRIVATE_FILE)).doesNotExist();
      assertThat(zip.getPath("/public", KeygenCommand.PUBLIC_FILE)).doesNotExist();
      assertThat(thrown)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("/private/" + KeygenCommand.PRIVATE_FILE)
          .hasMessageContaining("owner-only");
    }
  }

  @Test
  void refusesAnExistingPrivateKeyThatOthersCanRead(@TempDir Path dir) throws Exception {
    Path priv = dir.resolve("private");
    Path pub = dir.resolve("public");
    assertThat(keygen(priv, pub)).isZero();
    Path key = priv.resolve(KeygenCommand.PRIVATE_FILE);
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
    assertThat(keygen(priv, pub)).isEqualTo(1);
    // left as it was: the operator decides (chmod 600, and rotate the key if it leaked)
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-r--r--");
  }
}
