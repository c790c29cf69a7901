package io.sentimentstream.stream.aggregate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dashboard's static files: its own page, script and style ({@code dashboard/} on the class
 * path) and uPlot from its WebJar, located through the WebJar's Maven metadata so no version is
 * written twice. Nothing is fetched from the network: the dashboard works offline.
 */
final class DashboardAssets {
  /** A static file's bytes and content type. */
  record Asset(String type, byte[] bytes) {}

  private static final String UPLOT = "META-INF/resources/webjars/uplot/%s/dist/%s";

  private final Map<String, String> paths;
  private final Map<String, Asset> cache = new ConcurrentHashMap<>();

  DashboardAssets() {
    String v = uplotVersion();
    paths =
        Map.of(
            "/", "dashboard/index.html",
            "/index.html", "dashboard/index.html",
            "/dashboard.js", "dashboard/dashboard.js",
            "/dashboard.css", "dashboard/dashboard.css",
            "/assets/uplot.js", UPLOT.formatted(v, "uPlot.iife.min.js"),
            "/assets/uplot.css", UPLOT.formatted(v, "uPlot.min.css"));
  }

  /** The file served at {@code path}, or null if there is none. */
  Asset get(String path) {
    String resource = paths.get(path);
    return resource == null ? null : cache.computeIfAbsent(resource, DashboardAssets::load);
  }

  private static Asset load(String resource) {
    try (InputStream in = DashboardAssets.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("dashboard file missing from the class path: " + resource);
      }
      return new Asset(type(resource), in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  private static String type(String resource) {
    if (resource.endsWith(".html")) {
      return "text/html; charset=utf-8";
    }
    if (resource.endsWith(".js")) {
      return "text/javascript; charset=utf-8";
    }
    return "text/css; charset=utf-8";
  }

  private static String uplotVersion() {
    String meta = "META-INF/maven/org.webjars.npm/uplot/pom.properties";
    try (InputStream in = DashboardAssets.class.getClassLoader().getResourceAsStream(meta)) {
      if (in == null) {
        throw new IllegalStateException("the uPlot WebJar is not on the class path (" + meta + ")");
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + meta, e);
    }
  }
}
