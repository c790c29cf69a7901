package io.sentimentstream.modelupdates;

import io.sentimentstream.classifier.Adapters;
import io.sentimentstream.classifier.Head;
import io.sentimentstream.modelupdates.signing.ModelUpdateSigner;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Where a retrained head goes: {@link ModelTopic} in the service, a recording fake in a test. */
public interface ModelPublisher {
  /**
   * Signs and publishes {@code head}, waiting for the acknowledgement. A failure does not say the
   * record was not written (the broker may have written it and the acknowledgement been lost).
   */
  RecordMetadata publish(Head head, Map<String, Double> metrics, ModelUpdateSigner signer)
      throws InterruptedException, ExecutionException;

  /**
   * Signs and publishes {@code head} with {@code adapters} beside it (null: a head-only update, the
   * same as {@link #publish(Head, Map, ModelUpdateSigner)}).
   *
   * @throws UnsupportedOperationException if this publisher cannot carry adapters
   */
  default RecordMetadata publish(
      Head head, Adapters adapters, Map<String, Double> metrics, ModelUpdateSigner signer)
      throws InterruptedException, ExecutionException {
    if (adapters != null) {
      throw new UnsupportedOperationException(getClass().getName() + " cannot publish adapters");
    }
    return publish(head, metrics, signer);
  }
}
