package io.sentimentstream.trainer.service.internals;

import io.sentimentstream.avro.LabeledTweet;
import io.sentimentstream.classifier.Label;
import io.sentimentstream.classifier.TextCleaner;
import io.sentimentstream.serde.ConfluentAvroDeserializer;
import io.sentimentstream.serde.SchemaRegistryException;
import io.sentimentstream.trainer.data.LabeledExample;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one poll's labelled records into the {@link LabelStore}. A record that is definitely
 * unreadable or invalid is counted and skipped with its topic-partition@offset. A transient
 * registry failure is different: it says nothing about the record, so the intake stops there and
 * rewinds the consumer to the first record not taken in each partition of the poll, so that
 * committing the consumer's positions never commits past a label that was not stored.
 */
public final class LabelIntake {
  private static final Logger log = LoggerFactory.getLogger(LabelIntake.class);

  private final ConfluentAvroDeserializer<LabeledTweet> deserializer;
  private final LabelStore store;
  private final TrainerMetrics metrics;

  /**
   * What one poll gave.
   *
   * @param newLabels labels that were new or changed a text's label
   * @param transientFailure the registry failure that stopped the intake, or null if all was taken
   */
  public record Result(int newLabels, RuntimeException transientFailure) {}

  /** An intake decoding with {@code deserializer} into {@code store}. */
  public LabelIntake(
      ConfluentAvroDeserializer<LabeledTweet> deserializer,
      LabelStore store,
      TrainerMetrics metrics) {
    this.deserializer = deserializer;
    this.store = store;
    this.metrics = metrics;
  }

  /** Takes {@code records} in; on a transient failure rewinds {@code consumer} (see above). */
  public Result accept(Consumer<?, ?> consumer, ConsumerRecords<byte[], byte[]> records) {
    int added = 0;
    List<TopicPartition> parts = new ArrayList<>(records.partitions());
    for (int i = 0; i < parts.size(); i++) {
      for (ConsumerRecord<byte[], byte[]> r : records.records(parts.get(i))) {
        try {
          added += accept(r) ? 1 : 0;
        } catch (RuntimeException e) {
          if (!SchemaRegistryException.isRetriable(e)) {
            throw e;
          }
          metrics.transientError("labeled");
          consumer.seek(parts.get(i), r.offset());
          for (TopicPartition later : parts.subList(i + 1, parts.size())) {
            consumer.seek(later, records.records(later).get(0).offset());
          }
          return new Result(added, e);
        }
      }
    }
    return new Result(added, null);
  }

  /** Returns true if the record added a new or changed label; throws on a transient failure. */
  private boolean accept(ConsumerRecord<byte[], byte[]> r) {
    LabeledTweet t;
    try {
      t = deserializer.deserialize(r.topic(), r.headers(), r.value());
    } catch (RuntimeException e) {
      if (SchemaRegistryException.isRetriable(e)) {
        throw e;
      }
      return skip("unreadable", r, e.getMessage());
    }
    if (t == null) {
      return skip("unreadable", r, "null value");
    }
    int bytes = LabelLines.utf8Length(t.getText());
    if (bytes > store.limits().maxTextBytes()) {
      return skip(
          "too_long",
          r,
          "text is "
              + bytes
              + " bytes, over label.text.max.bytes="
              + store.limits().maxTextBytes());
    }
    String clean = TextCleaner.clean(t.getText());
    if (clean.isEmpty()) {
      return skip("empty_text", r, "text is empty after cleaning");
    }
    LabeledExample e;
    try {
      Label label = Label.parse(t.getLabel().name());
      double conf = t.getConfidence() == null ? 1.0 : t.getConfidence();
      e = new LabeledExample(clean, label, conf);
    } catch (IllegalArgumentException ex) {
      return skip("invalid", r, ex.getMessage());
    }
    boolean changed;
    try {
      changed = store.add(e);
    } catch (IllegalArgumentException ex) { // cleaning can lengthen a text (lower case of İ)
      return skip("too_long", r, ex.getMessage());
    }
    metrics.labelSeen();
    return changed;
  }

  private boolean skip(String reason, ConsumerRecord<?, ?> r, String why) {
    metrics.skipped(reason);
    log.warn(
        "Skipping {} record at {}-{}@{}: {}", reason, r.topic(), r.partition(), r.offset(), why);
    return false;
  }
}
