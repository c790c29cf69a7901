package io.sentimentstream.serde.internals;

import io.sentimentstream.serde.AvroSerdeConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry URLs without credentials, and the HTTP basic {@code Authorization} header value if
 * basic auth is configured. Credentials are taken out of the URLs so they never reach a log line or
 * an exception message.
 *
 * <p>Credentials for a plain {@code http://} registry are sent in clear text: allowed (local stacks
 * run plain http), but warned about once per registry URL and JVM (every serde builds its own
 * client).
 */
record RegistryAuth(List<String> urls, String authorization) {
  private static final Logger log = LoggerFactory.getLogger(RegistryAuth.class);
  private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

  static RegistryAuth from(AvroSerdeConfig config) {
    String source = config.getString(AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE);
    Password userInfo = config.getPassword(AvroSerdeConfig.BASIC_AUTH_USER_INFO);
    String credentials = null;
    List<String> urls = new ArrayList<>();
    for (String url : config.registryUrls()) {
      URI uri = parse(url);
      if (uri.getRawUserInfo() != null) {
        if (source.equals("URL") && credentials == null) {
          credentials = uri.getUserInfo();
        }
        url = url.replace(uri.getRawUserInfo() + "@", "");
      }
      urls.add(url);
    }
    if (source.equals("USER_INFO")) {
      if (userInfo == null || !userInfo.value().contains(":")) {
        throw new ConfigException(
            AvroSerdeConfig.BASIC_AUTH_USER_INFO,
            "[hidden]",
            "must be user:password when "
                + AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE
                + "=USER_INFO");
      }
      credentials = userInfo.value();
    }
    if (credentials != null) {
      urls.forEach(RegistryAuth::warnIfPlain);
    }
    return new RegistryAuth(List.copyOf(urls), header(credentials));
  }

  private static void warnIfPlain(String url) {
    if (url.regionMatches(true, 0, "http://", 0, 7) && WARNED.add(url)) {
      log.warn(
          "Basic auth ({} or credentials in {}) is configured for the plain-http schema registry"
              + " {}: the credentials cross the network in clear text. Use an https:// URL in {}.",
          AvroSerdeConfig.BASIC_AUTH_USER_INFO,
          AvroSerdeConfig.SCHEMA_REGISTRY_URL,
          url,
          AvroSerdeConfig.SCHEMA_REGISTRY_URL);
    }
  }

  private static URI parse(String url) {
    try {
      return new URI(url);
    } catch (URISyntaxException e) {
      // the exception's own message quotes the whole URL, credentials and all
      throw new ConfigException(
          AvroSerdeConfig.SCHEMA_REGISTRY_URL,
          AvroSerdeConfig.withoutUserInfo(url),
          "not a valid URL (" + e.getReason() + " at index " + e.getIndex() + ")");
    }
  }

  private static String header(String credentials) {
    if (credentials == null) {
      return null;
    }
    return "Basic "
        + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
  }
}
