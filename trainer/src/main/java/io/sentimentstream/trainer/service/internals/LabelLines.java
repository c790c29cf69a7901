package io.sentimentstream.trainer.service.internals;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sentimentstream.classifier.Label;
import io.sentimentstream.trainer.data.LabeledExample;

/** The label store's line format (one JSON object a label) and the UTF-8 sizes it bounds. */
final class LabelLines {
  private static final ObjectMapper JSON = new ObjectMapper();

  private LabelLines() {}

  /** Reads one line; throws on anything that is not a whole, valid label. */
  static LabeledExample parse(String line) throws JsonProcessingException {
    JsonNode n = JSON.readTree(line);
    return new LabeledExample(
        n.get("text").asText(),
        Label.parse(n.get("label").asText()),
        n.get("confidence").asDouble());
  }

  static String json(LabeledExample e) {
    ObjectNode n = JSON.createObjectNode();
    n.put("text", e.cleanText()).put("label", e.label().name()).put("confidence", e.confidence());
    try {
      return JSON.writeValueAsString(n);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("cannot write a label as JSON", ex);
    }
  }

  /** UTF-8 length of {@code s} without encoding it (an unpaired surrogate counts 3). */
  static int utf8Length(CharSequence s) {
    int bytes = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes++;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
