#!/usr/bin/env bash
# Fine-tunes the default model: e5-small-v2 + low-rank adapters + MLP head on the four labelled
# sets beside the checkout (../shared/data), with the frozen-encoder head of the same run as the
# card's baseline. Run from the repository root after `mvn -B -q install -DskipTests`.
#   FT_OUT=<bundle dir> (default: the classifier's default-model resources)
#   FT_VERSION=<model version> (default 3); extra arguments go to `train`.
set -euo pipefail
D=../shared/data
OUT=${FT_OUT:-classifier/src/main/resources/io/sentimentstream/classifier/default-model}
mvn -B -q -pl trainer exec:java -Dexec.args="train \
  --data $D/gop-debate/Sentiment.csv --set-name gop \
  --data $D/apple-tweets/apple.csv --set-name apple \
  --data $D/brand-tweets/brands.csv --set-name brands \
  --data $D/tweet-sentiment-extraction/train.csv --set-name tse \
  --head mlp --class-weight-power 0.5 --set-weight-power 0.5 --confidence-weights \
  --fine-tune $* --model-version ${FT_VERSION:-3} --out $OUT \
  --report-dir trainer/target/default-model-report"
