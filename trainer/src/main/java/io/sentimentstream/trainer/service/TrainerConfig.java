package io.sentimentstream.trainer.service;

import static org.apache.kafka.common.config.ConfigDef.Importance.HIGH;
import static org.apache.kafka.common.config.ConfigDef.Importance.LOW;
import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;

import io.sentimentstream.classifier.EncoderOptions;
import io.sentimentstream.modelupdates.ModelUpdateConfig;
import io.sentimentstream.modelupdates.signing.Ed25519Keys;
import io.sentimentstream.ops.ConfigLayers;
import io.sentimentstream.ops.OpsConfig;
import io.sentimentstream.ops.Secrets;
import io.sentimentstream.serde.AvroSerdeConfig;
import io.sentimentstream.trainer.service.internals.LabelStore;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;

/**
 * The trainer service's typed configuration: each own key is declared once with type, default,
 * validator and doc. Undeclared keys go to the Kafka clients and the registry serde unchanged.
 *
 * <p>Layers, lowest first: the defaults below, a properties file, environment variables ({@code
 * SENTIMENT_*} and {@code KAFKA_*}, see {@link ConfigLayers}). A bad value throws {@link
 * ConfigException} naming the key.
 */
public final class TrainerConfig extends AbstractConfig {
  public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
  public static final String GROUP_ID = "group.id";
  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
  public static final String TOPIC_LABELED = "topic.labeled";
  public static final String TOPIC_MODELS = ModelUpdateConfig.TOPIC_MODELS;
  public static final String STATE_DIR = "state.dir";
  public static final String MODEL_ENCODER = "model.encoder";
  public static final String MODEL_MAX_LENGTH = "model.max.length";
  public static final String MODEL_MATMUL_PRECISION = "model.matmul.precision";
  public static final String MODEL_DEVICE = "model.device";
  public static final String SIGNING_KEY = "model.signing.key";
  public static final String SIGNING_KEY_FILE = "model.signing.key.file";
  public static final String PUBLIC_KEY = ModelUpdateConfig.MODEL_PUBLIC_KEY;
  public static final String PUBLIC_KEY_FILE = ModelUpdateConfig.MODEL_PUBLIC_KEY_FILE;
  public static final String TRAIN_HEAD = "train.head";
  public static final String TRAIN_EPOCHS = "train.max.epochs";
  public static final String TRAIN_SEED = "train.seed";
  public static final String TRAIN_CONFIDENCE_WEIGHTS = "train.confidence.weights";
  public static final String TRAIN_ADAPTERS_EVERY = "train.adapters.every";
  public static final String RETRAIN_EVERY_LABELS = "retrain.every.labels";
  public static final String RETRAIN_INTERVAL_MS = "retrain.interval.ms";
  public static final String RETRAIN_MIN_LABELS = "retrain.min.labels";
  public static final String HOLDOUT_FRACTION = "holdout.fraction";
  public static final String GATE_TOLERANCE = "gate.tolerance";
  public static final String LABEL_TEXT_MAX_BYTES = "label.text.max.bytes";
  public static final String LABEL_STORE_MAX_TEXTS = "label.store.max.texts";
  public static final String LABEL_STORE_MAX_BYTES = "label.store.max.bytes";
  public static final String OPS_HTTP_HOST = OpsConfig.OPS_HTTP_HOST;
  public static final String OPS_HTTP_PORT = OpsConfig.OPS_HTTP_PORT;

  /** Every key declared by this class. */
  public static final ConfigDef DEFINITION = definition();

  /** Parses already-merged key/value pairs. */
  public TrainerConfig(Map<?, ?> props) {
    super(DEFINITION, props, false);
    if (signingKeyText() == null) {
      throw new ConfigException(
          SIGNING_KEY,
          "(not set)",
          "an Ed25519 private key is required: set " + SIGNING_KEY + " or " + SIGNING_KEY_FILE);
    }
    publicKey(); // a malformed key stops start-up here, naming the key
    if (getLong(LABEL_STORE_MAX_BYTES) < getInt(LABEL_TEXT_MAX_BYTES)) {
      throw new ConfigException(
          LABEL_STORE_MAX_BYTES,
          getLong(LABEL_STORE_MAX_BYTES),
          "must hold at least one text of "
              + LABEL_TEXT_MAX_BYTES
              + "="
              + getInt(LABEL_TEXT_MAX_BYTES));
    }
    if (getInt(LABEL_STORE_MAX_TEXTS) < getInt(RETRAIN_MIN_LABELS)) {
      throw new ConfigException(
          LABEL_STORE_MAX_TEXTS,
          getInt(LABEL_STORE_MAX_TEXTS),
          "is below "
              + RETRAIN_MIN_LABELS
              + "="
              + getInt(RETRAIN_MIN_LABELS)
              + ": it would never train");
    }
  }

  /** The label store's bounds. */
  public LabelStore.Limits labelStoreLimits() {
    return new LabelStore.Limits(
        getInt(LABEL_TEXT_MAX_BYTES),
        getInt(LABEL_STORE_MAX_TEXTS),
        getLong(LABEL_STORE_MAX_BYTES));
  }

  /**
   * The key that updates read back from the model topic must verify with, or null when unset (the
   * topic is then trusted as it is).
   */
  public PublicKey publicKey() {
    Secrets.Secret key = ModelUpdateConfig.publicKey(this);
    if (key == null) {
      return null;
    }
    String text = key.text();
    String source = key.key();
    try {
      return Ed25519Keys.readPublic(text);
    } catch (RuntimeException e) {
      throw new ConfigException(
          source, "(not shown)", "not an Ed25519 public key: " + e.getMessage());
    }
  }

  /** Parses the layers (pure: reads no files or environment itself). */
  public static TrainerConfig fromLayers(Map<?, ?> file, Map<String, String> env) {
    return new TrainerConfig(ConfigLayers.merge(file, env));
  }

  /** The signing key text (PEM or base64) from the key itself or its file; never logged. */
  public String signingKeyText() {
    Secrets.Secret key = Secrets.read(this, SIGNING_KEY, SIGNING_KEY_FILE);
    return key == null ? null : key.text();
  }

  /** Consumer/producer properties: every key this class does not declare, plus the essentials. */
  public Map<String, Object> kafkaProperties() {
    Map<String, Object> p = new HashMap<>();
    originals()
        .forEach(
            (k, v) -> {
              if (!DEFINITION.names().contains(k)) {
                p.put(k, v);
              }
            });
    p.put(BOOTSTRAP_SERVERS, getString(BOOTSTRAP_SERVERS));
    return p;
  }

  /** Consumer properties for the labelled topic (manual commits, from the beginning). */
  public Map<String, Object> consumerProperties() {
    Map<String, Object> p = kafkaProperties();
    p.put(GROUP_ID, getString(GROUP_ID));
    p.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return p;
  }

  /** Configuration for the registry serdes. */
  public Map<String, Object> serdeConfig() {
    Map<String, Object> m = AvroSerdeConfig.pick(originals());
    m.put(SCHEMA_REGISTRY_URL, getString(SCHEMA_REGISTRY_URL));
    return m;
  }

  /** The state directory (label store, embedding cache). */
  public Path stateDir() {
    return Path.of(getString(STATE_DIR));
  }

  private static ConfigDef definition() {
    ConfigDef d = new ConfigDef();
    d.define(BOOTSTRAP_SERVERS, Type.STRING, "127.0.0.1:9092", HIGH, "Kafka bootstrap servers.");
    d.define(
        GROUP_ID,
        Type.STRING,
        "sentiment-trainer",
        new ConfigDef.NonEmptyString(),
        MEDIUM,
        "Consumer group of the labelled-topic consumer.");
    d.define(
        SCHEMA_REGISTRY_URL,
        Type.STRING,
        "http://127.0.0.1:8081",
        HIGH,
        "Confluent-compatible schema registry base URL.");
    d.define(
        TOPIC_LABELED,
        Type.STRING,
        "tweets-labeled",
        new ConfigDef.NonEmptyString(),
        MEDIUM,
        "Labelled tweets topic (Avro LabeledTweet).");
    d.define(
        STATE_DIR,
        Type.STRING,
        "trainer-state",
        new ConfigDef.NonEmptyString(),
        HIGH,
        "Directory for the label store and the embedding cache; keep it on a persistent volume.");
    d.define(
        MODEL_ENCODER,
        Type.STRING,
        EncoderOptions.DEFAULT_MODEL,
        new ConfigDef.NonEmptyString(),
        HIGH,
        "Encoder name or checkpoint directory; must match the stream app's.");
    d.define(
        MODEL_MAX_LENGTH,
        Type.INT,
        EncoderOptions.DEFAULT_MAX_LENGTH,
        Range.between(2, 512),
        MEDIUM,
        "Tokens per text.");
    d.define(
        MODEL_MATMUL_PRECISION,
        Type.STRING,
        "AUTO",
        ConfigDef.ValidString.in("AUTO", "HIGHEST", "MEDIUM"),
        MEDIUM,
        "The encoder's float32 GEMM precision: HIGHEST, MEDIUM (bfloat16 inputs, float32"
            + " accumulation) or AUTO (MEDIUM on a CPU with amx_bf16 or avx512_bf16).");
    d.define(
        MODEL_DEVICE,
        Type.STRING,
        "AUTO",
        ConfigDef.ValidString.in("AUTO", "CPU", "GPU"),
        MEDIUM,
        "Where embedding and fine-tuning run: AUTO (a GPU where there is one), CPU or GPU.");
    d.define(
        SIGNING_KEY,
        Type.PASSWORD,
        null,
        HIGH,
        "Ed25519 private key (PKCS#8 PEM or base64) that signs model updates.");
    d.define(
        SIGNING_KEY_FILE,
        Type.STRING,
        null,
        HIGH,
        "File holding the signing key, used when " + SIGNING_KEY + " is not set.");
    d.define(
        TRAIN_HEAD, Type.STRING, "linear", ValidString.in("linear", "mlp"), MEDIUM, "Head type.");
    d.define(TRAIN_EPOCHS, Type.INT, 60, Range.atLeast(1), LOW, "Maximum epochs per training.");
    d.define(TRAIN_SEED, Type.LONG, 42L, LOW, "Seed of splits and training.");
    d.define(
        TRAIN_CONFIDENCE_WEIGHTS,
        Type.BOOLEAN,
        true,
        LOW,
        "Weight each label's loss by its confidence field (absent = 1).");
    d.define(
        TRAIN_ADAPTERS_EVERY,
        Type.INT,
        4,
        Range.atLeast(0),
        MEDIUM,
        "Every this many retrainings fine-tunes adapters in the encoder's top layers with the"
            + " head (slower: see the README's Fine-tuning section); the others retrain the head"
            + " alone on the serving adapters. 0: never, head-only updates on the base weights.");
    d.define(
        RETRAIN_EVERY_LABELS,
        Type.INT,
        500,
        Range.atLeast(1),
        HIGH,
        "Retrain after this many new or changed labels.");
    d.define(
        RETRAIN_INTERVAL_MS,
        Type.LONG,
        15 * 60_000L,
        Range.atLeast(1000),
        HIGH,
        "Retrain at least this often when there are new labels.");
    d.define(
        RETRAIN_MIN_LABELS,
        Type.INT,
        100,
        Range.atLeast(10),
        MEDIUM,
        "Do not train on fewer distinct labelled texts than this.");
    d.define(
        HOLDOUT_FRACTION,
        Type.DOUBLE,
        0.2,
        Range.between(0.05, 0.5),
        MEDIUM,
        "Fraction of texts (chosen by a stable hash of the text) held out for the gate.");
    d.define(
        GATE_TOLERANCE,
        Type.DOUBLE,
        0.01,
        Range.between(0.0, 1.0),
        HIGH,
        "Publish only if held-out macro-F1 >= serving model's minus this.");
    d.define(
        LABEL_TEXT_MAX_BYTES,
        Type.INT,
        LabelStore.Limits.DEFAULT.maxTextBytes(),
        Range.between(1, 1 << 20),
        MEDIUM,
        "Labelled records whose UTF-8 text is longer are skipped and counted (reason too_long),"
            + " as the stream app's text.max.bytes; lines of the label store over it are dropped"
            + " on load.");
    d.define(
        LABEL_STORE_MAX_TEXTS,
        Type.INT,
        LabelStore.Limits.DEFAULT.maxTexts(),
        Range.atLeast(10),
        HIGH,
        "Distinct labelled texts kept; beyond it the texts labelled longest ago are evicted"
            + " (trainer_labels_evicted), on load too.");
    d.define(
        LABEL_STORE_MAX_BYTES,
        Type.LONG,
        LabelStore.Limits.DEFAULT.maxBytes(),
        Range.atLeast(1),
        HIGH,
        "UTF-8 bytes of all kept texts together; beyond it the oldest are evicted. The heap they"
            + " take is up to about twice this, plus ~200 bytes a text.");
    OpsConfig.define(d, 8091);
    ModelUpdateConfig.define(d, "updates read back from the model topic are trusted as they are");
    return d;
  }
}
