#!/usr/bin/python3
"""The distance-transform watershed pipeline in 3D: SegmentIJ beside scikit-image on the 3D bench stack.

scikit-image's pipeline is the peers' 2D one (../shared/peers/peers_classical.py, ws_stages) run on the
volume: Otsu, exact EDT, peak_local_max(min_distance=MIN_DIST) within the connected parts, watershed of
-EDT within the mask. Ours: `./segmentij run pipelines/nuclei.pipeline`. Both are scored by the peers'
seg_metrics.match_instances against the exact labels, and timed (wall clock of the whole pipeline; ours
in-process via `./segmentij bench`, warm).

Usage: /usr/bin/python3 scripts/pipeline3d_vs_skimage.py [--min-distance 5] [--out /tmp/p3d]
"""
import argparse, json, os, subprocess, sys, time
import numpy as np, tifffile
from scipy import ndimage as ndi
from skimage import feature, filters, measure, segmentation

HERE = os.path.dirname(os.path.abspath(__file__)); ROOT = os.path.dirname(HERE)
SHARED = os.path.join(ROOT, "..", "shared")
sys.path.insert(0, os.path.join(SHARED, "peers"))
from seg_metrics import match_instances  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--min-distance", type=int, default=10, help="peak_local_max min_distance (the 2D peer's is 10)")
ap.add_argument("--out", default="/tmp/p3d")
ap.add_argument("--repeat", type=int, default=3)
a = ap.parse_args()
os.makedirs(a.out, exist_ok=True)
img_p = os.path.join(SHARED, "bench-data", "stack3d_256x256x64.tif")
gt = tifffile.imread(os.path.join(SHARED, "bench-data", "stack3d_256x256x64_labels.tif"))
vol = tifffile.imread(img_p)


def sk():
    t = filters.threshold_otsu(vol)
    m = vol > t
    dist = ndi.distance_transform_edt(m)
    cc = measure.label(m, connectivity=3)
    coords = feature.peak_local_max(dist, min_distance=a.min_distance, labels=cc, exclude_border=False)
    markers = np.zeros(m.shape, np.int32)
    markers[tuple(coords.T)] = np.arange(1, len(coords) + 1)
    return segmentation.watershed(-dist, markers, mask=m)


times = []
for _ in range(a.repeat):
    t0 = time.perf_counter(); lab = sk(); times.append((time.perf_counter() - t0) * 1e3)
sk_ms = float(np.median(times))
seg = os.path.join(ROOT, "segmentij")
ours_p = os.path.join(a.out, "ours.tif")
pipe = os.path.join(ROOT, "pipelines", "nuclei.pipeline")
subprocess.run([seg, "run", pipe, "-i", img_p, "-o", ours_p], check=True, stdout=subprocess.DEVNULL)
bj = os.path.join(a.out, "bench.json")
subprocess.run([seg, "bench", pipe, "-i", img_p, "--repeat", str(max(5, a.repeat)), "--json", bj], check=True,
               stdout=subprocess.DEVNULL)
ours_ms = list(json.load(open(bj)).values())[0]["median_ms"]
ours = tifffile.imread(ours_p)
rows = [("scikit-image (min_distance %d)" % a.min_distance, lab, sk_ms), ("SegmentIJ nuclei.pipeline", ours, ours_ms)]
print("%-32s %7s %6s %6s %6s %9s %9s" % ("pipeline", "objects", "F1", "AP", "mIoU", "ms", "ratio"))
for name, l, ms in rows:
    r = match_instances(gt, l, 0.5)
    print("%-32s %7d %6.4f %6.4f %6.4f %9.1f %9.2f" % (name, r["n_pred"], r["f1"], r["ap"], r["mean_matched_iou"], ms,
                                                      ms / sk_ms))
