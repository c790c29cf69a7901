package io.sentimentstream.drills;

import io.sentimentstream.avro.SentimentResult;
import io.sentimentstream.localstack.LocalStack;
import io.sentimentstream.stream.testing.ItSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads the results topic (read_committed, from the beginning) on its own thread and records when
 * each result became visible, on which partition, with which model version.
 */
final class OutputLog implements AutoCloseable {
  /** One committed result as a downstream consumer saw it. */
  record Arrival(String id, int partition, long atMs, long modelVersion) {}

  private final List<Arrival> arrivals = new ArrayList<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;

  OutputLog(LocalStack stack, String topic) {
    thread =
        new Thread(
            () -> {
              try (ItSupport.Reader<SentimentResult> reader = ItSupport.results(stack, topic)) {
                int seen = 0;
                while (running.get()) {
                  List<ConsumerRecord<String, SentimentResult>> all = reader.poll();
                  long now = System.currentTimeMillis();
                  synchronized (arrivals) {
                    for (; seen < all.size(); seen++) {
                      ConsumerRecord<String, SentimentResult> r = all.get(seen);
                      arrivals.add(
                          new Arrival(r.key(), r.partition(), now, r.value().getModelVersion()));
                    }
                  }
                }
              }
            },
            "output-log");
    thread.setDaemon(true);
    thread.start();
  }

  List<Arrival> snapshot() {
    synchronized (arrivals) {
      return new ArrayList<>(arrivals);
    }
  }

  int size() {
    synchronized (arrivals) {
      return arrivals.size();
    }
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    thread.join();
  }
}
