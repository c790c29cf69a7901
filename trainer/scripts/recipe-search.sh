#!/usr/bin/env bash
# Recipe search for the default head, on the validation splits only.
#
# Usage (from the repository root):
#   mvn -B -q -pl trainer -am compile dependency:build-classpath -Dmdep.outputFile=$PWD/target/trainer.cp
#   trainer/scripts/recipe-search.sh target/trainer.cp target/recipes recipes.txt
#
# recipes.txt: one recipe a line, "<name> <extra train options...>". Every recipe trains on the
# three shared sets with the same split; the summary (summary.tsv, sorted) shows each set's
# validation macro-F1 and their mean, the number recipes are chosen by. Test numbers stay in each
# run's metrics.json and are not looked at for the choice.
set -euo pipefail
cp_file=$1 out=$2 recipes=$3
cache=${CACHE_DIR:-target/emb-cache}
data=../shared/data
cp="trainer/target/classes:$(cat "$cp_file")"
mkdir -p "$out"
while read -r name opts; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  if [[ -f "$out/$name/metrics.json" ]]; then continue; fi
  # shellcheck disable=SC2086
  java -Dai.djl.offline=true -cp "$cp" io.sentimentstream.trainer.TrainerCli train \
    --data "$data/gop-debate/Sentiment.csv" --data "$data/apple-tweets/apple.csv" \
    --data "$data/brand-tweets/brands.csv" \
    --cache-dir "$cache" --out "$out/$name" $opts > "$out/$name.log" 2>&1 \
    || { echo "recipe $name failed, see $out/$name.log" >&2; continue; }
done < "$recipes"
python3 - "$out" <<'PY'
import json, os, sys
out = sys.argv[1]
rows = []
for name in sorted(os.listdir(out)):
    f = os.path.join(out, name, "metrics.json")
    if not os.path.isfile(f):
        continue
    m = json.load(open(f))
    val = [s["validation"]["macro_f1"] for s in m["sets"]]
    rows.append((m["mean_validation_macro_f1"], name, val, m["best_epoch"]))
rows.sort(reverse=True)
with open(os.path.join(out, "summary.tsv"), "w") as w:
    w.write("recipe\tval_mean\t" + "\t".join("val_" + s["name"] for s in m["sets"]) + "\tbest_epoch\n")
    for mean, name, val, epoch in rows:
        w.write(f"{name}\t{mean:.4f}\t" + "\t".join(f"{v:.4f}" for v in val) + f"\t{epoch}\n")
print(open(os.path.join(out, "summary.tsv")).read(), end="")
PY
