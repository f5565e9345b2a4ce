#!/bin/bash
# Dice of SegmentIJ's U-Net on the small medical sets of ../shared/realdata, trained by
# `segmentij train` on the first 16 images (sorted by name) and tested on the other 6: the fixed
# split of issue 6. Prints one line per set (mean Dice and IoU over the 6 test images).
#   scripts/realdata_dice.sh [SET...]        (default: brain_mri_lgg polyp_kvasir ultrasound_busi)
# Environment: DATA (default ../shared/realdata), WORK (default /tmp/segmentij-realdata),
# EPOCHS (default 30), STEPS (batches per epoch, default 20), PATIENCE (default 0: none), NET (default "--net depth=4 --net base=16"), CROP (default 256).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DATA=${DATA:-$ROOT/../shared/realdata}
WORK=${WORK:-/tmp/segmentij-realdata}
EPOCHS=${EPOCHS:-30}
STEPS=${STEPS:-20}
PATIENCE=${PATIENCE:-0}
NET=${NET:---net depth=4 --net base=16}
CROP=${CROP:-256}
SETS=("$@")
[ ${#SETS[@]} -gt 0 ] || SETS=(brain_mri_lgg polyp_kvasir ultrasound_busi)
SEG="$ROOT/segmentij"
for set in "${SETS[@]}"; do
  src="$DATA/$set"
  [ -d "$src/images" ] || { echo "$set: no $src/images, skipped" >&2; continue; }
  w="$WORK/$set"
  rm -rf "$w"; mkdir -p "$w"/{train,test}/{images,masks} "$w/truth" "$w/pred"
  mapfile -t imgs < <(cd "$src/images" && ls | sort)
  [ ${#imgs[@]} -ge 22 ] || { echo "$set: ${#imgs[@]} images, need 22" >&2; exit 3; }
  i=0
  for f in "${imgs[@]}"; do
    stem="${f%.*}"
    m=$(cd "$src/masks" && ls | grep -F -x -e "$f" -e "${stem}_mask.png" -e "${stem}.png" -e "${stem}.jpg" | head -1)
    part=train; [ $i -ge 16 ] && part=test
    ln -s "$src/images/$f" "$w/$part/images/$f"
    ln -s "$src/masks/$m" "$w/$part/masks/${stem}${m#${stem}}"
    i=$((i + 1))
  done
  # the test truth binarised at > 127 (JPEG masks are lossy), named like the images
  /usr/bin/python3 - "$w/test/masks" "$w/truth" <<'PY'
import os, sys
import numpy as np
from PIL import Image
src, dst = sys.argv[1], sys.argv[2]
for f in sorted(os.listdir(src)):
    a = np.asarray(Image.open(os.path.join(src, f)).convert("L"))
    stem = os.path.splitext(f)[0]
    if stem.endswith("_mask"):
        stem = stem[:-5]
    Image.fromarray(((a > 127) * 255).astype(np.uint8)).save(os.path.join(dst, stem + ".png"))
PY
  # ultrasound masks are <name>_mask.png: training pairs them by that suffix
  t0=$(date +%s)
  "$SEG" train --images "$w/train/images" --masks "$w/train/masks" --arch unet $NET --epochs "$EPOCHS" \
      --crop "$CROP" --batch 4 --steps-per-epoch "$STEPS" --val-fraction 0.2 --patience "$PATIENCE" --seed 1 --out "$w/model" >"$w/train.log" 2>&1
  t1=$(date +%s)
  "$SEG" batch apply-model --param model="$w/model" --param result=labels -i "$w/test/images" -o "$w/pred" -q >"$w/apply.log" 2>&1
  "$SEG" eval --pred "$w/pred" --truth "$w/truth" --csv "$w/eval.csv" >"$w/eval.log" 2>&1
  dice=$(grep -E '^\s+(mean_)?dice ' "$w/eval.log" | awk '{print $2}')
  iou=$(grep -E '^\s+(mean_)?iou ' "$w/eval.log" | awk '{print $2}')
  echo "$set: test Dice $dice, IoU $iou (6 test images; trained $((t1 - t0)) s; $(tail -2 "$w/train.log" | head -1))"
done
