package io.sentimentstream.serde;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AvroLimitsTest {
  @Test
  void setsEachLimitUnlessGivenAlready() {
    String given = "org.apache.avro.limits.bytes.maxLength";
    String previous = System.getProperty(given);
    System.setProperty(given, "1234");
    try {
      AvroLimits.apply();
      assertThat(System.getProperty(given)).isEqualTo("1234");
      assertThat(System.getProperty("org.apache.avro.limits.string.maxLength"))
          .isEqualTo(Long.toString(AvroLimits.MAX_BYTES));
      assertThat(System.getProperty("org.apache.avro.limits.collectionItems.maxLength"))
          .isEqualTo(Long.toString(AvroLimits.MAX_ITEMS));
    } finally {
      if (previous == null) {
        System.clearProperty(given);
      } else {
        System.setProperty(given, previous);
      }
    }
  }
}
