package io.sentimentstream.stream.cli;

import io.sentimentstream.classifier.TextCleaner;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * The GOP debate data set (Sentiment.csv) as a replay: each row's tweet with its real posting time
 * ({@code tweet_created}), oldest first, so windows over event time show the debate night as it
 * happened. Rows whose text is empty after cleaning are left out.
 */
public final class GopReplay {
  /** The GOP set's candidates, as {@code aggregate.terms} for a replay. */
  public static final String CANDIDATES =
      "trump,bush,cruz,carson,huckabee,christie,rubio,paul,walker,kasich,fiorina";

  private static final DateTimeFormatter CREATED =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z", Locale.ROOT);

  /** One row: a unique id (from the row's id), the author, the raw text and when it was posted. */
  public record Row(String id, String user, String text, Instant createdAt) {}

  private GopReplay() {}

  /**
   * Reads every usable row of {@code csv}, sorted by posting time (ties in file order).
   *
   * @throws IllegalArgumentException naming the file and line of a row whose tweet_created is not
   *     "yyyy-MM-dd HH:mm:ss Z"
   */
  public static List<Row> read(Path csv) {
    List<Row> rows = new ArrayList<>();
    try (Reader r = Files.newBufferedReader(csv)) {
      for (CSVRecord rec : CSVFormat.RFC4180.builder().setHeader().get().parse(r)) {
        String text = rec.get("text");
        if (!TextCleaner.clean(text).isEmpty()) {
          rows.add(new Row("gop-" + rec.get("id"), rec.get("name"), text, created(csv, rec)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the GOP data set " + csv, e);
    }
    rows.sort(Comparator.comparing(Row::createdAt));
    return rows;
  }

  private static Instant created(Path csv, CSVRecord rec) {
    String v = rec.get("tweet_created");
    try {
      return OffsetDateTime.parse(v, CREATED).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          csv
              + " line "
              + rec.getParser().getCurrentLineNumber()
              + ": tweet_created '"
              + v
              + "' is not yyyy-MM-dd HH:mm:ss Z",
          e);
    }
  }
}
