package io.sentimentstream.trainer.service.internals;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

/** The meters the dashboard and alerts read, as the trainer's /metrics serves them. */
class TrainerMetricsTest {
  @Test
  void failureCountersAreServedAtZeroBeforeTheFirstFailure() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    TrainerMetrics metrics = new TrainerMetrics(registry, () -> 0);
    assertThat(registry.scrape())
        .contains(
            "trainer_trainings_failed_total 0.0", "trainer_models_publish_failures_total 0.0");
    metrics.trainingFailed();
    assertThat(registry.scrape()).contains("trainer_trainings_failed_total 1.0");
  }
}
