package io.sentimentstream.k8s;

import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sentimentstream.stream.StreamMetrics;
import io.sentimentstream.stream.aggregate.AggregateMetrics;
import io.sentimentstream.trainer.service.internals.TrainerMetrics;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The metric names the dashboard and the alert rules may use: what the apps' own meter classes
 * render on /metrics (found by registering them in a real Prometheus registry and reading its
 * scrape), plus the few names that come from elsewhere, each with the reason it is allowed.
 */
final class MetricNames {
  /**
   * Names not declared by the apps' meter classes. Kafka's: Micrometer's KafkaMetrics (behind the
   * app's KafkaStreamsMetrics) names a client metric {@code kafka.<group minus -metrics>.<name>},
   * dashes to dots; Kafka's consumer reports {@code records-lag} per assigned topic-partition in
   * the group {@code consumer-fetch-manager-metrics}, so it only exists once partitions are
   * assigned ({@link #kafkaClientNames()} shows the rule on its client-level sibling {@code
   * records-lag-max}). JVM: Micrometer's JvmMemoryMetrics names, which both apps bind at start.
   */
  static final Map<String, String> DOCUMENTED =
      Map.of(
          "up", "Prometheus' own per-target scrape health",
          "kafka_consumer_fetch_manager_records_lag",
              "Kafka consumer records-lag per topic-partition (KafkaStreamsMetrics)",
          "jvm_memory_used_bytes", "Micrometer JvmMemoryMetrics, bound by both apps at start",
          "jvm_memory_max_bytes", "Micrometer JvmMemoryMetrics, bound by both apps at start");

  private static final Set<String> PROMQL_WORDS =
      Set.of(
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "offset",
          "bool",
          "and",
          "or",
          "unless",
          "inf",
          "nan");

  private MetricNames() {}

  /** Every series name the stream app's and the trainer's meter classes render. */
  static Set<String> declaredByTheApps() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    StreamMetrics stream = new StreamMetrics(registry);
    // Tagged meters exist from their first use: use each once.
    stream.deadLettered("SerializationException");
    stream.updateRejected("signature");
    stream.streamThreadFailed("replace");
    stream.modelUpdatesListenerError();
    stream.modelVersionFloor(() -> 1);
    stream.modelUpdatesFollowing(() -> true);
    new AggregateMetrics(registry).skipped("unreadable");
    TrainerMetrics trainer = new TrainerMetrics(registry, () -> 0);
    trainer.labelStore(() -> 0, () -> 0);
    trainer.skipped("unreadable");
    trainer.transientError("labeled");
    trainer.trainingFailed();
    return namesIn(registry.scrape());
  }

  /** The names a Kafka consumer's client metrics get through Micrometer (no broker needed). */
  static Set<String> kafkaClientNames() {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "metric-names");
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (KafkaConsumer<byte[], byte[]> consumer =
            new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        KafkaClientMetrics metrics = new KafkaClientMetrics(consumer)) {
      metrics.bindTo(registry);
      return namesIn(registry.scrape());
    }
  }

  /** Every name a dashboard or rule may use: the apps' own and the documented ones. */
  static Set<String> allowed() {
    Set<String> all = new TreeSet<>(declaredByTheApps());
    all.addAll(DOCUMENTED.keySet());
    return all;
  }

  /** The metric names a PromQL expression selects (functions, labels and keywords dropped). */
  static Set<String> in(String promql) {
    String s = promql.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\""); // string literals
    s = s.replaceAll("\\{[^}]*}", " "); // label matchers
    s = s.replaceAll("\\[[^]]*]", " "); // ranges and subqueries
    s = s.replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("(?<![\\w$.])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?").matcher(s);
    while (m.find()) {
      String word = m.group(1);
      if (m.group(2) == null && !PROMQL_WORDS.contains(word.toLowerCase())) {
        names.add(word);
      }
    }
    return names;
  }

  private static Set<String> namesIn(String scrape) {
    Set<String> names = new TreeSet<>();
    for (String line : scrape.split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        names.add(line.split("[{ ]", 2)[0]);
      }
    }
    return names;
  }
}
