package io.sentimentstream.stream.internals;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class StateStoreTagsTest {
  @Test
  void metricsOfAKeyValueAndAWindowStoreAreBothServed() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(new StateStoreTags());
    String name = StateStoreTags.PREFIX + "oldest.iterator.open.since.ms";
    Gauge.builder(name, () -> 1)
        .tags("in.memory.state.id", "held-tweets", "task.id", "0_1")
        .register(registry);
    Gauge.builder(name, () -> 2)
        .tags("in.memory.window.state.id", "windowed-by-key", "task.id", "1_0")
        .register(registry);
    assertThat(registry.scrape())
        .contains(
            "kafka_stream_state_oldest_iterator_open_since_ms{state_id=\"held-tweets\","
                + "store_type=\"in.memory\",task_id=\"0_1\"} 1.0",
            "kafka_stream_state_oldest_iterator_open_since_ms{state_id=\"windowed-by-key\","
                + "store_type=\"in.memory.window\",task_id=\"1_0\"} 2.0");
  }

  @Test
  void leavesOtherMetersAlone() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(new StateStoreTags());
    Gauge.builder("kafka.consumer.fetch.manager.records.lag", () -> 3)
        .tags("topic", "tweets", "in.memory.state.id", "x")
        .register(registry);
    assertThat(registry.scrape())
        .contains(
            "kafka_consumer_fetch_manager_records_lag{in_memory_state_id=\"x\",topic=\"tweets\"}"
                + " 3.0");
  }
}
