#!/usr/bin/env python3
"""BSDS500 accuracy table: SegmentIJ's segmentations and their scikit-image / OpenCV peers,
all scored by the same evaluator (`./segmentij eval --partitions --more-truths`).

For the first N images of a split (sorted by name) it
  1. runs each SegmentIJ technique named on the command line with `./segmentij batch`
     (a technique that is not installed is skipped with a message),
  2. runs the peers in this process and writes their label images as 16-bit TIFFs,
  3. scores every label image against all human segmentations of its image with
     `./segmentij eval --pred P --truth seg0 --more-truths seg1,... --partitions --json`,
  4. prints a markdown table (mean over the images): probabilistic Rand index (PRI, higher is
     better), mean variation of information over the truths (VI, nats, lower is better),
     segmentation covering of the truths by the prediction (BSDS500 pooled, higher is better),
     regions per image, and seconds per image.

Usage (from the repository root):
  /usr/bin/python3 scripts/bsds_eval.py [-n 20] [--split val] [--jobs 2] \
      [felzenszwalb mean-shift:min_size=100 kmeans:clusters=4 split-and-merge ncut ...]

A technique is `id` or `id:key=value,key=value`. Parameters a technique does not list are
dropped with a message. Peers: --peers skimage-felzenszwalb,cv2-meanshift,cv2-kmeans,slic-ncut
(default all; --peers none for none).
"""
import argparse
import concurrent.futures as cf
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SEGMENTIJ = str(ROOT / "segmentij")
BSDS = Path("/work/shared/realdata/bsds500")

DEFAULT_TECHNIQUES = ["felzenszwalb", "mean-shift:sp=10,sr=20,max_level=1,min_size=0",
                      "mean-shift:sp=10,sr=20,max_level=1,min_size=100", "kmeans:clusters=4",
                      "split-and-merge", "ncut"]
PEERS = ["skimage-felzenszwalb", "cv2-meanshift", "cv2-kmeans", "slic-ncut"]


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def installed_techniques():
    out = subprocess.run([SEGMENTIJ, "list", "--json"], capture_output=True, text=True, check=True).stdout
    data = json.loads(out)
    items = data if isinstance(data, list) else data.get("techniques", [])
    return {t["id"]: {p["key"] for p in t.get("parameters", [])} for t in items}


def parse_technique(spec):
    tid, _, rest = spec.partition(":")
    params = {}
    for kv in filter(None, rest.split(",")):
        k, _, v = kv.partition("=")
        params[k.strip()] = v.strip()
    return tid, params


def run_ours(spec, known, images_dir, out_root):
    tid, params = parse_technique(spec)
    if tid not in known:
        log(f"skipping {tid}: not a technique of this build (./segmentij list)")
        return None
    for k in list(params):
        if k not in known[tid]:
            log(f"{tid}: dropping unknown parameter {k}")
            del params[k]
    label = tid + ("(" + ",".join(f"{k}={v}" for k, v in params.items()) + ")" if params else "")
    out = out_root / ("ours_" + spec.replace(":", "_").replace(",", "_").replace("=", "-"))
    cmd = [SEGMENTIJ, "batch", tid, "-i", str(images_dir), "-o", str(out)]
    for k, v in params.items():
        cmd += ["--param", f"{k}={v}"]
    t0 = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True)
    secs = time.perf_counter() - t0
    if r.returncode not in (0, 4):
        log(f"{tid} failed: {r.stderr.strip()[-400:]}")
        return None
    return {"label": "SegmentIJ " + label, "dir": out, "seconds_total": secs, "note": "batch, JVM start included"}


def peer_segment(name, rgb):
    import cv2
    from skimage import segmentation
    if name == "skimage-felzenszwalb":
        return segmentation.felzenszwalb(rgb, scale=100, sigma=0.8, min_size=50) + 1
    if name == "cv2-meanshift":
        bgr = np.ascontiguousarray(rgb[..., ::-1])
        f = cv2.pyrMeanShiftFiltering(bgr, sp=10, sr=20, maxLevel=1).astype(np.int32)
        return group_modes(f, 20 / 2)
    if name == "cv2-kmeans":
        x = rgb.reshape(-1, 3).astype(np.float32)
        cv2.setRNGSeed(0)
        crit = (cv2.TERM_CRITERIA_EPS | cv2.TERM_CRITERIA_MAX_ITER, 100, 0.01)
        _, lab, _ = cv2.kmeans(x, 4, None, crit, 1, cv2.KMEANS_PP_CENTERS)
        return lab.reshape(rgb.shape[:2]) + 1
    if name == "slic-ncut":
        from skimage import graph
        if not hasattr(graph, "rag_mean_color"):  # scikit-image < 0.20
            from skimage.future import graph
        sp = segmentation.slic(rgb, n_segments=400, compactness=30, start_label=1)
        rag = graph.rag_mean_color(rgb, sp, mode="similarity")
        return graph.cut_normalized(sp, rag) + 1
    raise ValueError(name)


def group_modes(f, join):
    """4-connected pixels whose filtered colours are within `join` (Euclidean), transitively:
    the grouping rule of SegmentIJ's mean-shift, written with scipy."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components
    h, w, _ = f.shape
    idx = np.arange(h * w).reshape(h, w)
    rows, cols = [], []
    for a, b, fa, fb in ((idx[:, :-1], idx[:, 1:], f[:, :-1], f[:, 1:]), (idx[:-1], idx[1:], f[:-1], f[1:])):
        close = ((fa - fb) ** 2).sum(-1) <= join * join
        rows.append(a[close])
        cols.append(b[close])
    r, c = np.concatenate(rows), np.concatenate(cols)
    g = coo_matrix((np.ones(len(r), np.int8), (r, c)), shape=(h * w, h * w))
    _, lab = connected_components(g, directed=False)
    return lab.reshape(h, w) + 1


def run_peer(name, images, out_root):
    import tifffile
    from skimage import io
    out = out_root / ("peer_" + name)
    out.mkdir(parents=True, exist_ok=True)
    secs = 0.0
    for img in images:
        rgb = io.imread(img)
        t0 = time.perf_counter()
        lab = peer_segment(name, rgb)
        secs += time.perf_counter() - t0
        lab = np.asarray(lab)
        dtype = np.uint16 if lab.max() < 65536 else np.float32
        tifffile.imwrite(out / (img.stem + ".tif"), lab.astype(dtype))
    return {"label": name, "dir": out, "seconds_total": secs, "note": "in-process, segmentation only"}


def truths(stem, split):
    return sorted((BSDS / "masks" / split).glob(f"{stem}_seg*.png"), key=lambda p: int(p.stem.rsplit("seg", 1)[1]))


def evaluate(pred, ts, out_json):
    cmd = [SEGMENTIJ, "eval", "--pred", str(pred), "--truth", str(ts[0]), "--partitions", "--json", str(out_json)]
    if len(ts) > 1:
        cmd += ["--more-truths", ",".join(str(t) for t in ts[1:])]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        return None, r.stderr.strip()[-300:]
    m = json.loads(Path(out_json).read_text())["files"][0]["metrics"]
    return m, None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("techniques", nargs="*", help="SegmentIJ technique ids, optionally id:key=value,...")
    ap.add_argument("-n", type=int, default=20, help="first N images of the split (default 20)")
    ap.add_argument("--split", default="val")
    ap.add_argument("--peers", default=",".join(PEERS))
    ap.add_argument("--jobs", type=int, default=2, help="parallel eval processes")
    ap.add_argument("--work", help="working folder (default: a temporary one)")
    a = ap.parse_args()
    techniques = a.techniques or DEFAULT_TECHNIQUES
    peers = [] if a.peers in ("", "none") else a.peers.split(",")
    work = Path(a.work) if a.work else Path(tempfile.mkdtemp(prefix="bsds_eval_"))
    images = sorted((BSDS / "images" / a.split).glob("*.jpg"))[: a.n]
    if not images:
        sys.exit(f"no images in {BSDS / 'images' / a.split}")
    in_dir = work / "images"
    in_dir.mkdir(parents=True, exist_ok=True)
    for img in images:
        link = in_dir / img.name
        if not link.exists():
            link.symlink_to(img)
    log(f"{len(images)} images of {a.split}; working in {work}")
    known = installed_techniques()
    runs = []
    for spec in techniques:
        log(f"running {spec} ...")
        r = run_ours(spec, known, in_dir, work)
        if r:
            runs.append(r)
    for p in peers:
        log(f"running peer {p} ...")
        runs.append(run_peer(p, images, work))
    jobs = []
    for r in runs:
        for img in images:
            pred = r["dir"] / (img.stem + ".tif")
            jobs.append((r, img, pred))
    results = {id(r): [] for r in runs}
    log(f"evaluating {len(jobs)} label images ...")

    def one(job):
        r, img, pred = job
        if not pred.exists():
            return r, None, f"no output for {img.name}"
        ts = truths(img.stem, a.split)
        m, err = evaluate(pred, ts, work / "eval" / (r["dir"].name + "_" + img.stem + ".json"))
        if m is not None:
            import tifffile
            m["regions"] = int(len(np.unique(tifffile.imread(pred))))
        return r, m, err

    (work / "eval").mkdir(exist_ok=True)
    with cf.ThreadPoolExecutor(max(1, a.jobs)) as ex:
        for r, m, err in ex.map(one, jobs):
            if m is None:
                log(f"{r['label']}: {err}")
            else:
                results[id(r)].append(m)
    print(f"BSDS500 {a.split}, first {len(images)} images, each against all its human segmentations "
          f"(`segmentij eval --partitions --more-truths`).\n")
    print("| method | PRI ↑ | VI ↓ (nats) | covering ↑ | regions/image | s/image | images |")
    print("|---|---|---|---|---|---|---|")
    for r in runs:
        ms = results[id(r)]
        if not ms:
            print(f"| {r['label']} | – | – | – | – | – | 0 |")
            continue
        mean = lambda k: float(np.mean([m[k] for m in ms]))
        print(f"| {r['label']} | {mean('probabilistic_rand_index'):.3f} | {mean('mean_vi'):.3f} | "
              f"{mean('covering_pooled'):.3f} | {mean('regions'):.0f} | {r['seconds_total'] / len(images):.2f} | {len(ms)} |")
    print("\ns/image: SegmentIJ from one `segmentij batch` run (JVM start and image I/O included); "
          "peers in-process, segmentation only.")


if __name__ == "__main__":
    main()
