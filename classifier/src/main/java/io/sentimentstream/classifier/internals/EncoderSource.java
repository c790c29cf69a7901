package io.sentimentstream.classifier.internals;

import io.sentimentstream.classifier.Pooling;

/**
 * Everything needed to build an encoder, independent of where it came from.
 *
 * @param name the encoder's name (part of its identity)
 * @param weights canonical BERT weights
 * @param defaultPooling pooling when the options name none
 * @param textPrefix prepended to each text before tokenizing ("" for none)
 * @param tokenizerJson the Hugging Face tokenizer.json bytes
 */
public record EncoderSource(
    String name,
    BertWeights weights,
    Pooling defaultPooling,
    String textPrefix,
    byte[] tokenizerJson) {}
