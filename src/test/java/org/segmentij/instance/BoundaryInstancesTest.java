package org.segmentij.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.real.FloatType;

/** Probability maps painted analytically from known disks give back exactly those disks. */
class BoundaryInstancesTest {

	@Test
	void touchingDisksAreSeparatedAlongThePredictedBoundary() {
		int w = 80, h = 50;
		double[][] disks = { { 25, 25, 14 }, { 51, 25, 14 }, { 70, 8, 5 } }; // the first two overlap (centres 26 apart)
		float[] bg = new float[w * h], in = new float[w * h];
		int[] truth = new int[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				int best = 0;
				double bestD = Double.MAX_VALUE;
				for (int k = 0; k < disks.length; k++) {
					double d = Math.hypot(x - disks[k][0], y - disks[k][1]) / disks[k][2];
					if (d <= 1 && d < bestD) {
						bestD = d;
						best = k + 1;
					}
				}
				truth[y * w + x] = best;
			}
		// interior: labelled pixels whose 4-neighbours carry the same label; boundary: the other labelled pixels
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				int i = y * w + x, l = truth[i];
				if (l == 0) {
					bg[i] = 0.9f;
					in[i] = 0.05f;
					continue;
				}
				boolean edge = x == 0 || y == 0 || x == w - 1 || y == h - 1 || truth[i - 1] != l || truth[i + 1] != l || truth[i - w] != l
						|| truth[i + w] != l;
				bg[i] = 0.05f;
				in[i] = edge ? 0.2f : 0.85f;
			}
		Img<FloatType> b = ArrayImgs.floats(bg, w, h), p = ArrayImgs.floats(in, w, h);
		Img<IntType> lab = BoundaryInstances.segment(b, p, BoundaryInstances.Params.defaults());
		int[] l = new int[w * h];
		var c = lab.cursor();
		for (int i = 0; c.hasNext(); i++)
			l[i] = c.next().get();
		int max = 0;
		for (int v : l)
			max = Math.max(max, v);
		assertEquals(3, max, "three objects");
		// each object matches one disk with IoU > 0.9 (boundary pixels between the two disks may go either way)
		for (int k = 1; k <= 3; k++) {
			int bestIoUOf = 0;
			double bestIoU = 0;
			for (int o = 1; o <= 3; o++) {
				long inter = 0, union = 0;
				for (int i = 0; i < l.length; i++) {
					boolean a = truth[i] == k, q = l[i] == o;
					if (a && q)
						inter++;
					if (a || q)
						union++;
				}
				double iou = (double) inter / union;
				if (iou > bestIoU) {
					bestIoU = iou;
					bestIoUOf = o;
				}
			}
			assertTrue(bestIoU > 0.9, "disk " + k + " best IoU " + bestIoU + " (object " + bestIoUOf + ")");
		}
		for (int i = 0; i < l.length; i++)
			if (truth[i] == 0)
				assertEquals(0, l[i], "background stays 0");
	}

	/**
	 * Two disks of radius 12 whose predicted interiors still join through a 3-pixel-wide neck (the
	 * network missed the boundary there): interior seeds give one object, distance seeds split them
	 * at the neck into two disks.
	 */
	@Test
	void distanceSeedsSplitInteriorsJoinedByANeck() {
		int w = 70, h = 40;
		double r = 12, x1 = 22, x2 = 47, yc = 20; // centres 25 apart: the disks touch in a short segment
		float[] bg = new float[w * h], in = new float[w * h];
		int[] truth = new int[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				int i = y * w + x;
				double d1 = Math.hypot(x - x1, y - yc), d2 = Math.hypot(x - x2, y - yc);
				truth[i] = d1 <= r ? 1 : d2 <= r ? 2 : 0;
				boolean neck = Math.abs(y - yc) <= 1 && x > x1 && x < x2;
				boolean interior = d1 <= r - 1.5 || d2 <= r - 1.5 || neck;
				bg[i] = truth[i] == 0 && !neck ? 0.95f : 0.05f;
				in[i] = interior ? 0.9f : truth[i] > 0 ? 0.3f : 0.02f;
			}
		Img<FloatType> b = ArrayImgs.floats(bg, w, h), p = ArrayImgs.floats(in, w, h);
		BoundaryInstances.Params params = BoundaryInstances.Params.defaults();
		assertEquals(1, max(BoundaryInstances.segment(b, p, params)), "interior seeds: the neck joins them");
		Img<IntType> lab = BoundaryInstances.segmentDistanceSeeds(b, p, params, 3, 2);
		assertEquals(2, max(lab), "distance seeds: two objects");
		var c = lab.cursor();
		long[][] overlap = new long[3][3];
		for (int i = 0; c.hasNext(); i++)
			overlap[truth[i]][c.next().get()]++;
		// each disk is one object, apart from at most a few pixels along the line between them
		for (int k = 1; k <= 2; k++) {
			long a = overlap[k][1], q = overlap[k][2];
			assertTrue(Math.min(a, q) <= 8, "disk " + k + " split between objects: " + a + " / " + q);
		}
		int of1 = overlap[1][1] > overlap[1][2] ? 1 : 2, of2 = overlap[2][1] > overlap[2][2] ? 1 : 2;
		assertTrue(of1 != of2, "the disks get different objects");
		org.junit.jupiter.api.Assertions.assertThrows(org.segmentij.UsageException.class,
				() -> BoundaryInstances.segmentDistanceSeeds(b, p, params, -1, 2));
	}

	private static int max(Img<IntType> lab) {
		int m = 0;
		for (IntType t : lab)
			m = Math.max(m, t.get());
		return m;
	}
}
