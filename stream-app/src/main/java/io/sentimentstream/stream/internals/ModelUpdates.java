package io.sentimentstream.stream.internals;

import io.sentimentstream.avro.ModelUpdate;
import io.sentimentstream.modelupdates.ModelFloor;
import io.sentimentstream.modelupdates.ModelUpdateCheck;
import io.sentimentstream.modelupdates.signing.Ed25519Keys;
import io.sentimentstream.modelupdates.signing.ModelUpdateVerifier;
import io.sentimentstream.ops.CompactedTopic;
import io.sentimentstream.ops.Secrets;
import io.sentimentstream.serde.ConfluentAvroDeserializer;
import io.sentimentstream.stream.ClassifierScorer;
import io.sentimentstream.stream.ModelUpdateListener;
import io.sentimentstream.stream.StreamConfig;
import io.sentimentstream.stream.StreamMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires the stream app's model updates: the verifier, the topic check and the listener. */
public final class ModelUpdates {
  private static final Logger log = LoggerFactory.getLogger(ModelUpdates.class);
  private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(10);

  private ModelUpdates() {}

  /**
   * The update check, with the verifier of {@code model.public.key} (none: every update fails) and
   * the version floor: {@code model.min.version} and the one kept in the state directory.
   *
   * @throws ConfigException naming state.dir and the floor file if it exists but cannot be read
   */
  public static ModelUpdateCheck check(StreamConfig cfg) {
    Secrets.Secret key = cfg.modelPublicKey();
    Path file = floorFile(cfg);
    ModelFloor floor;
    try {
      floor =
          ModelFloor.open(
              file, cfg.getLong(StreamConfig.MODEL_MIN_VERSION), StreamConfig.MODEL_MIN_VERSION);
    } catch (IllegalStateException e) {
      throw new ConfigException(StreamsConfig.STATE_DIR_CONFIG, file.toString(), e.getMessage());
    }
    return new ModelUpdateCheck(key == null ? null : verifier(key.text(), key.key()), floor);
  }

  /**
   * Where the floor is kept: {@code <state.dir>/<application.id>/}{@value ModelFloor#FILE_NAME},
   * beside Kafka Streams' own state of this app (the pod's volume claim in Kubernetes).
   */
  public static Path floorFile(StreamConfig cfg) {
    Object dir = cfg.originals().get(StreamsConfig.STATE_DIR_CONFIG);
    String stateDir =
        dir != null && !dir.toString().isBlank()
            ? dir.toString()
            : (String)
                StreamsConfig.configDef().defaultValues().get(StreamsConfig.STATE_DIR_CONFIG);
    return Path.of(stateDir, cfg.getString(StreamConfig.APPLICATION_ID), ModelFloor.FILE_NAME);
  }

  /**
   * Serves the update kept with the floor again if it is newer than the loaded head and still
   * passes the check (signed by the configured key, for this encoder, well-formed, adapters that
   * fit); so a restart serves the last applied head and adapters even when compaction took it off
   * the model topic.
   *
   * @return the version now serving
   */
  public static long restore(ModelUpdateCheck check, ClassifierScorer scorer) {
    ModelFloor.Kept kept = check.floor().kept();
    long serving = scorer.head().version();
    if (kept == null || kept.update() == null || kept.version() <= serving) {
      return serving;
    }
    try {
      ModelUpdateCheck.Verified v = check.verify(kept.update(), scorer.encoder(), serving);
      scorer.replaceModel(v.head(), v.adapters());
      log.info(
          "Model version {} restored from the version floor's file (the last applied update)",
          kept.version());
    } catch (ModelUpdateCheck.Rejected | IllegalArgumentException e) {
      log.warn(
          "The last applied update (version {}) kept with the version floor cannot be served"
              + " again: {}",
          kept.version(),
          e.getMessage());
    }
    return scorer.head().version();
  }

  /**
   * The listener of the model topic, not started; null when updates are disabled. Checks first that
   * an existing model topic is compacted.
   *
   * @throws ConfigException naming cleanup.policy if the model topic is not compacted
   */
  public static ModelUpdateListener listener(
      StreamConfig cfg, ModelUpdateCheck check, ClassifierScorer scorer, StreamMetrics metrics) {
    if (!cfg.getBoolean(StreamConfig.MODEL_UPDATES_ENABLED)) {
      log.info("Model updates disabled ({}=false)", StreamConfig.MODEL_UPDATES_ENABLED);
      return null;
    }
    if (cfg.modelPublicKey() == null) {
      log.warn(
          "No {} configured: every model update will be rejected", StreamConfig.MODEL_PUBLIC_KEY);
    }
    ConfluentAvroDeserializer<ModelUpdate> de = new ConfluentAvroDeserializer<>(ModelUpdate.class);
    de.configure(cfg.serdeConfig(), false);
    Map<String, Object> clientProps = cfg.connectionProperties();
    checkCompacted(cfg, clientProps);
    return new ModelUpdateListener(
        cfg.getString(StreamConfig.BOOTSTRAP_SERVERS),
        clientProps,
        cfg.getString(StreamConfig.TOPIC_MODELS),
        de,
        check,
        scorer,
        metrics);
  }

  /**
   * A model topic that exists but is not compacted stops start-up; one that is missing, or a broker
   * that does not answer yet, does not (the listener waits for it).
   */
  private static void checkCompacted(StreamConfig cfg, Map<String, Object> clientProps) {
    String topic = cfg.getString(StreamConfig.TOPIC_MODELS);
    try (Admin admin = Admin.create(clientProps)) {
      if (!CompactedTopic.check(admin, topic, CHECK_TIMEOUT)) {
        log.info("Model topic {} does not exist yet; the listener waits for it", topic);
      }
    } catch (TimeoutException e) {
      log.warn(
          "Could not check that model topic {} is compacted: {}; the listener waits for the broker",
          topic,
          e.getMessage());
    }
  }

  /** {@code sourceKey}: the key the value came from (model.public.key or its .file variant). */
  private static ModelUpdateVerifier verifier(String publicKey, String sourceKey) {
    try {
      return new ModelUpdateVerifier(Ed25519Keys.readPublic(publicKey));
    } catch (RuntimeException e) {
      throw new ConfigException(
          sourceKey, "(not shown)", "not an Ed25519 public key: " + e.getMessage());
    }
  }
}
