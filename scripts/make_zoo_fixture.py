#!/usr/bin/python3
"""Writes the BioImage Model Zoo test fixture under src/test/resources/zoo/tiny/:
a 2-layer conv net (fixed seed) traced to TorchScript (weights.pt), a test input and the output
recorded for it (float32 .npy), and rdf.yaml describing axes and pre-processing.
Run with Debian's python3-torch:  /usr/bin/python3 scripts/make_zoo_fixture.py"""
import hashlib
import os

import numpy as np
import torch

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test", "resources", "zoo", "tiny")
os.makedirs(out, exist_ok=True)
torch.manual_seed(0)
net = torch.nn.Sequential(
    torch.nn.Conv2d(1, 4, 3, padding=1),
    torch.nn.ReLU(),
    torch.nn.Conv2d(4, 2, 3, padding=1),
).eval()

rng = np.random.default_rng(0)
raw = (rng.random((1, 1, 40, 48)) * 1000 + 100).astype(np.float32)   # b c y x
# rdf pre-processing: zero_mean_unit_variance per sample over x and y
eps = 1e-6
x = (raw - raw.mean(axis=(2, 3), keepdims=True)) / (raw.std(axis=(2, 3), keepdims=True) + eps)
with torch.no_grad():
    traced = torch.jit.trace(net, torch.from_numpy(x.astype(np.float32)))
    y = traced(torch.from_numpy(x.astype(np.float32))).numpy().astype(np.float32)
traced.save(os.path.join(out, "weights.pt"))
np.save(os.path.join(out, "test_input.npy"), raw)
np.save(os.path.join(out, "test_output.npy"), y)
sha = hashlib.sha256(open(os.path.join(out, "weights.pt"), "rb").read()).hexdigest()

rdf = f"""# A tiny test model in the BioImage Model Zoo format (written by scripts/make_zoo_fixture.py)
format_version: 0.4.10
type: model
name: tiny-zoo
description: "Two 3x3 convolutions, random weights (seed 0); a test fixture, not a useful model"
authors:
  - name: SegmentIJ tests
license: MIT
tags: [test, segmentation]
inputs:
  - name: raw
    axes: bcyx
    data_type: float32
    shape:
      min: [1, 1, 8, 8]
      step: [0, 0, 8, 8]
    preprocessing:
      - name: zero_mean_unit_variance
        kwargs:
          mode: per_sample
          axes: xy
          eps: 1.0e-6
outputs:
  - name: logits
    axes: bcyx
    data_type: float32
    shape:
      reference_tensor: raw
      scale: [1, 0, 1, 1]
      offset: [0, 1, 0, 0]   # two channels out: 1 * 0 + 2 * 1
    halo: [0, 0, 4, 4]
test_inputs: [test_input.npy]
test_outputs: [test_output.npy]
weights:
  torchscript:
    source: weights.pt
    sha256: {sha}
    pytorch_version: "{torch.__version__.split('a')[0]}"
"""
with open(os.path.join(out, "rdf.yaml"), "w") as f:
    f.write(rdf)
print("wrote", out, y.shape)
