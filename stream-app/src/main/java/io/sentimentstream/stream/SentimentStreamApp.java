package io.sentimentstream.stream;

import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sentimentstream.avro.SentimentResult;
import io.sentimentstream.avro.Tweet;
import io.sentimentstream.classifier.SentimentClassifier;
import io.sentimentstream.modelupdates.ModelUpdateCheck;
import io.sentimentstream.ops.KafkaAccess;
import io.sentimentstream.ops.OpsServer;
import io.sentimentstream.serde.ConfluentAvroSerde;
import io.sentimentstream.stream.aggregate.AggregateTopology;
import io.sentimentstream.stream.aggregate.Aggregates;
import io.sentimentstream.stream.aggregate.DashboardRoutes;
import io.sentimentstream.stream.internals.BatchBudget;
import io.sentimentstream.stream.internals.FloorGate;
import io.sentimentstream.stream.internals.MaxFailuresHandler;
import io.sentimentstream.stream.internals.ModelLoader;
import io.sentimentstream.stream.internals.ModelUpdates;
import io.sentimentstream.stream.internals.OutputSchemas;
import io.sentimentstream.stream.internals.StateStoreTags;
import io.sentimentstream.stream.internals.StreamHealth;
import io.sentimentstream.stream.internals.TopicLimits;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
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

  /**
   * How long close waits for the stream threads (the StatefulSet's grace period must exceed it).
   */
  public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final ClassifierScorer scorer;
  private final KafkaStreams streams;
  private final ModelUpdateListener listener;
  private final OpsServer ops;
  private final KafkaStreamsMetrics streamsMetrics;
  private final FloorGate gate;
  private boolean closed;

  private SentimentStreamApp(
      ClassifierScorer scorer,
      KafkaStreams streams,
      ModelUpdateListener listener,
      OpsServer ops,
      KafkaStreamsMetrics streamsMetrics,
      FloorGate gate) {
    this.scorer = scorer;
    this.streams = streams;
    this.listener = listener;
    this.ops = ops;
    this.streamsMetrics = streamsMetrics;
    this.gate = gate;
  }

  /** Starts the app on a new Prometheus registry. */
  public static SentimentStreamApp start(StreamConfig cfg) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(new StateStoreTags()); // before any meter is registered
    return start(cfg, registry);
  }

  /**
   * Checks the way into Kafka (a refused password or certificate stops start-up here, naming the
   * key), loads the model and calibrates the batch budget, checks everything that can be checked,
   * binds the ops port, then starts the model-update listener and Kafka Streams. On any failure
   * whatever was opened is closed again, so a failed start leaves nothing running.
   *
   * <p>The model version floor ({@code model.min.version}, and the highest version applied, kept in
   * the state directory): the last applied update kept there is served again if it is newer than
   * the loaded head; if the head is still below the floor, Kafka Streams starts only once the
   * listener has applied a head at or above it (see {@link FloorGate}), and with model updates
   * disabled start-up fails instead.
   *
   * @throws ConfigException if a value cannot work (the message names the key)
   */
  public static SentimentStreamApp start(StreamConfig cfg, PrometheusMeterRegistry registry) {
    StreamMetrics metrics = new StreamMetrics(registry);
    new JvmMemoryMetrics().bindTo(registry); // heap and non-heap, for the dashboard's JVM panels
    ModelUpdateCheck check = ModelUpdates.check(cfg); // a bad key fails before the model loads
    KafkaAccess.check(cfg.connectionProperties(), KafkaAccess.TIMEOUT); // credentials, trust
    try (Admin admin = Admin.create(cfg.connectionProperties())) {
      TopicLimits.check(admin, cfg, KafkaAccess.TIMEOUT); // every write fits where it goes
    }
    SentimentClassifier classifier = ModelLoader.open(cfg);
    ClassifierScorer scorer = new ClassifierScorer(classifier, metrics);
    KafkaStreams streams = null;
    OpsServer ops = null;
    ModelUpdateListener listener = null;
    FloorGate gate = null;
    try {
      ModelUpdates.restore(check, scorer);
      long floor = check.floor().minimum(scorer.encoderId());
      metrics.modelVersionFloor(() -> check.floor().minimum(scorer.encoderId()));
      BatchBudget budget = budget(cfg, classifier, metrics);
      Optional<Aggregates> aggregates = Aggregates.start(cfg, registry);
      Topics topics = topics(cfg);
      OutputSchemas.prepare(topics.results());
      aggregates.ifPresent(a -> OutputSchemas.prepare(a.topic()));
      List<SubTopology> parts =
          aggregates.map(a -> AggregateTopology.of(a, topics.results())).stream().toList();
      KafkaStreams created =
          new KafkaStreams(
              SentimentTopology.build(topics, scorer, cfg, metrics, budget, parts),
              cfg.streamsProperties());
      streams = created;
      created.setUncaughtExceptionHandler(
          new MaxFailuresHandler(
              cfg.getInt(StreamConfig.ERRORS_MAX_FAILURES),
              cfg.getLong(StreamConfig.ERRORS_FAILURE_WINDOW_MS),
              System::currentTimeMillis,
              metrics::streamThreadFailed));
      created.setStateListener(
          (now, before) -> log.info("Kafka Streams state {} -> {}", before, now));
      listener =
          ModelUpdates.listener(cfg, check, scorer, metrics); // checks the topic, not started
      ModelUpdateListener updates = listener;
      if (listener == null && scorer.head().version() < floor) {
        throw new ConfigException(
            StreamConfig.MODEL_UPDATES_ENABLED,
            false,
            "the loaded model is version "
                + scorer.head().version()
                + ", below the version floor "
                + floor
                + " ("
                + check.floor().source(scorer.encoderId())
                + "), and without model updates nothing can raise it: configure a bundle at or"
                + " above the floor (model.bundle.dir) or enable model updates");
      }
      ops =
          ops(
              cfg,
              registry,
              new OpsServer.Health(
                  () -> StreamHealth.live(created.state()),
                  () -> StreamHealth.ready(created.state(), scorer.head() != null),
                  new TreeMap<>(
                      Map.<String, BooleanSupplier>of(
                          "model-updates", () -> updates == null || updates.following(),
                          "model-version-floor",
                              () ->
                                  scorer.head().version()
                                      >= check.floor().minimum(scorer.encoderId()),
                          "schema-registry", () -> metrics.held() == 0))));
      OpsServer server = ops;
      aggregates.ifPresent(
          a -> DashboardRoutes.register(server, created, a, registry, cfg.applicationServer()));
      KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(created);
      streamsMetrics.bindTo(registry);
      if (listener != null) {
        listener.start();
      }
      gate =
          FloorGate.open(
              floor,
              check.floor().source(scorer.encoderId()),
              () -> scorer.head().version(),
              created::start);
      return new SentimentStreamApp(scorer, created, listener, ops, streamsMetrics, gate);
    } catch (RuntimeException e) {
      closeQuietly(ops);
      closeQuietly(gate);
      closeQuietly(listener);
      if (streams == null || streams.close(CLOSE_TIMEOUT)) {
        scorer.close();
      }
      throw e;
    }
  }

  /**
   * Calibrates the batch budget. A calibration that says not even one text fits is taken again
   * (twice, a few seconds apart) before start-up gives up: one slow sample on a busy host is no
   * reason to crash-loop.
   */
  private static BatchBudget budget(
      StreamConfig cfg, SentimentClassifier classifier, StreamMetrics metrics) {
    BatchBudget budget = BatchBudget.of(cfg, classifier.encoder().maxLength(), metrics::batchCap);
    int size = cfg.getInt(StreamConfig.BATCH_MAX_SIZE);
    for (int attempt = 1; ; attempt++) {
      budget.calibrate(ModelLoader.calibrate(classifier, size));
      if (budget.oneTextFits() || attempt == 3) {
        break;
      }
      log.warn(
          "One max-length text took ~{} ms to score and retry, over the deadline; measuring again",
          Math.round(budget.worstCaseMs(1)));
      try {
        Thread.sleep(3_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    budget.requireOneTextFits();
    return budget;
  }

  /** Binds the ops endpoint; a port it cannot bind is a config error naming ops.http.port. */
  private static OpsServer ops(
      StreamConfig cfg, PrometheusMeterRegistry registry, OpsServer.Health health) {
    String host = cfg.getString(StreamConfig.OPS_HTTP_HOST);
    int port = cfg.getInt(StreamConfig.OPS_HTTP_PORT);
    try {
      return OpsServer.start(host, port, registry, health);
    } catch (java.io.UncheckedIOException e) {
      throw new ConfigException(
          StreamConfig.OPS_HTTP_PORT,
          port,
          "cannot listen on " + host + ":" + port + ": " + e.getCause().getMessage());
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c != null) {
      try {
        c.close();
      } catch (Exception e) {
        log.warn("Closing {} after a failed start: {}", c.getClass().getSimpleName(), e.toString());
      }
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

  /**
   * Stops the ops server, the listener and streams, then closes the model, but only once Streams
   * has stopped: a batch may still be running on it. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    log.info("Shutting down the stream app");
    ops.close();
    gate.close(); // Kafka Streams does not start after this; close() also ends it if CREATED
    if (listener != null) {
      listener.close();
    }
    boolean stopped = streams.close(CLOSE_TIMEOUT);
    streamsMetrics.close();
    if (stopped) {
      scorer.close();
      log.info("Stream app stopped");
    } else {
      log.warn(
          "Kafka Streams did not stop within {} s; leaving the model's native memory to the"
              + " process exit",
          CLOSE_TIMEOUT.toSeconds());
    }
  }
}
