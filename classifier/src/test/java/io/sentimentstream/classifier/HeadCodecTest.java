package io.sentimentstream.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sentimentstream.classifier.internals.Safetensors;
import io.sentimentstream.classifier.internals.Tensor;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeadCodecTest {
  static final EncoderId E5 = new EncoderId("e5-small-v2", "ab".repeat(32));

  static Head randomHead(Head.Type type, int width, long seed) {
    Random r = new Random(seed);
    int rows = type == Head.Type.MLP ? 512 : 3;
    float[][] w1 = matrix(r, rows, width);
    float[][] w2 = type == Head.Type.MLP ? matrix(r, 3, 512) : null;
    float[] b2 = type == Head.Type.MLP ? matrix(r, 1, 3)[0] : null;
    return new Head(
        type, E5, Pooling.MEAN, 7, w1, matrix(r, 1, rows)[0], w2, b2, Map.of("macro_f1", "0.6"));
  }

  static float[][] matrix(Random r, int rows, int cols) {
    float[][] m = new float[rows][cols];
    for (float[] row : m) {
      for (int i = 0; i < cols; i++) {
        row[i] = (float) r.nextGaussian() * 0.1f;
      }
    }
    return m;
  }

  @Test
  void savedAndLoadedHeadGivesIdenticalPredictions(@TempDir Path dir) {
    for (Head.Type type : Head.Type.values()) {
      Head head = randomHead(type, 384, 1);
      Path file = dir.resolve(type + ".safetensors");
      HeadCodec.write(head, file);
      Head back = HeadCodec.read(file);

      float[][] x = matrix(new Random(2), 50, 384);
      assertThat(back.probabilities(x)).isDeepEqualTo(head.probabilities(x));
      assertThat(back.type()).isEqualTo(type);
      assertThat(back.encoder()).isEqualTo(E5);
      assertThat(back.pooling()).isEqualTo(Pooling.MEAN);
      assertThat(back.version()).isEqualTo(7);
      assertThat(back.metadata()).isEqualTo(Map.of("macro_f1", "0.6"));
    }
  }

  @Test
  void decodesTheRemainingBytesOfABufferWithoutMovingIt() {
    Head head = randomHead(Head.Type.LINEAR, 384, 1);
    byte[] encoded = HeadCodec.encode(head);
    byte[] framed = new byte[encoded.length + 3];
    System.arraycopy(encoded, 0, framed, 3, encoded.length);
    ByteBuffer buffer = ByteBuffer.wrap(framed, 3, encoded.length);

    Head back = HeadCodec.decode(buffer);

    float[][] x = matrix(new Random(2), 5, 384);
    assertThat(back.probabilities(x)).isDeepEqualTo(head.probabilities(x));
    assertThat(buffer.position()).isEqualTo(3);
  }

  @Test
  void writesTheAgreedTensorNamesAndMetadata() throws Exception {
    byte[] bytes = HeadCodec.encode(randomHead(Head.Type.MLP, 384, 1));
    Safetensors.Contents c = Safetensors.decode(java.nio.ByteBuffer.wrap(bytes), "t");
    assertThat(c.tensors().keySet())
        .containsExactlyInAnyOrder("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias");
    assertThat(c.tensors().get("fc1.weight").shape()).containsExactly(512, 384);
    assertThat(c.metadata())
        .containsEntry("labels", "NEGATIVE,NEUTRAL,POSITIVE")
        .containsEntry("encoder.name", "e5-small-v2")
        .containsEntry("type", "MLP");
  }

  @Test
  void rejectsNonFiniteWeightsNamingTheTensor() throws Exception {
    Map<String, Tensor> t = tensors(randomHead(Head.Type.LINEAR, 8, 3));
    t.get("linear.weight").data()[5] = Float.NaN;
    assertThatThrownBy(() -> HeadCodec.decode(Safetensors.encode(t, metadata("LINEAR"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("w1")
        .hasMessageContaining("non-finite");
  }

  @Test
  void rejectsWrongShapesNamingTheTensor() throws Exception {
    Map<String, Tensor> t = tensors(randomHead(Head.Type.LINEAR, 8, 3));
    t.put("linear.bias", new Tensor(new long[] {4}, new float[4]));
    assertThatThrownBy(() -> HeadCodec.decode(Safetensors.encode(t, metadata("LINEAR"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("b1 has length 4, expected 3");
  }

  @Test
  void rejectsAMissingTensor() throws Exception {
    Map<String, Tensor> t = tensors(randomHead(Head.Type.LINEAR, 8, 3));
    t.remove("linear.bias");
    assertThatThrownBy(() -> HeadCodec.decode(Safetensors.encode(t, metadata("LINEAR"))))
        .hasMessageContaining("tensor linear.bias is missing");
  }

  @Test
  void rejectsAnotherLabelOrder() throws Exception {
    Map<String, String> meta = metadata("LINEAR");
    meta.put("labels", "POSITIVE,NEUTRAL,NEGATIVE");
    byte[] bytes = Safetensors.encode(tensors(randomHead(Head.Type.LINEAR, 8, 3)), meta);
    assertThatThrownBy(() -> HeadCodec.decode(bytes)).hasMessageContaining("label order");
  }

  @Test
  void rejectsBytesThatAreNotSafetensors() {
    assertThatThrownBy(() -> HeadCodec.decode(new byte[] {1, 2, 3}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not safetensors");
  }

  @Test
  void rejectsReservedMetadataKeys() {
    Head h = randomHead(Head.Type.LINEAR, 8, 3);
    Head bad =
        new Head(h.type(), E5, h.pooling(), 1, h.w1(), h.b1(), null, null, Map.of("version", "x"));
    assertThatThrownBy(() -> HeadCodec.encode(bad)).hasMessageContaining("'version' is reserved");
  }

  private static Map<String, Tensor> tensors(Head h) throws Exception {
    Safetensors.Contents c = Safetensors.decode(java.nio.ByteBuffer.wrap(HeadCodec.encode(h)), "t");
    return new LinkedHashMap<>(c.tensors());
  }

  private static Map<String, String> metadata(String type) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("format", HeadCodec.FORMAT);
    m.put("type", type);
    m.put("encoder.name", E5.name());
    m.put("encoder.fingerprint", E5.fingerprint());
    m.put("pooling", "MEAN");
    m.put("version", "1");
    m.put("labels", "NEGATIVE,NEUTRAL,POSITIVE");
    return m;
  }
}
