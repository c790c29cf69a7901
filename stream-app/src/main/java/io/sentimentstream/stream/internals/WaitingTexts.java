package io.sentimentstream.stream.internals;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The texts every task of the app has buffered and nobody has computed yet (text -> entries),
 * oldest first: the pool a flush with room tops its pass up from (see {@link BatchFormer}).
 * Thread-safe; one per app.
 */
final class WaitingTexts {
  private final Map<String, Integer> waiting = new LinkedHashMap<>(); // text -> buffered entries
  private int waitingCount;

  /** A task buffered an entry with this text. */
  synchronized void add(String text) {
    waiting.merge(text, 1, Integer::sum);
    waitingCount++;
  }

  /** A task flushed (or dropped) an entry with this text. */
  synchronized void remove(String text) {
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
  synchronized int waiting() {
    return waitingCount;
  }

  /** Takes up to {@code n} distinct waiting texts, oldest first, none that {@code skip} accepts. */
  synchronized List<String> take(int n, Predicate<String> skip) {
    List<String> out = new ArrayList<>();
    for (Iterator<Map.Entry<String, Integer>> it = waiting.entrySet().iterator();
        it.hasNext() && out.size() < n; ) {
      Map.Entry<String, Integer> e = it.next();
      if (!skip.test(e.getKey())) {
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
}
