package io.sentimentstream.stream.internals;

import io.sentimentstream.avro.Tweet;
import io.sentimentstream.serde.SchemaRegistryException;
import io.sentimentstream.stream.StreamMetrics;
import io.sentimentstream.stream.internals.DeadLetters.Origin;
import io.sentimentstream.stream.internals.avro.PendingTweet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.common.header.Headers;
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
 * increasing sequence number, and classifies them in micro-batches formed by the app's {@link
 * BatchFormer} (which says how): a full batch inside {@link #process}, a partial one from a
 * wall-clock punctuator once its oldest tweet has waited {@code batch.max.delay.ms}. The deadline
 * runs from the oldest tweet, not from the last flush: Streams checks punctuators after every few
 * records, so a punctuator that flushed whatever was pending would cut batches to one or two tweets
 * whenever inference takes longer than the delay. Results are forwarded and their buffer entries
 * deleted in the same call, so the commit (a transaction under exactly-once) covers input offsets,
 * outputs and buffer changes together.
 *
 * <p>Records that cannot be read, fail validation or whose inference throws are forwarded to the
 * dead-letter sink with their original bytes; nothing is dropped silently. Records that could not
 * be read only because the schema registry is away are not bad: they wait in {@link HeldRecords}.
 */
public final class MicroBatchProcessor implements Processor<byte[], byte[], Object, Object> {
  private static final Logger log = LoggerFactory.getLogger(MicroBatchProcessor.class);

  private final Settings settings;
  private final Deserializer<Tweet> tweetDeserializer;
  private final TweetValidator validator;
  private final BatchFormer former;
  private final StreamMetrics metrics;
  private final Predicate<byte[]> needsRegistry;
  private ProcessorContext<Object, Object> context;
  private Outputs outputs;
  private KeyValueStore<Long, PendingTweet> buffer;
  private HeldRecords held;
  private RuntimeException registryError;
  private long nextSeq;
  private int pending;
  private long oldestPendingMs;

  /** Names and limits the processor needs. */
  public record Settings(
      String storeName,
      String heldStoreName,
      String resultsSink,
      String deadLetterSink,
      long batchMaxDelayMs,
      int maxIdBytes,
      int maxTextBytes,
      int maxRecordBytes,
      int maxHeld,
      long maxHeldBytes) {}

  /**
   * Creates one processor instance (one per task).
   *
   * @param needsRegistry whether decoding a value would ask the schema registry (its schema id was
   *     not read before): while the registry is away, such records wait behind the held ones
   */
  public MicroBatchProcessor(
      Settings settings,
      Deserializer<Tweet> tweetDeserializer,
      Predicate<byte[]> needsRegistry,
      BatchFormer former,
      StreamMetrics metrics) {
    this.settings = settings;
    this.tweetDeserializer = tweetDeserializer;
    this.needsRegistry = needsRegistry;
    this.validator = new TweetValidator(settings.maxIdBytes(), settings.maxTextBytes());
    this.former = former;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.outputs =
        new Outputs(
            context,
            new Outputs.Sinks(
                settings.resultsSink(), settings.deadLetterSink(), settings.maxRecordBytes()),
            metrics);
    this.buffer = context.getStateStore(settings.storeName());
    // The store is restored from its changelog before init: resume the sequence after its max key.
    try (KeyValueIterator<Long, PendingTweet> it = buffer.reverseAll()) {
      nextSeq = it.hasNext() ? it.next().key + 1 : 0;
    }
    try (KeyValueIterator<Long, PendingTweet> it = buffer.all()) {
      it.forEachRemaining(
          kv -> {
            pending++;
            former.buffered(kv.value.getCleanText());
          });
    }
    if (pending > 0) {
      log.info("Task {} resumes with {} buffered tweets", context.taskId(), pending);
      oldestPendingMs = context.currentSystemTimeMs();
    }
    held =
        new HeldRecords(
            context.getStateStore(settings.heldStoreName()),
            settings.maxHeld(),
            settings.maxHeldBytes(),
            metrics,
            context.taskId());
    // Checked four times per delay, so no tweet waits much longer than batch.max.delay.ms.
    context.schedule(
        Duration.ofMillis(Math.max(1, settings.batchMaxDelayMs() / 4)),
        PunctuationType.WALL_CLOCK_TIME,
        this::flushIfDue);
  }

  private void flushIfDue(long now) {
    held.retryIfDue(now, this::readmit);
    if (pending > 0 && (now - oldestPendingMs >= settings.batchMaxDelayMs() || computedForIt())) {
      flushAll();
      // A flush by time means low traffic: its results are visible to read_committed consumers
      // only once the transaction commits, so ask for that now instead of at the next
      // commit.interval.ms. Full batches (in process) keep the interval: under load, a commit per
      // batch of cache hits would cost more than the wait.
      context.commit();
    }
  }

  /** True if another task's pass already computed the texts of this task's next batch. */
  private boolean computedForIt() {
    return former.computedForIt(nextBatch().stream().map(kv -> kv.value.getCleanText()).toList());
  }

  @Override
  public void close() {
    // A task that moves away leaves its texts to its next owner, which buffers them again.
    try (KeyValueIterator<Long, PendingTweet> it = buffer.all()) {
      it.forEachRemaining(kv -> former.released(kv.value.getCleanText()));
    }
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    metrics.recordIn();
    RecordMetadata md = context.recordMetadata().orElseThrow();
    Origin origin = new Origin(md.topic(), md.partition(), md.offset(), record.timestamp());
    int size = DeadLetters.sizeOf(record);
    if (size > settings.maxRecordBytes()) {
      outputs.oversized(record, origin, size);
      return;
    }
    if (held.holding() && needsRegistry.test(record.value())) {
      hold(PendingTweets.raw(origin, record.key(), record.value(), record.headers()));
    } else if (!admit(record.key(), record.value(), record.headers(), origin)) {
      hold(PendingTweets.raw(origin, record.key(), record.value(), record.headers()));
    }
  }

  /**
   * Decodes, validates and cleans one input record into the buffer, or dead-letters it if it is
   * bad. Returns false, leaving it to the caller, if the schema registry is away.
   */
  private boolean admit(byte[] key, byte[] value, Headers headers, Origin origin) {
    PendingTweet entry;
    try {
      Tweet tweet = tweetDeserializer.deserialize(origin.topic(), headers, value);
      String clean = validator.validateAndClean(tweet);
      entry = PendingTweets.of(tweet.getId(), clean, origin, key, value, headers);
      PendingTweets.checkStoredSize(entry, settings.maxRecordBytes());
    } catch (RuntimeException e) {
      if (SchemaRegistryException.isRetriable(e)) {
        registryError = e;
        return false;
      }
      log.warn(
          "Dead-lettering unreadable/invalid record {}-{}@{}: {}",
          origin.topic(),
          origin.partition(),
          origin.offset(),
          e.toString());
      outputs.deadLetter(key, value, headers, origin, e);
      return true;
    }
    buffer.put(nextSeq++, entry);
    former.buffered(entry.getCleanText());
    if (pending == 0) {
      oldestPendingMs = context.currentSystemTimeMs();
    }
    if (former.full(++pending)) {
      flushAll();
    }
    return true;
  }

  private void hold(PendingTweet raw) {
    if (!held.full(raw)) {
      held.hold(raw, registryError, context.currentSystemTimeMs());
      return;
    }
    outputs.registryHoldFull(raw, held.fullReason(), registryError);
  }

  /** Admits a held record again: null if done, else the error that says the registry is away. */
  private RuntimeException readmit(PendingTweet raw) {
    boolean done =
        admit(
            PendingTweets.key(raw),
            PendingTweets.value(raw),
            PendingTweets.headers(raw),
            PendingTweets.origin(raw));
    return done ? null : registryError;
  }

  private void flushAll() {
    while (pending > 0) {
      List<KeyValue<Long, PendingTweet>> batch = nextBatch(); // the cap may have shrunk meanwhile
      if (batch.isEmpty()) {
        pending = 0; // defensive: the count drifted from the store
        return;
      }
      classify(batch);
    }
  }

  /** The oldest buffered entries, as many as the next flush may take. */
  private List<KeyValue<Long, PendingTweet>> nextBatch() {
    int cap = former.cap();
    List<KeyValue<Long, PendingTweet>> batch = new ArrayList<>(cap);
    try (KeyValueIterator<Long, PendingTweet> it = buffer.all()) {
      while (it.hasNext() && batch.size() < cap) {
        batch.add(it.next());
      }
    }
    return batch;
  }

  private void classify(List<KeyValue<Long, PendingTweet>> batch) {
    List<String> texts = new ArrayList<>(batch.size());
    batch.forEach(kv -> texts.add(kv.value.getCleanText()));
    List<BatchFormer.Outcome> outcomes = former.flush(texts);
    // The wall clock after the pass, not context.currentSystemTimeMs(): that is the time Streams
    // cached before this process() or punctuator call, so classifiedAt and the latency metric would
    // leave out this pass (and any pass before it in the same call).
    long now = System.currentTimeMillis();
    for (int i = 0; i < batch.size(); i++) {
      outputs.emit(batch.get(i).value, outcomes.get(i), now);
      buffer.delete(batch.get(i).key);
      pending--;
    }
  }
}
