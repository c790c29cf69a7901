package io.sentimentstream.trainer.service.internals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads {@code '\n'}-separated UTF-8 lines from a stream, holding at most {@code maxBytes} of any
 * one line: a longer line is skipped while it is read (only its length is counted), so a forged or
 * corrupt file with a line of gigabytes costs time to read but never memory.
 */
final class BoundedLines {
  /** What the reader finds. */
  interface Sink {
    /** A line of at most the bound (without its newline); {@code number} counts from 1. */
    void line(long number, String text);

    /** A line of {@code bytes} bytes, over the bound, that was skipped unread. */
    void tooLong(long number, long bytes);
  }

  private BoundedLines() {}

  /**
   * Reads {@code in} to its end; returns true if its last line has no newline (a torn write), which
   * is still passed to the sink.
   */
  static boolean read(InputStream in, int maxBytes, Sink sink) throws IOException {
    byte[] buf = new byte[64 * 1024];
    byte[] line = new byte[Math.min(maxBytes, 8 * 1024)];
    int kept = 0; // bytes of the current line held in `line`
    long length = 0; // bytes of the current line so far (held or not)
    long number = 1;
    int n;
    while ((n = in.read(buf)) >= 0) {
      int start = 0;
      for (int i = 0; i < n; i++) {
        if (buf[i] != '\n') {
          continue;
        }
        int count = i - start;
        if (length + count <= maxBytes) {
          line = append(line, kept, buf, start, count, maxBytes);
          kept += count;
        }
        length += count;
        emit(sink, number++, line, kept, length, maxBytes);
        kept = 0;
        length = 0;
        start = i + 1;
      }
      int count = n - start;
      if (length + count <= maxBytes) {
        line = append(line, kept, buf, start, count, maxBytes);
        kept += count;
      }
      length += count;
    }
    if (length == 0) {
      return false;
    }
    emit(sink, number, line, kept, length, maxBytes);
    return true;
  }

  private static byte[] append(
      byte[] line, int kept, byte[] buf, int from, int count, int maxBytes) {
    byte[] to = line;
    if (kept + count > line.length) {
      to = Arrays.copyOf(line, Math.max(kept + count, Math.min(line.length * 2, maxBytes)));
    }
    System.arraycopy(buf, from, to, kept, count);
    return to;
  }

  private static void emit(
      Sink sink, long number, byte[] line, int kept, long length, int maxBytes) {
    if (length > maxBytes) {
      sink.tooLong(number, length);
    } else {
      sink.line(number, new String(line, 0, kept, StandardCharsets.UTF_8));
    }
  }
}
