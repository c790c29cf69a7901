package io.sentimentstream.stream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sentimentstream.avro.SentimentResult;
import io.sentimentstream.ops.ConfigLayers;
import io.sentimentstream.serde.ConfluentAvroDeserializer;
import io.sentimentstream.stream.DeadLetterHeaders;
import io.sentimentstream.stream.StreamConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code read-results}: prints every committed record of the results topic (or, with {@code --dlq},
 * the dead-letter topic) as one JSON object per line, from the beginning up to the end offsets as
 * of start (read_committed), then exits. No consumer group is joined or committed.
 */
@Command(
    name = "read-results",
    mixinStandardHelpOptions = true,
    description = "Print the results (or dead letters) committed so far as JSON lines, then exit.")
public final class ReadResultsCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--dlq", description = "Read the dead-letter topic instead of the results.")
  boolean dlq;

  @Option(
      names = "--timeout-ms",
      defaultValue = "60000",
      description =
          "Give up (exit 1) if the end is not reached within this (default ${DEFAULT-VALUE}).")
  long timeoutMs;

  @Option(names = "--follow", description = "Keep printing new records until stopped.")
  boolean follow;

  @Option(names = "--text", description = "Readable lines instead of JSON.")
  boolean text;

  @Option(names = "--config", description = "Properties file with app and Kafka keys.")
  Path config;

  @Override
  public Integer call() throws Exception {
    StreamConfig cfg = StreamConfig.fromLayers(ConfigLayers.readFile(config), System.getenv());
    String topic = cfg.getString(dlq ? StreamConfig.TOPIC_DLQ : StreamConfig.TOPIC_RESULTS);
    ConfluentAvroDeserializer<SentimentResult> de =
        new ConfluentAvroDeserializer<>(SentimentResult.class);
    de.configure(cfg.serdeConfig(), false);
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(cfg)) {
      List<TopicPartition> parts =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts);
      long deadline = System.nanoTime() + timeoutMs * 1_000_000;
      while (follow || !parts.stream().allMatch(p -> consumer.position(p) >= end.get(p))) {
        if (!follow && System.nanoTime() > deadline) {
          System.err.println(
              "read-results: end of " + topic + " not reached in " + timeoutMs + " ms");
          return 1;
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          System.out.println(dlq ? deadLetter(r) : result(de.deserialize(r.topic(), r.value())));
        }
        if (follow) {
          System.out.flush();
        }
      }
    }
    System.out.flush();
    return 0;
  }

  /** A read_committed byte consumer without auto-commit (the demo's printer reads with it too). */
  static KafkaConsumer<byte[], byte[]> consumer(StreamConfig cfg) {
    Map<String, Object> props = cfg.connectionProperties();
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private String result(SentimentResult s) {
    if (text) {
      double p = Math.max(s.getNegative(), Math.max(s.getNeutral(), s.getPositive()));
      return String.format(
          Locale.ROOT,
          "%-8s %.2f  v%d  %s",
          s.getLabel(),
          p,
          s.getModelVersion(),
          s.getCleanText());
    }
    ObjectNode o = JSON.createObjectNode();
    o.put("tweetId", s.getTweetId());
    o.put("label", s.getLabel().name());
    o.put("negative", s.getNegative());
    o.put("neutral", s.getNeutral());
    o.put("positive", s.getPositive());
    o.put("modelVersion", s.getModelVersion());
    o.put("truncated", s.getTruncated());
    o.put("cleanText", s.getCleanText());
    return o.toString();
  }

  private String deadLetter(ConsumerRecord<byte[], byte[]> r) {
    if (text) {
      return "DEAD-LETTER  " + header(r, DeadLetterHeaders.ERROR_MESSAGE);
    }
    ObjectNode o = JSON.createObjectNode();
    o.put("key", r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8));
    o.put("errorClass", header(r, DeadLetterHeaders.ERROR_CLASS));
    o.put("errorMessage", header(r, DeadLetterHeaders.ERROR_MESSAGE));
    o.put("sourceTopic", header(r, DeadLetterHeaders.SOURCE_TOPIC));
    o.put("sourceOffset", header(r, DeadLetterHeaders.SOURCE_OFFSET));
    o.put("bytes", r.value() == null ? 0 : r.value().length);
    return o.toString();
  }

  private static String header(ConsumerRecord<?, ?> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
