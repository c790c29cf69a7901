package io.sentimentstream.stream.aggregate;

import io.sentimentstream.avro.SentimentResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The last few results this instance's aggregate tasks read, newest first, for the dashboard's
 * scrolling list. In memory only: it is a view, not state.
 */
public final class LatestResults {
  private final int capacity;
  private final ArrayDeque<SentimentResult> results;

  /** Keeps at most {@code capacity} results. */
  public LatestResults(int capacity) {
    this.capacity = capacity;
    this.results = new ArrayDeque<>(capacity);
  }

  /** Adds the newest result. */
  public synchronized void add(SentimentResult r) {
    if (results.size() == capacity) {
      results.removeLast();
    }
    results.addFirst(r);
  }

  /** Up to {@code n} results, newest first. */
  public synchronized List<SentimentResult> newest(int n) {
    List<SentimentResult> out = new ArrayList<>(Math.min(n, results.size()));
    Iterator<SentimentResult> it = results.iterator();
    while (it.hasNext() && out.size() < n) {
      out.add(it.next());
    }
    return out;
  }
}
