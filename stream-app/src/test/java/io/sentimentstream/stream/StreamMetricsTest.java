package io.sentimentstream.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

/** The meters the dashboard and alerts read, as /metrics serves them. */
class StreamMetricsTest {
  @Test
  void rareEventCountersAreServedAtZeroBeforeTheFirstEvent() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new StreamMetrics(registry);
    assertThat(registry.scrape())
        .contains(
            "sentiment_stream_thread_failures_total{response=\"replace\"} 0.0",
            "sentiment_stream_thread_failures_total{response=\"shutdown\"} 0.0",
            "sentiment_model_updates_listener_errors_total 0.0");
  }

  @Test
  void anEventCountsOnTheCounterServedAtZero() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    StreamMetrics metrics = new StreamMetrics(registry);
    metrics.streamThreadFailed("replace");
    metrics.modelUpdatesListenerError();
    assertThat(registry.scrape())
        .contains(
            "sentiment_stream_thread_failures_total{response=\"replace\"} 1.0",
            "sentiment_stream_thread_failures_total{response=\"shutdown\"} 0.0",
            "sentiment_model_updates_listener_errors_total 1.0");
  }
}
