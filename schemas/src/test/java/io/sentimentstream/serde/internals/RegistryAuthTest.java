package io.sentimentstream.serde.internals;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.sentimentstream.serde.AvroSerdeConfig;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Finding 9 of issue 21: basic-auth credentials sent to a plain {@code http://} registry cross the
 * network in clear text. That is allowed (local stacks run plain http) but said once, at
 * configuration time, naming the keys; an {@code https://} registry gets no such warning.
 */
class RegistryAuthTest {
  private static final AtomicInteger PORT = new AtomicInteger(18_100);
  private final Logger logger = (Logger) LoggerFactory.getLogger(RegistryAuth.class);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

  @BeforeEach
  void capture() {
    logged.start();
    logger.addAppender(logged);
  }

  @AfterEach
  void release() {
    logger.detachAppender(logged);
  }

  @Test
  void basicAuthOverPlainHttpIsWarnedOnceNamingTheKeys() {
    String url =
        "http://127.0.0.1:" + PORT.incrementAndGet(); // unique: the warning is once per URL
    RegistryAuth.from(config(url, "USER_INFO", "alice:secret"));
    RegistryAuth.from(config(url, "USER_INFO", "alice:secret")); // a second serde, same registry

    List<ILoggingEvent> warnings = warnings();
    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0).getFormattedMessage())
        .contains("basic.auth.user.info", "schema.registry.url", url, "clear text")
        .doesNotContain("secret");
  }

  @Test
  void credentialsInThePlainHttpUrlAreWarnedToo() {
    String url = "http://127.0.0.1:" + PORT.incrementAndGet();
    RegistryAuth.from(config("http://bob:pw@" + url.substring("http://".length()), "URL", null));

    assertThat(warnings())
        .singleElement()
        .satisfies(e -> assertThat(e.getFormattedMessage()).contains(url).doesNotContain("pw"));
  }

  @Test
  void basicAuthOverHttpsOrPlainHttpWithoutCredentialsIsNotWarned() {
    RegistryAuth.from(
        config("https://127.0.0.1:" + PORT.incrementAndGet(), "USER_INFO", "alice:secret"));
    RegistryAuth.from(config("http://127.0.0.1:" + PORT.incrementAndGet(), "URL", null));

    assertThat(warnings()).isEmpty();
  }

  private List<ILoggingEvent> warnings() {
    return logged.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
  }

  private static AvroSerdeConfig config(String url, String source, String userInfo) {
    Map<String, Object> m = new java.util.HashMap<>();
    m.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, url);
    m.put(AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE, source);
    if (userInfo != null) {
      m.put(AvroSerdeConfig.BASIC_AUTH_USER_INFO, userInfo);
    }
    return new AvroSerdeConfig(m);
  }
}
