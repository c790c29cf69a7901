package io.sentimentstream.stream.internals;

import io.sentimentstream.classifier.Prediction;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one text cache: cleaned text -> the prediction a pass made for it, least recently used out.
 * It holds two kinds of entries in one LRU: predictions kept for reuse (identical texts, retweets:
 * at most {@code cache.max.entries}, 0 = none) and predictions a pass made for texts that other
 * tasks have buffered ("kept" for them, see {@link BatchFormer}), which are found by their owner
 * even when reuse is off, and then dropped. A prediction made by another model version than the one
 * now serving is never returned. Thread-safe; one per app.
 */
final class TextCache {
  /** A cached prediction; {@code kept} if it was made for a task that had the text buffered. */
  record Hit(Prediction prediction, boolean kept) {}

  private record Entry(Prediction prediction, boolean kept) {}

  private final int maxEntries;
  private final LinkedHashMap<String, Entry> map;

  /**
   * @param maxEntries predictions kept for reuse (0 = no reuse)
   * @param maxKept room beyond it for predictions made for other tasks' buffered texts
   */
  TextCache(int maxEntries, int maxKept) {
    this.maxEntries = maxEntries;
    long capacity = (long) maxEntries + maxKept;
    this.map =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > capacity;
          }
        };
  }

  /** The prediction for {@code text} made by model {@code version}, or null. */
  synchronized Hit get(String text, long version) {
    Entry e = map.get(text);
    if (e == null) {
      return null;
    }
    if (e.prediction().modelVersion() != version) {
      map.remove(text); // made by a head no longer serving
      return null;
    }
    if (e.kept()) { // claimed by its owner: from now on an ordinary entry, if reuse is on
      if (maxEntries > 0) {
        map.put(text, new Entry(e.prediction(), false));
      } else {
        map.remove(text);
      }
    }
    return new Hit(e.prediction(), e.kept());
  }

  /** Whether a prediction by model {@code version} is cached for {@code text} (order unchanged). */
  synchronized boolean has(String text, long version) {
    Entry e = map.get(text);
    return e != null && e.prediction().modelVersion() == version;
  }

  /** True if a pass made, for another task, a prediction for each of these texts. */
  synchronized boolean allKept(List<String> texts, long version) {
    for (String t : texts) {
      Entry e = map.get(t);
      if (e == null || !e.kept() || e.prediction().modelVersion() != version) {
        return false;
      }
    }
    return true;
  }

  /** Keeps a prediction for reuse (nothing when reuse is off). */
  synchronized void put(String text, Prediction p) {
    if (maxEntries > 0) {
      map.put(text, new Entry(p, false));
    }
  }

  /** Keeps a prediction made for a text another task has buffered. */
  synchronized void keep(String text, Prediction p) {
    map.put(text, new Entry(p, true));
  }
}
