package io.sentimentstream.serde.internals;

import io.sentimentstream.serde.AvroSerdeConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Builds the HTTP client's {@link SSLContext} from the {@code schema.registry.ssl.*} trust and key
 * stores. The JDK's {@code HttpClient} only takes a ready SSLContext, so the stores are loaded
 * here; with neither store configured the JDK default applies.
 */
final class TlsContexts {
  private TlsContexts() {}

  static Optional<SSLContext> fromConfig(AvroSerdeConfig c) {
    String trustLocation = c.getString(AvroSerdeConfig.SSL_TRUSTSTORE_LOCATION);
    String keyLocation = c.getString(AvroSerdeConfig.SSL_KEYSTORE_LOCATION);
    if (trustLocation == null && keyLocation == null) {
      return Optional.empty();
    }
    try {
      TrustManagerFactory tmf = null;
      if (trustLocation != null) {
        KeyStore trust =
            load(
                AvroSerdeConfig.SSL_TRUSTSTORE_LOCATION,
                trustLocation,
                c.getString(AvroSerdeConfig.SSL_TRUSTSTORE_TYPE),
                c.getPassword(AvroSerdeConfig.SSL_TRUSTSTORE_PASSWORD));
        tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
      }
      KeyManagerFactory kmf = null;
      if (keyLocation != null) {
        Password storePassword = c.getPassword(AvroSerdeConfig.SSL_KEYSTORE_PASSWORD);
        Password keyPassword = c.getPassword(AvroSerdeConfig.SSL_KEY_PASSWORD);
        KeyStore keys =
            load(
                AvroSerdeConfig.SSL_KEYSTORE_LOCATION,
                keyLocation,
                c.getString(AvroSerdeConfig.SSL_KEYSTORE_TYPE),
                storePassword);
        kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, chars(keyPassword != null ? keyPassword : storePassword));
      }
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(
          kmf == null ? null : kmf.getKeyManagers(),
          tmf == null ? null : tmf.getTrustManagers(),
          null);
      return Optional.of(ssl);
    } catch (GeneralSecurityException e) {
      throw new ConfigException(
          "Cannot set up TLS for the schema registry from "
              + AvroSerdeConfig.SSL_PREFIX
              + "*: "
              + e.getMessage());
    }
  }

  private static KeyStore load(String key, String location, String type, Password password)
      throws GeneralSecurityException {
    KeyStore store = KeyStore.getInstance(type);
    try (InputStream in = Files.newInputStream(Path.of(location))) {
      store.load(in, chars(password));
      return store;
    } catch (IOException e) {
      // a wrong password also surfaces as an IOException from KeyStore.load
      throw new ConfigException(key, location, "cannot read the " + type + " store: " + e);
    }
  }

  private static char[] chars(Password p) {
    return p == null ? null : p.value().toCharArray();
  }
}
