#!/usr/bin/env bash
# Faults in `segmentij batch`, each checked; prints a table of figures and exits non-zero when a
# check fails.
#   scripts/fault_batch.sh [WORKDIR]        (default /tmp/segmentij-faults; removed first)
#
# Cases (inputs generated here: N_GOOD 16-bit 512x512 images with disks, plus bad entries):
#   reference    uninterrupted `batch nuclei.pipeline --jobs 2` over good and bad inputs
#   bad inputs   random bytes, an empty file, text named .png, a folder named x.tif, a broken
#                link: each is a failed row whose reason names the problem; the rest go on
#   permission   a file with mode 000 read by a non-root user (runuser -u nobody; root reads anything)
#   read-only    an output folder the user cannot write: exit 3 before the first file
#   kill -9      the batch killed after KILL_AFTER outputs, then --resume: the outputs present after
#                the kill are byte-identical to the reference, resume processes exactly the rest,
#                no temporary files are left, every input is listed once
#   disk full    output on a small tmpfs: the first output that does not fit fails with "disk full"
#                naming it, the batch stops, outputs written are intact; after the disk grows,
#                --resume processes exactly the rest
#   no room for summary.csv   the tmpfs filled to the last byte: the batch ends cleanly, says so
#   ulimit -f    every output larger than the process may write: each file fails, "file too large"
# The disk cases need root (mount -t tmpfs); the permission case needs root and runuser. Cases
# that cannot run here are listed as "skip".
set -uo pipefail
HERE="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
SIJ="$HERE/segmentij"
W="${1:-/tmp/segmentij-faults}"
N_GOOD=${N_GOOD:-40}
KILL_AFTER=${KILL_AFTER:-8}
PIPE="$HERE/pipelines/nuclei.pipeline"
PY=/usr/bin/python3

case "$W" in /tmp/*|/var/tmp/*) ;; *) echo "fault_batch: WORKDIR must be under /tmp or /var/tmp (it is removed first)" >&2; exit 2 ;; esac
cleanup() {
  mountpoint -q "$W/disk" 2>/dev/null && umount "$W/disk"
}
trap cleanup EXIT
cleanup
rm -rf "$W" && mkdir -p "$W"
"$SIJ" list >/dev/null || { echo "fault_batch: segmentij does not build/run" >&2; exit 2; }

FAILS=0
ROWS=()
row() { ROWS+=("$(printf '%-34s %-46s %s' "$1" "$2" "$3")"); }
check() { # name, expected, got, condition (0 = pass)
  if [ "$4" -eq 0 ]; then row "$1" "$2" "ok: $3"; else row "$1" "$2" "FAILED: $3"; FAILS=$((FAILS + 1)); fi
}
skip() { row "$1" "$2" "skip: $3"; }
status_count() { # summary.csv, status -> rows with that status
  awk -F, -v s="$2" 'NR > 1 && $2 == s { n++ } END { print n + 0 }' "$1"
}
reason_of() { # summary.csv, file -> details column of that file's row
  $PY - "$1" "$2" <<'EOF'
import csv, sys
for r in csv.DictReader(open(sys.argv[1])):
    if r["file"] == sys.argv[2]:
        print(r["status"] + ": " + r["details"])
EOF
}
outputs() { # dir -> sorted names of finished outputs (not hidden, not summary.csv)
  ( cd "$1" 2>/dev/null && ls -1 | grep -v '^summary.csv$' | sort )
}
parts() { find "$1" -name '.*.part' 2>/dev/null | wc -l; }
same_as_ref() { # dir -> number of outputs in dir that differ from the reference ones
  local d=0 f
  for f in $(outputs "$1"); do cmp -s "$1/$f" "$W/ref/$f" || d=$((d + 1)); done
  echo $d
}
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# ---------------------------------------------------------------- inputs
$PY - "$W/in" "$N_GOOD" <<'EOF'
import os, sys
import numpy as np, tifffile
out, n_good = sys.argv[1], int(sys.argv[2])
os.makedirs(out)
rng = np.random.default_rng(11)
n = 512
y, x = np.mgrid[0:n, 0:n]
for k in range(n_good):
    a = np.full((n, n), 1000.0)
    for _ in range(30 + k % 15):
        cx, cy, r = rng.integers(20, n - 20), rng.integers(20, n - 20), rng.integers(6, 16)
        a[(x - cx) ** 2 + (y - cy) ** 2 <= r * r] = 3000
    a += rng.normal(0, 200, a.shape)
    tifffile.imwrite(f"{out}/img{k:02d}.tif", np.clip(a, 0, 65535).astype(np.uint16))
open(f"{out}/bad_random.tif", "wb").write(rng.bytes(5000))
open(f"{out}/bad_empty.tif", "wb").close()
open(f"{out}/bad_text.png", "w").write("this is not a PNG\n")
os.makedirs(f"{out}/bad_folder.tif")
open(f"{out}/bad_folder.tif/readme.txt", "w").write("a folder named like an image\n")
os.symlink("/nonexistent/gone.tif", f"{out}/bad_link.tif")
EOF
N_BAD=5
N_ALL=$((N_GOOD + N_BAD))
row "case" "expected" "result"
row "inputs" "$N_GOOD images 512x512 16-bit + $N_BAD bad entries" "$(du -sh "$W/in" | cut -f1) in $W/in"

# ---------------------------------------------------------------- reference
t0=$(now)
"$SIJ" batch "$PIPE" -i "$W/in" -o "$W/ref" --jobs 2 -q >"$W/ref.log" 2>&1; rc=$?
t1=$(now)
ok=$(status_count "$W/ref/summary.csv" ok); failed=$(status_count "$W/ref/summary.csv" failed)
check "reference run (jobs 2)" "exit 4, $N_GOOD ok, $N_BAD failed" "exit $rc, $ok ok, $failed failed, $(secs $t0 $t1) s" \
  $([ $rc -eq 4 ] && [ "$ok" -eq $N_GOOD ] && [ "$failed" -eq $N_BAD ]; echo $?)
st=$(grep -c -e 'Exception' -e '	at ' "$W/ref.log")
check "  no stack trace on stderr" "none" "$st lines" $([ "$st" -eq 0 ]; echo $?)
for spec in "bad_random.tif|not a format ImageJ reads" "bad_empty.tif|is empty" \
  "bad_text.png|not a format ImageJ reads" "bad_folder.tif|folder named like an image" "bad_link.tif|broken link"; do
  f=${spec%%|*}; want=${spec#*|}
  got=$(reason_of "$W/ref/summary.csv" "$f")
  case "$got" in failed:*"$want"*) c=0 ;; *) c=1 ;; esac
  check "  $f" "failed: ...$want..." "$(echo "$got" | cut -c1-60)" $c
done
# the same pipeline twice gives the same bytes (what the comparisons below rely on)
"$SIJ" run "$PIPE" -i "$W/in/img00.tif" -o "$W/again.tif" >/dev/null 2>&1
cmp -s "$W/again.tif" "$W/ref/img00.tif"; check "  output bytes reproducible" "run == batch output" "img00.tif" $?

# ---------------------------------------------------------------- permission (non-root reader)
if [ "$(id -u)" = 0 ] && command -v runuser >/dev/null && runuser -u nobody -- true 2>/dev/null; then
  mkdir -p "$W/perm/in" "$W/perm/out" "$W/perm/ro"
  cp "$W/in/img00.tif" "$W/perm/in/readable.tif"; cp "$W/in/img01.tif" "$W/perm/in/noperm.tif"
  chmod 000 "$W/perm/in/noperm.tif"; chmod 755 "$W" "$W/perm" "$W/perm/in"; chmod 777 "$W/perm/out"; chmod 555 "$W/perm/ro"
  runuser -u nobody -- "$SIJ" batch otsu -i "$W/perm/in" -o "$W/perm/out" -q >"$W/perm.log" 2>&1; rc=$?
  got=$(reason_of "$W/perm/out/summary.csv" noperm.tif)
  case "$got" in failed:*"cannot be read"*) c=0 ;; *) c=1 ;; esac
  check "unreadable file (mode 000, nobody)" "exit 4; failed: cannot be read" "exit $rc; $(echo "$got" | cut -c1-50)" $([ $c -eq 0 ] && [ $rc -eq 4 ]; echo $?)
  runuser -u nobody -- "$SIJ" batch otsu -i "$W/perm/in" -o "$W/perm/ro" -q >"$W/ro.log" 2>&1; rc=$?
  grep -q "Cannot write in the output folder.*permission denied" "$W/ro.log"; c=$?
  n=$(outputs "$W/perm/ro" | wc -l)
  check "read-only output folder (nobody)" "exit 3, 'permission denied', 0 outputs" "exit $rc, $n outputs" \
    $([ $c -eq 0 ] && [ $rc -eq 3 ] && [ "$n" -eq 0 ]; echo $?)
else
  skip "unreadable file (mode 000, nobody)" "exit 4; failed: cannot be read" "needs root and runuser"
fi

# ---------------------------------------------------------------- kill -9 in the middle, then --resume
"$SIJ" batch "$PIPE" -i "$W/in" -o "$W/killed" --jobs 2 -q >"$W/killed.log" 2>&1 &
pid=$!
for _ in $(seq 1 6000); do
  [ "$(outputs "$W/killed" | grep -c '\.tif$')" -ge "$KILL_AFTER" ] && break
  kill -0 $pid 2>/dev/null || break
  sleep 0.01
done
kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null; rc=$?
present=$(outputs "$W/killed" | grep -c '\.tif$'); tmpleft=$(parts "$W/killed")
check "kill -9 during batch --jobs 2" "exit 137, 0 < outputs < $N_GOOD" "exit $rc, $present outputs, $tmpleft .part files left" \
  $([ $rc -eq 137 ] && [ "$present" -gt 0 ] && [ "$present" -lt $N_GOOD ]; echo $?)
d=$(same_as_ref "$W/killed"); check "  outputs present after kill intact" "all byte-identical to reference" "$d of $present differ" $([ "$d" -eq 0 ]; echo $?)
t0=$(now)
"$SIJ" batch "$PIPE" -i "$W/in" -o "$W/killed" --jobs 2 -q --resume >"$W/resume.log" 2>&1; rc=$?
t1=$(now)
S="$W/killed/summary.csv"
ok=$(status_count "$S" ok); sk=$(status_count "$S" skipped); failed=$(status_count "$S" failed); lines=$(($(wc -l <"$S") - 1))
check "  --resume" "exit 4, $present skipped, $((N_GOOD - present)) ok, $N_BAD failed" "exit $rc, $sk skipped, $ok ok, $failed failed, $(secs $t0 $t1) s" \
  $([ $rc -eq 4 ] && [ "$sk" -eq "$present" ] && [ "$ok" -eq $((N_GOOD - present)) ] && [ "$failed" -eq $N_BAD ]; echo $?)
check "  every input listed once" "$N_ALL rows" "$lines rows, $(cut -d, -f1 "$S" | tail -n +2 | sort -u | wc -l) distinct" \
  $([ "$lines" -eq $N_ALL ] && [ "$(cut -d, -f1 "$S" | tail -n +2 | sort -u | wc -l)" -eq $N_ALL ]; echo $?)
[ "$(outputs "$W/killed")" = "$(outputs "$W/ref")" ]; c=$?
d=$(same_as_ref "$W/killed"); tmpleft=$(parts "$W/killed")
check "  after resume == uninterrupted" "same files, same bytes, no .part" "$(outputs "$W/killed" | wc -l) files, $d differ, $tmpleft .part" \
  $([ $c -eq 0 ] && [ "$d" -eq 0 ] && [ "$tmpleft" -eq 0 ]; echo $?)

# ---------------------------------------------------------------- disk full (a small tmpfs)
mkdir -p "$W/disk"
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=8m tmpfs "$W/disk" 2>/dev/null; then
  t0=$(now)
  "$SIJ" batch "$PIPE" -i "$W/in" -o "$W/disk/out" --jobs 2 -q >"$W/full.log" 2>&1; rc=$?
  t1=$(now)
  S="$W/disk/out/summary.csv"
  ok=$(status_count "$S" ok); full=$(grep -c "disk full" "$S"); present=$(outputs "$W/disk/out" | grep -c '\.tif$')
  first=$($PY - "$S" <<'EOF'
import csv, sys
for r in csv.DictReader(open(sys.argv[1])):
    if "disk full" in r["details"]:
        print(r["file"] + ": " + r["details"]); break
EOF
)
  case "$first" in *"Cannot write $W/disk/out/img"*".tif: disk full (No space left on device"*) c=0 ;; *) c=1 ;; esac
  check "disk full (tmpfs 8 MB, jobs 2)" "exit 4, failed: 'disk full' naming the output" "exit $rc, $ok ok, $full disk full, $(secs $t0 $t1) s" \
    $([ $rc -eq 4 ] && [ "$full" -ge 1 ] && [ "$full" -le 2 ] && [ $c -eq 0 ]; echo $?)
  row "  its message" "" "$(echo "$first" | cut -c1-150)"
  notstarted=$(grep -o '[0-9]* not started (disk full)' "$W/full.log" | cut -d' ' -f1)
  check "  batch stops" "the files after it not started" "${notstarted:-0} not started; stderr says --resume" \
    $([ "${notstarted:-0}" -gt 0 ] && grep -q -- "--resume to finish the rest" "$W/full.log"; echo $?)
  d=$(same_as_ref "$W/disk/out"); tmpleft=$(parts "$W/disk/out")
  check "  outputs written are intact" "byte-identical, no .part" "$present outputs, $d differ, $tmpleft .part" \
    $([ "$d" -eq 0 ] && [ "$tmpleft" -eq 0 ] && [ "$present" -eq "$ok" ]; echo $?)
  mount -o remount,size=64m "$W/disk"
  "$SIJ" batch "$PIPE" -i "$W/in" -o "$W/disk/out" --jobs 2 -q --resume >"$W/full-resume.log" 2>&1; rc=$?
  ok2=$(status_count "$S" ok); sk=$(status_count "$S" skipped)
  [ "$(outputs "$W/disk/out")" = "$(outputs "$W/ref")" ]; c=$?; d=$(same_as_ref "$W/disk/out")
  check "  disk grown to 64 MB, --resume" "exit 4, $present skipped, $((N_GOOD - present)) ok, == reference" "exit $rc, $sk skipped, $ok2 ok, $d differ" \
    $([ $rc -eq 4 ] && [ "$sk" -eq "$present" ] && [ "$ok2" -eq $((N_GOOD - present)) ] && [ $c -eq 0 ] && [ "$d" -eq 0 ]; echo $?)
  # not a byte left: the outputs fail and summary.csv cannot be written either
  mount -o remount,size=1m "$W/disk" 2>/dev/null || { umount "$W/disk"; mount -t tmpfs -o size=1m tmpfs "$W/disk"; }
  rm -rf "$W/disk/out"; mkdir -p "$W/disk/out"
  dd if=/dev/zero of="$W/disk/filler" bs=4k 2>/dev/null
  "$SIJ" batch "$PIPE" -i "$W/in" -o "$W/disk/out" -q >"$W/nospace.log" 2>&1; rc=$?
  grep -q "summary.csv.*disk full" "$W/nospace.log"; c=$?
  grep -q -e 'Exception' -e '	at ' "$W/nospace.log"; st=$?
  check "no room even for summary.csv" "exit 4, says summary.csv not written" "exit $rc, $(parts "$W/disk/out") .part left" \
    $([ $rc -eq 4 ] && [ $c -eq 0 ] && [ $st -ne 0 ] && [ "$(parts "$W/disk/out")" -eq 0 ]; echo $?)
  umount "$W/disk"
else
  skip "disk full (tmpfs)" "failed: disk full; resume finishes" "mount -t tmpfs not permitted here"
fi

# ---------------------------------------------------------------- a file-size limit (ulimit -f)
mkdir -p "$W/small"; cp "$W/in/img00.tif" "$W/in/img01.tif" "$W/small/"
(ulimit -f 256; "$SIJ" batch "$PIPE" -i "$W/small" -o "$W/ulimit" -q >"$W/ulimit.log" 2>&1); rc=$?
failed=$(status_count "$W/ulimit/summary.csv" failed); big=$(grep -c "file too large" "$W/ulimit/summary.csv")
check "ulimit -f 256 KB (outputs 514 KB)" "exit 4, both fail 'file too large'" "exit $rc, $failed failed, $big say file too large, $(parts "$W/ulimit") .part" \
  $([ $rc -eq 4 ] && [ "$failed" -eq 2 ] && [ "$big" -eq 2 ] && [ "$(parts "$W/ulimit")" -eq 0 ]; echo $?)

printf '%s\n' "${ROWS[@]}"
echo "fault_batch: $FAILS failed checks (logs and outputs in $W)"
[ $FAILS -eq 0 ]
