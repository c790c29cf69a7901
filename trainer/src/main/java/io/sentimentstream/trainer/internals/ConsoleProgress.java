package io.sentimentstream.trainer.internals;

import io.sentimentstream.trainer.Progress;
import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Progress bars on standard error, for the CLI (standard output carries the results). */
public final class ConsoleProgress implements Progress {
  private final PrintStream out;

  /** Bars printed to {@code out}. */
  public ConsoleProgress(PrintStream out) {
    this.out = out;
  }

  @Override
  public Task start(String task, long max) {
    ProgressBar bar =
        new ProgressBarBuilder()
            .setTaskName(task)
            .setInitialMax(max)
            .setStyle(ProgressBarStyle.ASCII)
            .setUpdateIntervalMillis(500)
            .setConsumer(new ConsoleProgressBarConsumer(out))
            .showSpeed()
            .build();
    return new Task() {
      @Override
      public void step(long n) {
        bar.stepBy(n);
      }

      @Override
      public void status(String text) {
        bar.setExtraMessage(" " + text);
      }

      @Override
      public void close() {
        bar.close();
      }
    };
  }
}
