package io.sentimentstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sentimentstream.classifier.Label;
import io.sentimentstream.trainer.data.LabelMapping;
import io.sentimentstream.trainer.data.LabeledData;
import io.sentimentstream.trainer.data.LabeledDataReader;
import io.sentimentstream.trainer.data.LabeledExample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabeledDataReaderTest {
  @TempDir Path dir;

  @Test
  void readsMultiLineCsvCleansTextsAndSkipsUnknownLabelsAndEmptyTexts() throws Exception {
    Path csv = dir.resolve("d.csv");
    Files.writeString(
        csv,
        """
        id,text,sentiment,sentiment_confidence
        1,"RT @bob: Great
        debate http://t.co/x",Positive,0.8
        2,Terrible night,negative,1.0
        3,meh,Mixed,0.5
        4,@only http://t.co/y,Neutral,1
        5,fine,2,oops
        """);
    LabeledData d =
        LabeledDataReader.readCsv(
            csv, LabeledDataReader.Columns.defaults(), LabelMapping.defaults(), 0);
    assertThat(d.examples())
        .containsExactly(
            new LabeledExample("rt : great debate", Label.POSITIVE, 0.8),
            new LabeledExample("terrible night", Label.NEGATIVE, 1.0),
            new LabeledExample("fine", Label.POSITIVE, 1.0));
    assertThat(d.rowsRead()).isEqualTo(5);
    assertThat(d.unknownLabels()).isEqualTo(1);
    assertThat(d.emptyTexts()).isEqualTo(1);
    assertThat(d.badConfidence()).isEqualTo(1);
  }

  @Test
  void missingColumnIsAnErrorNamingColumnAndFile() throws Exception {
    Path csv = dir.resolve("d.csv");
    Files.writeString(csv, "tweet,label\nhello,positive\n");
    assertThatThrownBy(
            () ->
                LabeledDataReader.readCsv(
                    csv, LabeledDataReader.Columns.defaults(), LabelMapping.defaults(), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("text column 'text'")
        .hasMessageContaining("d.csv")
        .hasMessageContaining("[tweet, label]");
  }

  @Test
  void customColumnsAndLabelMapAndMaxRows() throws Exception {
    Path csv = dir.resolve("d.csv");
    Files.writeString(csv, "tweet,y\ngood,1\nbad,-1\nok,0\n");
    LabeledData d =
        LabeledDataReader.readCsv(
            csv,
            new LabeledDataReader.Columns("tweet", "y", null),
            LabelMapping.parse("-1=negative,0=neutral,1=positive"),
            2);
    assertThat(d.examples())
        .extracting(LabeledExample::label)
        .containsExactly(Label.POSITIVE, Label.NEGATIVE);
  }

  @Test
  void parallelFilesMustHaveTheSameLength() throws Exception {
    Path t = dir.resolve("t.txt");
    Path l = dir.resolve("l.txt");
    Files.write(t, List.of("a", "b"));
    Files.write(l, List.of("neg"));
    assertThatThrownBy(() -> LabeledDataReader.readParallel(t, l, LabelMapping.defaults()))
        .hasMessageContaining("has 2 lines but label file")
        .hasMessageContaining("has 1");
  }

  @Test
  void labelMapEntryWithoutEqualsIsRejected() {
    assertThatThrownBy(() -> LabelMapping.parse("1positive")).hasMessageContaining("'1positive'");
    assertThatThrownBy(() -> LabelMapping.parse("1=great")).hasMessageContaining("great");
  }
}
