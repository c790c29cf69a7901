package io.sentimentstream.classifier.internals;

import static org.assertj.core.api.Assertions.assertThat;

import io.sentimentstream.classifier.EncoderOptions;
import io.sentimentstream.classifier.Encoders;
import io.sentimentstream.classifier.GopTweets;
import io.sentimentstream.classifier.MatmulPrecision;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The DJL/PyTorch BERT forward matches ONNX Runtime on the same weights and the same padded batch
 * of real tweets, for each shipped encoder, at float32 GEMMs ({@code MatmulPrecisionIT} covers
 * MEDIUM against this).
 */
@Tag("integration")
class EncoderParityIT {
  private static final double TOLERANCE = 1e-4;

  @ParameterizedTest
  @EnumSource(ShippedEncoder.class)
  void lastHiddenStatesMatchOnnxRuntime(ShippedEncoder shipped) throws Exception {
    List<String> tweets = GopTweets.distinctCleaned(24);
    try (BertEncoder encoder =
            (BertEncoder)
                Encoders.open(
                    EncoderOptions.defaults()
                        .withModel(shipped.encoderName())
                        .withMatmulPrecision(MatmulPrecision.HIGHEST)); // float32 parity
        OnnxOracle oracle = new OnnxOracle(shipped)) {
      BatchTokenizer.Tokens[] tokens = encoder.tokenizer().tokenize(tweets);
      PaddedBatch batch = PaddedBatch.of(tokens, IntStream.range(0, tokens.length).toArray());
      int shortest =
          IntStream.range(0, tokens.length).map(i -> tokens[i].ids().length).min().orElseThrow();
      assertThat(shortest).as("batch needs padding").isLessThan(batch.length());

      float[][][] djl = encoder.hiddenStates(batch);
      float[][][] ort = oracle.hiddenStates(batch);

      double maxDiff = 0;
      for (int b = 0; b < batch.batch(); b++) {
        for (int t = 0; t < batch.length(); t++) {
          if (batch.mask()[b * batch.length() + t] == 0) {
            continue; // padded positions are undefined output
          }
          for (int h = 0; h < djl[b][t].length; h++) {
            maxDiff = Math.max(maxDiff, Math.abs(djl[b][t][h] - ort[b][t][h]));
          }
        }
      }
      System.err.printf(
          "%s: max |DJL - ORT| = %.3g over %d x %d%n",
          shipped, maxDiff, batch.batch(), batch.length());
      assertThat(maxDiff).isLessThan(TOLERANCE);
    }
  }
}
