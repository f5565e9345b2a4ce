#!/usr/bin/env bash
# Compares a mask written by `segmentij run otsu` with ImageJ 1's own Otsu on the same image:
# setAutoThreshold("Otsu dark"); run("Convert to Mask") in plain ImageJ 1 under Xvfb.
# Usage: scripts/compare-otsu-with-imagej1.sh INPUT.tif OUR_MASK.tif    (prints the differing pixels)
set -euo pipefail
HERE="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
. "$HERE/scripts/prerequisites.sh"
ensure_xvfb
in="$(readlink -f "$1")"; ours="$(readlink -f "$2")"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/compare.ijm" <<MACRO
setBatchMode(true);
open("$in"); setAutoThreshold("Otsu dark"); setOption("BlackBackground", true); run("Convert to Mask"); rename("ij1");
open("$ours"); rename("ours");
imageCalculator("Difference create", "ij1", "ours");
n = 0; w = getWidth(); h = getHeight();
getHistogram(values, counts, 256);
print("pixels: " + (w*h) + ", differing: " + (w*h - counts[0]));
MACRO
timeout 300 xvfb-run -a java -Dfile.encoding=UTF-8 -cp "$(ls "$HERE"/target/lib/ij-*.jar)" ij.ImageJ -batch "$tmp/compare.ijm"
