#!/usr/bin/env bash
# Writes the demo's hand-labelled example tweets as parallel text / label files, for
#   trainer evaluate --data <dir>/demo-texts.txt --labels <dir>/demo-labels.txt --model <bundle>
# Usage (from the repository root): trainer/scripts/demo-labels.sh <dir>
set -euo pipefail
dir=$1
mkdir -p "$dir"
python3 - "$dir" <<'PY'
import json, sys
src = "stream-app/src/main/resources/demo/example-tweets.jsonl"
texts, labels = [], []
for line in open(src, encoding="utf-8"):
    if not line.strip():
        continue
    d = json.loads(line)
    if "label" in d:
        texts.append(" ".join(d["text"].split()))  # one line each
        labels.append(d["label"])
open(sys.argv[1] + "/demo-texts.txt", "w", encoding="utf-8").write("\n".join(texts) + "\n")
open(sys.argv[1] + "/demo-labels.txt", "w", encoding="utf-8").write("\n".join(labels) + "\n")
print(len(texts), "labelled examples")
PY
