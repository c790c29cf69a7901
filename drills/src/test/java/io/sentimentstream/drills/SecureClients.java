package io.sentimentstream.drills;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sentimentstream.modelupdates.signing.Ed25519Keys;
import io.sentimentstream.stream.StreamAppMain;
import io.sentimentstream.stream.testing.ItSupport;
import io.sentimentstream.stream.testing.ItSupport.RawTweet;
import io.sentimentstream.trainer.TrainerCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The replayer and the trainer of the TLS + SASL drill, as a user runs them: their command lines in
 * child JVMs, configured by a properties file that is the drill's topics and keys over the client
 * keys given ({@code LocalStack.secure().clientConfig()}, or a wrong variant of it).
 *
 * @param dir where the properties files and logs go
 * @param tweets the input topic
 * @param labeled the trainer's labelled topic
 * @param models the model topic
 * @param keys the trainer's signing key pair (the app trusts its public half)
 */
record SecureClients(Path dir, String tweets, String labeled, String models, KeyPair keys) {
  /** {@code replay --config <client keys + topic.tweets> args...}, run to its end. */
  ChildJvm.Result replay(String name, Map<String, String> client, Duration timeout, String... args)
      throws IOException, InterruptedException {
    Map<String, String> m = new LinkedHashMap<>(client);
    m.put("topic.tweets", tweets);
    List<String> all = new ArrayList<>(List.of("replay", "--config", props(name, m)));
    all.addAll(List.of(args));
    return ChildJvm.run(
        dir.resolve(name + ".log"), timeout, StreamAppMain.class, all.toArray(String[]::new));
  }

  /** The trainer's {@code feed-labels} of the first {@code rows} GOP rows, run to its end. */
  ChildJvm.Result feedLabels(String name, Map<String, String> client, int rows, Duration timeout)
      throws IOException, InterruptedException {
    return ChildJvm.run(
        dir.resolve(name + ".log"),
        timeout,
        TrainerCli.class,
        "feed-labels",
        "--config",
        props(name, trainer(client)),
        "--data",
        ItSupport.gopCsv().toString(),
        "--max-rows",
        String.valueOf(rows));
  }

  /** The trainer's {@code serve}, started (stop it with {@link Process#destroy()}). */
  Process serve(Map<String, String> client) throws IOException {
    return ChildJvm.start(
        dir.resolve("trainer.log"),
        TrainerCli.class,
        List.of("serve", "--config", props("trainer", trainer(client))));
  }

  /** Writes {@code tweets} as the replayer's JSON lines ({"user", "text"}) and returns the file. */
  Path jsonLines(List<RawTweet> rows) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<String> lines = new ArrayList<>();
    for (RawTweet t : rows) {
      lines.add(json.writeValueAsString(Map.of("user", "drill", "text", t.text())));
    }
    return Files.write(dir.resolve("tweets.jsonl"), lines);
  }

  /** One retraining, by the interval, once 50 labels are in; signed with {@link #keys}. */
  private Map<String, String> trainer(Map<String, String> client) {
    Map<String, String> m = new LinkedHashMap<>(client);
    m.put("topic.labeled", labeled);
    m.put("topic.models", models);
    m.put("group.id", "drill-tls-trainer");
    m.put("state.dir", dir.resolve("trainer-state").toString());
    m.put("model.encoder", ItSupport.encoderId().name());
    m.put("model.signing.key", Ed25519Keys.toBase64(keys.getPrivate()));
    m.put("model.public.key", Ed25519Keys.toBase64(keys.getPublic()));
    m.put("retrain.every.labels", "100000");
    m.put("retrain.interval.ms", "3000");
    m.put("retrain.min.labels", "50");
    m.put("train.max.epochs", "30");
    m.put("ops.http.port", "0");
    return m;
  }

  private String props(String name, Map<String, String> config) throws IOException {
    return ChildJvm.properties(dir.resolve(name + ".properties"), config).toString();
  }
}
