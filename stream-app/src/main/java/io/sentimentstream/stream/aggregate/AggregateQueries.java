package io.sentimentstream.stream.aggregate;

import io.sentimentstream.stream.aggregate.internals.AggregatePartitioner;
import io.sentimentstream.stream.aggregate.internals.HashtagIndex;
import io.sentimentstream.stream.aggregate.internals.WindowAggregate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Interactive queries on the aggregate stores. A key's windows live on one instance (the active
 * task of the key's partition); Kafka Streams' metadata ({@code application.server} of every
 * instance) names it, and a query for a key held elsewhere is fetched from that instance over HTTP
 * with {@code local=true}, so any instance answers any key.
 */
public final class AggregateQueries {
  private static final AggregatePartitioner<Object> PARTITIONER = new AggregatePartitioner<>();

  private final KafkaStreams streams;
  private final AggregateSettings settings;
  private final HostInfo self;
  private final QueryForwarder forwarder = new QueryForwarder();

  /**
   * @param self this instance's {@code application.server}, or {@link HostInfo#unavailable()} when
   *     unset (one instance: every key is local)
   */
  public AggregateQueries(KafkaStreams streams, AggregateSettings settings, HostInfo self) {
    this.streams = streams;
    this.settings = settings;
    this.self = self;
  }

  /** The windows of {@code key} whose start lies in [from, to] (ms), oldest first. */
  public QueryAnswer windows(String key, long from, long to, boolean localOnly, String query) {
    return route(
        key,
        localOnly,
        "/aggregates?" + query,
        p -> {
          ReadOnlyWindowStore<String, WindowAggregate> st = windowStore(p);
          List<Object> out = new ArrayList<>();
          try (WindowStoreIterator<WindowAggregate> it =
              st.fetch(key, Instant.ofEpochMilli(from), Instant.ofEpochMilli(to))) {
            while (it.hasNext()) {
              KeyValue<Long, WindowAggregate> kv = it.next();
              out.add(AggregateJson.of(kv.value.toAvro(key, kv.key, settings.windowMs())));
            }
          }
          Map<String, Object> m = head();
          m.put("key", key);
          m.put("windows", out);
          return new QueryAnswer(200, m);
        });
  }

  /** The top-K hashtags of the window at {@code start}, or of the latest one if null. */
  public QueryAnswer hashtags(Long start, boolean localOnly, String query) {
    return route(
        AggregatePartitioner.HASHTAGS,
        localOnly,
        "/aggregates/hashtags?" + query,
        p -> {
          ReadOnlyKeyValueStore<Long, HashtagIndex> idx =
              streams.store(
                  StoreQueryParameters.fromNameAndType(
                          AggregateTopology.INDEX_STORE,
                          QueryableStoreTypes.<Long, HashtagIndex>keyValueStore())
                      .withPartition(p));
          Long w = start != null ? start : latest(idx);
          HashtagIndex i = w == null ? null : idx.get(w);
          List<Object> tags = new ArrayList<>();
          if (i != null) {
            ReadOnlyWindowStore<String, WindowAggregate> st = windowStore(p);
            for (String tag : i.top(settings.topK())) {
              WindowAggregate a = st.fetch(tag, w);
              if (a != null) {
                Map<String, Object> j = AggregateJson.of(a.toAvro(tag, w, settings.windowMs()));
                j.put("estimate", i.estimate(tag));
                tags.add(j);
              }
            }
          }
          Map<String, Object> m = head();
          m.put("windowStart", w);
          m.put("windowEnd", w == null ? null : w + settings.windowMs());
          m.put("tracked", i == null ? 0 : i.size());
          m.put("hashtags", tags);
          return new QueryAnswer(200, m);
        });
  }

  private Map<String, Object> head() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("windowMs", settings.windowMs());
    m.put(
        "servedBy",
        self.equals(HostInfo.unavailable()) ? "local" : self.host() + ":" + self.port());
    return m;
  }

  private static Long latest(ReadOnlyKeyValueStore<Long, HashtagIndex> idx) {
    try (KeyValueIterator<Long, HashtagIndex> it = idx.reverseAll()) {
      return it.hasNext() ? it.next().key : null;
    }
  }

  private ReadOnlyWindowStore<String, WindowAggregate> windowStore(Integer partition) {
    return streams.store(
        StoreQueryParameters.fromNameAndType(
                AggregateTopology.WINDOW_STORE,
                QueryableStoreTypes.<String, WindowAggregate>windowStore())
            .withPartition(partition));
  }

  /**
   * Answers from the instance that holds {@code key}: here, or fetched from its owner. Without
   * {@code application.server} Kafka Streams keeps no key metadata: this instance then answers from
   * all its local stores (right for one instance, which holds every key).
   */
  private QueryAnswer route(
      String key, boolean localOnly, String path, Function<Integer, QueryAnswer> local) {
    if (self.equals(HostInfo.unavailable())) {
      return answerLocally(key, null, local);
    }
    KeyQueryMetadata md =
        streams.queryMetadataForKey(AggregateTopology.WINDOW_STORE, key, PARTITIONER);
    if (md == null || KeyQueryMetadata.NOT_AVAILABLE.equals(md)) {
      return QueryAnswer.error(
          503, "no instance holds " + key + " yet (streams " + streams.state() + ")");
    }
    if (!localOnly && !md.activeHost().equals(self)) {
      return forwarder.forward(md.activeHost(), path + "&local=true");
    }
    return answerLocally(key, md.partition(), local);
  }

  private static QueryAnswer answerLocally(
      String key, Integer partition, Function<Integer, QueryAnswer> local) {
    try {
      return local.apply(partition);
    } catch (InvalidStateStoreException e) {
      return QueryAnswer.error(
          503, "the store of " + key + " is not queryable here now: " + e.getMessage());
    }
  }
}
