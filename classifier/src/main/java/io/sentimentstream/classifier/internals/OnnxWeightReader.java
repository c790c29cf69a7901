package io.sentimentstream.classifier.internals;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the float initializers of an ONNX model (a protobuf {@code ModelProto}) and names the
 * anonymous ones by the graph node that consumes them.
 *
 * <p>Why by hand: ONNX Runtime cannot hand out initializers and the generated ONNX protobuf classes
 * are not published as a maintained Maven artifact; the few fields needed are read with
 * protobuf-java's {@link CodedInputStream}, streaming, so the 130 MB file is never held whole.
 * Field numbers are from onnx.proto3: ModelProto.graph=7; GraphProto.node=1, initializer=5;
 * NodeProto.input=1, name=3, op_type=4; TensorProto.dims=1, data_type=2, float_data=4, name=8,
 * raw_data=9, data_location=14.
 */
public final class OnnxWeightReader {
  private static final int FLOAT = 1;
  private static final int EXTERNAL = 1;

  /** A graph node: its name, operator type and input names. */
  public record Node(String name, String opType, List<String> inputs) {}

  /** The float initializers by name and the graph's nodes in order. */
  public record OnnxGraph(Map<String, Tensor> initializers, List<Node> nodes) {
    /** Maps each initializer name to the nodes that take it as input. */
    public Map<String, List<Node>> consumers() {
      Map<String, List<Node>> out = new HashMap<>();
      for (Node n : nodes) {
        for (String in : n.inputs()) {
          if (initializers.containsKey(in)) {
            out.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
          }
        }
      }
      return out;
    }
  }

  private OnnxWeightReader() {}

  /**
   * Reads the graph from an ONNX model stream.
   *
   * @param source names the stream in error messages
   */
  public static OnnxGraph read(InputStream stream, String source) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(stream, 1 << 16);
    in.setSizeLimit(Integer.MAX_VALUE);
    Map<String, Tensor> inits = new LinkedHashMap<>();
    List<Node> nodes = new ArrayList<>();
    while (!in.isAtEnd()) {
      int tag = in.readTag();
      if (WireFormat.getTagFieldNumber(tag) == 7) {
        int limit = in.pushLimit(in.readRawVarint32());
        readGraph(in, inits, nodes, source);
        in.popLimit(limit);
      } else {
        in.skipField(tag);
      }
    }
    if (inits.isEmpty()) {
      throw new IOException("no float initializers found in ONNX model " + source);
    }
    return new OnnxGraph(inits, nodes);
  }

  private static void readGraph(
      CodedInputStream in, Map<String, Tensor> inits, List<Node> nodes, String source)
      throws IOException {
    while (!in.isAtEnd()) {
      int tag = in.readTag();
      int field = WireFormat.getTagFieldNumber(tag);
      if (field == 1 || field == 5) {
        int limit = in.pushLimit(in.readRawVarint32());
        if (field == 1) {
          nodes.add(readNode(in));
        } else {
          readTensor(in, inits, source);
        }
        in.popLimit(limit);
      } else {
        in.skipField(tag);
      }
    }
  }

  private static Node readNode(CodedInputStream in) throws IOException {
    List<String> inputs = new ArrayList<>();
    String name = "";
    String op = "";
    while (!in.isAtEnd()) {
      int tag = in.readTag();
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> inputs.add(in.readStringRequireUtf8());
        case 3 -> name = in.readStringRequireUtf8();
        case 4 -> op = in.readStringRequireUtf8();
        default -> in.skipField(tag);
      }
    }
    return new Node(name, op, List.copyOf(inputs));
  }

  private static void readTensor(CodedInputStream in, Map<String, Tensor> inits, String source)
      throws IOException {
    List<Long> dims = new ArrayList<>();
    int type = 0;
    String name = "";
    byte[] raw = null;
    List<Float> floats = new ArrayList<>();
    boolean external = false;
    while (!in.isAtEnd()) {
      int tag = in.readTag();
      int field = WireFormat.getTagFieldNumber(tag);
      boolean packed = WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
      switch (field) {
        case 1 -> readRepeated(in, packed, () -> dims.add(in.readInt64()));
        case 2 -> type = in.readInt32();
        case 4 -> readRepeated(in, packed, () -> floats.add(in.readFloat()));
        case 8 -> name = in.readStringRequireUtf8();
        case 9 -> raw = in.readByteArray();
        case 14 -> external = in.readInt32() == EXTERNAL;
        default -> in.skipField(tag);
      }
    }
    if (type != FLOAT) {
      return; // int64 shape constants and the like are not weights
    }
    if (external) {
      throw new IOException("initializer " + name + " of " + source + " uses external data");
    }
    long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
    inits.put(name, new Tensor(shape, raw != null ? littleEndianFloats(raw) : toArray(floats)));
  }

  private interface IoAction {
    void run() throws IOException;
  }

  private static void readRepeated(CodedInputStream in, boolean packed, IoAction one)
      throws IOException {
    if (!packed) {
      one.run();
      return;
    }
    int limit = in.pushLimit(in.readRawVarint32());
    while (in.getBytesUntilLimit() > 0) {
      one.run();
    }
    in.popLimit(limit);
  }

  static float[] littleEndianFloats(byte[] raw) {
    float[] out = new float[raw.length / Float.BYTES];
    ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
    return out;
  }

  private static float[] toArray(List<Float> values) {
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }
}
