package io.sentimentstream.classifier;

/** Where the encoder runs. */
public enum Device {
  /** A GPU when the PyTorch engine sees one, else the CPU. */
  AUTO,
  /** The CPU. */
  CPU,
  /** The first GPU; opening fails when there is none. */
  GPU
}
