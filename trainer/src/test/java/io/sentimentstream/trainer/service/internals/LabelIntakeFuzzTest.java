package io.sentimentstream.trainer.service.internals;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sentimentstream.avro.LabeledTweet;
import io.sentimentstream.avro.Sentiment;
import io.sentimentstream.serde.ConfluentAvroDeserializer;
import io.sentimentstream.serde.InMemorySchemaRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Seeded mutations of valid {@code LabeledTweet} records in the Confluent wire format (bit flips,
 * truncations, forged lengths and union indexes, random bytes, unknown schema ids, over-long texts)
 * through the real deserializer and wire codec into {@link LabelIntake} and {@link LabelStore}.
 * Every input must be either taken as a label or skipped and counted with a reason; nothing else
 * may escape, a decoding failure must be a {@link SerializationException}, and no case may allocate
 * out of proportion to its input. {@code -Dfuzz.cases=N} (default 100,000) and {@code
 * -Dfuzz.seed=S} choose the run; a failure names the case, its seed and its bytes.
 */
class LabelIntakeFuzzTest {
  private static final String TOPIC = "tweets-labeled";
  private static final TopicPartition TP = new TopicPartition(TOPIC, 0);
  private static final String[] REASONS = {"unreadable", "empty_text", "too_long", "invalid"};
  private static final String[] PIECES = {
    "good ", "bad ", "é", "ü", "日本", "😀", "@user ", "http://t.co/x ", " ", "\t", "!", "İ"
  };
  private static final long[] GIANT = {
    Integer.MAX_VALUE - 8,
    Integer.MAX_VALUE,
    1L << 31,
    1L << 40,
    Long.MAX_VALUE / 2,
    100_000_000,
    1 << 20,
    -1,
    Integer.MIN_VALUE,
    Long.MIN_VALUE
  };
  private static Level intakeLevel;

  @TempDir Path dir;

  /** Records what each decoding failure was, then fails as the real one does. */
  private static final class Observed extends ConfluentAvroDeserializer<LabeledTweet> {
    final List<RuntimeException> failures = new ArrayList<>();

    Observed() {
      super(LabeledTweet.class);
    }

    @Override
    public LabeledTweet deserialize(String topic, byte[] data) {
      try {
        return super.deserialize(topic, data);
      } catch (RuntimeException e) {
        failures.add(e);
        throw e;
      }
    }
  }

  @BeforeAll
  static void quiet() { // 100,000 skip warnings would cost more than the decoding
    var logger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(LabelIntake.class);
    intakeLevel = logger.getLevel();
    logger.setLevel(Level.ERROR);
  }

  @AfterAll
  static void loud() {
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(LabelIntake.class))
        .setLevel(intakeLevel);
  }

  @Test
  void everyMutatedRecordIsTakenOrSkippedWithAReason() throws Exception {
    int cases = Integer.getInteger("fuzz.cases", 100_000);
    long seed = Long.getLong("fuzz.seed", 21L);
    InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    Observed deserializer = new Observed();
    registry.configure(deserializer);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    TrainerMetrics metrics = new TrainerMetrics(meters, () -> 0);
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    long taken = 0;
    long maxAllocated = 0;
    try (LabelStore store = LabelStore.open(dir, new LabelStore.Limits(4096, 10_000, 1 << 24))) {
      LabelIntake intake = new LabelIntake(deserializer, store, metrics);
      for (int i = 0; i < cases; i++) {
        SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + i);
        byte[] input = mutate(rnd, registry.encode(TOPIC, valid(rnd)));
        String where = "case " + i + " (seed " + seed + ") " + hex(input);
        double before = outcomes(meters);
        int failuresBefore = deserializer.failures.size();
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>(TOPIC, 0, i, null, input);
        long allocated = accept(intake, consumer, record, threads, thread, where);
        assertThat(outcomes(meters)).as("%s: one outcome", where).isEqualTo(before + 1);
        long bound = 1_048_576L + 64L * input.length;
        if (allocated >= bound) { // once more: the first use of a code path loads classes
          allocated = accept(intake, consumer, record, threads, thread, where);
        }
        maxAllocated = Math.max(maxAllocated, allocated);
        assertThat(allocated)
            .as("%s allocated out of proportion to its %d bytes", where, input.length)
            .isLessThan(bound);
        for (RuntimeException e :
            deserializer.failures.subList(failuresBefore, deserializer.failures.size())) {
          assertThat(e).as(where).isInstanceOf(SerializationException.class);
        }
        if (i % 1000 == 999) {
          store.flush();
        }
      }
      taken = (long) meters.counter("trainer.labels.seen").count();
      assertThat(store.size()).isLessThanOrEqualTo(10_000);
    }
    // the mutations reach every outcome, not only the first check
    assertThat(taken).as("labels taken").isPositive();
    for (String reason : new String[] {"unreadable", "too_long", "empty_text"}) {
      assertThat(metrics.skippedCount(reason)).as("skipped as %s", reason).isPositive();
    }
    LoggerFactory.getLogger(LabelIntakeFuzzTest.class)
        .info(
            "{} cases: {} taken, skipped {}; at most {} bytes allocated by one case",
            cases,
            taken,
            Arrays.stream(REASONS).map(r -> r + "=" + (long) metrics.skippedCount(r)).toList(),
            maxAllocated);
  }

  /** Runs one record through the intake; returns the bytes this thread allocated meanwhile. */
  private static long accept(
      LabelIntake intake,
      MockConsumer<byte[], byte[]> consumer,
      ConsumerRecord<byte[], byte[]> record,
      com.sun.management.ThreadMXBean threads,
      long thread,
      String where) {
    long before = threads.getThreadAllocatedBytes(thread);
    try {
      intake.accept(consumer, new ConsumerRecords<>(Map.of(TP, List.of(record)), Map.of()));
    } catch (Throwable t) {
      throw new AssertionError(where + " escaped the intake: " + t, t);
    }
    return threads.getThreadAllocatedBytes(thread) - before;
  }

  private static double outcomes(SimpleMeterRegistry meters) {
    double n = meters.counter("trainer.labels.seen").count();
    for (String reason : REASONS) {
      n += meters.counter("trainer.records.skipped", "reason", reason).count();
    }
    return n;
  }

  private static LabeledTweet valid(SplittableRandom rnd) {
    StringBuilder text = new StringBuilder();
    int pieces = rnd.nextInt(8) == 0 ? 2_000 + rnd.nextInt(4_000) : rnd.nextInt(40);
    for (int i = 0; i < pieces; i++) {
      text.append(PIECES[rnd.nextInt(PIECES.length)]);
    }
    return LabeledTweet.newBuilder()
        .setText(text.toString())
        .setLabel(Sentiment.values()[rnd.nextInt(Sentiment.values().length)])
        .setTweetId(rnd.nextBoolean() ? null : Long.toString(rnd.nextLong()))
        .setLabelSource(rnd.nextBoolean() ? "annotators" : "")
        .setLabeledAt(Instant.ofEpochMilli(rnd.nextLong(0, 4_000_000_000_000L)))
        .setConfidence(
            switch (rnd.nextInt(4)) {
              case 0 -> null;
              case 1 -> rnd.nextDouble();
              case 2 -> rnd.nextDouble(-2, 3); // out of [0, 1]: invalid
              default -> Double.NaN;
            })
        .build();
  }

  /** One or two mutations of a valid payload (the valid payload itself one time in ten). */
  private static byte[] mutate(SplittableRandom rnd, byte[] valid) {
    byte[] b = valid;
    int rounds = rnd.nextInt(10) == 0 ? 0 : 1 + rnd.nextInt(2);
    for (int r = 0; r < rounds; r++) {
      int body = Math.min(5, b.length); // mutations mostly hit the Avro body, not the header
      switch (rnd.nextInt(9)) {
        case 0 -> { // bit flips
          for (int k = 1 + rnd.nextInt(8); k > 0 && b.length > 0; k--) {
            int at = rnd.nextInt(b.length);
            b[at] ^= (byte) (1 << rnd.nextInt(8));
          }
        }
        case 1 -> b = Arrays.copyOf(b, rnd.nextInt(b.length + 1)); // truncation
        case 2 -> b = splice(b, body, varint(GIANT[rnd.nextInt(GIANT.length)])); // text length
        case 3 -> b = splice(b, at(rnd, b, body), varint(GIANT[rnd.nextInt(GIANT.length)]));
        case 4 -> b = splice(b, at(rnd, b, body), varint(rnd.nextLong(-3, 6))); // index, length
        case 5 -> { // random bytes over a stretch
          int at = at(rnd, b, body);
          for (int k = rnd.nextInt(1, 9); k > 0 && at < b.length; k--) {
            b[at++] = (byte) rnd.nextInt(256);
          }
        }
        case 6 -> { // an unknown schema id, or another magic byte
          if (b.length >= 5) {
            b[rnd.nextInt(5)] = (byte) rnd.nextInt(256);
          }
        }
        case 7 -> { // bytes inserted or cut out in the middle
          int at = at(rnd, b, body);
          byte[] extra = new byte[rnd.nextInt(1, 6)];
          Arrays.fill(extra, (byte) rnd.nextInt(256));
          b = rnd.nextBoolean() ? insert(b, at, extra) : cut(b, at, extra.length);
        }
        default -> b = insert(b, b.length, new byte[] {(byte) rnd.nextInt(256)}); // trailing
      }
    }
    return b;
  }

  private static int at(SplittableRandom rnd, byte[] b, int from) {
    return from >= b.length ? b.length : rnd.nextInt(from, b.length);
  }

  /** {@code b} with the varint at {@code at} replaced by {@code with}. */
  private static byte[] splice(byte[] b, int at, byte[] with) {
    int end = at;
    while (end < b.length && (b[end] & 0x80) != 0) {
      end++;
    }
    end = Math.min(end + 1, b.length);
    return insert(cut(b, at, end - at), at, with);
  }

  private static byte[] insert(byte[] b, int at, byte[] extra) {
    byte[] out = new byte[b.length + extra.length];
    System.arraycopy(b, 0, out, 0, at);
    System.arraycopy(extra, 0, out, at, extra.length);
    System.arraycopy(b, at, out, at + extra.length, b.length - at);
    return out;
  }

  private static byte[] cut(byte[] b, int at, int n) {
    n = Math.min(n, b.length - at);
    byte[] out = new byte[b.length - n];
    System.arraycopy(b, 0, out, 0, at);
    System.arraycopy(b, at + n, out, at, b.length - at - n);
    return out;
  }

  /** Avro's zig-zag varint of {@code v}. */
  private static byte[] varint(long v) {
    long z = (v << 1) ^ (v >> 63);
    byte[] out = new byte[10];
    int n = 0;
    while ((z & ~0x7FL) != 0) {
      out[n++] = (byte) ((z & 0x7F) | 0x80);
      z >>>= 7;
    }
    out[n++] = (byte) z;
    return Arrays.copyOf(out, n);
  }

  private static String hex(byte[] b) {
    return b.length <= 256
        ? HexFormat.of().formatHex(b)
        : HexFormat.of().formatHex(b, 0, 256) + "... (" + b.length + " bytes)";
  }
}
