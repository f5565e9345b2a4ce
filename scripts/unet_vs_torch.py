#!/usr/bin/python3
"""Our DJL U-Net beside the PyTorch reference U-Net of ../shared/peers/peers_deep.py, interleaved.

Each round times PyTorch (the peers' UNet class itself, eval + inference_mode; one training step
of CE + soft Dice with Adam) and then our org.segmentij.bench.UNetBench in a fresh JVM, at the
same thread count, and prints per-round ratios ours / PyTorch for wall time and for process CPU
time. On a busy shared machine, wall times swing with the load; CPU time at --threads 1 measures
the work done and is the steadier comparison.

Usage: /usr/bin/python3 scripts/unet_vs_torch.py [--rounds 2] [--n 7] [--threads 1] [--no-train]
(build first: mvn -o -DskipTests test-compile)
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "..", "shared", "peers"))
import torch  # noqa: E402
from peers_deep import UNet, dice_ce_loss  # noqa: E402


def timed(fn, n, warmup=2):
    for _ in range(warmup):
        fn()
    wall, cpu = [], []
    for _ in range(n):
        c0, t0 = time.process_time(), time.perf_counter()
        fn()
        wall.append((time.perf_counter() - t0) * 1e3)
        cpu.append((time.process_time() - c0) * 1e3)
    return {"median_ms": statistics.median(wall), "cpu_median_ms": statistics.median(cpu)}


def torch_round(n, train):
    out = {}
    for name, depth, base in [("unet_d4_b32", 4, 32), ("unet_d3_b16", 3, 16)]:
        torch.manual_seed(0)
        model = UNet(depth=depth, base=base).eval()
        res = {"params": sum(p.numel() for p in model.parameters())}
        g = torch.Generator().manual_seed(1)
        for size in (512, 256):
            x = torch.rand(1, 1, size, size, generator=g) * 4 - 2

            def run(x=x):
                with torch.inference_mode():
                    return model(x)
            res[f"inference_1x1x{size}x{size}"] = timed(run, n)
        if train:
            model.train()
            opt = torch.optim.Adam(model.parameters(), lr=1e-3)
            xb = torch.randn(4, 1, 128, 128, generator=g)
            yb = (torch.rand(4, 128, 128, generator=g) > 0.8).long()

            def step():
                opt.zero_grad(set_to_none=True)
                loss, _, _ = dice_ce_loss(model(xb), yb)
                loss.backward()
                opt.step()
            res["train_step_4x1x128x128"] = timed(step, n)
        out[name] = res
    return out


def java_round(n, threads, train):
    cpf = os.path.join(ROOT, "target", "cp.txt")
    if not os.path.exists(cpf):
        subprocess.run(["mvn", "-B", "-q", "-o", "dependency:build-classpath", f"-Dmdep.outputFile={cpf}"], cwd=ROOT, check=True)
    cp = open(cpf).read().strip()
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        path = f.name
    env = dict(os.environ, OMP_NUM_THREADS=str(threads))
    cmd = ["java", "-Dai.djl.offline=true", f"-Dai.djl.pytorch.num_threads={threads}", "-Dai.djl.pytorch.num_interop_threads=1",
           "-cp", f"{ROOT}/target/classes:{ROOT}/target/test-classes:{cp}", "org.segmentij.bench.UNetBench", "--n", str(n), "--json", path]
    if not train:
        cmd.append("--no-train")
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(path) as f:
        return json.load(f)["models"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--n", type=int, default=7)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--no-train", action="store_true")
    ap.add_argument("--out")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    rounds = []
    for r in range(args.rounds):
        t = torch_round(args.n, not args.no_train)
        j = java_round(args.n, args.threads, not args.no_train)
        rounds.append({"torch": t, "ours": j, "time": time.strftime("%H:%M:%S"), "load": os.getloadavg()[0]})
        for model in t:
            assert t[model]["params"] == j[model]["params"], (model, t[model]["params"], j[model]["params"])
            for key in t[model]:
                if key == "params":
                    continue
                a, b = j[model][key], t[model][key]
                print(f"round {r} load {os.getloadavg()[0]:5.1f} {model} {key:24s} ours {a['median_ms']:8.1f} ms "
                      f"torch {b['median_ms']:8.1f} ms  wall ratio {a['median_ms'] / b['median_ms']:5.2f}  "
                      f"cpu ours {a['cpu_median_ms']:8.1f} torch {b['cpu_median_ms']:8.1f} cpu ratio "
                      f"{a['cpu_median_ms'] / b['cpu_median_ms']:5.2f}", flush=True)
    if args.out:
        with open(args.out, "w") as f:
            json.dump({"threads": args.threads, "torch": torch.__version__, "rounds": rounds}, f, indent=1)


if __name__ == "__main__":
    main()
