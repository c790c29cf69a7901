package io.sentimentstream.stream.internals;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded least-recently-used map, synchronized (stream threads share one model). Built on {@link
 * LinkedHashMap}'s access order; capacity 0 stores nothing.
 */
public final class LruCache<K, V> {
  private final int capacity;
  private final LinkedHashMap<K, V> map;

  /** A cache holding at most {@code capacity} entries. */
  public LruCache(int capacity) {
    this.capacity = capacity;
    this.map =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            return size() > LruCache.this.capacity;
          }
        };
  }

  /** The value, or null; a hit makes the entry most recently used. */
  public synchronized V get(K key) {
    return map.get(key);
  }

  /** Stores a value, evicting the least recently used entry when full. */
  public synchronized void put(K key, V value) {
    if (capacity > 0) {
      map.put(key, value);
    }
  }

  /** Removes and returns the value, or null. */
  public synchronized V remove(K key) {
    return map.remove(key);
  }

  /** True if the key is present (does not change the order). */
  public synchronized boolean contains(K key) {
    return map.containsKey(key);
  }

  /** Removes everything. */
  public synchronized void clear() {
    map.clear();
  }

  /** Number of entries. */
  public synchronized int size() {
    return map.size();
  }
}
