package io.sentimentstream.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TextCleanerTest {
  @Test
  void cleansTheTutorialsExampleTweets() {
    assertThat(
            TextCleaner.clean(
                "RT @NancyLeeGrahn: How did everyone feel about the Climate Change question last"
                    + " night? Exactly. #GOPDebate"))
        .isEqualTo(
            "rt : how did everyone feel about the climate change question last night? exactly."
                + " #gopdebate");
    assertThat(
            TextCleaner.clean(
                "RT @ScottWalker: Didn't catch the full #GOPdebate last night. Here are some of"
                    + " Scott's best lines in 90 seconds. #Walker16 http://t.co/ZSfF…"))
        .isEqualTo(
            "rt : didn't catch the full #gopdebate last night. here are some of scott's best"
                + " lines in 90 seconds. #walker16");
  }

  @Test
  void mentionStopsAtUnderscoreAsInTheTutorialRegex() {
    assertThat(
            TextCleaner.clean(
                "RT @GregAbbott_TX: @TedCruz: \"On my first day\" #GOPDebate @FoxNews"))
        .isEqualTo("rt _tx: : \"on my first day\" #gopdebate");
  }

  @Test
  void collapsesNewlinesAndRunsOfSpaces() {
    assertThat(TextCleaner.clean("Status 👉 Single \n\nI broke   up\twith @FoxNews"))
        .isEqualTo("status 👉 single i broke up with");
  }

  @Test
  void textOfOnlyMentionsLinksAndWhitespaceBecomesEmpty() {
    assertThat(TextCleaner.clean("@a @b https://t.co/x \n ")).isEmpty();
    assertThat(TextCleaner.clean("   \t\n ")).isEmpty();
    assertThat(TextCleaner.clean("")).isEmpty();
  }

  @Test
  void keepsNonBmpCharacters() {
    assertThat(TextCleaner.clean("US\uDB79\uDE66 WOW 😀")).isEqualTo("us\uDB79\uDE66 wow 😀");
  }

  @Test
  void lowerCasesIndependentlyOfTheDefaultLocale() {
    assertThat(TextCleaner.clean("TITLE")).isEqualTo("title"); // Turkish locale would give "tıtle"
  }

  @Test
  void rejectsNullNamingTheInput() {
    assertThatThrownBy(() -> TextCleaner.clean(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("text to clean is null");
  }
}
