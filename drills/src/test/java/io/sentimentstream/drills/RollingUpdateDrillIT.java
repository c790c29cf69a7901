package io.sentimentstream.drills;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Runs the rolling-update drill. In CI the short form (static membership only, a low fixed rate,
 * short windows); the full drill, static and dynamic at half the measured capacity:
 *
 * <pre>
 * mvn -B -ntp -pl drills -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
 *   -Dit.test=RollingUpdateDrillIT -Ddrill.args="--modes static,dynamic"
 * </pre>
 */
@Tag("integration")
class RollingUpdateDrillIT {
  private static final String SHORT =
      "--modes static --instances 3 --partitions 6 --rate 6 --steady-seconds 10 --after-seconds 10";

  @Test
  void everyIdComesOutExactlyOnceAndOnTheNewModelAfterARollingUpdate() throws Exception {
    String args = System.getProperty("drill.args", SHORT);
    RollingUpdateDrill drill = RollingUpdateDrill.parse(args.trim().split("\\s+"));
    List<DrillRun.Result> results = drill.run();
    System.out.println(DrillRun.table(results));
    if (drill.scale != null) {
      System.out.println(ScaleRun.table(drill.scale));
      assertThat(drill.scale.missing()).as("scale: ids missing").isZero();
      assertThat(drill.scale.duplicated()).as("scale: ids twice").isZero();
    }
    assertThat(results.size() + (drill.scale == null ? 0 : 1)).isPositive();
    for (DrillRun.Result r : results) {
      assertThat(r.m().missing()).as(r.mode() + " ids missing from the output").isZero();
      assertThat(r.m().duplicated()).as(r.mode() + " ids in the output twice").isZero();
      assertThat(r.m().afterRoll()).as(r.mode() + " results after the roll").isPositive();
      assertThat(r.m().afterRollOnNewVersion())
          .as(r.mode() + " results after the roll on model v2")
          .isEqualTo(r.m().afterRoll());
      assertThat(r.pods()).as(r.mode() + " pods rolled").isNotEmpty();
    }
  }
}
