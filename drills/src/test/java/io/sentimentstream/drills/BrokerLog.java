package io.sentimentstream.drills;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Counts completed rebalances of a consumer group from the broker's own log: the group coordinator
 * writes "Stabilized group G generation N" once per rebalance, whoever triggered it.
 */
final class BrokerLog {
  private static final Pattern LINE =
      Pattern.compile(
          "^\\[(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3})\\].*Stabilized group (\\S+) generation (\\d+)");
  private static final DateTimeFormatter TS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

  private final Path file;

  private BrokerLog(Path file) {
    this.file = file;
  }

  /** The broker log under the local stack's data directory. */
  static BrokerLog under(Path stackDir) {
    try (Stream<Path> s = Files.walk(stackDir)) {
      return new BrokerLog(
          s.filter(p -> p.getFileName().toString().equals("broker.log"))
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("no broker.log under " + stackDir)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Rebalances of {@code group} that completed between the two wall-clock times. */
  long rebalances(String group, long fromMs, long toMs) {
    try {
      List<String> lines = Files.readAllLines(file);
      return lines.stream()
          .map(LINE::matcher)
          .filter(Matcher::find)
          .filter(m -> m.group(2).equals(group))
          .mapToLong(m -> epochMs(m.group(1)))
          .filter(t -> t >= fromMs && t <= toMs)
          .count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long epochMs(String ts) {
    return LocalDateTime.parse(ts, TS).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
  }
}
