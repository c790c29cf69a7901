package io.sentimentstream.serde.internals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.sentimentstream.serde.AvroSerdeConfig;
import io.sentimentstream.serde.SchemaRegistryException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS pass-through: the client trusts the registry's certificate only through the configured trust
 * store, and presents the configured key store's certificate for mutual TLS. Stores are made with
 * the JDK's keytool; the server is the JDK's HttpsServer requiring a client certificate.
 */
class RestSchemaRegistryClientTlsTest {
  private static final String PASS = "changeit";
  @TempDir static Path dir;
  private static HttpsServer server;
  private static final List<String> clients = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startServer() throws Exception {
    keytool(
        "-genkeypair",
        "-alias",
        "registry",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=registry",
        "-ext",
        "san=ip:127.0.0.1",
        "-validity",
        "2",
        "-storetype",
        "PKCS12",
        "-keystore",
        "server.p12",
        "-storepass",
        PASS);
    keytool(
        "-genkeypair",
        "-alias",
        "client",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=sentiment-client",
        "-validity",
        "2",
        "-storetype",
        "PKCS12",
        "-keystore",
        "client.p12",
        "-storepass",
        PASS);
    keytool(
        "-exportcert",
        "-alias",
        "registry",
        "-keystore",
        "server.p12",
        "-storepass",
        PASS,
        "-file",
        "server.crt");
    keytool(
        "-exportcert",
        "-alias",
        "client",
        "-keystore",
        "client.p12",
        "-storepass",
        PASS,
        "-file",
        "client.crt");
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "registry",
        "-file",
        "server.crt",
        "-storetype",
        "PKCS12",
        "-keystore",
        "client-trust.p12",
        "-storepass",
        PASS);
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "client",
        "-file",
        "client.crt",
        "-storetype",
        "PKCS12",
        "-keystore",
        "server-trust.p12",
        "-storepass",
        PASS);

    SSLContext ssl = SSLContext.getInstance("TLS");
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(load("server.p12"), PASS.toCharArray());
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(load("server-trust.p12"));
    ssl.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(
        new HttpsConfigurator(ssl) {
          @Override
          public void configure(HttpsParameters params) {
            SSLParameters p = ssl.getDefaultSSLParameters();
            p.setNeedClientAuth(true);
            params.setSSLParameters(p);
          }
        });
    server.createContext(
        "/",
        ex -> {
          clients.add(((HttpsExchange) ex).getSSLSession().getPeerPrincipal().getName());
          byte[] body = "{\"schema\":\"\\\"string\\\"\"}".getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    server.start();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.stop(0);
    }
  }

  private static Map<String, Object> config(boolean withTrust) {
    Map<String, Object> cfg = new HashMap<>();
    cfg.put(
        AvroSerdeConfig.SCHEMA_REGISTRY_URL, "https://127.0.0.1:" + server.getAddress().getPort());
    cfg.put(AvroSerdeConfig.SSL_KEYSTORE_LOCATION, dir.resolve("client.p12").toString());
    cfg.put(AvroSerdeConfig.SSL_KEYSTORE_PASSWORD, PASS);
    if (withTrust) {
      cfg.put(AvroSerdeConfig.SSL_TRUSTSTORE_LOCATION, dir.resolve("client-trust.p12").toString());
      cfg.put(AvroSerdeConfig.SSL_TRUSTSTORE_PASSWORD, PASS);
    }
    return cfg;
  }

  @Test
  void talksMutualTlsWithTheConfiguredStores() {
    var client = new RestSchemaRegistryClient(new AvroSerdeConfig(config(true)));

    assertThat(client.schemaById(1).getType()).hasToString("STRING");
    assertThat(clients).contains("CN=sentiment-client");
  }

  @Test
  void anUntrustedCertificateFailsAtOnceNamingTheTlsSettings() {
    var client = new RestSchemaRegistryClient(new AvroSerdeConfig(config(false)));

    assertThatThrownBy(() -> client.schemaById(1))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageStartingWith("TLS handshake with the schema registry at https://127.0.0.1:")
        .hasMessageContaining("check schema.registry.ssl.*");
  }

  @Test
  void aWrongTrustStorePasswordNamesTheKey() {
    Map<String, Object> cfg = config(true);
    cfg.put(AvroSerdeConfig.SSL_TRUSTSTORE_PASSWORD, "wrong");
    assertThatThrownBy(() -> new RestSchemaRegistryClient(new AvroSerdeConfig(cfg)))
        .hasMessageContaining(AvroSerdeConfig.SSL_TRUSTSTORE_LOCATION)
        .hasMessageNotContaining("wrong");
  }

  private static KeyStore load(String file) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(dir.resolve(file))) {
      ks.load(in, PASS.toCharArray());
    }
    return ks;
  }

  private static void keytool(String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("keytool " + args[0] + " failed: " + out);
    }
  }
}
