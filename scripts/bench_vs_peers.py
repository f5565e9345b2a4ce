#!/usr/bin/python3
"""Times SegmentIJ's thresholds beside the peers (scikit-image, OpenCV) in one run and prints ratios.

Runs `./segmentij bench` on ../shared/bench-data/nuclei2d_2048.tif, then the peers' script on the
same data, then prints each of our medians with its ratio to OpenCV and scikit-image.
Needs Debian's python3-skimage, python3-opencv, python3-sklearn, python3-tifffile.

Usage: /usr/bin/python3 scripts/bench_vs_peers.py [--repeat 15] [--out DIR]
"""
import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED = os.path.join(ROOT, "..", "shared")
IMAGE = os.path.join(SHARED, "bench-data", "nuclei2d_2048.tif")
GLOBAL = ["otsu", "default", "huang", "huang2", "intermodes", "isodata", "li", "max-entropy", "mean", "min-error",
          "minimum", "moments", "percentile", "renyi-entropy", "shanbhag", "triangle", "yen"]
LOCAL = ["local-mean", "local-niblack", "local-sauvola"]
SKIMAGE_OF = {"otsu": "otsu_skimage", "li": "threshold_li_skimage", "yen": "threshold_yen_skimage",
              "triangle": "threshold_triangle_skimage", "isodata": "threshold_isodata_skimage",
              "mean": "threshold_mean_skimage", "minimum": "threshold_minimum_skimage"}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=15)
    ap.add_argument("--warmup", type=int, default=20)
    ap.add_argument("--out", default="/tmp/segmentij-bench")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    seg = os.path.join(ROOT, "segmentij")
    ours_g, ours_l = os.path.join(a.out, "ours_global.json"), os.path.join(a.out, "ours_local.json")
    subprocess.run([seg, "bench", *GLOBAL, "-i", IMAGE, "--repeat", str(a.repeat), "--warmup", str(a.warmup), "--json", ours_g], check=True)
    subprocess.run([seg, "bench", *LOCAL, "-i", IMAGE, "--param", "radius=25", "--repeat", str(a.repeat), "--warmup", str(a.warmup),
                    "--json", ours_l], check=True)
    peers_json = os.path.join(a.out, "peers.json")
    subprocess.run(["/usr/bin/python3", os.path.join(SHARED, "peers", "peers_classical.py"),
                    "--only", "scale_16_to_8,otsu,threshold_,adaptive_,local_mean,local_gaussian", "--out", peers_json], check=True,
                   stdout=subprocess.DEVNULL)
    ours = json.load(open(ours_g))
    ours.update(json.load(open(ours_l)))
    peers = json.load(open(peers_json))
    cv_otsu = peers["otsu_cv2_8bit"]["median_ms"]
    cv_mean = peers["adaptive_mean_cv2_8bit"]["median_ms"]
    sk_otsu = peers["otsu_skimage"]["median_ms"]
    print("peers: cv2 8-bit Otsu %.2f ms, cv2 adaptive mean %.2f ms, skimage Otsu %.2f ms, skimage local mean %.0f ms" % (
        cv_otsu, cv_mean, sk_otsu, peers.get("local_mean_skimage", {}).get("median_ms", float("nan"))))
    print("%-16s %9s %12s %14s %s" % ("id", "median_ms", "/ cv2 ref", "/ skimage", "threshold / fg"))
    for k, v in ours.items():
        med = v["median_ms"]
        if k.startswith("local-"):
            ref, sk = cv_mean, peers.get("local_mean_skimage", {}).get("median_ms")
        else:
            ref, sk = cv_otsu, peers.get(SKIMAGE_OF.get(k, "otsu_skimage"), {}).get("median_ms", sk_otsu)
        summ = v.get("output_summary", {})
        print("%-16s %9.2f %12.2f %14.3f %s / %.4f" % (k, med, med / ref, med / sk if sk else float("nan"),
                                                     summ.get("threshold", "-"), summ.get("fg_fraction", float("nan"))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
