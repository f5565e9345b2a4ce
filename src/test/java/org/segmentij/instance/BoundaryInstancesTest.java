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
}
