package io.sentimentstream.modelupdates;

import io.sentimentstream.avro.AdapterTarget;
import io.sentimentstream.avro.ModelAdapters;
import io.sentimentstream.classifier.AdapterCodec;
import io.sentimentstream.classifier.Adapters;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The adapters of a {@code ModelUpdate}: {@link AdapterCodec} safetensors in {@code weights}, with
 * rank, targets and shapes also in the record's own fields so that they can be read without
 * decoding the weights. Decoding checks that both say the same.
 */
final class AdapterPayload {
  /** The only value of {@code ModelAdapters.format}. */
  static final String FORMAT = "safetensors";

  private AdapterPayload() {}

  /** The record field for {@code a} (null for null). */
  static ModelAdapters toAvro(Adapters a) {
    if (a == null) {
      return null;
    }
    List<AdapterTarget> targets = new ArrayList<>();
    a.targets().forEach((name, p) -> targets.add(new AdapterTarget(name, p.out(), p.in())));
    return new ModelAdapters(FORMAT, ByteBuffer.wrap(AdapterCodec.encode(a)), a.rank(), targets);
  }

  /**
   * The adapters the record field carries (null for null).
   *
   * @param which the update, for messages
   * @throws IllegalArgumentException naming what is wrong: another format, weights that do not
   *     decode, or rank, targets or shapes that differ from the weights
   */
  static Adapters fromAvro(ModelAdapters m, String which) {
    if (m == null) {
      return null;
    }
    if (!FORMAT.equals(m.getFormat())) {
      throw new IllegalArgumentException(
          which + "'s adapters are in format '" + m.getFormat() + "', expected '" + FORMAT + "'");
    }
    Adapters a = AdapterCodec.decode(m.getWeights(), which + "'s adapters");
    if (a.rank() != m.getRank()) {
      throw new IllegalArgumentException(
          which + " declares adapter rank " + m.getRank() + " but its weights have " + a.rank());
    }
    List<String> declared = new ArrayList<>();
    for (AdapterTarget t : m.getTargets()) {
      declared.add(t.getName() + " [" + t.getOut() + ", " + t.getIn() + "]");
    }
    List<String> actual = new ArrayList<>();
    for (Map.Entry<String, Adapters.Pair> e : a.targets().entrySet()) {
      actual.add(e.getKey() + " [" + e.getValue().out() + ", " + e.getValue().in() + "]");
    }
    if (!declared.equals(actual)) {
      throw new IllegalArgumentException(
          which + " declares adapter targets " + declared + " but its weights hold " + actual);
    }
    return a;
  }
}
