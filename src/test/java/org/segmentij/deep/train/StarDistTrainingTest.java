package org.segmentij.deep.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.segmentij.UsageException;
import org.segmentij.deep.losses.StarDistLoss;
import org.segmentij.deep.nets.NetConfig;
import org.segmentij.deep.nets.Networks;
import org.segmentij.deep.nets.SegmentationNetwork;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

/** StarDist training targets (analytic disk, rotation equivariance through the augmentation), the loss by hand, partial init. */
class StarDistTrainingTest {

	private static Sample sample(int[] labels, int w, int h) {
		return new Sample("t", new float[w * h], 1, w, h, labels);
	}

	@Test
	void diskTargetHasTheRadiusOnEveryRayAtTheCentre() {
		int w = 41, h = 41, cx = 20, cy = 20, r = 8, n = 32;
		int[] lab = new int[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r)
					lab[y * w + x] = 3;
		float[] t = StarDistTraining.target(sample(lab, w, h), n);
		int plane = w * h, c = cy * w + cx;
		assertEquals(1f, t[c], 1e-6, "probability target at the centre");
		for (int k = 0; k < n; k++) {
			double d = t[(1 + k) * plane + c];
			// the pixelated disk's border (the edges of pixels whose centres are within r) lies within
			// half a pixel diagonal of the circle of radius r
			assertTrue(Math.abs(d - r) <= 0.5 * Math.sqrt(2) + 1e-6, "ray " + k + ": " + d);
		}
		// along the axes the last pixel of the disk is (cx +- 8, cy): the ray leaves it at its edge, 8.5
		for (int k : new int[] { 0, n / 4, n / 2, 3 * n / 4 })
			assertEquals(r + 0.5, t[(1 + k) * plane + c], 1e-6, "axis ray " + k);
		// background: probability 0, distances 0; probability decreases away from the centre
		assertEquals(0f, t[0]);
		for (int k = 0; k < n; k++)
			assertEquals(0f, t[(1 + k) * plane]);
		assertTrue(t[c + 4] < t[c] && t[c + 7] < t[c + 4] && t[c + 7] > 0);
	}

	@Test
	void pixelsOutsideTheImageAreIgnoredAndEndObjects() {
		int w = 10, h = 6, n = 8;
		int[] lab = new int[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				lab[y * w + x] = x < 3 ? Sample.IGNORE : x < 7 ? 1 : 0;
		float[] t = StarDistTraining.target(sample(lab, w, h), n);
		int plane = w * h;
		for (int y = 0; y < h; y++) {
			assertEquals(-1f, t[y * w], "ignored pixel");
			assertEquals(-1f, t[y * w + 2]);
			// pixel (3, y): the object starts there; its ray pointing to -x (k = n/2) leaves at once, 0.5
			assertEquals(0.5, t[(1 + n / 2) * plane + y * w + 3], 1e-6);
			// and pointing to +x it crosses x = 3..6: 3.5
			assertEquals(3.5, t[(1 + 0) * plane + y * w + 3], 1e-6);
		}
	}

	/** Rotates a w x w array by 90 degrees: (x, y) -> (w - 1 - y, x); a direction at angle phi goes to phi + 90 degrees. */
	private static int[] rot(int[] a, int w) {
		int[] o = new int[a.length];
		for (int y = 0; y < w; y++)
			for (int x = 0; x < w; x++)
				o[x * w + (w - 1 - y)] = a[y * w + x];
		return o;
	}

	private static int rotIndex(int i, int w) {
		int x = i % w, y = i / w;
		return x * w + (w - 1 - y);
	}

	@Test
	void augmentedCropsGetTheTargetsOfTheirOwnGeometry() {
		int w = 48, n = 16;
		int[] lab = new int[w * w];
		for (int y = 0; y < w; y++)
			for (int x = 0; x < w; x++) {
				double u = (x - 17.3) / 11, v = (y - 21.6) / 6;
				if (u * u + v * v <= 1)
					lab[y * w + x] = 1;
				else if ((x - 36) * (x - 36) + (y - 10) * (y - 10) <= 30)
					lab[y * w + x] = 2;
			}
		float[] t0 = StarDistTraining.target(sample(lab, w, w), n);
		int plane = w * w;
		Augmentation rotOnly = new Augmentation(false, true, 0, 16, 0, 0, 0);
		Set<Integer> seen = new HashSet<>();
		SplittableRandom rng = new SplittableRandom(5);
		for (int trial = 0; trial < 40 && seen.size() < 4; trial++) {
			Sample a = rotOnly.apply(sample(lab, w, w), w, w, rng);
			int r = -1;
			int[] cur = lab;
			for (int k = 0; k < 4; k++, cur = rot(cur, w))
				if (java.util.Arrays.equals(cur, a.target()))
					r = k;
			assertTrue(r >= 0, "the augmented labels are a rotation of the input");
			seen.add(r);
			float[] ta = StarDistTraining.target(a, n);
			for (int i = 0; i < plane; i++) {
				int j = i;
				for (int k = 0; k < r; k++)
					j = rotIndex(j, w);
				assertEquals(t0[i], ta[j], 1e-5, "probability at " + i + ", rotation " + r);
				for (int k = 0; k < n; k++)
					assertEquals(t0[(1 + k) * plane + i], ta[(1 + (k + r * n / 4) % n) * plane + j], 1e-4,
							"ray " + k + " of pixel " + i + ", rotation " + r);
			}
		}
		assertEquals(4, seen.size(), "all four rotations drawn");
	}

	@Test
	void lossMatchesHandComputedValues() {
		// 3 rays, 1 x 3 pixels: A (p = 1), B (p = 0.5), C ignored (p = -1)
		float scale = 10;
		float[] out = { 0, 2, 7, // logits
				0.1f, 0, 9, // ray 0 (raw)
				0.2f, 0, 9, // ray 1
				0.3f, 0, 9 }; // ray 2
		float[] tgt = { 1, 0.5f, -1, //
				2, 1, 5, //
				4, 1, 5, //
				6, 1, 5 };
		double bceA = Math.log(2), bceB = Math.log(1 + Math.exp(2)) - 2 * 0.5;
		double maeA = (Math.abs(2 - 1) + Math.abs(4 - 2) + Math.abs(6 - 3)) / 3.0, maeB = 1;
		double bce = (bceA + bceB) / 2, dist = (1 * maeA + 0.5 * maeB) / 1.5;
		try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
			NDArray o = m.create(out, new Shape(1, 4, 1, 3)), t = m.create(tgt, new Shape(1, 4, 1, 3));
			assertEquals(bce + 0.2 * dist, new StarDistLoss(0.2, scale).compute(o, t).getFloat(), 1e-5);
			assertEquals(bce + 1.5 * dist, new StarDistLoss(1.5, scale).compute(o, t).getFloat(), 1e-5);
			assertEquals(bce, new StarDistLoss(0, scale).compute(o, t).getFloat(), 1e-5);
			// no object pixel: the distance term vanishes
			float[] bg = tgt.clone();
			bg[0] = 0;
			bg[1] = 0;
			double bce0 = (Math.log(2) + Math.log(1 + Math.exp(2))) / 2;
			assertEquals(bce0, new StarDistLoss(0.2, scale).compute(o, m.create(bg, new Shape(1, 4, 1, 3))).getFloat(), 1e-5);
		}
	}

	@Test
	void lossSpecsAndBadValues() {
		assertEquals(0.2, StarDistLoss.parse("stardist", 16).lambda());
		assertEquals(0.2, StarDistLoss.parse("dice+ce", 16).lambda()); // the trainer's generic default
		assertEquals(0.5, StarDistLoss.parse("stardist(lambda=0.5)", 16).lambda());
		assertThrows(UsageException.class, () -> StarDistLoss.parse("focal", 16));
		assertThrows(UsageException.class, () -> new StarDistLoss(-1, 16));
		assertThrows(UsageException.class, () -> StarDistTraining.classes(2));
		assertEquals(33, StarDistTraining.classes(32));
	}

	@Test
	void partialInitCopiesEverythingButTheHead() {
		Engine.getEngine("PyTorch").setRandomSeed(3);
		try (Model a = Model.newInstance("a", Device.cpu(), "PyTorch"); Model b = Model.newInstance("b", Device.cpu(), "PyTorch")) {
			SegmentationNetwork na = Networks.create("unet", NetConfig.builder().inChannels(1).classes(3).depth(2).base(4).build());
			SegmentationNetwork nb = Networks.create("unet", NetConfig.builder().inChannels(1).classes(9).depth(2).base(4).build());
			a.setBlock(na);
			b.setBlock(nb);
			na.initialize(a.getNDManager(), DataType.FLOAT32, new Shape(1, 1, 16, 16));
			nb.initialize(b.getNDManager(), DataType.FLOAT32, new Shape(1, 1, 16, 16));
			Map<String, float[]> before = new HashMap<>();
			for (Pair<String, Parameter> p : nb.getParameters())
				before.put(p.getKey(), p.getValue().getArray().toFloatArray());
			int copied = Trainer.copyMatching(na, nb);
			Map<String, Parameter> src = new HashMap<>();
			for (Pair<String, Parameter> p : na.getParameters())
				src.put(p.getKey(), p.getValue());
			int same = 0, head = 0;
			for (Pair<String, Parameter> p : nb.getParameters()) {
				float[] now = p.getValue().getArray().toFloatArray();
				Parameter s = src.get(p.getKey());
				if (s != null && s.getArray().getShape().equals(p.getValue().getArray().getShape())) {
					assertArrayEquals(s.getArray().toFloatArray(), now, p.getKey());
					same++;
				}
				else {
					assertTrue(p.getKey().contains("head"), p.getKey() + " differs in shape but is not the head");
					assertArrayEquals(before.get(p.getKey()), now, "the head keeps its own start: " + p.getKey());
					head++;
				}
			}
			assertEquals(same, copied);
			assertEquals(2, head, "head weight and bias");
			assertEquals(nb.getParameters().size() - 2, copied);
			// the copy is a copy: changing the source afterwards leaves the target alone
			String any = nb.getParameters().get(0).getKey();
			float[] kept = nb.getParameters().get(0).getValue().getArray().toFloatArray();
			src.get(any).getArray().addi(1f);
			assertArrayEquals(kept, nb.getParameters().get(0).getValue().getArray().toFloatArray());
			assertNotEquals(kept[0], src.get(any).getArray().toFloatArray()[0]);
		}
	}
}
