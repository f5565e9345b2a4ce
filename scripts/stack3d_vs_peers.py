#!/usr/bin/python3
"""3D nuclei on ../shared/bench-data/stack3d_256x256x64.tif: SegmentIJ's classical pipeline
(pipelines/nuclei.pipeline: Otsu, 3D distance-transform watershed h=1 in calibrated units,
label-cleanup min_size=30) against the same steps in scikit-image/SciPy, in the same run.

The stack is uncalibrated; --voxel-depth (default 1.67, the axial/lateral PSF sigma ratio
2/1.2 stated in MANIFEST.txt, not fitted to the labels) writes a calibrated copy that both
sides use. Prints AP@0.5 (IoU > 0.5 matching), mean matched IoU, object counts and the
median wall times (ours in-process via `segmentij bench`, the peer with time.perf_counter).

usage: /usr/bin/python3 scripts/stack3d_vs_peers.py [--voxel-depth 1.67] [--repeat 3]
"""
import argparse, json, os, statistics, subprocess, sys, tempfile, time

import numpy as np
import scipy.ndimage as ndi
import tifffile
from skimage import filters, measure, morphology, segmentation

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "..", "shared", "bench-data")


def match(gt, pr, t=0.5):
    ng, npd = int(gt.max()) + 1, int(pr.max()) + 1
    m = np.bincount(gt.ravel().astype(np.int64) * npd + pr.ravel(), minlength=ng * npd).reshape(ng, npd)
    iou = m / (m.sum(1)[:, None] + m.sum(0)[None, :] - m + 1e-12)
    iou = iou[1:, 1:]
    tp = int((iou > t).sum())
    return {"n_pred": npd - 1, "tp": tp, "ap@0.5": round(tp / (ng - 1 + npd - 1 - tp), 4),
            "mean_matched_iou": round(float(iou[iou > t].mean()) if tp else 0.0, 4)}


def peer(vol, depth):
    mask = vol > filters.threshold_otsu(vol)
    dist = ndi.distance_transform_edt(mask, sampling=(depth, 1.0, 1.0))
    seeds = measure.label(morphology.h_maxima(dist, 1.0), connectivity=3)
    lab = segmentation.watershed(-dist, seeds, mask=mask, connectivity=3)
    return morphology.remove_small_objects(lab, int(np.ceil(30 / depth)))  # 30 calibrated units of volume


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--voxel-depth", type=float, default=1.67)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    vol = tifffile.imread(os.path.join(DATA, "stack3d_256x256x64.tif"))
    gt = tifffile.imread(os.path.join(DATA, "stack3d_256x256x64_labels.tif"))
    tmp = tempfile.mkdtemp()
    cal = os.path.join(tmp, "stack3d_cal.tif")
    tifffile.imwrite(cal, vol, imagej=True, resolution=(1.0, 1.0),
                     metadata={"axes": "ZYX", "spacing": a.voxel_depth, "unit": "micron"})
    seg = os.path.join(ROOT, "segmentij")
    out = os.path.join(tmp, "ours.tif")
    subprocess.run([seg, "run", "pipelines/nuclei.pipeline", "-i", cal, "-o", out], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    js = os.path.join(tmp, "bench.json")
    subprocess.run([seg, "bench", "pipelines/nuclei.pipeline", "-i", cal, "-n", str(a.repeat), "--warmup", "1",
                    "--json", js], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    ours_ms = next(iter(json.load(open(js)).values()))["median_ms"]
    times = []
    for _ in range(a.repeat + 1):
        t0 = time.perf_counter()
        lab = peer(vol, a.voxel_depth)
        times.append((time.perf_counter() - t0) * 1000)
    peer_ms = statistics.median(times[1:])
    ours = match(gt, tifffile.imread(out))
    theirs = match(gt, lab)
    print(f"voxel depth {a.voxel_depth}; {int(gt.max())} true objects")
    print(f"SegmentIJ nuclei.pipeline : {ours}  median {ours_ms:.0f} ms")
    print(f"skimage same steps        : {theirs}  median {peer_ms:.0f} ms")
    print(f"time ratio ours/peer {ours_ms / peer_ms:.2f}")


if __name__ == "__main__":
    sys.exit(main())
