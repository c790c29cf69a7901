package io.sentimentstream.drills;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The short form of every reliability drill, on a local stack of its own, as {@code mvn verify}
 * runs it; {@code -Ddrills.args="..."} runs other options (the full form: {@code
 * -Ddrills.args=--drills=crash}, or the command {@code exec:exec@drills}).
 */
@Tag("integration")
class ReliabilityDrillsIT {
  @Test
  void everyDrillPassesWithEveryIdExactlyOnce() throws Exception {
    String args = System.getProperty("drills.args", "--short");
    ReliabilityDrills drills =
        ReliabilityDrills.parse(("--dir target/drills-it " + args).trim().split("\\s+"));
    DrillReport report = drills.run();
    System.out.println(report.markdown());
    assertThat(report.rows())
        .hasSize(drills.drills == null ? ReliabilityDrills.ALL.size() : drills.drills.size());
    assertThat(report.rows())
        .allSatisfy(r -> assertThat(r.pass()).as(r.drill() + ": " + r.measured()).isTrue());
  }
}
