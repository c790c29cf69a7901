package io.sentimentstream.stream.aggregate.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium from the system (Debian's {@code chromium} and {@code chromium-driver}; {@code
 * .ci/run} installs them), driven by Selenium. Nothing is downloaded: the binaries are given
 * explicitly, so Selenium Manager is never asked to fetch a browser or a driver.
 */
final class Browser {
  private Browser() {}

  /** Starts headless Chromium; the calling test is skipped, saying why, if none is installed. */
  static ChromeDriver start(int width, int height) {
    Path chrome = first("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");
    Path driver = first("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
    assumeTrue(
        chrome != null && driver != null,
        "No Chromium and chromedriver installed (looked for /usr/bin/chromium and"
            + " /usr/bin/chromedriver): the dashboard's browser test is skipped. Install them with"
            + " `apt-get install -y chromium chromium-driver` (.ci/run does).");
    ChromeOptions o = new ChromeOptions();
    o.setBinary(chrome.toFile());
    o.addArguments(
        "--headless=new",
        "--no-sandbox", // CI runs as root
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-extensions",
        "--hide-scrollbars",
        "--window-size=" + width + "," + height);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(driver.toFile())
            .usingAnyFreePort()
            .build();
    return new ChromeDriver(service, o);
  }

  private static Path first(String... paths) {
    return Stream.of(paths).map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);
  }
}
