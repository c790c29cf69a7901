package io.sentimentstream.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelBundleTest {
  @Test
  void readsTheHeadOfABundleDirectory(@TempDir Path dir) {
    Head head = HeadCodecTest.randomHead(Head.Type.LINEAR, 384, 5);
    HeadCodec.write(head, dir.resolve(ModelBundle.HEAD_FILE));
    assertThat(ModelBundle.readHead(dir).w1()).isDeepEqualTo(head.w1());
  }

  @Test
  void bundleWithoutHeadFailsNamingTheDirectory(@TempDir Path dir) {
    assertThatThrownBy(() -> ModelBundle.readHead(dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(dir.toString())
        .hasMessageContaining("has no head.safetensors");
  }

  @Test
  void defaultHeadIsTheDefaultEncodersOrAClearError() {
    if (ModelBundle.class.getResource(ModelBundle.DEFAULT_RESOURCE_DIR + ModelBundle.HEAD_FILE)
        == null) {
      assertThatThrownBy(ModelBundle::defaultHead)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(
              "classpath resource /io/sentimentstream/classifier/default-model/head.safetensors not found");
    } else {
      Head head = ModelBundle.defaultHead();
      assertThat(head.encoder().name()).isEqualTo(EncoderOptions.DEFAULT_MODEL);
      assertThat(head.inputSize()).isEqualTo(384);
    }
  }
}
