package io.sentimentstream.trainer.service.internals;

import io.sentimentstream.modelupdates.ModelTopic;
import io.sentimentstream.modelupdates.signing.ModelUpdateVerifier;
import io.sentimentstream.ops.Outage;
import io.sentimentstream.serde.SchemaRegistryException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trainer's first look at the model topic: make sure it is compacted, then read the serving
 * head and highest version. While the broker or the registry is away it retries with backoff (1 s
 * doubling to 30 s, logged once per outage): starting from a lower version than the topic holds
 * would publish versions that running apps reject as stale and, after compaction, roll back to.
 */
public final class ModelTopicStartup {
  private static final Logger log = LoggerFactory.getLogger(ModelTopicStartup.class);
  private static final Duration BROKER_TIMEOUT = Duration.ofSeconds(30);

  private ModelTopicStartup() {}

  /**
   * Returns what the topic holds, or null if {@code running} turned false first.
   *
   * @param pause waits the given milliseconds (or less, if a stop is requested)
   * @throws org.apache.kafka.common.config.ConfigException if the topic is not compacted
   */
  public static ModelTopic.State load(
      ModelTopic models,
      String encoderName,
      ModelUpdateVerifier verifier,
      TrainerMetrics metrics,
      BooleanSupplier running,
      LongConsumer pause) {
    Outage outage =
        new Outage(log, "model topic " + models.name() + " (broker or registry)", 1_000, 30_000);
    while (running.getAsBoolean()) {
      try {
        models.ensureCompacted(BROKER_TIMEOUT);
        ModelTopic.State state = models.read(encoderName, verifier, BROKER_TIMEOUT);
        outage.recovered();
        return state;
      } catch (RuntimeException e) {
        if (!isTransient(e)) {
          throw e;
        }
        metrics.transientError("model_topic");
        pause.accept(outage.failed(e));
      }
    }
    return null;
  }

  /** A registry or broker failure that may go away: retry rather than stop or skip. */
  public static boolean isTransient(Throwable e) {
    if (SchemaRegistryException.isRetriable(e)) {
      return true;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof RetriableException) {
        return true;
      }
    }
    return false;
  }
}
