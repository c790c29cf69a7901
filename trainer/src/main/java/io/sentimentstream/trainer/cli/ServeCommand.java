package io.sentimentstream.trainer.cli;

import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sentimentstream.classifier.Device;
import io.sentimentstream.classifier.Encoder;
import io.sentimentstream.classifier.EncoderOptions;
import io.sentimentstream.classifier.Encoders;
import io.sentimentstream.classifier.MatmulPrecision;
import io.sentimentstream.ops.ConfigLayers;
import io.sentimentstream.ops.KafkaAccess;
import io.sentimentstream.ops.OpsServer;
import io.sentimentstream.trainer.service.TrainerConfig;
import io.sentimentstream.trainer.service.TrainerService;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code serve}: the retraining service; only wires config, encoder, ops endpoint and loop. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description =
        "Consume labelled tweets, retrain, gate, sign and publish model updates. "
            + "Configuration: defaults, then --config, then SENTIMENT_* / KAFKA_* variables.")
public final class ServeCommand implements Callable<Integer> {
  @Option(names = "--config", description = "Properties file (optional).")
  Path configFile;

  @Override
  public Integer call() throws IOException {
    TrainerConfig config =
        TrainerConfig.fromLayers(ConfigLayers.readFile(configFile), System.getenv());
    KafkaAccess.check(config.kafkaProperties(), KafkaAccess.TIMEOUT); // credentials, trust
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry); // heap and non-heap, for the dashboard's JVM panels
    EncoderOptions options =
        EncoderOptions.defaults()
            .withModel(config.getString(TrainerConfig.MODEL_ENCODER))
            .withMaxLength(config.getInt(TrainerConfig.MODEL_MAX_LENGTH))
            .withDevice(Device.valueOf(config.getString(TrainerConfig.MODEL_DEVICE)))
            .withMatmulPrecision(
                MatmulPrecision.valueOf(config.getString(TrainerConfig.MODEL_MATMUL_PRECISION)));
    // The shutdown hook waits for this latch, not for the main thread: main ends in System.exit,
    // which blocks while a hook runs, so waiting for main would hold every SIGTERM for 30 s.
    CountDownLatch closed = new CountDownLatch(1);
    try (Encoder encoder = Encoders.open(options);
        TrainerService service = new TrainerService(config, encoder, registry);
        OpsServer ops =
            OpsServer.start(
                config.getString(TrainerConfig.OPS_HTTP_HOST),
                config.getInt(TrainerConfig.OPS_HTTP_PORT),
                registry,
                service::isReady)) {
      LoggerFactory.getLogger(ServeCommand.class)
          .info("Trainer service running; ops port {}", ops.port());
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    service.stop();
                    try {
                      closed.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  },
                  "trainer-shutdown"));
      service.run();
    } finally {
      closed.countDown();
    }
    return 0;
  }
}
