package io.sentimentstream.classifier;

/** How an encoder's token states become one sentence vector. */
public enum Pooling {
  /** The first ([CLS]) token's last hidden state. */
  CLS,
  /** The mean of the last hidden states over real (unpadded) tokens. */
  MEAN,
  /** BERT's pooler: tanh(Linear(CLS)); only when the checkpoint has pooler weights. */
  POOLER
}
