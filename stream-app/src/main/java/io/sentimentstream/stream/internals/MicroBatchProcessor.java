package io.sentimentstream.stream.internals;

import io.sentimentstream.avro.SentimentResult;
import io.sentimentstream.avro.Tweet;
import io.sentimentstream.stream.StreamConfig;
import io.sentimentstream.stream.StreamMetrics;
import io.sentimentstream.stream.internals.DeadLetters.Origin;
import io.sentimentstream.stream.internals.avro.PendingHeader;
import io.sentimentstream.stream.internals.avro.PendingTweet;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes, validates and cleans input tweets, buffers them in a changelogged store keyed by an
 * increasing sequence number, and classifies them in micro-batches: a full batch (as many texts as
 * the {@link BatchBudget} allows now, at most {@code batch.max.size}) inside {@link #process}, a
 * partial one from a wall-clock punctuator once its oldest tweet has waited {@code
 * batch.max.delay.ms}. The deadline runs from the oldest tweet, not from the last flush: Streams
 * checks punctuators after every few records, so a punctuator that flushed whatever was pending
 * would cut batches to one or two tweets whenever inference takes longer than the delay. Results
 * are forwarded and their buffer entries deleted in the same call, so the commit (a transaction
 * under exactly-once) covers input offsets, outputs and buffer changes together.
 *
 * <p>Records that cannot be read, fail validation or whose inference throws are forwarded to the
 * dead-letter sink with their original bytes; nothing is dropped silently.
 */
public final class MicroBatchProcessor implements Processor<byte[], byte[], Object, Object> {
  private static final Logger log = LoggerFactory.getLogger(MicroBatchProcessor.class);

  private final Settings settings;
  private final Deserializer<Tweet> tweetDeserializer;
  private final TweetValidator validator;
  private final BatchScorer scorer;
  private final StreamMetrics metrics;
  private ProcessorContext<Object, Object> context;
  private KeyValueStore<Long, PendingTweet> buffer;
  private long nextSeq;
  private int pending;
  private long oldestPendingMs;

  /** Names and limits the processor needs. */
  public record Settings(
      String storeName,
      String resultsSink,
      String deadLetterSink,
      long batchMaxDelayMs,
      int maxTextBytes,
      int maxRecordBytes) {}

  /** Creates one processor instance (one per task). */
  public MicroBatchProcessor(
      Settings settings,
      Deserializer<Tweet> tweetDeserializer,
      BatchScorer scorer,
      StreamMetrics metrics) {
    this.settings = settings;
    this.tweetDeserializer = tweetDeserializer;
    this.validator = new TweetValidator(settings.maxTextBytes());
    this.scorer = scorer;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.buffer = context.getStateStore(settings.storeName());
    // The store is restored from its changelog before init: resume the sequence after its max key.
    try (KeyValueIterator<Long, PendingTweet> it = buffer.reverseAll()) {
      nextSeq = it.hasNext() ? it.next().key + 1 : 0;
    }
    try (KeyValueIterator<Long, PendingTweet> it = buffer.all()) {
      it.forEachRemaining(kv -> pending++);
    }
    if (pending > 0) {
      log.info("Task {} resumes with {} buffered tweets", context.taskId(), pending);
      oldestPendingMs = context.currentSystemTimeMs();
    }
    // Checked four times per delay, so no tweet waits much longer than batch.max.delay.ms.
    context.schedule(
        Duration.ofMillis(Math.max(1, settings.batchMaxDelayMs() / 4)),
        PunctuationType.WALL_CLOCK_TIME,
        this::flushIfDue);
  }

  private void flushIfDue(long now) {
    if (pending > 0 && now - oldestPendingMs >= settings.batchMaxDelayMs()) {
      flushAll();
    }
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    metrics.recordIn();
    RecordMetadata md = context.recordMetadata().orElseThrow();
    Origin origin = new Origin(md.topic(), md.partition(), md.offset(), record.timestamp());
    int size = DeadLetters.sizeOf(record);
    if (size > settings.maxRecordBytes()) {
      InvalidTweetException e =
          new InvalidTweetException(
              "record is "
                  + size
                  + " bytes (key, value and headers), over the limit "
                  + StreamConfig.RECORD_MAX_BYTES
                  + "="
                  + settings.maxRecordBytes());
      log.warn(
          "Dead-lettering oversized record {}-{}@{}: {}",
          md.topic(),
          md.partition(),
          md.offset(),
          e.getMessage());
      long now = context.currentSystemTimeMs();
      context.forward(
          DeadLetters.oversized(record, settings.maxRecordBytes(), origin, e, now),
          settings.deadLetterSink());
      metrics.deadLettered(e.getClass().getSimpleName());
      return;
    }
    PendingTweet entry;
    try {
      Tweet tweet = tweetDeserializer.deserialize(md.topic(), record.headers(), record.value());
      String clean = validator.validateAndClean(tweet);
      entry = pendingTweet(tweet.getId(), clean, origin, record);
    } catch (RuntimeException e) {
      log.warn(
          "Dead-lettering unreadable/invalid record {}-{}@{}: {}",
          md.topic(),
          md.partition(),
          md.offset(),
          e.toString());
      deadLetter(record.key(), record.value(), record.headers(), origin, e);
      return;
    }
    buffer.put(nextSeq++, entry);
    if (pending == 0) {
      oldestPendingMs = context.currentSystemTimeMs();
    }
    if (++pending >= scorer.cap()) {
      flushAll();
    }
  }

  private void flushAll() {
    while (pending > 0) {
      int cap = scorer.cap(); // the time budget may have shrunk it since the last pass
      List<KeyValue<Long, PendingTweet>> batch = new ArrayList<>(cap);
      try (KeyValueIterator<Long, PendingTweet> it = buffer.all()) {
        while (it.hasNext() && batch.size() < cap) {
          batch.add(it.next());
        }
      }
      if (batch.isEmpty()) {
        pending = 0; // defensive: the count drifted from the store
        return;
      }
      classify(batch);
    }
  }

  private void classify(List<KeyValue<Long, PendingTweet>> batch) {
    List<String> texts = new ArrayList<>(batch.size());
    batch.forEach(kv -> texts.add(kv.value.getCleanText()));
    List<BatchScorer.Outcome> outcomes = scorer.score(texts);
    long now = context.currentSystemTimeMs();
    for (int i = 0; i < batch.size(); i++) {
      PendingTweet p = batch.get(i).value;
      BatchScorer.Outcome o = outcomes.get(i);
      if (o.prediction() != null) {
        SentimentResult result = Results.of(p, o.prediction(), now);
        context.forward(
            new Record<>(p.getTweetId(), result, p.getTimestamp()), settings.resultsSink());
        metrics.recordOut(p.getTimestamp(), now);
      } else {
        Origin origin = new Origin(p.getTopic(), p.getPartition(), p.getOffset(), p.getTimestamp());
        log.warn(
            "Dead-lettering tweet {} ({}-{}@{}): inference failed: {}",
            p.getTweetId(),
            p.getTopic(),
            p.getPartition(),
            p.getOffset(),
            o.error().toString());
        deadLetter(bytes(p.getKey()), bytes(p.getValue()), headers(p), origin, o.error());
      }
      buffer.delete(batch.get(i).key);
      pending--;
    }
  }

  private void deadLetter(byte[] key, byte[] value, Headers original, Origin origin, Throwable e) {
    long now = context.currentSystemTimeMs();
    Record<byte[], byte[]> dlq = DeadLetters.record(key, value, original, origin, e, now);
    context.forward(dlq, settings.deadLetterSink());
    metrics.deadLettered(e.getClass().getSimpleName());
  }

  private static PendingTweet pendingTweet(
      String id, String clean, Origin origin, Record<byte[], byte[]> record) {
    return PendingTweet.newBuilder()
        .setTweetId(id)
        .setCleanText(clean)
        .setTimestamp(origin.timestamp())
        .setTopic(origin.topic())
        .setPartition(origin.partition())
        .setOffset(origin.offset())
        .setKey(record.key() == null ? null : ByteBuffer.wrap(record.key()))
        .setValue(ByteBuffer.wrap(record.value()))
        .setHeaders(pendingHeaders(record.headers()))
        .build();
  }

  private static List<PendingHeader> pendingHeaders(Headers headers) {
    List<PendingHeader> out = new ArrayList<>();
    for (Header h : headers) {
      out.add(new PendingHeader(h.key(), h.value() == null ? null : ByteBuffer.wrap(h.value())));
    }
    return out;
  }

  private static Headers headers(PendingTweet p) {
    Headers h = new RecordHeaders();
    for (PendingHeader ph : p.getHeaders()) {
      h.add(ph.getKey(), bytes(ph.getValue()));
    }
    return h;
  }

  private static byte[] bytes(ByteBuffer b) {
    if (b == null) {
      return null;
    }
    ByteBuffer d = b.duplicate();
    byte[] out = new byte[d.remaining()];
    d.get(out);
    return out;
  }
}
