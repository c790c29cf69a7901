package io.sentimentstream.modelupdates;

import static org.apache.kafka.common.config.ConfigDef.Importance.HIGH;
import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;

import io.sentimentstream.ops.Secrets;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The keys of the model-update protocol that the trainer and the stream app share, declared once:
 * the model topic and the Ed25519 public key updates are verified with.
 */
public final class ModelUpdateConfig {
  /** The compacted model-update topic. */
  public static final String TOPIC_MODELS = "topic.models";

  /** The Ed25519 public key (PEM or base64), inline. */
  public static final String MODEL_PUBLIC_KEY = "model.public.key";

  /** A file holding that key, used when {@link #MODEL_PUBLIC_KEY} is not set. */
  public static final String MODEL_PUBLIC_KEY_FILE = "model.public.key.file";

  private ModelUpdateConfig() {}

  /**
   * Declares the three keys in a service's ConfigDef.
   *
   * @param whenUnset what the service does with updates when no public key is configured
   */
  public static ConfigDef define(ConfigDef d, String whenUnset) {
    return d.define(
            TOPIC_MODELS,
            Type.STRING,
            "sentiment-models",
            new ConfigDef.NonEmptyString(),
            MEDIUM,
            "Compacted model-update topic (Avro ModelUpdate, key = encoder name).")
        .define(
            MODEL_PUBLIC_KEY,
            Type.PASSWORD,
            null,
            HIGH,
            "Ed25519 public key (PEM or base64) that model updates must be signed with; unset, "
                + whenUnset
                + ".")
        .define(
            MODEL_PUBLIC_KEY_FILE,
            Type.STRING,
            null,
            HIGH,
            "File holding the Ed25519 public key, used when " + MODEL_PUBLIC_KEY + " is not set.");
  }

  /**
   * The public key's text and the key it came from, or null when neither key is set.
   *
   * @throws org.apache.kafka.common.config.ConfigException naming the file key if unreadable
   */
  public static Secrets.Secret publicKey(AbstractConfig cfg) {
    return Secrets.read(cfg, MODEL_PUBLIC_KEY, MODEL_PUBLIC_KEY_FILE);
  }
}
