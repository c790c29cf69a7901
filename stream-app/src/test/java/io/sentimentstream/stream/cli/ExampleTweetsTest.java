package io.sentimentstream.stream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExampleTweetsTest {
  @Test
  void csvGivesTextAndNameColumnsWithMultiLineQuotedTexts(@TempDir Path dir) throws IOException {
    Path csv = dir.resolve("tweets.csv");
    Files.writeString(
        csv, "id,name,text\n1,ann,\"first line\nsecond line\"\n2,bob,\"say \"\"hi\"\"\"\n");
    List<ExampleTweets.Entry> tweets = ExampleTweets.readAny(csv);
    assertThat(tweets)
        .containsExactly(
            new ExampleTweets.Entry("ann", "first line\nsecond line"),
            new ExampleTweets.Entry("bob", "say \"hi\""));
  }

  @Test
  void csvWithoutTextColumnNamesTheColumnsPresent(@TempDir Path dir) throws IOException {
    Path csv = dir.resolve("tweets.csv");
    Files.writeString(csv, "id,body\n1,hello\n");
    assertThatThrownBy(() -> ExampleTweets.readAny(csv))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no text column 'text'")
        .hasMessageContaining("[id, body]");
  }

  @Test
  void jsonLinesAreReadForOtherExtensions(@TempDir Path dir) throws IOException {
    Path jsonl = dir.resolve("tweets.jsonl");
    Files.writeString(jsonl, "{\"user\":\"cy\",\"text\":\"hello\"}\n\n{\"text\":\"no user\"}\n");
    assertThat(ExampleTweets.readAny(jsonl))
        .containsExactly(
            new ExampleTweets.Entry("cy", "hello"), new ExampleTweets.Entry("someone", "no user"));
  }

  @Test
  void missingUserColumnGivesSomeone(@TempDir Path dir) throws IOException {
    Path csv = dir.resolve("t.csv");
    Files.writeString(csv, "text\nhello\n");
    assertThat(ExampleTweets.readAny(csv))
        .containsExactly(new ExampleTweets.Entry("someone", "hello"));
  }
}
