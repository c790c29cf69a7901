package io.sentimentstream.classifier.internals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.sentimentstream.classifier.Embeddings;
import io.sentimentstream.classifier.Encoder;
import io.sentimentstream.classifier.EncoderId;
import io.sentimentstream.classifier.Pooling;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link Encoder} built from a tokenizer and a {@link BertModel}.
 *
 * <p>Within one {@link #embed} call, identical texts are encoded once, and the distinct texts are
 * sorted by token count and cut into forward passes of at most {@code batchSize} texts and {@code
 * tokenBudget} padded tokens ({@link Passes}), so each pass pads only to its own longest text and
 * none grows past the size this engine computes fastest; results come back in input order.
 * Thread-safe: calls share only immutable state, and each batch's tensors live in their own
 * sub-manager, closed after the batch.
 */
public final class BertEncoder implements Encoder {
  /** Most texts per forward pass; the token budget is what usually ends a pass of tweets. */
  public static final int DEFAULT_BATCH_SIZE = 64;

  /**
   * Most padded tokens (texts x longest length) per forward pass. Measured with the encoder
   * benchmark's token-budget rows (docs/performance.md): DJL's throughput per sentence is flat up
   * to about this size and falls beyond it, while a smaller pass pays the fixed cost per call more.
   */
  public static final int DEFAULT_TOKEN_BUDGET = 1024;

  private final EncoderId id;
  private final BatchTokenizer tokenizer;
  private final BertModel model;
  private final Pooling pooling;
  private final NDManager root;
  private final int batchSize;
  private final int tokenBudget;
  private final AtomicLong textsEncoded = new AtomicLong();

  /**
   * Takes ownership of the tokenizer and the model (closed with this encoder).
   *
   * @param batchSize most texts per forward pass
   * @param tokenBudget most padded tokens per forward pass
   */
  public BertEncoder(
      EncoderId id,
      BatchTokenizer tokenizer,
      BertModel model,
      Pooling pooling,
      int batchSize,
      int tokenBudget) {
    if (batchSize < 1 || tokenBudget < 1) {
      throw new IllegalArgumentException(
          "batch size and token budget must be >= 1, got " + batchSize + " and " + tokenBudget);
    }
    this.id = Objects.requireNonNull(id, "id");
    this.tokenizer = tokenizer;
    this.model = model;
    this.pooling = pooling;
    this.batchSize = batchSize;
    this.tokenBudget = tokenBudget;
    this.root = NDManager.newBaseManager(model.device(), "PyTorch");
  }

  @Override
  public EncoderId id() {
    return id;
  }

  @Override
  public int hiddenSize() {
    return model.config().hidden();
  }

  @Override
  public int maxLength() {
    return tokenizer.maxLength();
  }

  @Override
  public Pooling pooling() {
    return pooling;
  }

  /** The tokenizer (with this encoder's text prefix). */
  public BatchTokenizer tokenizer() {
    return tokenizer;
  }

  @Override
  public Embeddings embed(List<String> cleanTexts) {
    return embed(cleanTexts, batchSize);
  }

  /** Like {@link #embed(List)} with at most {@code maxBatch} texts per forward pass. */
  public Embeddings embed(List<String> cleanTexts, int maxBatch) {
    return embed(cleanTexts, maxBatch, tokenBudget);
  }

  /** Like {@link #embed(List)} with other pass limits (benchmarks compare them). */
  public Embeddings embed(List<String> cleanTexts, int maxBatch, int maxTokens) {
    Objects.requireNonNull(cleanTexts, "texts to embed: list is null");
    Map<String, Integer> slots = new HashMap<>();
    List<String> distinct = new ArrayList<>();
    int[] slotOf = new int[cleanTexts.size()];
    for (int i = 0; i < slotOf.length; i++) {
      String t = cleanTexts.get(i);
      if (t == null) {
        throw new NullPointerException("texts to embed: text at index " + i + " is null");
      }
      slotOf[i] =
          slots.computeIfAbsent(
              t,
              k -> {
                distinct.add(k);
                return distinct.size() - 1;
              });
    }
    BatchTokenizer.Tokens[] tokens = tokenizer.tokenize(distinct);
    float[][] vectors = encodeSorted(tokens, maxBatch, maxTokens);
    float[][] out = new float[slotOf.length][];
    boolean[] truncated = new boolean[slotOf.length];
    for (int i = 0; i < slotOf.length; i++) {
      out[i] = vectors[slotOf[i]].clone(); // callers own their rows
      truncated[i] = tokens[slotOf[i]].truncated();
    }
    return new Embeddings(out, truncated);
  }

  private float[][] encodeSorted(BatchTokenizer.Tokens[] tokens, int maxRows, int maxTokens) {
    Integer[] order = new Integer[tokens.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingInt(i -> tokens[i].ids().length));
    int[] lengths = new int[order.length];
    for (int i = 0; i < lengths.length; i++) {
      lengths[i] = tokens[order[i]].ids().length;
    }
    float[][] vectors = new float[tokens.length][];
    for (int[] pass : Passes.cut(lengths, maxRows, maxTokens)) {
      int[] rows = new int[pass[1] - pass[0]];
      for (int j = 0; j < rows.length; j++) {
        rows[j] = order[pass[0] + j];
      }
      float[][] pooled = pooled(PaddedBatch.of(tokens, rows));
      for (int j = 0; j < rows.length; j++) {
        vectors[rows[j]] = pooled[j];
      }
    }
    return vectors;
  }

  @Override
  public int[] tokenCounts(List<String> cleanTexts) {
    BatchTokenizer.Tokens[] tokens = tokenizer.tokenize(cleanTexts);
    int[] out = new int[tokens.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = tokens[i].ids().length;
    }
    return out;
  }

  /** Texts run through the model so far (distinct texts per call; for metrics and tests). */
  public long textsEncoded() {
    return textsEncoded.get();
  }

  /** Pooled vectors of one padded batch. */
  public float[][] pooled(PaddedBatch b) {
    textsEncoded.addAndGet(b.batch());
    try (NDManager m = root.newSubManager()) {
      NDArray hidden = model.forward(m, b.ids(), b.mask(), b.batch(), b.length());
      return model.pool(m, hidden, b.mask(), pooling);
    }
  }

  /** Last hidden states {@code [B][T][H]} of one padded batch (parity tests). */
  public float[][][] hiddenStates(PaddedBatch b) {
    try (NDManager m = root.newSubManager()) {
      float[] flat = model.forward(m, b.ids(), b.mask(), b.batch(), b.length()).toFloatArray();
      int h = hiddenSize();
      float[][][] out = new float[b.batch()][b.length()][h];
      for (int i = 0; i < b.batch(); i++) {
        for (int t = 0; t < b.length(); t++) {
          System.arraycopy(flat, (i * b.length() + t) * h, out[i][t], 0, h);
        }
      }
      return out;
    }
  }

  @Override
  public void close() {
    root.close();
    model.close();
    tokenizer.close();
  }
}
