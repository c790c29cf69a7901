package io.sentimentstream.modelupdates.signing;

import static io.sentimentstream.modelupdates.signing.SampleUpdates.modelUpdate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sentimentstream.avro.ModelUpdate;
import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelUpdateSigningTest {
  private final KeyPair keys = Ed25519Keys.generate();
  private final ModelUpdateSigner signer = new ModelUpdateSigner(keys.getPrivate());
  private final ModelUpdateVerifier verifier = new ModelUpdateVerifier(keys.getPublic());

  @Test
  void acceptsAnUpdateSignedWithTheTrustedKey() {
    ModelUpdate signed = signer.sign(modelUpdate(7));

    assertThat(signed.getSignatureAlgorithm()).isEqualTo("Ed25519");
    assertThat(signed.getSignature().remaining()).isEqualTo(64);
    assertThatCode(() -> verifier.verify(signed)).doesNotThrowAnyException();
  }

  @Test
  void acceptsAnUpdateAfterAnAvroRoundTripThatReordersTheMetrics() throws Exception {
    ModelUpdate signed = signer.sign(modelUpdate(7));
    ModelUpdate travelled = ModelUpdate.fromByteBuffer(signed.toByteBuffer());
    Map<String, Double> reversed = new LinkedHashMap<>();
    travelled.getMetrics().keySet().stream()
        .sorted(java.util.Comparator.reverseOrder())
        .forEach(k -> reversed.put(k, travelled.getMetrics().get(k)));
    travelled.setMetrics(reversed);

    assertThatCode(() -> verifier.verify(travelled)).doesNotThrowAnyException();
  }

  @Test
  void rejectsTamperedWeights() {
    ModelUpdate signed = signer.sign(modelUpdate(7));
    byte[] weights = signed.getHeadWeights().array().clone();
    weights[100] ^= 1;
    signed.setHeadWeights(ByteBuffer.wrap(weights));

    assertThatThrownBy(() -> verifier.verify(signed))
        .isInstanceOf(InvalidModelUpdateException.class)
        .hasMessageContaining("version 7")
        .hasMessageContaining("does not match");
  }

  @Test
  void theSignatureCoversTheAdaptersEvenAfterAnAvroRoundTrip() throws Exception {
    ModelUpdate signed = signer.sign(SampleUpdates.withAdapters(7));
    ModelUpdate travelled = ModelUpdate.fromByteBuffer(signed.toByteBuffer());
    assertThatCode(() -> verifier.verify(travelled)).doesNotThrowAnyException();

    byte[] weights = travelled.getAdapters().getWeights().array().clone();
    weights[weights.length / 2] ^= 1;
    ModelUpdate flipped = ModelUpdate.newBuilder(travelled).build();
    flipped.setAdapters(
        io.sentimentstream.avro.ModelAdapters.newBuilder(travelled.getAdapters())
            .setWeights(ByteBuffer.wrap(weights))
            .build());
    assertThatThrownBy(() -> verifier.verify(flipped)).hasMessageContaining("does not match");

    ModelUpdate otherShape = ModelUpdate.newBuilder(travelled).build();
    otherShape.setAdapters(
        io.sentimentstream.avro.ModelAdapters.newBuilder(travelled.getAdapters())
            .setRank(8)
            .build());
    assertThatThrownBy(() -> verifier.verify(otherShape)).hasMessageContaining("does not match");
  }

  @Test
  void rejectsATamperedVersionOrMetric() {
    ModelUpdate signed = signer.sign(modelUpdate(7));
    ModelUpdate bumped = ModelUpdate.newBuilder(signed).setVersion(8).build();
    Map<String, Double> better = new LinkedHashMap<>(signed.getMetrics());
    better.put("macro_f1", 0.99);
    ModelUpdate inflated = ModelUpdate.newBuilder(signed).setMetrics(better).build();

    assertThatThrownBy(() -> verifier.verify(bumped)).hasMessageContaining("does not match");
    assertThatThrownBy(() -> verifier.verify(inflated)).hasMessageContaining("does not match");
  }

  @Test
  void rejectsAnUpdateSignedWithAnotherKey() {
    ModelUpdate signed =
        new ModelUpdateSigner(Ed25519Keys.generate().getPrivate()).sign(modelUpdate(7));

    assertThatThrownBy(() -> verifier.verify(signed))
        .isInstanceOf(InvalidModelUpdateException.class)
        .hasMessageContaining("signed by a key other than the trusted one");
  }

  @Test
  void rejectsAnUnsignedUpdate() {
    assertThatThrownBy(() -> verifier.verify(modelUpdate(7)))
        .isInstanceOf(InvalidModelUpdateException.class)
        .hasMessage("Model update version 7 has no signature");
  }

  @Test
  void rejectsASignatureOfTheWrongLength() {
    ModelUpdate garbled = signer.sign(modelUpdate(7));
    garbled.setSignature(ByteBuffer.wrap(new byte[] {1, 2, 3}));

    assertThatThrownBy(() -> verifier.verify(garbled))
        .hasMessageContaining("invalid signature: 3 bytes");
  }

  @Test
  void rejectsAnotherAlgorithmEvenWithAValidSignature() {
    ModelUpdate signed = signer.sign(modelUpdate(7));
    signed.setSignatureAlgorithm("HmacSHA256");

    assertThatThrownBy(() -> verifier.verify(signed))
        .isInstanceOf(InvalidModelUpdateException.class)
        .hasMessageContaining("unsupported algorithm 'HmacSHA256'");
  }

  @Test
  void doesNotModifyTheUnsignedInput() {
    ModelUpdate unsigned = modelUpdate(7);
    signer.sign(unsigned);
    assertThat(unsigned.getSignature().remaining()).isZero();
  }
}
