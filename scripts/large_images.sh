#!/usr/bin/env bash
# Large images with a 2 GB heap, each run checked; prints a table of figures (wall time, peak
# heap from --verbose, max RSS from /usr/bin/time) and exits non-zero when a check fails.
#   scripts/large_images.sh [WORKDIR]        (default /tmp/segmentij-large; inputs are kept there)
#   HEAP=2g SIZE=16384 DEEP_SIZE=8192 RUNS="otsu cc pipe deep small 3d" scripts/large_images.sh
#
# Runs (JAVA_OPTS=-Xmx$HEAP):
#   otsu                 on a SIZE^2 16-bit image of disks (512 MB at 16384^2)
#   connected-components on its mask; labels compared with scipy.ndimage.label (the oracle)
#   otsu + labelling     as one pipeline in one process (input, mask and labels held together)
#   apply-model          models/nuclei-unet on a DEEP_SIZE^2 16-bit image, in tiles
#   too small a heap     the pipeline with -Xmx$SMALL_HEAP: one line saying how to give Java
#                        more memory, exit 3, no stack trace
#   3d                   connected-components, distance-transform and distance-watershed on a
#                        512x512x64 stack of balls (8-bit mask): the smallest -Xmx each runs with
#                        (bisection), per voxel
# Generated images go to WORKDIR (never into the repository): about 1.3 GB at the default sizes.
set -uo pipefail
HERE="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
SIJ="$HERE/segmentij"
W="${1:-/tmp/segmentij-large}"
HEAP=${HEAP:-2g}
SMALL_HEAP=${SMALL_HEAP:-1g}
SIZE=${SIZE:-16384}
DEEP_SIZE=${DEEP_SIZE:-8192}
RUNS=" ${RUNS:-otsu cc pipe deep small 3d} "
want() { case "$RUNS" in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
PY=/usr/bin/python3
mkdir -p "$W"
"$SIJ" list >/dev/null || { echo "large_images: segmentij does not build/run" >&2; exit 2; }

FAILS=0
ROWS=()
row() { ROWS+=("$(printf '%-26s %-34s %s' "$1" "$2" "$3")"); }
check() { if [ "$4" -eq 0 ]; then row "$1" "$2" "ok: $3"; else row "$1" "$2" "FAILED: $3"; FAILS=$((FAILS + 1)); fi; }

# a SIZE^2 16-bit image: noisy background 1000 +- 150, bright disks (radius 5-13) 2600-3400
gen() { # file, size, seed
  [ -s "$1" ] && return 0
  $PY - "$1" "$2" "$3" <<'EOF'
import sys, numpy as np, tifffile
out, n, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = np.random.default_rng(seed)
img = np.empty((n, n), np.uint16)
B = 1024
yy, xx = np.mgrid[-15:16, -15:16]
for by in range(0, n, B):
    for bx in range(0, n, B):
        blk = rng.normal(1000, 150, (B, B))
        for _ in range(230):
            r = rng.uniform(5, 13); cy, cx = rng.integers(16, B - 16, 2)
            disk = (yy * yy + xx * xx) <= r * r
            win = blk[cy - 15:cy + 16, cx - 15:cx + 16]
            win[disk] = np.maximum(win[disk], rng.uniform(2600, 3400) + rng.normal(0, 150, disk.sum()))
        img[by:by + B, bx:bx + B] = np.clip(blk, 0, 65535)
tifffile.imwrite(out + ".tmp.tif", img)
EOF
  mv "$1.tmp.tif" "$1"
}

# run NAME HEAP args...: runs segmentij with --verbose; sets RC, WALL, PEAK (MB), RSS (MB)
run() {
  local name=$1 heap=$2; shift 2
  JAVA_OPTS="-Xmx$heap" /usr/bin/time -f 'maxrss_kb %M' "$SIJ" "$@" --verbose >"$W/$name.log" 2>&1
  RC=$?
  WALL=$(sed -n 's/.*wall \([0-9.]*\) s.*/\1/p' "$W/$name.log" | tail -1)
  PEAK=$(sed -n 's/.*peak heap \([0-9]*\) MB.*/\1/p' "$W/$name.log" | tail -1)
  RSS=$(( $(sed -n 's/^maxrss_kb \([0-9]*\)/\1/p' "$W/$name.log" | tail -1) / 1024 ))
}
stack_trace() { grep -c -e 'Exception in thread' -e '^	at ' "$1"; }

t0=$(date +%s)
gen "$W/disks$SIZE.tif" "$SIZE" 1
gen "$W/disks$DEEP_SIZE.tif" "$DEEP_SIZE" 2
row "run (-Xmx$HEAP)" "expected" "result"
row "inputs" "${SIZE}^2 and ${DEEP_SIZE}^2 16-bit" "$(du -h "$W/disks$SIZE.tif" | cut -f1) + $(du -h "$W/disks$DEEP_SIZE.tif" | cut -f1), made in $(( $(date +%s) - t0 )) s"

if want otsu; then
run otsu "$HEAP" run otsu -i "$W/disks$SIZE.tif" -o "$W/mask$SIZE.tif"
check "otsu ${SIZE}^2" "exit 0, peak heap < $HEAP" "exit $RC, ${WALL:-?} s, peak heap ${PEAK:-?} MB, RSS $RSS MB" $([ $RC -eq 0 ]; echo $?)
fi
if want cc; then
run cc "$HEAP" run connected-components -i "$W/mask$SIZE.tif" -o "$W/labels$SIZE.tif"
check "labelling ${SIZE}^2" "exit 0" "exit $RC, ${WALL:-?} s, peak heap ${PEAK:-?} MB, RSS $RSS MB" $([ $RC -eq 0 ]; echo $?)
if [ $RC -eq 0 ]; then
  same=$($PY - "$W/mask$SIZE.tif" "$W/labels$SIZE.tif" <<'EOF'
import sys, numpy as np, tifffile
from scipy import ndimage
mask = tifffile.imread(sys.argv[1]) > 0
ours = tifffile.imread(sys.argv[2])
ref, n = ndimage.label(mask, structure=np.ones((3, 3), bool))  # 8-connected, raster order like ours
print(f"{n} {int(ours.max())} {int(np.array_equal(ref, ours))} {mask.mean():.4f}")
EOF
)
  set -- $same
  check "  labels vs scipy" "identical label images" "scipy $1 objects, ours $2, identical=$3 (foreground $4)" \
    $([ "$3" = 1 ]; echo $?)
fi
fi
printf 'otsu\nconnected-components\n' >"$W/label.pipeline"
if want pipe; then
run pipe "$HEAP" run "$W/label.pipeline" -i "$W/disks$SIZE.tif" -o "$W/labels$SIZE-pipe.tif"
check "otsu + labelling, 1 run" "exit 0" "exit $RC, ${WALL:-?} s, peak heap ${PEAK:-?} MB, RSS $RSS MB" $([ $RC -eq 0 ]; echo $?)
fi
if want deep; then
run deep "$HEAP" run apply-model --param model=nuclei-unet --param device=cpu -i "$W/disks$DEEP_SIZE.tif" -o "$W/prob$DEEP_SIZE.tif"
check "apply-model ${DEEP_SIZE}^2" "exit 0 (tiles of the model)" "exit $RC, ${WALL:-?} s, peak heap ${PEAK:-?} MB, RSS $RSS MB" $([ $RC -eq 0 ]; echo $?)
if [ $RC -eq 0 ]; then
  q=$($PY - "$W/prob$DEEP_SIZE.tif" "$W/disks$DEEP_SIZE.tif" <<'EOF'
import sys, numpy as np, tifffile
p = tifffile.imread(sys.argv[1], maxworkers=1)    # classes x Y x X
img = tifffile.imread(sys.argv[2])
s = p.sum(axis=0)
fg = img > 2000                                   # disks, well away from the background noise
obj = p[1:].sum(axis=0)                           # interior + boundary
print(f"{p.shape[0]} {float(np.abs(s - 1).max()):.2e} {float(obj[fg].mean()):.3f} {float(obj[~fg].mean()):.3f}")
EOF
)
  set -- $q
  check "  probabilities" "3 classes, sum 1, objects found" "$1 classes, max |sum-1| $2, P(object) on disks $3, off disks $4" \
    $([ "$1" = 3 ] && $PY -c "import sys; sys.exit(0 if float('$2') < 1e-3 and float('$3') > 0.5 and float('$4') < 0.5 else 1)"; echo $?)
fi
fi
if want small; then
run small "$SMALL_HEAP" run "$W/label.pipeline" -i "$W/disks$SIZE.tif" -o "$W/labels$SIZE-small.tif"
st=$(stack_trace "$W/small.log")
msg=$(grep -E '^segmentij: .*(out of memory|Java may use at most)' "$W/small.log" | head -1)
check "same with -Xmx$SMALL_HEAP" "exit 3, one line, no stack trace" "exit $RC, $st stack lines" \
  $([ $RC -eq 3 ] && [ "$st" -eq 0 ] && [ -n "$msg" ] && [ ! -e "$W/labels$SIZE-small.tif" ]; echo $?)
row "  its message" "" "$(echo "$msg" | cut -c1-160)"
fi

if want 3d; then
  [ -s "$W/balls3d.tif" ] || $PY - "$W/balls3d.tif" <<'EOF'
import sys, numpy as np, tifffile
rng = np.random.default_rng(4)
n, nz = 512, 64
m = np.zeros((nz, n, n), np.uint8)
zz, yy, xx = np.mgrid[-12:13, -12:13, -12:13]
for _ in range(n * n * nz // 6000):
    r = rng.uniform(5, 11); c = rng.integers(12, [nz - 12, n - 12, n - 12])
    m[c[0]-12:c[0]+13, c[1]-12:c[1]+13, c[2]-12:c[2]+13][zz * zz + yy * yy + xx * xx <= r * r] = 255
tifffile.imwrite(sys.argv[1], m, imagej=True, metadata={'axes': 'ZYX'})
EOF
  voxels=$((512 * 512 * 64))
  # the smallest heap a run works with, by bisection to 8 MB (the peak heap seen at -Xmx$HEAP
  # counts garbage not yet collected, so it overstates what a step needs); sets LO (fails), HI (works)
  minheap() {
    local name=$1 mid; shift
    LO=4; HI=$(( $(echo "$HEAP" | tr -d 'gGmM') * ( $(echo "$HEAP" | grep -qi g && echo 1024 || echo 1) ) ))
    while [ $((HI - LO)) -gt 8 ]; do
      mid=$(( (LO + HI) / 2 ))
      run "$name" "${mid}m" "$@"
      if [ $RC -eq 0 ]; then HI=$mid; else LO=$mid; fi
    done
  }
  $PY -c "import numpy as np, tifffile; tifffile.imwrite('$W/tiny.tif', np.zeros((64, 64), np.uint8))"
  minheap tiny-min run otsu -i "$W/tiny.tif" -o "$W/tiny-otsu.tif"
  base=$HI
  row "JVM alone (otsu on 64^2)" "" "runs with -Xmx${HI}m, not ${LO}m"
  for id in connected-components distance-transform distance-watershed; do
    run "3d-$id" "$HEAP" run $id -i "$W/balls3d.tif" -o "$W/balls3d-$id.tif"
    rc=$RC; wall=$WALL; peak=$PEAK
    minheap "3d-$id-min" run $id -i "$W/balls3d.tif" -o "$W/balls3d-$id-min.tif"
    per=$(awk -v m="$HI" -v b="$base" -v n=$voxels 'BEGIN { printf "%.1f", (m - b) * 1048576 / n }')
    check "$id 512x512x64" "exit 0" "exit $rc, ${wall:-?} s, peak heap ${peak:-?} MB; runs with -Xmx${HI}m, not ${LO}m: $per bytes/voxel above the JVM's own" $([ $rc -eq 0 ]; echo $?)
    rm -f "$W/balls3d-$id.tif" "$W/balls3d-$id-min.tif"
  done
fi

printf '%s\n' "${ROWS[@]}"
echo "large_images: $FAILS failed checks (logs in $W/*.log)"
[ $FAILS -eq 0 ]
