package io.sentimentstream.avro;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;

/**
 * The aggregates topic's contract stays evolution-safe: documented fields, defaults to fall back
 * on.
 */
class SentimentAggregateSchemaTest {
  private static final Schema SCHEMA = SentimentAggregate.getClassSchema();
  private static final Set<String> IDENTITY = Set.of("key", "windowStart", "windowEnd");

  @Test
  void everyFieldIsDocumentedAndAllButTheIdentityHaveDefaults() {
    for (Schema.Field f : SCHEMA.getFields()) {
      assertThat(f.doc()).as("doc of %s", f.name()).isNotBlank();
      assertThat(f.hasDefaultValue() || IDENTITY.contains(f.name()))
          .as("default of %s", f.name())
          .isTrue();
    }
  }

  @Test
  void aReaderOfOnlyTheIdentityFieldsAndTheCountsReadsTodaysRecords() {
    Schema older =
        SchemaBuilder.record("SentimentAggregate")
            .namespace("io.sentimentstream.avro")
            .fields()
            .requiredString("key")
            .name("windowStart")
            .type(SCHEMA.getField("windowStart").schema())
            .noDefault()
            .name("windowEnd")
            .type(SCHEMA.getField("windowEnd").schema())
            .noDefault()
            .requiredLong("tweets")
            .endRecord();
    for (List<Schema> pair : List.of(List.of(older, SCHEMA), List.of(SCHEMA, older))) {
      assertThat(
              SchemaCompatibility.checkReaderWriterCompatibility(pair.get(0), pair.get(1))
                  .getType())
          .as(
              "reader %s, writer %s",
              pair.get(0).getFields().size(), pair.get(1).getFields().size())
          .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }
  }
}
