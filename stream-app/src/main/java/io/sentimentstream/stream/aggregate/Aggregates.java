package io.sentimentstream.stream.aggregate;

import io.micrometer.core.instrument.MeterRegistry;
import io.sentimentstream.avro.SentimentAggregate;
import io.sentimentstream.serde.ConfluentAvroSerde;
import io.sentimentstream.stream.StreamConfig;
import io.sentimentstream.stream.Topic;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Everything the aggregate sub-topology and its HTTP routes share: settings, output topic, meters
 * and the latest results seen.
 *
 * @param settings the aggregate.* keys
 * @param topic the compacted output topic, keyed {@code <key>@<windowStart>}
 * @param metrics late records and friends
 * @param latest the dashboard's scrolling list
 */
public record Aggregates(
    AggregateSettings settings,
    Topic<String, SentimentAggregate> topic,
    AggregateMetrics metrics,
    LatestResults latest) {
  /** Results the dashboard's list keeps. */
  public static final int LATEST = 50;

  public Aggregates {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(topic, "aggregates topic");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(latest, "latest results");
  }

  /**
   * The aggregates of a running app, absent if {@code aggregate.enabled=false}: checks the keys,
   * creates the compacted topic if it is missing, and configures its schema-registry serde.
   *
   * @throws org.apache.kafka.common.config.ConfigException naming a bad key
   */
  public static Optional<Aggregates> start(StreamConfig cfg, MeterRegistry registry) {
    return AggregateSettings.of(cfg).map(settings -> start(cfg, settings, registry));
  }

  private static Aggregates start(
      StreamConfig cfg, AggregateSettings settings, MeterRegistry registry) {
    AggregatesTopic.ensure(cfg, settings.topic());
    ConfluentAvroSerde<SentimentAggregate> serde =
        new ConfluentAvroSerde<>(SentimentAggregate.class);
    serde.configure(cfg.serdeConfig(), false);
    return new Aggregates(
        settings,
        new Topic<>(settings.topic(), Serdes.String(), serde),
        new AggregateMetrics(registry),
        new LatestResults(LATEST));
  }
}
