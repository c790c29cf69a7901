package io.sentimentstream.modelupdates.signing;

import static io.sentimentstream.modelupdates.signing.SampleUpdates.modelUpdate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class Ed25519KeysTest {
  /** Written by {@code openssl genpkey -algorithm ed25519} (RFC 8410 test key). */
  private static final String OPENSSL_PRIVATE =
      "-----BEGIN PRIVATE KEY-----\n"
          + "MC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC\n"
          + "-----END PRIVATE KEY-----\n";

  private static final String OPENSSL_PUBLIC =
      "-----BEGIN PUBLIC KEY-----\n"
          + "MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n"
          + "-----END PUBLIC KEY-----\n";

  @Test
  void readsOpensslPemKeysThatBelongTogether() {
    PrivateKey priv = Ed25519Keys.readPrivate(OPENSSL_PRIVATE);
    PublicKey pub = Ed25519Keys.readPublic(OPENSSL_PUBLIC);

    var signed = new ModelUpdateSigner(priv).sign(modelUpdate(1));
    assertThatCode(() -> new ModelUpdateVerifier(pub).verify(signed)).doesNotThrowAnyException();
  }

  @Test
  void pemAndBareBase64RoundTrip() {
    KeyPair pair = Ed25519Keys.generate();
    String privPem = Ed25519Keys.toPem(pair.getPrivate());
    String pubBase64 = Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());

    assertThat(privPem).startsWith("-----BEGIN PRIVATE KEY-----\n");
    assertThat(Ed25519Keys.readPrivate(privPem).getEncoded())
        .isEqualTo(pair.getPrivate().getEncoded());
    assertThat(Ed25519Keys.readPublic(pubBase64)).isEqualTo(pair.getPublic());
    assertThat(Ed25519Keys.readPublic(Ed25519Keys.toPem(pair.getPublic())))
        .isEqualTo(pair.getPublic());
    assertThat(Ed25519Keys.toBase64(pair.getPublic())).isEqualTo(pubBase64);
    assertThat(Ed25519Keys.readPrivate(Ed25519Keys.toBase64(pair.getPrivate())).getEncoded())
        .isEqualTo(pair.getPrivate().getEncoded());
  }

  @Test
  void badKeyTextIsRejectedWithoutEchoingIt() {
    assertThatThrownBy(() -> Ed25519Keys.readPrivate("not a key!"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("neither PEM nor base64")
        .hasMessageNotContaining("not a key!");
    assertThatThrownBy(() -> Ed25519Keys.readPublic(OPENSSL_PRIVATE))
        .hasMessageContaining("Not an Ed25519 public key");
    assertThatThrownBy(() -> Ed25519Keys.readPrivate("  "))
        .hasMessageContaining("No private key given");
  }
}
