package io.sentimentstream.trainer.service.internals;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoundedLinesTest {
  private final List<String> events = new ArrayList<>();
  private final BoundedLines.Sink sink =
      new BoundedLines.Sink() {
        @Override
        public void line(long number, String text) {
          events.add(number + ":" + text);
        }

        @Override
        public void tooLong(long number, long bytes) {
          events.add(number + ": too long, " + bytes + " bytes");
        }
      };

  private static InputStream text(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code length} bytes of 'x' made up as they are read: nothing of this size is ever held. */
  private static InputStream xs(long length) {
    return new InputStream() {
      private long left = length;

      @Override
      public int read() {
        return left-- > 0 ? 'x' : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (left <= 0) {
          return -1;
        }
        int n = (int) Math.min(len, left);
        Arrays.fill(b, off, off + n, (byte) 'x');
        left -= n;
        return n;
      }
    };
  }

  @Test
  void aLineLongerThanAnyArrayIsSkippedAndTheNextOnesAreRead() throws Exception {
    long huge = 3L << 30; // 3 GiB: more than a Java array or String can hold
    InputStream in =
        new SequenceInputStream(
            text("first\n"), new SequenceInputStream(xs(huge), text("\nlast\n")));
    assertThat(BoundedLines.read(in, 100, sink)).isFalse();
    assertThat(events).containsExactly("1:first", "2: too long, " + huge + " bytes", "3:last");
  }

  @Test
  void linesUpToTheBoundAreKeptWholeAndATornLastLineIsReported() throws Exception {
    String atBound = "é".repeat(50); // 100 bytes
    assertThat(BoundedLines.read(text(atBound + "\n" + atBound + "x\n\ntorn"), 100, sink)).isTrue();
    assertThat(events).containsExactly("1:" + atBound, "2: too long, 101 bytes", "3:", "4:torn");
  }
}
