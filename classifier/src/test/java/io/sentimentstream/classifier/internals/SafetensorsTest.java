package io.sentimentstream.classifier.internals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SafetensorsTest {
  @Test
  void roundTripsTensorsAndMetadata() throws IOException {
    Tensor a = new Tensor(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, -6.5f});
    Tensor b = new Tensor(new long[] {1}, new float[] {Float.MIN_VALUE});
    byte[] bytes = Safetensors.encode(Map.of("b", b, "a", a), Map.of("k", "v"));

    assertThat(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0) % 8).isZero();
    Safetensors.Contents c = Safetensors.decode(ByteBuffer.wrap(bytes), "t");
    assertThat(c.tensors()).containsOnlyKeys("a", "b");
    assertThat(c.tensors().get("a").shape()).containsExactly(2, 3);
    assertThat(c.tensors().get("a").data()).containsExactly(a.data());
    assertThat(c.tensors().get("b").data()).containsExactly(b.data());
    assertThat(c.metadata()).containsExactly(Map.entry("k", "v"));
  }

  @Test
  void readsHalfAndBfloat16AndSkipsIntegerBuffers() throws IOException {
    // F16 1.0 = 0x3C00, -2.0 = 0xC000; BF16 1.5 = 0x3FC0; I64 position_ids is skipped
    byte[] data = {0x00, 0x3C, 0x00, (byte) 0xC0, (byte) 0xC0, 0x3F, 1, 0, 0, 0, 0, 0, 0, 0};
    String header =
        "{\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]},"
            + "\"b\":{\"dtype\":\"BF16\",\"shape\":[1],\"data_offsets\":[4,6]},"
            + "\"position_ids\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[6,14]}}";
    Safetensors.Contents c = Safetensors.decode(ByteBuffer.wrap(file(header, data)), "t");
    assertThat(c.tensors()).containsOnlyKeys("h", "b");
    assertThat(c.tensors().get("h").data()).containsExactly(1f, -2f);
    assertThat(c.tensors().get("b").data()).containsExactly(1.5f);
  }

  @Test
  void rejectsOffsetsThatDoNotMatchTheShape() {
    String header = "{\"x\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}";
    assertThatThrownBy(() -> Safetensors.decode(ByteBuffer.wrap(file(header, new byte[8])), "f.st"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("f.st: tensor x data_offsets do not match");
  }

  @Test
  void rejectsATruncatedFile() {
    assertThatThrownBy(
            () ->
                Safetensors.decode(
                    ByteBuffer.wrap(new byte[] {100, 0, 0, 0, 0, 0, 0, 0, 1}), "f.st"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("bad header length 100");
  }

  private static byte[] file(String header, byte[] data) {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    return b.putLong(h.length).put(h).put(data).array();
  }
}
