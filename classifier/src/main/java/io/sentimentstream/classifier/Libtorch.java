package io.sentimentstream.classifier;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * libtorch's process-wide float32 matmul precision ({@code at::globalContext()
 * .setFloat32MatmulPrecision}), which DJL has no binding for. Written by hand on JNA (already on
 * the classpath through DJL): three exported C++ functions of the libtorch_cpu this process has
 * mapped, called by their mangled names. The names are those of libtorch 2.x, which the pinned DJL
 * PyTorch engine ships; a build without them is reported, never guessed at.
 */
final class Libtorch {
  private static final String GLOBAL_CONTEXT = "_ZN2at13globalContextEv";
  private static final String SET_PRECISION =
      "_ZN2at7Context25setFloat32MatmulPrecisionENS_22Float32MatmulPrecisionE";
  private static final String GET_PRECISION = "_ZNK2at7Context22float32MatmulPrecisionEv";
  private static final String LIB = "/libtorch_cpu.so";

  private Libtorch() {}

  /**
   * Sets the precision by libtorch's enum code (HIGHEST=0, HIGH=1, MEDIUM=2); MatmulPrecision maps
   * its values to these codes (this class does not depend on it).
   */
  static synchronized void setMatmulPrecision(int code) {
    NativeLibrary lib = library();
    Pointer ctx = lib.getFunction(GLOBAL_CONTEXT).invokePointer(new Object[0]);
    lib.getFunction(SET_PRECISION).invokeVoid(new Object[] {ctx, code});
  }

  /** libtorch's enum code of the precision it holds now (HIGHEST=0, HIGH=1, MEDIUM=2). */
  static synchronized int matmulPrecision() {
    NativeLibrary lib = library();
    Pointer ctx = lib.getFunction(GLOBAL_CONTEXT).invokePointer(new Object[0]);
    return lib.getFunction(GET_PRECISION).invokeInt(new Object[] {ctx});
  }

  private static NativeLibrary library() {
    Path path =
        mappedLibtorch()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "libtorch_cpu.so is not mapped into this process: open the PyTorch engine"
                            + " first"));
    NativeLibrary lib = NativeLibrary.getInstance(path.toString());
    for (String symbol : new String[] {GLOBAL_CONTEXT, SET_PRECISION, GET_PRECISION}) {
      try {
        Function unused = lib.getFunction(symbol);
      } catch (UnsatisfiedLinkError e) {
        throw new IllegalStateException(path + " does not export " + symbol, e);
      }
    }
    return lib;
  }

  private static Optional<Path> mappedLibtorch() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/self/maps"))) {
      return lines
          .filter(l -> l.endsWith(LIB))
          .map(l -> Path.of(l.substring(l.indexOf('/'))))
          .findFirst();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
