#!/usr/bin/python3
"""Writes the SAM-family test fixture under src/test/resources/sam/tiny/: a TINY image encoder and
a TINY prompt/mask decoder with exactly the signature of Segment Anything's ONNX-style decoder
export, random weights (seed 0), saved as TorchScript, a sam.json describing them, a decoder with
the wrong signature (bad_decoder.pt) for the error test, and the outputs recorded for a few
prompts (float32 .npy). Not a useful model: it only has SAM's inputs and outputs.

Run with Debian's python3-torch:  /usr/bin/python3 scripts/make_sam_fixture.py

The test images are not stored: both this script and SamTorchScriptModelTest compute them with
the integer formula in image() below. The prompts are the same in both files.

Pre-processing (what SamTorchScriptModel does in Java, written here with torch's own ops):
gray -> 3 equal channels, resize so that the longest side is input_size (bilinear with
antialiasing, as PIL and F.interpolate(antialias=True)), normalise with pixel_mean/pixel_std
(0..255 scale), pad bottom/right with zeros to input_size x input_size.
"""
import json
import os

import numpy as np
import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test", "resources", "sam", "tiny")
S = 256          # input_size (SAM: 1024)
PATCH = 16       # encoder stride (SAM's ViT: 16) -> embedding S/16 = 16 (SAM: 64)
C = 8            # embedding channels (SAM: 256)
G = S // PATCH   # embedding side
M = 4 * G        # low-res mask side (SAM: 256 = 4 x 64)
K = 3            # masks per prompt (SAM multimask: 3 or 4)
MEAN = [123.675, 116.28, 103.53]
STD = [58.395, 57.12, 57.375]


def image(w, h):
    """The test image, integer gray values 0..255 (0 at (0,0) and 255 at (1,0)); [h, w]."""
    y, x = np.mgrid[0:h, 0:w].astype(np.int64)
    v = (x * 7 + y * 13 + ((x * y) % 31) * 3) % 256
    v[0, 0] = 0
    v[0, 1] = 255
    return v.astype(np.float32)


def preprocess(gray):
    h, w = gray.shape
    scale = S * 1.0 / max(h, w)
    newh, neww = int(h * scale + 0.5), int(w * scale + 0.5)
    x = torch.from_numpy(gray)[None, None].expand(1, 3, h, w).contiguous()
    x = F.interpolate(x, size=(newh, neww), mode="bilinear", align_corners=False, antialias=True)
    x = (x - torch.tensor(MEAN).view(1, 3, 1, 1)) / torch.tensor(STD).view(1, 3, 1, 1)
    return F.pad(x, (0, S - neww, 0, S - newh)), (newh, neww)


class TinyEncoder(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.patch = torch.nn.Conv2d(3, C, PATCH, stride=PATCH)
        self.mix = torch.nn.Conv2d(C, C, 3, padding=1)

    def forward(self, x):
        return self.mix(torch.tanh(self.patch(x)))


class TinyDecoder(torch.nn.Module):
    """SAM's ONNX decoder signature: (image_embeddings [1,C,G,G], point_coords [1,N,2] in the
    resized input frame, point_labels [1,N] (1 positive, 0 negative, 2/3 box corners, -1 padding),
    mask_input [1,1,M,M], has_mask_input [1], orig_im_size [2] = (h, w)) ->
    (masks [1,K,h,w], iou_predictions [1,K], low_res_masks [1,K,M,M]), masks upscaled as SAM's
    mask_postprocessing does."""

    def __init__(self):
        super().__init__()
        self.point_proj = torch.nn.Conv2d(4, C, 1)
        self.mask_down = torch.nn.Conv2d(1, C, 4, stride=4)
        self.head = torch.nn.Conv2d(C, K, 3, padding=1)
        self.iou = torch.nn.Linear(C, K)
        self.g, self.s = G, S      # attributes: TorchScript does not read module globals

    def forward(self, image_embeddings, point_coords, point_labels, mask_input, has_mask_input, orig_im_size):
        cells = (torch.arange(self.g, dtype=torch.float32) + 0.5) * (self.s / self.g)
        p = point_coords[0] + 0.5                                     # SAM shifts to the pixel centre
        dx = p[:, 0].view(-1, 1, 1) - cells.view(1, 1, self.g)
        dy = p[:, 1].view(-1, 1, 1) - cells.view(1, self.g, 1)
        bumps = torch.exp(-(dx * dx + dy * dy) / (2.0 * 24.0 * 24.0)).view(-1, self.g * self.g)   # [N, self.g*self.g]
        lab = point_labels[0]
        sel = torch.stack([(lab == 1.0).float(), (lab == 0.0).float(), (lab == 2.0).float(), (lab == 3.0).float()])
        planes = torch.matmul(sel, bumps).view(1, 4, self.g, self.g)           # padding points (-1) add nothing
        x = image_embeddings + 3.0 * self.point_proj(planes) + has_mask_input.view(1, 1, 1, 1) * self.mask_down(mask_input)
        x = torch.tanh(x)
        low = 4.0 * F.interpolate(self.head(x), scale_factor=4.0, mode="bilinear", align_corners=False)
        iou = torch.sigmoid(self.iou(x.mean(dim=(2, 3))))
        # SAM's mask_postprocessing: to the input frame, crop the padding, to the original size
        masks = F.interpolate(low, size=(self.s, self.s), mode="bilinear", align_corners=False)
        pre = torch.floor(orig_im_size * (self.s / torch.max(orig_im_size)) + 0.5).to(torch.int64)
        masks = masks[:, :, : int(pre[0]), : int(pre[1])]
        masks = F.interpolate(masks, size=(int(orig_im_size[0]), int(orig_im_size[1])), mode="bilinear", align_corners=False)
        return masks, iou, low


class BadDecoder(torch.nn.Module):
    """Not SAM's signature: three inputs, one output."""

    def forward(self, image_embeddings, point_coords, point_labels):
        return image_embeddings.mean() + point_coords.sum() + point_labels.sum()


def decoder_inputs(positives, negatives, box, shape, newhw, mask_input=None):
    """SAM's ONNX-example prompt encoding: coordinates scaled into the resized frame, box corners
    labelled 2 and 3, otherwise one padding point (0, 0) labelled -1."""
    h, w = shape
    newh, neww = newhw
    sx, sy = neww / w, newh / h
    pts = [(x * sx, y * sy, 1.0) for x, y in positives] + [(x * sx, y * sy, 0.0) for x, y in negatives]
    if box is not None:
        pts += [(box[0] * sx, box[1] * sy, 2.0), (box[2] * sx, box[3] * sy, 3.0)]
    else:
        pts += [(0.0, 0.0, -1.0)]
    coords = torch.tensor([[[p[0], p[1]] for p in pts]], dtype=torch.float32)
    labels = torch.tensor([[p[2] for p in pts]], dtype=torch.float32)
    has = torch.tensor([0.0 if mask_input is None else 1.0])
    mi = torch.zeros(1, 1, M, M) if mask_input is None else mask_input
    return coords, labels, mi, has, torch.tensor([float(h), float(w)])


def prob_to_mask_input(prob, newhw):
    """A probability map of the original size -> mask_input logits (what SamTorchScriptModel does
    with a previous map it did not make): resize to the resized frame, pad with 0 to S x S,
    resize to M x M (antialiased bilinear), logit of the value clamped to [1e-3, 1 - 1e-3]."""
    newh, neww = newhw
    p = torch.from_numpy(prob)[None, None]
    p = F.interpolate(p, size=(newh, neww), mode="bilinear", align_corners=False, antialias=True)
    p = F.pad(p, (0, S - neww, 0, S - newh))
    p = F.interpolate(p, size=(M, M), mode="bilinear", align_corners=False, antialias=True)
    p = p.clamp(1e-3, 1 - 1e-3)
    return torch.log(p / (1 - p))


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(0)
    enc, dec = TinyEncoder().eval(), TinyDecoder().eval()
    with torch.no_grad():
        for p in dec.parameters():   # larger weights: outputs that vary over the image
            p.mul_(2.0)
        enc_ts = torch.jit.trace(enc, torch.zeros(1, 3, S, S))
        dec_ts = torch.jit.script(dec)
        bad_ts = torch.jit.script(BadDecoder())
    enc_ts.save(os.path.join(OUT, "encoder.pt"))
    dec_ts.save(os.path.join(OUT, "decoder.pt"))
    bad_ts.save(os.path.join(OUT, "bad_decoder.pt"))

    def save(name, t):
        np.save(os.path.join(OUT, name), np.ascontiguousarray(t.detach().numpy().astype(np.float32)))

    def best(out):
        masks, iou, low = out
        b = int(torch.argmax(iou[0]))
        return torch.sigmoid(masks[0, b]), low[0:1, b:b + 1], b

    with torch.no_grad():
        # case a: 90 x 60 (upscaled), a positive and a negative point
        img = image(90, 60)
        x, newhw = preprocess(img)
        emb = enc_ts(x)
        save("emb_a.npy", emb)
        out = dec_ts(emb, *decoder_inputs([(30, 20)], [(70, 40)], None, img.shape, newhw))
        prob_a, low_a, b = best(out)
        save("prob_a.npy", prob_a)
        save("iou_a.npy", out[1])
        # a2: a refining click (positive at 50, 30) with the low-res logits of a's best mask
        out = dec_ts(emb, *decoder_inputs([(30, 20), (50, 30)], [(70, 40)], None, img.shape, newhw, low_a))
        save("prob_a2.npy", best(out)[0])
        # b: a box prompt
        out = dec_ts(emb, *decoder_inputs([], [], (10, 5, 60, 45), img.shape, newhw))
        save("prob_b.npy", best(out)[0])
        # d: a previous probability map SegmentIJ did not make (a soft disc), and a point
        yy, xx = np.mgrid[0:60, 0:90].astype(np.float64)
        disc = (1.0 / (1.0 + np.exp((np.hypot(xx - 45, yy - 30) - 20.0) / 2.0))).astype(np.float32)
        mi = prob_to_mask_input(disc, newhw)
        out = dec_ts(emb, *decoder_inputs([(45, 30)], [], None, img.shape, newhw, mi))
        save("prob_d.npy", best(out)[0])
        # case c: 300 x 200 (downscaled with antialiasing): the embedding only
        xc, _ = preprocess(image(300, 200))
        save("emb_c.npy", enc_ts(xc))

    sam = {
        "format": "segmentij-sam",
        "format_version": 1,
        "name": "tiny-sam",
        "description": "A tiny random encoder/decoder pair with SAM's signature (scripts/make_sam_fixture.py); a test fixture, not a useful model",
        "encoder": "encoder.pt",
        "decoder": "decoder.pt",
        "input_size": S,
        "pixel_mean": MEAN,
        "pixel_std": STD,
        "input_range": "auto",
        "gray_to_rgb": "replicate",
        "embedding_shape": [C, G, G],
        "mask_input_size": M,
        "decoder_inputs": ["image_embeddings", "point_coords", "point_labels", "mask_input", "has_mask_input", "orig_im_size"],
        "decoder_outputs": ["masks", "iou_predictions", "low_res_masks"],
        "mask_threshold": 0.0,
        "mask_selection": "best_iou",
    }
    with open(os.path.join(OUT, "sam.json"), "w") as f:
        json.dump(sam, f, indent=2)
        f.write("\n")
    total = sum(os.path.getsize(os.path.join(OUT, n)) for n in os.listdir(OUT))
    print("wrote", OUT, "best mask of a:", b, "total bytes:", total, "torch", torch.__version__)


if __name__ == "__main__":
    main()
