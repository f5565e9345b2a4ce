#!/usr/bin/python3
"""Checks SegmentIJ's metrics against the peers' reference implementation.

Makes a perturbed copy of a label image (objects removed, split, merged, eroded; seeded),
writes both as TIFF, runs ../shared/peers/seg_metrics.py on them, runs
`./segmentij eval --instances --json` on the same files, and prints both side by side with the
largest absolute difference. Needs Debian's python3-numpy, python3-scipy, python3-tifffile.

Usage: /usr/bin/python3 scripts/metrics_vs_peers.py [LABELS.tif] [--out DIR]
"""
import argparse
import json
import os
import subprocess
import sys

import numpy as np
import tifffile
from scipy import ndimage as ndi

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED = os.path.join(ROOT, "..", "shared")


def perturb(lab, seed=1):
    rng = np.random.default_rng(seed)
    out = lab.copy()
    ids = np.unique(lab)
    ids = ids[ids > 0]
    rng.shuffle(ids)
    n = len(ids)
    removed, split, merged, eroded = ids[: n // 20], ids[n // 20: n // 10], ids[n // 10: n // 5], ids[n // 5: n // 2]
    nxt = int(lab.max()) + 1
    for i in removed:
        out[lab == i] = 0
    objs = ndi.find_objects(lab)
    for i in split:  # cut in two halves along x through the centroid
        sl = objs[i - 1]
        m = lab[sl] == i
        cx = int(np.round(np.nonzero(m)[1].mean()))
        sub = out[sl]
        half = np.zeros_like(m)
        half[:, cx:] = True
        sub[m & half] = nxt
        nxt += 1
    # merge: give each merged object the id of its nearest other object (by centroid)
    cents = ndi.center_of_mass(lab > 0, lab, ids)
    cmap = {int(i): np.array(c) for i, c in zip(ids, cents)}
    keep = [int(i) for i in ids if i not in set(removed.tolist())]
    kc = np.array([cmap[i] for i in keep])
    for i in merged:
        d = np.linalg.norm(kc - cmap[int(i)], axis=1)
        d[keep.index(int(i))] = np.inf
        j = keep[int(np.argmin(d))]
        out[lab == i] = j
    for i in eroded:
        m = out == i
        out[m & ~ndi.binary_erosion(m, iterations=2)] = 0
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("labels", nargs="?", default=os.path.join(SHARED, "bench-data", "nuclei2d_2048_labels.tif"))
    ap.add_argument("--out", default="/tmp/segmentij-metrics-check")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    sys.path.insert(0, os.path.join(SHARED, "peers"))
    import seg_metrics
    truth = tifffile.imread(a.labels).astype(np.int32)
    pred = perturb(truth)
    tp, pp = os.path.join(a.out, "truth.tif"), os.path.join(a.out, "pred.tif")
    tifffile.imwrite(tp, truth.astype(np.uint16))
    tifffile.imwrite(pp, pred.astype(np.uint16))
    peers = {"semantic": seg_metrics.semantic_scores(pred > 0, truth > 0)}
    for thr in (0.5, 0.75, 0.9):
        peers["instance@%.2f" % thr] = seg_metrics.match_instances(truth, pred, thr)
    js = os.path.join(a.out, "ours.json")
    subprocess.run([os.path.join(ROOT, "segmentij"), "eval", "--pred", pp, "--truth", tp, "--instances",
                    "--thresholds", "0.5,0.75,0.9", "--json", js], check=True, stdout=subprocess.DEVNULL)
    ours = json.load(open(js))
    flat = ours["summary"] if "summary" in ours else ours
    worst = 0.0
    rows = []
    for k, v in peers["semantic"].items():
        if k in flat:
            worst = max(worst, abs(flat[k] - v)); rows.append((k, v, flat[k]))
    for thr in (0.5, 0.75, 0.9):
        for k, v in peers["instance@%.2f" % thr].items():
            if k == "iou_threshold":
                continue
            key = k if k in ("n_gt", "n_pred", "ap_50_95") else "%s@%.2f" % (k, thr)
            if key in flat and (thr == 0.5 or key != k):
                worst = max(worst, abs(flat[key] - v)); rows.append((key, v, flat[key]))
    for r in rows:
        print("%-26s peers %-14.8g ours %-14.8g" % r)
    print("compared %d figures; largest absolute difference %.3g" % (len(rows), worst))
    return 0 if rows and worst <= 1e-6 else 1


if __name__ == "__main__":
    sys.exit(main())
