package org.segmentij.deep.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** Panoptic targets of analytic disks, and of augmented training crops. */
class PanopticTargetsTest {

	/** Two disks of radius r centred on pixels (symmetric: the centre of mass is the centre). */
	static int[] disks(int w, int h, int[][] centres, int r) {
		int[] lab = new int[w * h];
		for (int k = 0; k < centres.length; k++)
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					int dx = x - centres[k][0], dy = y - centres[k][1];
					if (dx * dx + dy * dy <= r * r)
						lab[y * w + x] = k + 1;
				}
		return lab;
	}

	@Test
	void disksGiveHeatmapPeaksAtTheirCentresAndOffsetsPointingThere() {
		int w = 64, h = 48, r = 9;
		int[][] c = { { 16, 20 }, { 40, 25 } };
		double sigma = 3, scale = 10;
		int[] lab = disks(w, h, c, r);
		float[] t = PanopticTargets.of(lab, w, h, sigma, scale);
		int n = w * h;
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				int i = y * w + x, l = lab[i];
				assertEquals(l > 0 ? 1 : 0, t[i], 0);
				assertEquals(1, t[4 * n + i], 0);
				if (l > 0) {
					assertEquals(c[l - 1][0], x + t[2 * n + i] * scale, 1e-4, "x offset at " + x + "," + y);
					assertEquals(c[l - 1][1], y + t[3 * n + i] * scale, 1e-4, "y offset at " + x + "," + y);
				}
				else {
					assertEquals(0, t[2 * n + i], 0);
					assertEquals(0, t[3 * n + i], 0);
				}
				// heatmap: the larger Gaussian of the two centres (they are > 4 sigma apart)
				double g = 0;
				for (int[] cc : c) {
					double d2 = (x - cc[0]) * (x - cc[0]) + (y - cc[1]) * (y - cc[1]);
					if (Math.abs(x - cc[0]) <= 12 && Math.abs(y - cc[1]) <= 12)
						g = Math.max(g, Math.exp(-d2 / (2 * sigma * sigma)));
				}
				assertEquals(g, t[n + i], 1e-6, "heatmap at " + x + "," + y);
			}
		assertEquals(1, t[n + 20 * w + 16], 0);
		assertEquals(1, t[n + 25 * w + 40], 0);
	}

	@Test
	void anOffCentreObjectHasItsCentreOfMassAsTarget() {
		// a 2 x 3 rectangle: centre of mass (x 5.5, y 7)
		int w = 12, h = 12;
		int[] lab = new int[w * h];
		for (int y = 6; y <= 8; y++)
			for (int x = 5; x <= 6; x++)
				lab[y * w + x] = 4;
		float[] t = PanopticTargets.of(lab, w, h, 2, 1);
		int n = w * h;
		assertEquals(0.5f, t[2 * n + 6 * w + 5], 1e-6);
		assertEquals(-0.5f, t[2 * n + 6 * w + 6], 1e-6);
		assertEquals(1f, t[3 * n + 6 * w + 5], 1e-6);
		// heat at (5, 7) and (6, 7): distance 0.5 from the centre
		assertEquals(Math.exp(-0.25 / 8), t[n + 7 * w + 5], 1e-6);
		assertEquals(Math.exp(-0.25 / 8), t[n + 7 * w + 6], 1e-6);
	}

	@Test
	void ignoredPixelsAreInvalid() {
		int[] lab = { 0, 1, Sample.IGNORE, 1 };
		float[] t = PanopticTargets.of(lab, 2, 2, 1, 1);
		assertEquals(-1, t[2], 0);
		assertEquals(0, t[4 * 4 + 2], 0);
		assertEquals(1, t[4 * 4 + 1], 0);
	}

	/**
	 * After flips, rotations and elastic deformation, every object pixel of a crop points to a
	 * place where the crop's heatmap is (nearly) 1, as long as that place is inside the crop, and
	 * pixels of one disk point to one place.
	 */
	@Test
	void augmentedCropsKeepOffsetsAndHeatmapConsistent() {
		int w = 96, h = 96, r = 10;
		int[][] c = { { 30, 30 }, { 62, 34 }, { 44, 66 } };
		int[] lab = disks(w, h, c, r);
		float[] img = new float[w * h];
		for (int i = 0; i < img.length; i++)
			img[i] = lab[i] > 0 ? 1 : 0;
		Sample s = new Sample("disks", img, 1, w, h, lab);
		Augmentation aug = new Augmentation(true, true, 1.5, 16, 0.1, 0.1, 0.01);
		SplittableRandom rng = new SplittableRandom(5);
		int crop = 64, n = crop * crop, checked = 0;
		for (int trial = 0; trial < 6; trial++) {
			PanopticTraining.Crop a = PanopticTraining.crop(s, crop, aug, rng);
			float[] t = a.target();
			for (int y = 0; y < crop; y++)
				for (int x = 0; x < crop; x++) {
					int i = y * crop + x;
					if (t[i] != 1)
						continue;
					double px = x + t[2 * n + i] * PanopticTraining.OFFSET_SCALE, py = y + t[3 * n + i] * PanopticTraining.OFFSET_SCALE;
					// the offset stays within a disk's radius (plus the elastic stretch)
					assertTrue(Math.hypot(px - x, py - y) <= r + 4, "offset length at " + x + "," + y);
					int qx = (int) Math.round(px), qy = (int) Math.round(py);
					if (qx < 0 || qy < 0 || qx >= crop || qy >= crop)
						continue;
					assertTrue(t[n + qy * crop + qx] > 0.95, "heat " + t[n + qy * crop + qx] + " where " + x + "," + y + " points");
					checked++;
				}
		}
		assertTrue(checked > 500, "checked " + checked);
	}
}
