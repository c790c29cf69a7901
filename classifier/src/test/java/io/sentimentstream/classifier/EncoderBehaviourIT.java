package io.sentimentstream.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sentimentstream.classifier.internals.BertEncoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The default encoder (e5-small-v2, real weights, DJL/PyTorch on CPU) on awkward inputs. */
@Tag("integration")
class EncoderBehaviourIT {
  private static BertEncoder encoder;

  @BeforeAll
  static void open() {
    encoder = (BertEncoder) Encoders.open(EncoderOptions.defaults());
  }

  @AfterAll
  static void close() {
    encoder.close();
  }

  @Test
  void hasTheDefaultEncodersIdentityAndShape() {
    assertThat(encoder.id().name()).isEqualTo("e5-small-v2");
    assertThat(encoder.id().fingerprint()).hasSize(64);
    assertThat(encoder.hiddenSize()).isEqualTo(384);
    assertThat(encoder.maxLength()).isEqualTo(64);
    assertThat(encoder.pooling()).isEqualTo(Pooling.MEAN);
  }

  @Test
  void emptyAndWhitespaceOnlyTextsAreStillEmbedded() {
    Embeddings e = encoder.embed(List.of("", TextCleaner.clean(" \t\n "), "   "));
    assertFinite(e);
    assertThat(e.truncated()).containsOnly(false);
    assertThat(e.vectors()[0]).containsExactly(e.vectors()[1]);
    assertThat(e.vectors()[2]).usingComparatorWithPrecision(1e-5f).containsExactly(e.vectors()[0]);
  }

  @Test
  void emojiAndOtherNonBmpCharactersAreEmbedded() {
    Embeddings e = encoder.embed(List.of("us\uDB79\uDE66 wow 😀 👉", "us wow"));
    assertFinite(e);
    assertThat(e.truncated()).containsOnly(false);
    assertThat(e.vectors()[0]).isNotEqualTo(e.vectors()[1]); // the unknown pieces count
  }

  @Test
  void longTextsAreTruncatedAndFlagged() {
    String longText = String.join(" ", Collections.nCopies(300, "debate"));
    Embeddings e = encoder.embed(List.of(longText, "short text"));
    assertFinite(e);
    assertThat(e.truncated()).containsExactly(true, false);
    assertThat(encoder.tokenizer().tokenize(List.of(longText))[0].ids()).hasSize(64);
  }

  @Test
  void nullInputFailsNamingWhatIsNull() {
    assertThatThrownBy(() -> encoder.embed(null)).hasMessageContaining("list is null");
    assertThatThrownBy(() -> encoder.embed(Arrays.asList("a", null)))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("text at index 1 is null");
  }

  @Test
  void identicalTextsAreEncodedOnce() {
    long before = encoder.textsEncoded();
    Embeddings e = encoder.embed(List.of("same tweet", "other tweet", "same tweet", "same tweet"));
    assertThat(encoder.textsEncoded() - before).isEqualTo(2);
    assertThat(e.vectors()[2]).containsExactly(e.vectors()[0]).isNotSameAs(e.vectors()[0]);
  }

  @Test
  void lengthGroupedBatchesComeBackInInputOrder() {
    List<String> tweets = GopTweets.distinctCleaned(40);
    Embeddings grouped = encoder.embed(tweets, 8);
    for (int i = 0; i < tweets.size(); i += 7) {
      float[] alone = encoder.embed(List.of(tweets.get(i))).vectors()[0];
      for (int h = 0; h < alone.length; h++) {
        assertThat(grouped.vectors()[i][h]).isCloseTo(alone[h], within(1e-4f));
      }
    }
  }

  @Test
  void concurrentCallsGiveTheSameResultsAsSequentialOnes() throws Exception {
    List<String> a = GopTweets.distinctCleaned(30).subList(0, 15);
    List<String> b = new ArrayList<>(GopTweets.distinctCleaned(30).subList(15, 30));
    float[][] aSeq = encoder.embed(a).vectors();
    float[][] bSeq = encoder.embed(b).vectors();
    for (int round = 0; round < 3; round++) {
      CompletableFuture<Embeddings> fa = CompletableFuture.supplyAsync(() -> encoder.embed(a));
      CompletableFuture<Embeddings> fb = CompletableFuture.supplyAsync(() -> encoder.embed(b));
      assertThat(fa.get().vectors()).isDeepEqualTo(aSeq);
      assertThat(fb.get().vectors()).isDeepEqualTo(bSeq);
    }
  }

  private static void assertFinite(Embeddings e) {
    for (float[] v : e.vectors()) {
      assertThat(v).hasSize(384);
      for (float x : v) {
        assertThat(Float.isFinite(x)).isTrue();
      }
    }
  }
}
