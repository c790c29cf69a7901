package io.sentimentstream.trainer.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.sentimentstream.avro.LabeledTweet;
import io.sentimentstream.classifier.Adapters;
import io.sentimentstream.classifier.Encoder;
import io.sentimentstream.classifier.Head;
import io.sentimentstream.classifier.ModelBundle;
import io.sentimentstream.modelupdates.ModelTopic;
import io.sentimentstream.modelupdates.signing.Ed25519Keys;
import io.sentimentstream.modelupdates.signing.ModelUpdateSigner;
import io.sentimentstream.modelupdates.signing.ModelUpdateVerifier;
import io.sentimentstream.ops.Outage;
import io.sentimentstream.serde.ConfluentAvroDeserializer;
import io.sentimentstream.trainer.service.internals.LabelIntake;
import io.sentimentstream.trainer.service.internals.LabelStore;
import io.sentimentstream.trainer.service.internals.ModelTopicStartup;
import io.sentimentstream.trainer.service.internals.RetrainSchedule;
import io.sentimentstream.trainer.service.internals.Retrainer;
import io.sentimentstream.trainer.service.internals.TrainerMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.CloseOptions;
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
 * <p>Values are read as bytes and deserialised record by record ({@link LabelIntake}), so that a
 * definitely unreadable record is counted and skipped with its topic/partition/offset instead of
 * failing the poll, while a transient registry failure stops the intake without committing past the
 * record, and it is read again after a backoff.
 *
 * <p>{@link #run()} first makes sure the model topic is compacted and reads it for the serving head
 * and the highest version; while the broker or registry is away it retries with backoff (not ready
 * meanwhile), since starting from a lower version than the topic holds would publish stale ones. A
 * model topic that is not compacted stops the service with a {@link
 * org.apache.kafka.common.config.ConfigException} naming {@code cleanup.policy}.
 */
public final class TrainerService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TrainerService.class);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final long BACKOFF_MS = 1_000; // first wait of a dependency outage
  private static final long BACKOFF_MAX_MS = 30_000;

  private final TrainerConfig config;
  private final Encoder encoder;
  private final ModelUpdateSigner signer;
  private final LabelStore store;
  private final TrainerMetrics metrics;
  private final ModelTopic models;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final LabelIntake intake;
  private final Outage labelOutage;
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile Retrainer retrainer;
  private volatile boolean running = true;
  private volatile boolean ready;
  private final RetrainSchedule schedule;

  /**
   * Opens the label store and the clients; {@link #run()} reads the model topic.
   *
   * @param encoder the frozen encoder (owned by the caller)
   */
  public TrainerService(TrainerConfig config, Encoder encoder, MeterRegistry registry)
      throws IOException {
    this.config = config;
    this.encoder = encoder;
    this.signer = new ModelUpdateSigner(Ed25519Keys.readPrivate(config.signingKeyText()));
    this.store = LabelStore.open(config.stateDir(), config.labelStoreLimits());
    this.metrics = new TrainerMetrics(registry, store::size);
    metrics.labelStore(store::bytes, store::evicted);
    this.models =
        new ModelTopic(
            config.getString(TrainerConfig.TOPIC_MODELS),
            config.kafkaProperties(),
            config.serdeConfig());
    ConfluentAvroDeserializer<LabeledTweet> deserializer =
        new ConfluentAvroDeserializer<>(LabeledTweet.class);
    deserializer.configure(config.serdeConfig(), false);
    this.intake = new LabelIntake(deserializer, store, metrics);
    this.schedule =
        new RetrainSchedule(
            config.getInt(TrainerConfig.RETRAIN_EVERY_LABELS),
            config.getLong(TrainerConfig.RETRAIN_INTERVAL_MS));
    this.labelOutage =
        new Outage(log, "schema registry (labelled records)", BACKOFF_MS, BACKOFF_MAX_MS);
    this.consumer =
        new KafkaConsumer<>(
            config.consumerProperties(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** True once the model topic is read and a poll took every record it returned. */
  public boolean isReady() {
    return ready && running;
  }

  /** Metrics, for tests and the ops endpoint. */
  public TrainerMetrics metrics() {
    return metrics;
  }

  /** The last retraining's outcome, or null. */
  public RetrainOutcome lastOutcome() {
    Retrainer r = retrainer;
    return r == null ? null : r.lastOutcome();
  }

  /** Reads the model topic, then consumes and retrains until {@link #close()}. */
  public void run() {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("the trainer service runs once");
    }
    try {
      if (!loadModelTopic()) {
        return;
      }
      consumer.subscribe(List.of(config.getString(TrainerConfig.TOPIC_LABELED)));
      while (running) {
        pollOnce();
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

  private void pollOnce() {
    ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
    LabelIntake.Result taken = intake.accept(consumer, records);
    schedule.labelsAdded(taken.newLabels());
    if (!records.isEmpty()) {
      store.flush(); // durable before the offsets say these records are done
      consumer.commitSync(); // the positions: never past a record the intake gave back
    }
    if (taken.transientFailure() != null) {
      ready = false;
      pause(labelOutage.failed(taken.transientFailure()));
      return;
    }
    if (!records.isEmpty()) {
      labelOutage.recovered();
    }
    ready = !labelOutage.ongoing();
    maybeRetrain();
  }

  /** Reads the serving head and highest version, retrying transient failures; false if stopped. */
  private boolean loadModelTopic() {
    PublicKey publicKey = config.publicKey();
    if (publicKey == null) {
      log.warn(
          "{} is not set: updates already on {} are trusted for the serving head and version",
          TrainerConfig.PUBLIC_KEY,
          models.name());
    }
    ModelTopic.State state =
        ModelTopicStartup.load(
            models,
            encoder.id().name(),
            publicKey == null ? null : new ModelUpdateVerifier(publicKey),
            metrics,
            () -> running,
            this::pause);
    if (state == null) {
      return false;
    }
    retrainer = newRetrainer(state);
    return true;
  }

  private Retrainer newRetrainer(ModelTopic.State state) {
    boolean published = state.serving() != null;
    Head serving = published ? state.serving() : builtInHead(encoder);
    // the built-in default model is its head plus its adapters, like a published update
    Adapters adapters =
        published ? state.servingAdapters() : serving == null ? null : builtInAdapters();
    long next = Math.max(state.maxVersion(), serving == null ? 0 : serving.version()) + 1;
    metrics.serving(serving == null ? 0 : serving.version());
    log.info("Next model version: v{}", next);
    return new Retrainer(config, encoder, models, signer, metrics, serving, adapters, next);
  }

  private void maybeRetrain() {
    if (!schedule.due()) {
      return;
    }
    if (store.size() < config.getInt(TrainerConfig.RETRAIN_MIN_LABELS)) {
      log.info(
          "{} distinct labelled texts, fewer than {}: not training yet",
          store.size(),
          config.getInt(TrainerConfig.RETRAIN_MIN_LABELS));
      schedule.postponed();
      return;
    }
    log.info(
        "Retraining{}: {} new labels, {} distinct texts",
        schedule.retrying() ? " (again, after a failure)" : "",
        schedule.newLabels(),
        store.size());
    schedule.started();
    boolean failed;
    try {
      RetrainOutcome outcome = retrainer.retrain(store.all());
      failed = outcome != null && outcome.failed();
    } catch (RuntimeException e) {
      metrics.trainingFailed();
      log.error("Retraining failed", e);
      failed = true;
    }
    long retryMs = schedule.finished(failed);
    if (failed) {
      log.warn("Retraining or publishing failed; trying again in {} ms", retryMs);
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

  private static Adapters builtInAdapters() {
    try {
      return ModelBundle.defaultAdapters().orElse(null);
    } catch (RuntimeException e) {
      log.warn("No usable built-in default adapters: {}", e.getMessage());
      return null;
    }
  }

  /** Waits {@code ms} or until a stop is requested. */
  private void pause(long ms) {
    try {
      stopRequested.await(ms, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  /** Asks the loop to stop; returns at once ({@link #close()} waits and frees resources). */
  public void stop() {
    running = false;
    stopRequested.countDown();
    consumer.wakeup();
  }

  @Override
  public void close() {
    if (closed.getAndSet(true)) {
      return;
    }
    running = false;
    stopRequested.countDown();
    if (!started.getAndSet(true)) {
      consumer.close(
          CloseOptions.timeout(Duration.ofSeconds(5))); // never ran: nobody else will close it
      stopped.countDown();
    }
    consumer.wakeup();
    try {
      if (!stopped.await(30, TimeUnit.SECONDS)) {
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
