#!/usr/bin/env bash
# Spark's overhead over the plain batch: the same pipeline file over N small generated images,
#   ./segmentij batch PIPELINE --jobs 2      vs      spark/segmentij-spark PIPELINE --master local[2]
# (one task per image, and --per-task 8), whole processes (JVM start included), run in turn
# REPS times; medians of the wall time and of the CPU time (user+sys, less sensitive to other
# load on the machine), and the overhead in percent. Also each on one image: the fixed start-up cost,
# and the CPU per further image (the run less the one-image run). JAVA_OPTS reaches both runners.
#   scripts/spark_vs_batch.sh [N=1000] [REPS=3] [PIPELINE=pipelines/nuclei.pipeline] [SIZE=128]
# The images (SIZE x SIZE 16-bit TIFF, random touching disks on noise, 4-12 per 128x128; numpy +
# tifffile) go to a folder under /tmp that is removed at the end; nothing is written into the repository.
set -euo pipefail
HERE="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
N="${1:-1000}"; REPS="${2:-3}"; PIPE="${3:-$HERE/pipelines/nuclei.pipeline}"; SIZE="${4:-128}"
WORK="$(mktemp -d /tmp/spark_vs_batch.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

/usr/bin/python3 - "$WORK/in" "$N" "$SIZE" <<'PY'
import os, sys, numpy as np, tifffile
out, n, s = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
os.makedirs(out)
rng = np.random.default_rng(7)
yy, xx = np.mgrid[:s, :s]
for i in range(n):
    img = np.full((s, s), 300.0)
    for _ in range(rng.integers(4, 12) * s * s // (128 * 128)):
        cy, cx = rng.uniform(8, s - 8, 2); r = rng.uniform(4, 10)
        img[(yy - cy) ** 2 + (xx - cx) ** 2 <= r * r] = rng.uniform(1500, 3000)
    img += rng.normal(0, 60, img.shape)
    tifffile.imwrite(f"{out}/img{i:05d}.tif", np.clip(img, 0, 65535).astype(np.uint16))
PY
mkdir -p "$WORK/one" && cp "$WORK/in/img00000.tif" "$WORK/one/"

# build both, make the runner's class archive, warm the file cache
"$HERE/segmentij" batch "$PIPE" -i "$WORK/one" -o "$WORK/warm1" -q > /dev/null
"$HERE/spark/segmentij-spark" "$PIPE" -i "$WORK/one" -o "$WORK/warm2" --master 'local[2]' > /dev/null
cat "$WORK/in"/*.tif > /dev/null

calc() { awk "BEGIN { print $1 }"; }
run() { # key input [spark options...]: prints and records "key wall cpu" in $WORK/times
  local key="$1" in="$2" o="$WORK/out.$RANDOM$RANDOM" t; shift 2
  local TIMEFORMAT='%R %U %S'
  if [ "${key%%-*}" = batch ]; then
    t=$( { time "$HERE/segmentij" batch "$PIPE" -i "$in" -o "$o" --jobs 2 -q > /dev/null 2> "$WORK/err"; } 2>&1 )
  else
    t=$( { time "$HERE/spark/segmentij-spark" "$PIPE" -i "$in" -o "$o" --master 'local[2]' "$@" > /dev/null 2> "$WORK/err"; } 2>&1 )
  fi
  [ "$(wc -l < "$o/summary.csv")" -gt 1 ] || { cat "$WORK/err" >&2; exit 1; }
  rm -rf "$o"
  echo "$key $t" | awk '{print $1, $2, $3 + $4}' >> "$WORK/times"
  echo "$t" | awk '{printf "%.2f s (cpu %.2f s)", $1, $2 + $3}'
}
median() { # key column(2 wall, 3 cpu)
  awk -v k="$1" -v c="$2" '$1 == k {print $c}' "$WORK/times" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'
}

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; $N images ${SIZE}x${SIZE} 16-bit; $(basename "$PIPE")"
for r in $(seq 1 "$REPS"); do
  printf 'rep %d: batch --jobs 2 %s' "$r" "$(run batch "$WORK/in")"
  printf '; spark %s' "$(run spark "$WORK/in")"
  printf '; spark --per-task 8 %s' "$(run spark-8 "$WORK/in" --per-task 8)"
  printf '; one image: batch %s' "$(run batch-1 "$WORK/one")"
  printf ', spark %s\n' "$(run spark-1 "$WORK/one")"
done
bw=$(median batch 2); bc=$(median batch 3)
for k in spark spark-8; do
  w=$(median $k 2); c=$(median $k 3)
  printf 'median %-8s wall %.2f s vs batch %.2f s: overhead %+.1f %%; cpu %.2f s vs %.2f s: %+.1f %% (target: overhead <= 20 %%)\n' \
    "$k" "$w" "$bw" "$(calc "($w / $bw - 1) * 100")" "$c" "$bc" "$(calc "($c / $bc - 1) * 100")"
done
b1=$(median batch-1 2); s1=$(median spark-1 2); c1=$(median batch-1 3); d1=$(median spark-1 3)
printf 'one image: batch %.2f s (cpu %.2f), spark %.2f s (cpu %.2f): Spark start-up costs %.2f s wall, %.2f s cpu\n' \
  "$b1" "$c1" "$s1" "$d1" "$(calc "$s1 - $b1")" "$(calc "$d1 - $c1")"
# the same less each one's cost on one image (JVM and Spark start): what every further image costs
for k in spark spark-8; do
  c=$(median $k 3)
  printf 'cpu per image beyond one-image run, %-8s %.2f ms vs batch %.2f ms: %+.1f %%\n' "$k" \
    "$(calc "($c - $d1) / ($N - 1) * 1000")" "$(calc "($bc - $c1) / ($N - 1) * 1000")" "$(calc "(($c - $d1) / ($bc - $c1) - 1) * 100")"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
