package io.sentimentstream.classifier.internals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.sentimentstream.classifier.Adapters;
import io.sentimentstream.classifier.Embeddings;
import io.sentimentstream.classifier.Encoder;
import io.sentimentstream.classifier.EncoderId;
import io.sentimentstream.classifier.ForwardPasses;
import io.sentimentstream.classifier.Pooling;
import io.sentimentstream.classifier.TokenizedTexts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The {@link Encoder} built from a tokenizer and a {@link BertModel}.
 *
 * <p>{@link #embedPass} runs one forward pass over texts tokenized by {@link #tokenize}: the stream
 * app's batch former decides what a pass holds. {@link #embed(List)} is the whole-list convenience
 * (the trainer, tests, benchmarks): identical texts are encoded once, and the distinct texts are
 * cut into passes by the same rule ({@link ForwardPasses}, at most {@code batchSize} texts and
 * {@code tokenBudget} padded tokens each); results come back in input order. Thread-safe: calls
 * share only immutable state, and each pass's tensors live in their own sub-manager, closed after
 * the pass. {@link #useAdapters} swaps the weights between passes.
 */
public final class BertEncoder implements Encoder {
  private final EncoderId id;
  private final BatchTokenizer tokenizer;
  private final BertWeights base;
  private final boolean fp16;
  private final ReentrantReadWriteLock swap = new ReentrantReadWriteLock();
  private volatile BertModel model;
  private volatile Adapters adapters;
  private final Pooling pooling;
  private final NDManager root;
  private final int batchSize;
  private final int tokenBudget;
  private final AtomicLong textsEncoded = new AtomicLong();

  /**
   * Takes ownership of the tokenizer and the model (closed with this encoder).
   *
   * @param base the weights {@code model} was built from, kept to merge adapters into a copy
   * @param fp16 whether {@code model} holds float16 weights (adapted models are built alike)
   * @param batchSize most texts per forward pass
   * @param tokenBudget most padded tokens per forward pass
   */
  public BertEncoder(
      EncoderId id,
      BatchTokenizer tokenizer,
      BertModel model,
      BertWeights base,
      boolean fp16,
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
    this.base = base;
    this.fp16 = fp16;
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
    TokenizedTexts tokens = tokenize(distinct);
    float[][] vectors = new float[tokens.size()][];
    for (int[] rows : ForwardPasses.plan(tokens, maxBatch, maxTokens)) {
      float[][] pooled = pooled(PaddedBatch.of(tokens.rows(rows)));
      for (int j = 0; j < rows.length; j++) {
        vectors[rows[j]] = pooled[j];
      }
    }
    float[][] out = new float[slotOf.length][];
    boolean[] truncated = new boolean[slotOf.length];
    for (int i = 0; i < slotOf.length; i++) {
      out[i] = vectors[slotOf[i]].clone(); // callers own their rows
      truncated[i] = tokens.truncated(slotOf[i]);
    }
    return new Embeddings(out, truncated);
  }

  @Override
  public TokenizedTexts tokenize(List<String> cleanTexts) {
    BatchTokenizer.Tokens[] tokens = tokenizer.tokenize(cleanTexts);
    long[][] ids = new long[tokens.length][];
    boolean[] truncated = new boolean[tokens.length];
    for (int i = 0; i < tokens.length; i++) {
      ids[i] = tokens[i].ids();
      truncated[i] = tokens[i].truncated();
    }
    return new TokenizedTexts(cleanTexts, ids, truncated, tokenizer.maxLength());
  }

  @Override
  public Embeddings embedPass(TokenizedTexts pass) {
    boolean[] truncated = new boolean[pass.size()];
    for (int i = 0; i < truncated.length; i++) {
      truncated[i] = pass.truncated(i);
    }
    return new Embeddings(pooled(PaddedBatch.of(pass)), truncated);
  }

  /** Texts run through the model so far (distinct texts per call; for metrics and tests). */
  public long textsEncoded() {
    return textsEncoded.get();
  }

  /** The model now in use (training reads its layers; do not close it). */
  public BertModel model() {
    return model;
  }

  @Override
  public Adapters adapters() {
    return adapters;
  }

  @Override
  public void checkAdapters(Adapters adapters) {
    if (adapters != null) {
      base.checkFits(adapters, id);
    }
  }

  /**
   * Builds base weights plus {@code next} merged (null: the base weights alone) and swaps them in:
   * a pass in progress finishes on the old weights, the next pass runs on the new ones, and the old
   * weights are freed. The merge works on a copy; the base weights never change.
   *
   * @throws IllegalArgumentException if the adapters do not fit this encoder (nothing changes)
   */
  @Override
  public void useAdapters(Adapters next) {
    BertModel built =
        new BertModel(next == null ? base : base.merged(next, id), model.device(), fp16);
    BertModel old;
    swap.writeLock().lock(); // waits for passes in progress on the old weights
    try {
      old = model;
      model = built;
      adapters = next;
    } finally {
      swap.writeLock().unlock();
    }
    old.close();
  }

  /** Pooled vectors of one padded batch. */
  public float[][] pooled(PaddedBatch b) {
    textsEncoded.addAndGet(b.batch());
    swap.readLock().lock();
    try (NDManager m = root.newSubManager()) {
      NDArray hidden = model.forward(m, b.ids(), b.mask(), b.batch(), b.length());
      return model.pool(m, hidden, b.mask(), pooling);
    } finally {
      swap.readLock().unlock();
    }
  }

  /** Last hidden states {@code [B][T][H]} of one padded batch (parity tests). */
  public float[][][] hiddenStates(PaddedBatch b) {
    swap.readLock().lock();
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
    } finally {
      swap.readLock().unlock();
    }
  }

  @Override
  public void close() {
    root.close();
    model.close();
    tokenizer.close();
  }
}
