package io.sentimentstream.classifier.internals;

import java.util.Arrays;
import java.util.Objects;

/**
 * A dense float32 tensor held in Java memory while weights are loaded and converted.
 *
 * @param shape dimensions, outermost first
 * @param data values in row-major order
 */
public record Tensor(long[] shape, float[] data) {
  /** Checks that the data length matches the shape. */
  public Tensor {
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(data, "data");
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    if (n != data.length) {
      throw new IllegalArgumentException(
          "tensor shape " + Arrays.toString(shape) + " needs " + n + " values, got " + data.length);
    }
  }

  /** Returns the transpose of a 2-D tensor ({@code [a,b]} becomes {@code [b,a]}). */
  public Tensor transpose2d() {
    if (shape.length != 2) {
      throw new IllegalStateException("transpose2d needs a 2-D tensor, shape " + shapeString());
    }
    int rows = (int) shape[0];
    int cols = (int) shape[1];
    float[] out = new float[data.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        out[c * rows + r] = data[r * cols + c];
      }
    }
    return new Tensor(new long[] {cols, rows}, out);
  }

  /** The shape as text, e.g. {@code [384, 1536]}. */
  public String shapeString() {
    return Arrays.toString(shape);
  }
}
