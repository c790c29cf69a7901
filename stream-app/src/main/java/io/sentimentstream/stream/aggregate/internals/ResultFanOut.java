package io.sentimentstream.stream.aggregate.internals;

import io.sentimentstream.avro.SentimentResult;
import io.sentimentstream.serde.SchemaRegistryException;
import io.sentimentstream.stream.aggregate.AggregateMetrics;
import io.sentimentstream.stream.aggregate.LatestResults;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one result (raw bytes, so an unreadable record is counted and skipped instead of stopping
 * the thread) and forwards its contribution once per aggregate key it counts under, keeping the
 * record's event timestamp. A registry that is away is not a reason to skip: that error is thrown,
 * the thread is replaced and the record read again.
 */
public final class ResultFanOut implements Processor<byte[], byte[], String, Contribution> {
  private static final Logger log = LoggerFactory.getLogger(ResultFanOut.class);

  private final Deserializer<SentimentResult> results;
  private final AggregateKeys keys;
  private final AggregateMetrics metrics;
  private final LatestResults latest;
  private ProcessorContext<String, Contribution> ctx;

  public ResultFanOut(
      Deserializer<SentimentResult> results,
      AggregateKeys keys,
      AggregateMetrics metrics,
      LatestResults latest) {
    this.results = results;
    this.keys = keys;
    this.metrics = metrics;
    this.latest = latest;
  }

  @Override
  public void init(ProcessorContext<String, Contribution> context) {
    ctx = context;
  }

  @Override
  public void process(Record<byte[], byte[]> rec) {
    if (rec.value() == null) {
      return; // a tombstone on the results topic carries no verdict
    }
    String topic = ctx.recordMetadata().map(RecordMetadata::topic).orElse("?");
    SentimentResult r;
    try {
      r = results.deserialize(topic, rec.value());
    } catch (SerializationException e) {
      if (SchemaRegistryException.isRetriable(e)) {
        throw e;
      }
      metrics.skipped(e.getClass().getSimpleName());
      log.warn(
          "Aggregates skip an unreadable result at {}: {}",
          ctx.recordMetadata()
              .map(m -> m.topic() + "-" + m.partition() + "@" + m.offset())
              .orElse("?"),
          e.getMessage());
      return;
    }
    latest.add(r);
    Contribution c = Contribution.of(r);
    for (String key : keys.of(r.getCleanText())) {
      ctx.forward(new Record<>(key, c, rec.timestamp()));
    }
  }
}
