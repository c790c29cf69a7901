package io.sentimentstream.stream;

import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sentimentstream.avro.ModelUpdate;
import io.sentimentstream.avro.SentimentResult;
import io.sentimentstream.avro.Tweet;
import io.sentimentstream.classifier.SentimentClassifier;
import io.sentimentstream.ops.OpsServer;
import io.sentimentstream.serde.ConfluentAvroDeserializer;
import io.sentimentstream.serde.ConfluentAvroSerde;
import io.sentimentstream.signing.Ed25519Keys;
import io.sentimentstream.signing.ModelUpdateVerifier;
import io.sentimentstream.stream.internals.BatchBudget;
import io.sentimentstream.stream.internals.MaxFailuresHandler;
import io.sentimentstream.stream.internals.ModelLoader;
import io.sentimentstream.stream.internals.ModelUpdateCheck;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running stream app: model, Kafka Streams, model-update listener and ops endpoint, started in
 * that order and closed in reverse (streams before the model, so no batch runs on a closed model).
 */
public final class SentimentStreamApp implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SentimentStreamApp.class);

  private final ClassifierScorer scorer;
  private final KafkaStreams streams;
  private final ModelUpdateListener listener;
  private final OpsServer ops;
  private final KafkaStreamsMetrics streamsMetrics;
  private boolean closed;

  private SentimentStreamApp(
      ClassifierScorer scorer,
      KafkaStreams streams,
      ModelUpdateListener listener,
      OpsServer ops,
      KafkaStreamsMetrics streamsMetrics) {
    this.scorer = scorer;
    this.streams = streams;
    this.listener = listener;
    this.ops = ops;
    this.streamsMetrics = streamsMetrics;
  }

  /** Starts the app on a new Prometheus registry. */
  public static SentimentStreamApp start(StreamConfig cfg) {
    return start(cfg, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  /**
   * Loads the model, checks the batch budget, starts Kafka Streams, the listener and the ops
   * server.
   *
   * @throws org.apache.kafka.common.config.ConfigException if the batch budget does not fit
   */
  public static SentimentStreamApp start(StreamConfig cfg, PrometheusMeterRegistry registry) {
    StreamMetrics metrics = new StreamMetrics(registry);
    SentimentClassifier classifier = ModelLoader.open(cfg);
    ClassifierScorer scorer =
        new ClassifierScorer(classifier, cfg.getInt(StreamConfig.CACHE_MAX_ENTRIES), metrics);
    try {
      int size = cfg.getInt(StreamConfig.BATCH_MAX_SIZE);
      long[] ms = ModelLoader.measure(classifier, size);
      long worst = BatchBudget.check(cfg, ms[0], ms[1]);
      log.info(
          "Batch budget: {} max-length texts {} ms, worst case with per-text retry {} ms,"
              + " deadline {} ms",
          size,
          ms[0],
          worst,
          BatchBudget.deadlineMs(cfg));
      KafkaStreams streams =
          new KafkaStreams(
              SentimentTopology.build(topics(cfg), scorer, cfg, metrics), cfg.streamsProperties());
      streams.setUncaughtExceptionHandler(
          new MaxFailuresHandler(
              cfg.getInt(StreamConfig.ERRORS_MAX_FAILURES),
              cfg.getLong(StreamConfig.ERRORS_FAILURE_WINDOW_MS)));
      streams.setStateListener(
          (now, before) -> log.info("Kafka Streams state {} -> {}", before, now));
      KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
      streamsMetrics.bindTo(registry);
      streams.start();
      ModelUpdateListener listener = listener(cfg, scorer, metrics);
      OpsServer ops =
          OpsServer.start(
              cfg.getString(StreamConfig.OPS_HTTP_HOST),
              cfg.getInt(StreamConfig.OPS_HTTP_PORT),
              registry,
              () -> streams.state() == KafkaStreams.State.RUNNING && scorer.head() != null);
      return new SentimentStreamApp(scorer, streams, listener, ops, streamsMetrics);
    } catch (RuntimeException e) {
      scorer.close();
      throw e;
    }
  }

  /** Topics with schema-registry serdes configured from {@code cfg}. */
  public static Topics topics(StreamConfig cfg) {
    Map<String, Object> serde = cfg.serdeConfig();
    ConfluentAvroSerde<Tweet> tweets = new ConfluentAvroSerde<>(Tweet.class);
    tweets.configure(serde, false);
    ConfluentAvroSerde<SentimentResult> results = new ConfluentAvroSerde<>(SentimentResult.class);
    results.configure(serde, false);
    return new Topics(
        new Topic<>(cfg.getString(StreamConfig.TOPIC_TWEETS), Serdes.String(), tweets),
        new Topic<>(cfg.getString(StreamConfig.TOPIC_RESULTS), Serdes.String(), results),
        new Topic<>(cfg.getString(StreamConfig.TOPIC_DLQ), Serdes.ByteArray(), Serdes.ByteArray()));
  }

  private static ModelUpdateListener listener(
      StreamConfig cfg, ClassifierScorer scorer, StreamMetrics metrics) {
    if (!cfg.getBoolean(StreamConfig.MODEL_UPDATES_ENABLED)) {
      log.info("Model updates disabled ({}=false)", StreamConfig.MODEL_UPDATES_ENABLED);
      return null;
    }
    String key = cfg.modelPublicKey();
    if (key == null) {
      log.warn(
          "No {} configured: every model update will be rejected", StreamConfig.MODEL_PUBLIC_KEY);
    }
    ModelUpdateCheck check =
        new ModelUpdateCheck(key == null ? null : verifier(key, cfg.modelPublicKeySource()));
    ConfluentAvroDeserializer<ModelUpdate> de = new ConfluentAvroDeserializer<>(ModelUpdate.class);
    de.configure(cfg.serdeConfig(), false);
    Map<String, Object> clientProps = new HashMap<>();
    cfg.streamsProperties()
        .forEach(
            (k, v) -> {
              String s = k.toString();
              if (s.startsWith("security.") || s.startsWith("sasl.") || s.startsWith("ssl.")) {
                clientProps.put(s, v);
              }
            });
    ModelUpdateListener l =
        new ModelUpdateListener(
            cfg.getString(StreamConfig.BOOTSTRAP_SERVERS),
            clientProps,
            cfg.getString(StreamConfig.TOPIC_MODELS),
            de,
            check,
            scorer,
            metrics);
    l.start();
    return l;
  }

  private static ModelUpdateVerifier verifier(String publicKey, String sourceKey) {
    try {
      return new ModelUpdateVerifier(Ed25519Keys.readPublic(publicKey));
    } catch (RuntimeException e) {
      throw new ConfigException(
          sourceKey, "(not shown)", "not an Ed25519 public key: " + e.getMessage());
    }
  }

  /** The Kafka Streams instance (state, metadata). */
  public KafkaStreams streams() {
    return streams;
  }

  /** The scorer (current head, encoder). */
  public ClassifierScorer scorer() {
    return scorer;
  }

  /** The ops endpoint's port. */
  public int opsPort() {
    return ops.port();
  }

  /** True when streams is RUNNING (what /health/ready reports, with the model loaded). */
  public boolean ready() {
    return streams.state() == KafkaStreams.State.RUNNING;
  }

  /** Stops the ops server, the listener and streams, then closes the model. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    log.info("Shutting down the stream app");
    ops.close();
    if (listener != null) {
      listener.close();
    }
    streams.close(Duration.ofSeconds(30));
    streamsMetrics.close();
    scorer.close();
    log.info("Stream app stopped");
  }
}
