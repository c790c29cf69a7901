package io.sentimentstream.trainer.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The labelled rows of one input file, under the name its metrics are reported by.
 *
 * @param name the set's name (unique within a run)
 * @param source the file it was read from
 * @param data its rows (duplicates kept) and skip counts
 */
public record LabeledSet(String name, Path source, LabeledData data) {
  public LabeledSet {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(data, "data");
  }
}
