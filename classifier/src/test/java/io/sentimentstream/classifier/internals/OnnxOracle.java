package io.sentimentstream.classifier.internals;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.Map;

/** ONNX Runtime Java on a shipped encoder's ONNX file: the independent reference (tests only). */
public final class OnnxOracle implements AutoCloseable {
  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final OrtSession session;

  /** Loads the encoder's ONNX model with default options (all cores, full graph optimization). */
  public OnnxOracle(ShippedEncoder encoder) throws IOException, OrtException {
    this(encoder, 0);
  }

  /**
   * Loads the encoder's ONNX model.
   *
   * @param threads intra-op threads, 0 for ONNX Runtime's default (one per core)
   */
  public OnnxOracle(ShippedEncoder encoder, int threads) throws IOException, OrtException {
    byte[] model;
    try (InputStream in = encoder.open(encoder.onnxResource())) {
      model = in.readAllBytes();
    }
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    if (threads > 0) {
      options.setIntraOpNumThreads(threads);
    }
    session = env.createSession(model, options);
  }

  /** Last hidden states {@code [B][T][H]} for a padded batch (token types all 0). */
  public float[][][] hiddenStates(PaddedBatch b) throws OrtException {
    long[] shape = {b.batch(), b.length()};
    Map<String, OnnxTensor> in = new HashMap<>();
    try {
      in.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(b.ids()), shape));
      in.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(b.mask()), shape));
      if (session.getInputNames().contains("token_type_ids")) {
        long[] zeros = new long[b.ids().length];
        in.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(zeros), shape));
      }
      try (OrtSession.Result r = session.run(in)) {
        return (float[][][]) r.get(0).getValue();
      }
    } finally {
      in.values().forEach(OnnxTensor::close);
    }
  }

  /**
   * Mean-pooled vectors for a padded batch, read straight from the output buffer (what a production
   * ORT encoder would do; used by the benchmark).
   */
  public float[][] meanPooled(PaddedBatch b) throws OrtException {
    long[] shape = {b.batch(), b.length()};
    Map<String, OnnxTensor> in = new HashMap<>();
    try {
      in.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(b.ids()), shape));
      in.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(b.mask()), shape));
      if (session.getInputNames().contains("token_type_ids")) {
        long[] zeros = new long[b.ids().length];
        in.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(zeros), shape));
      }
      try (OrtSession.Result r = session.run(in)) {
        FloatBuffer h = ((OnnxTensor) r.get(0)).getFloatBuffer();
        int width = h.capacity() / (b.batch() * b.length());
        float[][] out = new float[b.batch()][width];
        for (int i = 0; i < b.batch(); i++) {
          int n = 0;
          for (int t = 0; t < b.length(); t++) {
            if (b.mask()[i * b.length() + t] == 1) {
              n++;
              int base = (i * b.length() + t) * width;
              for (int k = 0; k < width; k++) {
                out[i][k] += h.get(base + k);
              }
            }
          }
          for (int k = 0; k < width; k++) {
            out[i][k] /= n;
          }
        }
        return out;
      }
    } finally {
      in.values().forEach(OnnxTensor::close);
    }
  }

  @Override
  public void close() throws OrtException {
    session.close();
  }
}
