package io.sentimentstream.trainer.cli;

import io.sentimentstream.avro.LabeledTweet;
import io.sentimentstream.avro.Sentiment;
import io.sentimentstream.ops.ConfigLayers;
import io.sentimentstream.ops.KafkaAccess;
import io.sentimentstream.ops.KafkaConnection;
import io.sentimentstream.ops.OnceMarker;
import io.sentimentstream.serde.AvroSerdeConfig;
import io.sentimentstream.serde.ConfluentAvroSerializer;
import io.sentimentstream.trainer.data.LabeledData;
import io.sentimentstream.trainer.data.LabeledExample;
import io.sentimentstream.trainer.service.TrainerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code feed-labels}: produces labelled tweets from a file (read as {@code train} reads it) to the
 * labelled topic, with the Confluent serde. Connection and topic come from the trainer's keys and
 * environment ({@code KAFKA_BOOTSTRAP_SERVERS}, {@code SENTIMENT_SCHEMA_REGISTRY_URL}, {@code
 * SENTIMENT_TOPIC_LABELED}); no signing key is needed. Texts are sent as the reader cleaned them.
 */
@Command(
    name = "feed-labels",
    mixinStandardHelpOptions = true,
    description =
        "Produce labelled tweets from a CSV (or text + label files) to the labelled topic.")
public final class FeedLabelsCommand implements Callable<Integer> {
  @Mixin DataArgs dataArgs = new DataArgs();

  @Option(
      names = "--source",
      defaultValue = "replay",
      description = "labelSource of every record (default ${DEFAULT-VALUE}).")
  String source;

  @Option(
      names = "--once",
      description = "Marker file: skip if it exists, write it after a complete feed.")
  Path once;

  @Option(
      names = "--if-missing",
      defaultValue = "fail",
      description = "When --data does not exist: fail, or skip (exit 0 with a message).")
  String ifMissing;

  @Option(names = "--config", description = "Properties file with trainer/Kafka keys.")
  Path config;

  @Override
  public Integer call() throws IOException {
    OnceMarker marker = new OnceMarker(once);
    if (marker.done()) {
      System.out.println("Labels already fed (" + marker.file() + " exists): nothing to do");
      return 0;
    }
    if (!ifMissing.equals("fail") && !ifMissing.equals("skip")) {
      throw new IllegalArgumentException("--if-missing must be fail or skip, not " + ifMissing);
    }
    if (ifMissing.equals("skip") && !java.nio.file.Files.exists(dataArgs.data())) {
      System.out.println(dataArgs.data() + " does not exist: no labels fed");
      return 0;
    }
    Map<String, Object> merged = ConfigLayers.merge(ConfigLayers.readFile(config), System.getenv());
    Map<String, Object> values = TrainerConfig.DEFINITION.parse(merged);
    String topic = (String) values.get(TrainerConfig.TOPIC_LABELED);
    LabeledData data = dataArgs.read();
    long t0 = System.nanoTime();
    int n = produce(merged, values, topic, data);
    double secs = (System.nanoTime() - t0) / 1e9;
    String summary = String.format("fed %d labelled tweets to %s in %.1f s", n, topic, secs);
    marker.markDone(summary);
    System.out.println(summary);
    return 0;
  }

  private int produce(
      Map<String, Object> merged, Map<String, Object> values, String topic, LabeledData data) {
    Map<String, Object> serde = AvroSerdeConfig.pick(merged);
    serde.put(TrainerConfig.SCHEMA_REGISTRY_URL, values.get(TrainerConfig.SCHEMA_REGISTRY_URL));
    ConfluentAvroSerializer<LabeledTweet> ser = new ConfluentAvroSerializer<>(LabeledTweet.class);
    ser.configure(serde, false);
    Map<String, Object> props = KafkaConnection.pick(merged);
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, values.get(TrainerConfig.BOOTSTRAP_SERVERS));
    KafkaAccess.check(props, KafkaAccess.TIMEOUT); // a wrong password or trust store: one line
    props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    int n = 0;
    AtomicReference<Exception> failure = new AtomicReference<>();
    try (KafkaProducer<String, LabeledTweet> producer =
        new KafkaProducer<>(props, new StringSerializer(), ser)) {
      Instant now = Instant.now();
      for (LabeledExample e : data.examples()) {
        LabeledTweet t =
            LabeledTweet.newBuilder()
                .setText(e.cleanText())
                .setLabel(Sentiment.valueOf(e.label().name()))
                .setLabelSource(source)
                .setLabeledAt(now)
                .setConfidence(e.confidence())
                .build();
        producer.send(
            new ProducerRecord<>(topic, null, t),
            (md, ex) -> {
              if (ex != null) {
                failure.compareAndSet(null, ex);
              }
            });
        n++;
      }
      producer.flush();
    }
    if (failure.get() != null) {
      throw new IllegalStateException(
          "producing to " + topic + " failed: " + failure.get().getMessage(), failure.get());
    }
    return n;
  }
}
