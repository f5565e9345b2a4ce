#!/bin/bash
# Promptable segmentation scored against true objects (issue: promptable segmentation).
#  1. ../shared/bench-data/nuclei2d_2048.tif (800 nuclei, exact labels): one positive click at each
#     true nucleus's centroid, each nucleus's bounding box, and 2 more corrective clicks; mean IoU of
#     each object's mask with its true nucleus (segmentij eval-prompts).
#  2. The user's path: the click ROIs (a ROI set written by step 1) through `segmentij run prompt`,
#     the label image scored by `segmentij eval --instances`.
#  3. Real nuclei: ../shared/realdata/nuclei_stardist_dsb (2 images with instance labels), as step 1.
#   scripts/prompt_eval.sh            Environment: MODEL (default nuclei-prompt), DATA (default ../shared),
#                                     OUT (default /tmp/segmentij-prompt-eval), CLICKS (default 3)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DATA=${DATA:-$ROOT/../shared}
OUT=${OUT:-/tmp/segmentij-prompt-eval}
MODEL=${MODEL:-nuclei-prompt}
CLICKS=${CLICKS:-3}
SEG="$ROOT/segmentij"
mkdir -p "$OUT"
cd "$ROOT"
bench="$DATA/bench-data"
echo "== bench: nuclei2d_2048"
"$SEG" eval-prompts --model "$MODEL" -i "$bench/nuclei2d_2048.tif" --truth "$bench/nuclei2d_2048_labels.tif" --clicks "$CLICKS" \
  --write-prompts "$OUT" --json "$OUT/bench.json"
echo "== bench through 'run prompt' (one click per nucleus as a ROI set)"
"$SEG" run prompt --param model="$MODEL" --rois "$OUT/clicks.zip" -i "$bench/nuclei2d_2048.tif" -o "$OUT/clicks_labels.tif" \
  --rois-out "$OUT/clicks_objects.zip"
"$SEG" eval --pred "$OUT/clicks_labels.tif" --truth "$bench/nuclei2d_2048_labels.tif" --instances --thresholds 0.5,0.75,0.9 \
  --no-surface --json "$OUT/clicks_eval.json" | grep -E "^ *(iou|dice|n_gt|n_pred|f1@|ap@|mean_matched_iou|mean_true_iou)" || true
real="$DATA/realdata/nuclei_stardist_dsb"
if [ -d "$real/images" ]; then
  for f in "$real"/images/*.tif; do
    name=$(basename "$f" .tif)
    echo "== realdata: nuclei_stardist_dsb/$name"
    "$SEG" eval-prompts --model "$MODEL" -i "$f" --truth "$real/masks/$name.tif" --clicks "$CLICKS" --json "$OUT/real_$name.json"
  done
fi
