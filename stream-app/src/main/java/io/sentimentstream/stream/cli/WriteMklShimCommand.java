package io.sentimentstream.stream.cli;

import io.sentimentstream.classifier.MklShim;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code write-mkl-shim}: writes the AMD fix for libtorch's MKL ({@link MklShim}) to a file. Start
 * the stream app or the trainer with {@code LD_PRELOAD} naming it; the images do that themselves.
 */
@Command(
    name = "write-mkl-shim",
    mixinStandardHelpOptions = true,
    description = "Write the MKL shim (preload it on AMD processors: faster GEMMs in libtorch).")
public final class WriteMklShimCommand implements Callable<Integer> {
  @Option(
      names = "--out",
      required = true,
      description = "File to write, e.g. /opt/sentiment-stream/native/libsentiment-mkl-intel.so.")
  Path out;

  @Override
  public Integer call() throws Exception {
    Path p = MklShim.write(out);
    MklShim.Status s = MklShim.status();
    System.out.println("Wrote " + p.toAbsolutePath() + " (this host: " + s.vendor() + ")");
    System.out.println("Use: LD_PRELOAD=" + p.toAbsolutePath() + " java ...");
    return 0;
  }
}
