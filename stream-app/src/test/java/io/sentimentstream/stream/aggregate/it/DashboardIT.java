package io.sentimentstream.stream.aggregate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentimentstream.localstack.LocalStack;
import io.sentimentstream.localstack.LocalStackExtension;
import io.sentimentstream.stream.SentimentStreamApp;
import io.sentimentstream.stream.StreamConfig;
import io.sentimentstream.stream.aggregate.AggregateSettings;
import io.sentimentstream.stream.cli.GopReplay;
import io.sentimentstream.stream.testing.ItSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The dashboard in headless Chromium on a running app (real broker, registry and MiniLM model), fed
 * GOP tweets with their real posting times: its charts and tables must show what the REST API
 * returns, follow new tweets, and count late ones. Saves target/dashboard.png.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class DashboardIT {
  private static final Path WORK = Path.of("target", "it-dashboard").toAbsolutePath();
  private static final Path SCREENSHOT = Path.of("target", "dashboard.png").toAbsolutePath();
  private static final List<String> TERMS = List.of("trump", "bush", "cruz", "carson", "rubio");
  private static Path bundle;

  @BeforeAll
  static void model() throws Exception {
    bundle = ItSupport.bundle(WORK.resolve("model"), ItSupport.head(ItSupport.encoderId(), 1, 7));
  }

  @Test
  void dashboardShowsWhatTheRestApiReturnsAndFollowsArrivingTweets(LocalStack stack)
      throws Exception {
    ChromeDriver browser = Browser.start(1280, 1180); // skips the test if there is no browser
    String p = "dash-";
    // One partition keeps the replay in event-time order end to end, so no tweet is late by chance.
    AggregateIt.createTopics(stack, p, 1);
    Instant from = Instant.parse("2015-08-07T02:00:00Z"); // 19:00 in Cleveland, during the debate
    List<GopReplay.Row> rows =
        GopReplay.read(ItSupport.gopCsv()).stream()
            .filter(r -> !r.createdAt().isBefore(from))
            .limit(300)
            .toList();
    StreamConfig cfg =
        AggregateIt.config(
            stack,
            p,
            WORK,
            bundle,
            Map.of(AggregateSettings.AGGREGATE_TERMS, String.join(",", TERMS)));
    try (SentimentStreamApp app = SentimentStreamApp.start(cfg)) {
      int port = app.opsPort();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> app.streams().state() == KafkaStreams.State.RUNNING);
      AggregateIt.produce(stack, p + "tweets", rows.subList(0, 150));
      await().atMost(Duration.ofSeconds(90)).until(() -> AggregateIt.total(port, "all") == 150);

      browser.get("http://127.0.0.1:" + port + "/");
      int before = assertShowsRestApi(browser, port);

      AggregateIt.produce(stack, p + "tweets", rows.subList(150, 300));
      await().atMost(Duration.ofSeconds(90)).until(() -> AggregateIt.total(port, "all") == 300);
      int after = assertShowsRestApi(browser, port);
      assertThat(after).as("windows on the chart").isGreaterThan(before);

      // Three tweets posted in the first window arrive now: far beyond the 30 s grace.
      List<GopReplay.Row> late = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        GopReplay.Row r = rows.get(i);
        late.add(new GopReplay.Row("late-" + i, r.user(), r.text(), from.plusSeconds(10)));
      }
      AggregateIt.produce(stack, p + "tweets", late);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> AggregateIt.get(port, "/api/status").get("lateRecords").asLong() == 3);
      assertThat(AggregateIt.total(port, "all")).isEqualTo(300); // counted, not aggregated
      assertShowsRestApi(browser, port);
      assertThat(snapshot(browser).get("late-records")).isEqualTo("3");

      Files.createDirectories(SCREENSHOT.getParent());
      Files.write(SCREENSHOT, browser.getScreenshotAs(OutputType.BYTES));
    } finally {
      browser.quit();
    }
  }

  /**
   * Waits until the page shows exactly what the REST API answers now (nothing is arriving), and
   * returns the number of windows on the chart.
   */
  private static int assertShowsRestApi(ChromeDriver browser, int port) throws Exception {
    JsonNode status = AggregateIt.get(port, "/api/status");
    JsonNode all = AggregateIt.get(port, "/aggregates?key=all").get("windows");
    List<JsonNode> terms = new ArrayList<>();
    for (String t : TERMS) {
      terms.add(
          AggregateIt.get(port, "/aggregates?key=" + AggregateIt.enc("term:" + t)).get("windows"));
    }
    JsonNode tags = AggregateIt.get(port, "/aggregates/hashtags");
    assertThat(tags.get("hashtags").size()).isPositive();
    assertThat(all.size()).isPositive();
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              Map<String, Object> page = snapshot(browser);
              assertChart(page, all, terms);
              assertSummary(page, all.get(all.size() - 1));
              assertHashtagTable(page, tags.get("hashtags"));
              assertThat(page.get("records-out")).isEqualTo(status.get("recordsOut").asText());
              assertThat(page.get("model-version")).isEqualTo("1");
              assertThat(page.get("late-records")).isEqualTo(status.get("lateRecords").asText());
              assertThat(page.get("latest")).isEqualTo(20L);
            });
    return all.size();
  }

  /**
   * What the page shows, read in one script so one redraw cannot fall between two reads: the
   * sentiment chart's data, the texts of the elements with ids, the hashtag table's rows.
   */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> snapshot(ChromeDriver browser) {
    return (Map<String, Object>)
        browser.executeScript(
            "const c = window.dashboard.charts.sentiment; const out = {chart: c ? c.data : null};"
                + "document.querySelectorAll('[id]').forEach(e => out[e.id] = e.textContent);"
                + "out.hashtags = [...document.querySelectorAll('#hashtags tbody tr')].map(tr =>"
                + " [tr.dataset.key, tr.querySelector('.tweets').textContent]);"
                + "out.latest = document.querySelectorAll('#latest li').length; return out;");
  }

  @SuppressWarnings("unchecked")
  private static void assertChart(Map<String, Object> page, JsonNode all, List<JsonNode> terms) {
    List<List<Object>> data = (List<List<Object>>) page.get("chart");
    assertThat(data).as("sentiment chart data").isNotNull().hasSize(2 + terms.size());
    List<Object> xs = data.get(0);
    assertThat(xs).hasSize(all.size());
    for (int i = 0; i < all.size(); i++) {
      JsonNode w = all.get(i);
      assertThat(num(xs.get(i))).isEqualTo(w.get("windowStart").asLong() / 1000.0);
      assertThat(num(data.get(1).get(i)))
          .isCloseTo(w.get("netSentiment").asDouble(), within(1e-12));
    }
    for (int t = 0; t < terms.size(); t++) {
      List<Object> ys = data.get(2 + t);
      for (JsonNode w : terms.get(t)) {
        int i =
            xs.indexOf(
                xs.stream()
                    .filter(x -> num(x) == w.get("windowStart").asLong() / 1000.0)
                    .findFirst()
                    .orElseThrow());
        assertThat(num(ys.get(i))).isCloseTo(w.get("netSentiment").asDouble(), within(1e-12));
      }
      assertThat(ys.stream().filter(y -> y != null).count()).isEqualTo(terms.get(t).size());
    }
  }

  private static void assertSummary(Map<String, Object> page, JsonNode last) {
    assertThat(page.get("latest-window-tweets")).isEqualTo(last.get("tweets").asText());
    double net = last.get("netSentiment").asDouble();
    assertThat(page.get("latest-window-net"))
        .isEqualTo((net > 0 ? "+" : "") + String.format(Locale.ROOT, "%.2f", net));
    assertThat(page.get("latest-window-negative")).isEqualTo(last.get("negative").asText());
    assertThat(page.get("latest-window-positive")).isEqualTo(last.get("positive").asText());
  }

  @SuppressWarnings("unchecked")
  private static void assertHashtagTable(Map<String, Object> page, JsonNode tags) {
    List<List<String>> rows = (List<List<String>>) page.get("hashtags");
    List<List<String>> expected = new ArrayList<>();
    for (JsonNode t : tags) {
      expected.add(List.of(t.get("key").asText(), t.get("tweets").asText()));
    }
    assertThat(rows).isEqualTo(expected);
  }

  private static double num(Object o) {
    return ((Number) o).doubleValue();
  }
}
