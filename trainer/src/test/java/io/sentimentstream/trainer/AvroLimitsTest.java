package io.sentimentstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.apache.avro.SystemLimitException;
import org.junit.jupiter.api.Test;

class AvroLimitsTest {
  @Test
  void theTrainerSetsAvrosDecoderLimitsButKeepsOnesGivenOnTheCommandLine() {
    Properties p = new Properties();
    p.setProperty(SystemLimitException.MAX_STRING_LENGTH_PROPERTY, "1234");
    TrainerCli.setAvroLimits(p);
    assertThat(p.getProperty(SystemLimitException.MAX_STRING_LENGTH_PROPERTY)).isEqualTo("1234");
    assertThat(p.getProperty(SystemLimitException.MAX_BYTES_LENGTH_PROPERTY))
        .isEqualTo(Integer.toString(64 << 20));
    assertThat(p.getProperty(SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY))
        .isEqualTo("1000000");
    // each value parses the way Avro parses it (an unparsable one is ignored with a warning)
    TrainerCli.AVRO_LIMITS
        .values()
        .forEach(v -> assertThat(Integer.parseUnsignedInt(v)).isPositive());
  }
}
