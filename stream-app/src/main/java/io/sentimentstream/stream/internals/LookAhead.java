package io.sentimentstream.stream.internals;

import io.sentimentstream.classifier.Prediction;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lets one forward pass serve several tasks. Kafka Streams gives each input partition its own task
 * and buffer, so with P partitions each buffer fills at 1/P of the traffic and the delay cuts its
 * batches short. Here every task's buffered texts also wait in one pool; a flush with room to spare
 * takes texts other tasks wait for, and their predictions are kept until those tasks flush, which
 * then needs no inference. The owning task still emits each result in its own call, so the output,
 * the buffer's changelog and the offsets commit together as before: a kept prediction is memoized
 * work, not state, and a crash loses nothing but the work.
 *
 * <p>Two stream threads may compute the same text twice (one takes it while the other flushes);
 * never emit it twice. Thread-safe; one per app.
 */
public final class LookAhead {
  private final Map<String, Integer> waiting = new LinkedHashMap<>(); // text -> buffered entries
  private final LruCache<String, Prediction> ready;
  private int waitingCount;

  /** Keeps at most {@code maxReady} computed predictions for other tasks. */
  public LookAhead(int maxReady) {
    this.ready = new LruCache<>(maxReady);
  }

  /** A task buffered an entry with this text. */
  public synchronized void add(String text) {
    waiting.merge(text, 1, Integer::sum);
    waitingCount++;
  }

  /** A task flushed (or dropped) an entry with this text. */
  public synchronized void remove(String text) {
    Integer n = waiting.get(text);
    if (n != null) {
      waitingCount--;
      if (n == 1) {
        waiting.remove(text);
      } else {
        waiting.put(text, n - 1);
      }
    }
  }

  /** Buffered entries, over all tasks, whose text nobody has computed yet. */
  public synchronized int waiting() {
    return waitingCount;
  }

  /** Takes up to {@code n} distinct waiting texts, oldest first, none of {@code exclude}. */
  synchronized List<String> take(int n, Collection<String> exclude) {
    Set<String> skip = new HashSet<>(exclude);
    List<String> out = new ArrayList<>();
    for (Iterator<Map.Entry<String, Integer>> it = waiting.entrySet().iterator();
        it.hasNext() && out.size() < n; ) {
      Map.Entry<String, Integer> e = it.next();
      if (!skip.contains(e.getKey())) {
        out.add(e.getKey());
        waitingCount -= e.getValue();
        it.remove();
      }
    }
    return out;
  }

  /** Puts texts back that were taken but not computed (their pass failed). */
  synchronized void untake(List<String> texts) {
    texts.forEach(this::add);
  }

  /** Keeps a prediction computed for another task. */
  void keep(String text, Prediction p) {
    ready.put(text, p);
  }

  /** The prediction computed for this text by another task's pass, removed; or null. */
  Prediction claim(String text) {
    return ready.remove(text);
  }

  /** True if a prediction is waiting for every one of these texts. */
  boolean allReady(List<String> texts) {
    for (String t : texts) {
      if (!ready.contains(t)) {
        return false;
      }
    }
    return true;
  }
}
