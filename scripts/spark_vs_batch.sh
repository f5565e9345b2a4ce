#!/usr/bin/env bash
# Spark's overhead over the plain batch: the same pipeline file over N small generated images,
#   ./segmentij batch PIPELINE --jobs 2      vs      spark/segmentij-spark PIPELINE --master local[2]
# run alternately REPS times (whole processes, JVM start included), then the medians and the
# overhead in percent; and both on one image, to show the fixed start-up cost apart.
#   scripts/spark_vs_batch.sh [N=1000] [REPS=3] [PIPELINE=pipelines/nuclei.pipeline]
# The images (128x128 16-bit TIFF, random touching disks on noise) go to a folder under /tmp
# that is removed at the end; nothing is written into the repository.
set -euo pipefail
HERE="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
N="${1:-1000}"; REPS="${2:-3}"; PIPE="${3:-$HERE/pipelines/nuclei.pipeline}"
WORK="$(mktemp -d /tmp/spark_vs_batch.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

/usr/bin/python3 - "$WORK/in" "$N" <<'PY'
import os, sys, numpy as np, tifffile
out, n = sys.argv[1], int(sys.argv[2])
os.makedirs(out)
rng = np.random.default_rng(7)
yy, xx = np.mgrid[:128, :128]
for i in range(n):
    img = np.full((128, 128), 300.0)
    for _ in range(rng.integers(4, 12)):
        cy, cx = rng.uniform(8, 120, 2); r = rng.uniform(4, 10)
        img[(yy - cy) ** 2 + (xx - cx) ** 2 <= r * r] = rng.uniform(1500, 3000)
    img += rng.normal(0, 60, img.shape)
    tifffile.imwrite(f"{out}/img{i:05d}.tif", np.clip(img, 0, 65535).astype(np.uint16))
PY
mkdir -p "$WORK/one" && cp "$WORK/in/img00000.tif" "$WORK/one/"

# build both and warm the file cache
"$HERE/segmentij" batch "$PIPE" -i "$WORK/one" -o "$WORK/warm1" -q > /dev/null
"$HERE/spark/segmentij-spark" "$PIPE" -i "$WORK/one" -o "$WORK/warm2" --master 'local[2]' > /dev/null

now() { date +%s.%N; }
calc() { awk "BEGIN { print $1 }"; }
run() { # name input -> seconds
  local t0 t1 o="$WORK/out.$RANDOM$RANDOM"
  t0=$(now)
  if [ "$1" = batch ]; then "$HERE/segmentij" batch "$PIPE" -i "$2" -o "$o" --jobs 2 -q > /dev/null
  else "$HERE/spark/segmentij-spark" "$PIPE" -i "$2" -o "$o" --master 'local[2]' > /dev/null 2> "$WORK/spark.err" || { cat "$WORK/spark.err" >&2; exit 1; }; fi
  t1=$(now); rm -rf "$o"
  calc "$t1 - $t0"
}
median() { tr ' ' '\n' | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; $N images 128x128 16-bit; $(basename "$PIPE")"
B=""; S=""; B1=""; S1=""
for r in $(seq 1 "$REPS"); do
  b=$(run batch "$WORK/in"); s=$(run spark "$WORK/in")
  b1=$(run batch "$WORK/one"); s1=$(run spark "$WORK/one")
  printf 'rep %d: batch --jobs 2 %.2f s, spark local[2] %.2f s; one image: batch %.2f s, spark %.2f s\n' "$r" "$b" "$s" "$b1" "$s1"
  B="$B $b"; S="$S $s"; B1="$B1 $b1"; S1="$S1 $s1"
done
mb=$(echo $B | median); ms=$(echo $S | median); mb1=$(echo $B1 | median); ms1=$(echo $S1 | median)
printf 'median: batch %.2f s, spark %.2f s: Spark overhead %+.1f %% (target <= 20 %%)\n' "$mb" "$ms" "$(calc "($ms / $mb - 1) * 100")"
printf 'one image (start-up): batch %.2f s, spark %.2f s: fixed cost of Spark %.2f s; per image: batch %.1f ms, spark %.1f ms\n' \
  "$mb1" "$ms1" "$(calc "$ms1 - $mb1")" "$(calc "($mb - $mb1) * 1000 / ($N - 1)")" "$(calc "($ms - $ms1) * 1000 / ($N - 1)")"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
