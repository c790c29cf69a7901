package io.sentimentstream.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ForwardPassesTest {
  private static List<List<Integer>> ranges(List<int[]> passes) {
    return passes.stream().map(p -> List.of(p[0], p[1])).toList();
  }

  @Test
  void shortTextsGoManyToAPassAndLongOnesFew() {
    int[] lengths = new int[40];
    for (int i = 0; i < lengths.length; i++) {
      lengths[i] = i < 30 ? 10 : 50; // 30 texts of 10 tokens, then 10 of 50
    }
    // budget 200: 20 short texts (20 x 10), then 10 short, then 4 long (4 x 50) at a time
    assertThat(ranges(ForwardPasses.cut(lengths, 64, 200)))
        .containsExactly(
            List.of(0, 20), List.of(20, 30), List.of(30, 34), List.of(34, 38), List.of(38, 40));
  }

  @Test
  void theRowCapEndsAPassBeforeTheBudgetDoes() {
    int[] lengths = IntStream.range(0, 10).map(i -> 3).toArray();
    assertThat(ranges(ForwardPasses.cut(lengths, 4, 1000)))
        .containsExactly(List.of(0, 4), List.of(4, 8), List.of(8, 10));
  }

  @Test
  void aPassIsSizedByItsLongestTextNotByTheSumOfLengths() {
    // 2+2+2+9: the sum is 15 but the padded tensor is 4 x 9 = 36 > 30, so the 9 starts a new pass
    assertThat(ranges(ForwardPasses.cut(new int[] {2, 2, 2, 9}, 64, 30)))
        .containsExactly(List.of(0, 3), List.of(3, 4));
  }

  @Test
  void aTextOverTheBudgetStillGetsAPassOfItsOwn() {
    assertThat(ranges(ForwardPasses.cut(new int[] {5, 500, 600}, 64, 100)))
        .containsExactly(List.of(0, 1), List.of(1, 2), List.of(2, 3));
  }

  @Test
  void everyTextIsInExactlyOnePassInOrder() {
    int[] lengths = IntStream.range(0, 1000).map(i -> 3 + i / 20).toArray();
    List<int[]> passes = ForwardPasses.cut(lengths, 32, 512);
    int next = 0;
    for (int[] p : passes) {
      assertThat(p[0]).isEqualTo(next);
      assertThat(p[1]).isGreaterThan(p[0]);
      assertThat(p[1] - p[0]).isLessThanOrEqualTo(32);
      assertThat((p[1] - p[0]) * lengths[p[1] - 1]).isLessThanOrEqualTo(512);
      next = p[1];
    }
    assertThat(next).isEqualTo(lengths.length);
    assertThat(ForwardPasses.cut(new int[0], 32, 512)).isEmpty();
  }

  @Test
  void badArgumentsAreNamed() {
    assertThatThrownBy(() -> ForwardPasses.cut(new int[] {1}, 0, 10))
        .hasMessageContaining("batch size must be >= 1, got 0");
    assertThatThrownBy(() -> ForwardPasses.cut(new int[] {1}, 4, 0))
        .hasMessageContaining("token budget must be >= 1, got 0");
    assertThatThrownBy(() -> ForwardPasses.cut(new int[] {4, 2}, 4, 10))
        .hasMessageContaining("sorted ascending, at index 1");
  }

  @Test
  void aPlanSortsTextsByTokenCountAndNamesThemByTheirIndexInTheInput() {
    TokenizedTexts t =
        new TokenizedTexts(
            List.of("long", "short", "mid", "short too"),
            new long[][] {new long[9], new long[2], new long[5], new long[2]},
            new boolean[4],
            9);
    assertThat(ForwardPasses.plan(t, 64, 15)) // 3 x 5 = 15 fits, 4 x 9 does not
        .containsExactly(new int[] {1, 3, 2}, new int[] {0});
  }
}
