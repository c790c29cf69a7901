package io.sentimentstream.stream;

import static org.apache.kafka.common.config.ConfigDef.Importance.HIGH;
import static org.apache.kafka.common.config.ConfigDef.Importance.LOW;
import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;

import io.sentimentstream.modelupdates.ModelUpdateConfig;
import io.sentimentstream.ops.ConfigLayers;
import io.sentimentstream.ops.KafkaConnection;
import io.sentimentstream.ops.OpsConfig;
import io.sentimentstream.ops.Secrets;
import io.sentimentstream.serde.AvroSerdeConfig;
import io.sentimentstream.stream.aggregate.AggregateSettings;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The stream app's typed configuration: every own key is declared once here with its type, default,
 * validator and doc. Keys this class does not declare are passed through to Kafka Streams (and its
 * clients) and to the schema-registry serde unchanged.
 *
 * <p>Layers, lowest first: the defaults below, a properties file, environment variables ({@code
 * SENTIMENT_BATCH_MAX_SIZE} sets {@code batch.max.size}, {@code KAFKA_MAX_POLL_RECORDS} sets {@code
 * max.poll.records}). A bad value throws {@link org.apache.kafka.common.config.ConfigException}
 * naming the key.
 */
public final class StreamConfig extends AbstractConfig {
  public static final String APPLICATION_ID = StreamsConfig.APPLICATION_ID_CONFIG;
  public static final String BOOTSTRAP_SERVERS = StreamsConfig.BOOTSTRAP_SERVERS_CONFIG;
  public static final String PROCESSING_GUARANTEE = StreamsConfig.PROCESSING_GUARANTEE_CONFIG;
  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
  public static final String TOPIC_TWEETS = "topic.tweets";
  public static final String TOPIC_RESULTS = "topic.results";
  public static final String TOPIC_DLQ = "topic.dlq";
  public static final String TOPIC_MODELS = ModelUpdateConfig.TOPIC_MODELS;
  public static final String BATCH_MAX_SIZE = "batch.max.size";
  public static final String BATCH_MAX_DELAY_MS = "batch.max.delay.ms";
  public static final String BATCH_TIMEOUT_FRACTION = "batch.max.timeout.fraction";
  public static final String TEXT_MAX_BYTES = "text.max.bytes";
  public static final String RECORD_MAX_BYTES = "record.max.bytes";
  public static final String REGISTRY_HOLD_MAX_RECORDS = "registry.hold.max.records";
  public static final String REGISTRY_HOLD_MAX_BYTES = "registry.hold.max.bytes";
  public static final String TWEET_ID_MAX_BYTES = "tweet.id.max.bytes";
  public static final String MODEL_ENCODER = "model.encoder";
  public static final String MODEL_BUNDLE_DIR = "model.bundle.dir";
  public static final String MODEL_MAX_LENGTH = "model.max.length";
  public static final String MODEL_DEVICE = "model.device";
  public static final String MODEL_MATMUL_PRECISION = "model.matmul.precision";
  public static final String MODEL_PUBLIC_KEY = ModelUpdateConfig.MODEL_PUBLIC_KEY;
  public static final String MODEL_PUBLIC_KEY_FILE = ModelUpdateConfig.MODEL_PUBLIC_KEY_FILE;
  public static final String MODEL_UPDATES_ENABLED = "model.updates.enabled";
  public static final String MODEL_MIN_VERSION = "model.min.version";
  public static final String CACHE_MAX_ENTRIES = "cache.max.entries";
  public static final String OPS_HTTP_HOST = OpsConfig.OPS_HTTP_HOST;
  public static final String OPS_HTTP_PORT = OpsConfig.OPS_HTTP_PORT;
  public static final String ERRORS_MAX_FAILURES = "errors.max.thread.failures";
  public static final String ERRORS_FAILURE_WINDOW_MS = "errors.failure.window.ms";

  /** Every key declared by this class. */
  public static final ConfigDef DEFINITION = definition();

  // Declared here for validation and defaults, but they are Kafka Streams' own keys: pass them on.
  private static final Set<String> KAFKA_KEYS =
      Set.of(APPLICATION_ID, BOOTSTRAP_SERVERS, PROCESSING_GUARANTEE);

  /** Room a buffered entry or a dead letter needs beside the input's own bytes (ids, headers). */
  static final int RECORD_OVERHEAD_BYTES = 64 * 1024;

  /** Kafka's producer default max.request.size. */
  private static final int KAFKA_MAX_REQUEST_SIZE = 1024 * 1024;

  /**
   * Parses already-merged key/value pairs.
   *
   * @throws ConfigException naming the key of a bad value, or record.max.bytes if an accepted
   *     record could not be written to the buffer's changelog or the dead-letter topic
   */
  public StreamConfig(Map<?, ?> props) {
    super(DEFINITION, props, false);
    long needed = (long) getInt(RECORD_MAX_BYTES) + getInt(TEXT_MAX_BYTES) + RECORD_OVERHEAD_BYTES;
    long maxRequest = maxRequestSize();
    if (needed > maxRequest) {
      throw new ConfigException(
          RECORD_MAX_BYTES,
          getInt(RECORD_MAX_BYTES),
          "with text.max.bytes and "
              + RECORD_OVERHEAD_BYTES
              + " bytes of overhead it must fit the producer's max.request.size="
              + maxRequest
              + ": an accepted record could not be written to the buffer's changelog");
    }
    AggregateSettings.of(this); // the aggregate.* keys are checked together, at parse time
  }

  private long maxRequestSize() {
    for (String k : new String[] {"producer.max.request.size", "max.request.size"}) {
      Object v = originals().get(k);
      if (v != null) {
        try {
          return Long.parseLong(v.toString().trim());
        } catch (NumberFormatException e) {
          throw new ConfigException(k, v, "not a number of bytes");
        }
      }
    }
    return KAFKA_MAX_REQUEST_SIZE;
  }

  /**
   * Parses the layers (a pure function: no files or environment are read here).
   *
   * @param file key/values from a properties file (may be empty)
   * @param env environment variables; only {@code SENTIMENT_*} and {@code KAFKA_*} are used
   */
  public static StreamConfig fromLayers(Map<?, ?> file, Map<String, String> env) {
    return new StreamConfig(ConfigLayers.merge(file, env));
  }

  /** Properties for {@link org.apache.kafka.streams.KafkaStreams}: Kafka's keys, not ours. */
  public Properties streamsProperties() {
    Properties p = new Properties();
    originals()
        .forEach(
            (k, v) -> {
              if (!DEFINITION.names().contains(k) || KAFKA_KEYS.contains(k)) {
                p.put(k, v instanceof Password pw ? pw.value() : v);
              }
            });
    p.put(APPLICATION_ID, getString(APPLICATION_ID));
    p.put(BOOTSTRAP_SERVERS, getString(BOOTSTRAP_SERVERS));
    p.put(PROCESSING_GUARANTEE, getString(PROCESSING_GUARANTEE));
    // Wall-clock punctuators (the batch deadline) only run between polls, and an idle input makes
    // each poll wait the whole poll.ms (Streams' default 100 ms): a partial batch would be flushed
    // up to that late. Unless set, poll as often as the deadline is checked.
    p.putIfAbsent(
        StreamsConfig.POLL_MS_CONFIG, String.valueOf(Math.max(1, getLong(BATCH_MAX_DELAY_MS) / 4)));
    return p;
  }

  /**
   * The keys for the app's side clients (admins, the model listener, the replayer): bootstrap
   * servers and the security keys ({@link KafkaConnection}), nothing meant for Kafka Streams.
   */
  public Map<String, Object> connectionProperties() {
    Map<String, Object> p = KafkaConnection.pick(originals());
    p.put(BOOTSTRAP_SERVERS, getString(BOOTSTRAP_SERVERS));
    return p;
  }

  /** Configuration for the schema-registry serdes (registry URL, auth, TLS, auto-register). */
  public Map<String, Object> serdeConfig() {
    Map<String, Object> m = AvroSerdeConfig.pick(originals());
    m.put(SCHEMA_REGISTRY_URL, getString(SCHEMA_REGISTRY_URL));
    return m;
  }

  /** True unless at-least-once was chosen. */
  public boolean exactlyOnce() {
    return StreamsConfig.EXACTLY_ONCE_V2.equals(getString(PROCESSING_GUARANTEE));
  }

  /**
   * This instance's {@code application.server} (host:port of its ops endpoint, where other
   * instances fetch interactive queries), or {@link HostInfo#unavailable()} if it is not set.
   */
  public HostInfo applicationServer() {
    Object v = originals().get(StreamsConfig.APPLICATION_SERVER_CONFIG);
    if (v == null || v.toString().isBlank()) {
      return HostInfo.unavailable();
    }
    try {
      return HostInfo.buildFromEndpoint(v.toString().trim());
    } catch (RuntimeException e) {
      throw new ConfigException(
          StreamsConfig.APPLICATION_SERVER_CONFIG, v, "not host:port: " + e.getMessage());
    }
  }

  /**
   * The model-update verification key (PEM or base64) from {@code model.public.key}, else from the
   * file {@code model.public.key.file} names, with the key it came from (for error messages); null
   * when neither is configured.
   *
   * @throws ConfigException naming {@code model.public.key.file} if that file cannot be read
   */
  public Secrets.Secret modelPublicKey() {
    return ModelUpdateConfig.publicKey(this);
  }

  private static ConfigDef definition() {
    ConfigDef d = new ConfigDef();
    d.define(
        APPLICATION_ID,
        Type.STRING,
        "sentiment-stream",
        MEDIUM,
        "Kafka Streams application id (consumer group).");
    d.define(BOOTSTRAP_SERVERS, Type.STRING, "127.0.0.1:9092", HIGH, "Kafka bootstrap servers.");
    d.define(
        PROCESSING_GUARANTEE,
        Type.STRING,
        StreamsConfig.EXACTLY_ONCE_V2,
        ValidString.in(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE),
        HIGH,
        "exactly_once_v2 (default) or at_least_once.");
    d.define(
        SCHEMA_REGISTRY_URL,
        Type.STRING,
        "http://127.0.0.1:8081",
        HIGH,
        "Confluent-compatible schema registry base URL.");
    d.define(
        TOPIC_TWEETS,
        Type.STRING,
        "tweets",
        new ConfigDef.NonEmptyString(),
        MEDIUM,
        "Input topic (Avro Tweet).");
    d.define(
        TOPIC_RESULTS,
        Type.STRING,
        "tweet-sentiment",
        new ConfigDef.NonEmptyString(),
        MEDIUM,
        "Output topic (Avro SentimentResult).");
    d.define(
        TOPIC_DLQ,
        Type.STRING,
        "tweets-dlq",
        new ConfigDef.NonEmptyString(),
        MEDIUM,
        "Dead-letter topic (original bytes + error headers).");
    d.define(
        BATCH_MAX_SIZE,
        Type.INT,
        128,
        Range.between(1, 1024),
        HIGH,
        "Most tweets classified in one inference call; the batch time budget may allow fewer.");
    d.define(
        BATCH_MAX_DELAY_MS,
        Type.LONG,
        100L,
        Range.between(1, 60_000),
        HIGH,
        "Longest a buffered tweet waits (wall-clock) for its batch to fill.");
    d.define(
        BATCH_TIMEOUT_FRACTION,
        Type.DOUBLE,
        0.25,
        Range.between(0.01, 1.0),
        LOW,
        "Share of min(transaction.timeout.ms, max.poll.interval.ms) that one flush (a batch of "
            + "max-length texts plus its per-text retry, estimated from measured passes) may take; "
            + "batches are capped to fit.");
    d.define(
        TEXT_MAX_BYTES,
        Type.INT,
        4096,
        Range.atLeast(1),
        MEDIUM,
        "Tweets whose UTF-8 text is longer go to the dead-letter topic.");
    d.define(
        TWEET_ID_MAX_BYTES,
        Type.INT,
        256,
        Range.between(1, 64 * 1024),
        MEDIUM,
        "Tweets whose UTF-8 id is longer go to the dead-letter topic (the id is stored and emitted"
            + " twice: as the result's key and in its value).");
    d.define(
        RECORD_MAX_BYTES,
        Type.INT,
        512 * 1024,
        Range.between(1024, 64 * 1024 * 1024),
        MEDIUM,
        "Largest input record (key + value + headers) that is buffered, counted as it is stored:"
            + " with the decoded id and cleaned text it is kept beside; a larger one is"
            + " dead-lettered, before decoding with its value cut to half this size and a"
            + " dlq.truncated header.");
    d.define(
        REGISTRY_HOLD_MAX_RECORDS,
        Type.INT,
        10_000,
        Range.atLeast(0),
        MEDIUM,
        "Records one task holds (in a changelogged store) while the schema registry is away; beyond"
            + " it they are dead-lettered with dlq.retryable=true.");
    d.define(
        REGISTRY_HOLD_MAX_BYTES,
        Type.LONG,
        16L * 1024 * 1024,
        Range.atLeast(0),
        MEDIUM,
        "Bytes (as stored) of the records one task holds while the schema registry is away; a record"
            + " that would take the held bytes over it is dead-lettered with dlq.retryable=true.");
    d.define(
        MODEL_ENCODER,
        Type.STRING,
        "",
        HIGH,
        "Encoder: a shipped name or a Hugging Face checkpoint dir; empty = the one the head was"
            + " trained on.");
    d.define(
        MODEL_DEVICE,
        Type.STRING,
        "AUTO",
        ValidString.in("AUTO", "CPU", "GPU"),
        MEDIUM,
        "Where the encoder runs: AUTO (GPU if present), CPU or GPU.");
    d.define(
        MODEL_MATMUL_PRECISION,
        Type.STRING,
        "AUTO",
        ValidString.in("AUTO", "HIGHEST", "MEDIUM"),
        MEDIUM,
        "The encoder's float32 GEMM precision: HIGHEST (float32), MEDIUM (bfloat16 inputs,"
            + " float32 accumulation, on the CPU's bf16 units) or AUTO (MEDIUM on a CPU with"
            + " amx_bf16 or avx512_bf16, else HIGHEST; GPUs stay HIGHEST).");
    d.define(
        MODEL_BUNDLE_DIR,
        Type.STRING,
        "",
        MEDIUM,
        "Model bundle directory (head.safetensors ...); empty = the built-in default.");
    d.define(
        MODEL_MAX_LENGTH,
        Type.INT,
        64,
        Range.between(8, 512),
        MEDIUM,
        "Encoder maximum tokens per text.");
    d.define(
        MODEL_UPDATES_ENABLED,
        Type.BOOLEAN,
        true,
        MEDIUM,
        "Listen to the model topic and hot-swap verified heads.");
    d.define(
        MODEL_MIN_VERSION,
        Type.LONG,
        0L,
        Range.atLeast(0),
        MEDIUM,
        "Lowest model version the app serves or accepts; the floor is the higher of this and the"
            + " highest version applied (kept in state.dir). Below it nothing is served until the"
            + " model topic brings a head at or above it.");
    d.define(
        CACHE_MAX_ENTRIES,
        Type.INT,
        10_000,
        Range.atLeast(0),
        MEDIUM,
        "Identical-text cache size (0 disables).");
    d.define(
        ERRORS_MAX_FAILURES,
        Type.INT,
        3,
        Range.atLeast(0),
        LOW,
        "Stream-thread crashes tolerated (thread replaced) within errors.failure.window.ms; the"
            + " next one shuts the app down (0 = the first one does).");
    d.define(
        ERRORS_FAILURE_WINDOW_MS,
        Type.LONG,
        60_000L,
        Range.atLeast(1),
        LOW,
        "Window of errors.max.thread.failures.");
    AggregateSettings.define(d); // the aggregate feature declares its own keys
    OpsConfig.define(d, 8080);
    ModelUpdateConfig.define(d, "every update is rejected");
    return d;
  }
}
