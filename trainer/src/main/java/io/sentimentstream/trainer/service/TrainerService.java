package io.sentimentstream.trainer.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.sentimentstream.avro.LabeledTweet;
import io.sentimentstream.classifier.Encoder;
import io.sentimentstream.classifier.Head;
import io.sentimentstream.classifier.Label;
import io.sentimentstream.classifier.ModelBundle;
import io.sentimentstream.classifier.TextCleaner;
import io.sentimentstream.serde.ConfluentAvroDeserializer;
import io.sentimentstream.signing.Ed25519Keys;
import io.sentimentstream.signing.ModelUpdateSigner;
import io.sentimentstream.signing.ModelUpdateVerifier;
import io.sentimentstream.trainer.LabeledExample;
import io.sentimentstream.trainer.service.internals.LabelStore;
import io.sentimentstream.trainer.service.internals.ModelTopic;
import io.sentimentstream.trainer.service.internals.Retrainer;
import io.sentimentstream.trainer.service.internals.TrainerMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retraining service: consumes labelled tweets into the durable {@link LabelStore}, retrains
 * every N new labels or T milliseconds, gates the candidate on a held-out slice and publishes
 * signed {@code ModelUpdate}s.
 *
 * <p>Values are read as bytes and deserialised here, record by record, so that an unreadable record
 * is counted and skipped with its topic/partition/offset instead of failing the poll.
 */
public final class TrainerService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TrainerService.class);
  private static final Duration POLL = Duration.ofMillis(500);

  private final TrainerConfig config;
  private final LabelStore store;
  private final TrainerMetrics metrics;
  private final ModelTopic models;
  private final Retrainer retrainer;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final ConfluentAvroDeserializer<LabeledTweet> deserializer;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final java.util.concurrent.atomic.AtomicBoolean started =
      new java.util.concurrent.atomic.AtomicBoolean();
  private final java.util.concurrent.atomic.AtomicBoolean closed =
      new java.util.concurrent.atomic.AtomicBoolean();
  private volatile boolean running = true;
  private volatile boolean ready;
  private int newLabels;
  private long lastTrainNanos = System.nanoTime();

  /**
   * Opens the label store and the model topic (reading the serving head and highest version).
   *
   * @param encoder the frozen encoder (owned by the caller)
   */
  public TrainerService(TrainerConfig config, Encoder encoder, MeterRegistry registry)
      throws IOException {
    this.config = config;
    ModelUpdateSigner signer =
        new ModelUpdateSigner(Ed25519Keys.readPrivate(config.signingKeyText()));
    this.store = LabelStore.open(config.stateDir());
    this.metrics = new TrainerMetrics(registry, store::size);
    this.models =
        new ModelTopic(
            config.getString(TrainerConfig.TOPIC_MODELS),
            config.kafkaProperties(),
            config.serdeConfig());
    PublicKey publicKey = config.publicKey();
    if (publicKey == null) {
      log.warn(
          "{} is not set: updates already on {} are trusted for the serving head and version",
          TrainerConfig.PUBLIC_KEY,
          config.getString(TrainerConfig.TOPIC_MODELS));
    }
    ModelTopic.State state =
        models.read(
            encoder.id().name(),
            publicKey == null ? null : new ModelUpdateVerifier(publicKey),
            Duration.ofSeconds(60));
    Head serving = state.serving() != null ? state.serving() : builtInHead(encoder);
    long next = Math.max(state.maxVersion(), serving == null ? 0 : serving.version()) + 1;
    metrics.serving(serving == null ? 0 : serving.version());
    this.retrainer = new Retrainer(config, encoder, models, signer, metrics, serving, next);
    this.deserializer = new ConfluentAvroDeserializer<>(LabeledTweet.class);
    deserializer.configure(config.serdeConfig(), false);
    this.consumer =
        new KafkaConsumer<>(
            config.consumerProperties(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** True once the consumer has joined and the first poll returned. */
  public boolean isReady() {
    return ready && running;
  }

  /** Metrics, for tests and the ops endpoint. */
  public TrainerMetrics metrics() {
    return metrics;
  }

  /** The last retraining's outcome, or null. */
  public RetrainOutcome lastOutcome() {
    return retrainer.lastOutcome();
  }

  /** Consumes and retrains until {@link #close()}. */
  public void run() {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("the trainer service runs once");
    }
    try {
      consumer.subscribe(List.of(config.getString(TrainerConfig.TOPIC_LABELED)));
      while (running) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
        ready = true;
        for (ConsumerRecord<byte[], byte[]> r : records) {
          accept(r);
        }
        if (!records.isEmpty()) {
          store.flush(); // durable before the offsets say these records are done
          consumer.commitSync();
        }
        maybeRetrain();
      }
    } catch (WakeupException e) {
      if (running) {
        throw e;
      }
    } finally {
      ready = false;
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
      stopped.countDown();
    }
  }

  private void accept(ConsumerRecord<byte[], byte[]> r) {
    LabeledTweet t;
    try {
      t = deserializer.deserialize(r.topic(), r.headers(), r.value());
    } catch (RuntimeException e) {
      skip("unreadable", r, e.getMessage());
      return;
    }
    if (t == null) {
      skip("unreadable", r, "null value");
      return;
    }
    String clean = TextCleaner.clean(t.getText());
    if (clean.isEmpty()) {
      skip("empty_text", r, "text is empty after cleaning");
      return;
    }
    LabeledExample e;
    try {
      Label label = Label.parse(t.getLabel().name());
      double conf = t.getConfidence() == null ? 1.0 : t.getConfidence();
      e = new LabeledExample(clean, label, conf);
    } catch (IllegalArgumentException ex) {
      skip("invalid", r, ex.getMessage());
      return;
    }
    metrics.labelSeen();
    if (store.add(e)) {
      newLabels++;
    }
  }

  private void skip(String reason, ConsumerRecord<?, ?> r, String why) {
    metrics.skipped(reason);
    log.warn(
        "Skipping {} record at {}-{}@{}: {}", reason, r.topic(), r.partition(), r.offset(), why);
  }

  private void maybeRetrain() {
    long sinceMs = (System.nanoTime() - lastTrainNanos) / 1_000_000;
    boolean due =
        newLabels >= config.getInt(TrainerConfig.RETRAIN_EVERY_LABELS)
            || (newLabels > 0 && sinceMs >= config.getLong(TrainerConfig.RETRAIN_INTERVAL_MS));
    if (!due) {
      return;
    }
    if (store.size() < config.getInt(TrainerConfig.RETRAIN_MIN_LABELS)) {
      log.info(
          "{} distinct labelled texts, fewer than {}: not training yet",
          store.size(),
          config.getInt(TrainerConfig.RETRAIN_MIN_LABELS));
      lastTrainNanos = System.nanoTime();
      return;
    }
    log.info("Retraining: {} new labels, {} distinct texts", newLabels, store.size());
    newLabels = 0;
    lastTrainNanos = System.nanoTime();
    try {
      retrainer.retrain(store.all());
    } catch (RuntimeException e) {
      // a failed training must not stop consumption; the next trigger tries again
      metrics.trainingFailed();
      log.error("Retraining failed; will retry at the next trigger", e);
    }
  }

  private static Head builtInHead(Encoder encoder) {
    try {
      Head h = ModelBundle.defaultHead();
      return h.encoder().equals(encoder.id()) ? h : null;
    } catch (RuntimeException e) {
      log.warn("No usable built-in default head: {}", e.getMessage());
      return null;
    }
  }

  /** Asks the loop to stop; returns at once ({@link #close()} waits and frees resources). */
  public void stop() {
    running = false;
    consumer.wakeup();
  }

  @Override
  public void close() {
    if (closed.getAndSet(true)) {
      return;
    }
    running = false;
    if (!started.getAndSet(true)) {
      consumer.close(
          CloseOptions.timeout(Duration.ofSeconds(5))); // never ran: nobody else will close it
      stopped.countDown();
    }
    consumer.wakeup();
    try {
      if (!stopped.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
        log.warn("Trainer loop did not stop within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    models.close();
    try {
      store.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
