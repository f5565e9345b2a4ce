package org.segmentij.instance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.segmentij.UsageException;

/** Grouping of ideal network outputs built by hand from known objects. */
class PanopticInstancesTest {

	/**
	 * Ideal outputs for a label image: logits (1 - object, object), a Gaussian heatmap (sigma 3)
	 * at each object's centre of mass, offsets to it in units of {@code scale}; computed here,
	 * independently of the training targets.
	 */
	static float[] idealOutputs(int[] lab, int w, int h, double scale) {
		int n = w * h, max = 0;
		for (int v : lab)
			max = Math.max(max, v);
		double[] sx = new double[max + 1], sy = new double[max + 1], cnt = new double[max + 1];
		for (int i = 0; i < n; i++)
			if (lab[i] > 0) {
				sx[lab[i]] += i % w;
				sy[lab[i]] += i / w;
				cnt[lab[i]]++;
			}
		float[] out = new float[5 * n];
		for (int i = 0; i < n; i++) {
			int x = i % w, y = i / w, l = lab[i];
			out[i] = l > 0 ? 0 : 1;
			out[n + i] = l > 0 ? 1 : 0;
			double g = 0;
			for (int k = 1; k <= max; k++)
				if (cnt[k] > 0) {
					double cx = sx[k] / cnt[k], cy = sy[k] / cnt[k];
					g = Math.max(g, Math.exp(-((x - cx) * (x - cx) + (y - cy) * (y - cy)) / 18));
				}
			out[2 * n + i] = (float) g;
			if (l > 0) {
				out[3 * n + i] = (float) ((sx[l] / cnt[l] - x) / scale);
				out[4 * n + i] = (float) ((sy[l] / cnt[l] - y) / scale);
			}
		}
		return out;
	}

	@Test
	void touchingDisksAreSeparatedExactlyAndTinyObjectsRemoved() {
		int w = 80, h = 60;
		int[] lab = new int[w * h];
		int[][] c = { { 20, 30 }, { 38, 30 }, { 56, 28 } }; // radius 9: the first two touch, the second and third touch
		for (int k = 0; k < c.length; k++)
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					int dx = x - c[k][0], dy = y - c[k][1];
					if (dx * dx + dy * dy <= 81 && lab[y * w + x] == 0)
						lab[y * w + x] = k + 1;
				}
		// a 2 x 2 speck
		for (int y = 5; y < 7; y++)
			for (int x = 70; x < 72; x++)
				lab[y * w + x] = 4;
		float[] out = idealOutputs(lab, w, h, 10);
		PanopticInstances.Result r = PanopticInstances.group(out, 2, w, h, new PanopticInstances.Params(0.1, 5, 0, 10, 10));
		assertEquals(3, r.count());
		// a one-to-one correspondence of the disks, the speck gone
		Map<Integer, Integer> map = new HashMap<>();
		for (int i = 0; i < w * h; i++) {
			int t = lab[i] == 4 ? 0 : lab[i], p = r.instances()[i];
			assertEquals(t > 0, p > 0, "pixel " + i);
			if (t > 0)
				assertEquals(map.computeIfAbsent(t, k -> p), p, "pixel " + i);
			assertEquals(lab[i] > 0 ? 1 : 0, r.classes()[i]);
		}
		assertEquals(3, new java.util.HashSet<>(map.values()).size());

		// min size 0 keeps the speck; top k 2 keeps two centres
		assertEquals(4, PanopticInstances.group(out, 2, w, h, new PanopticInstances.Params(0.1, 5, 0, 0, 10)).count());
		assertEquals(2, PanopticInstances.group(out, 2, w, h, new PanopticInstances.Params(0.1, 5, 2, 0, 10)).count());
	}

	@Test
	void removeSmallRenumbersInOrder() {
		int[] lab = { 0, 1, 1, 2, 3, 3, 3, 1 };
		assertEquals(2, PanopticInstances.removeSmall(lab, 3, 3));
		assertArrayEquals(new int[] { 0, 1, 1, 0, 2, 2, 2, 1 }, lab);
	}

	@Test
	void badParametersNameTheProblem() {
		UsageException e = assertThrows(UsageException.class, () -> new PanopticInstances.Params(1.5, 3, 0, 0, 1));
		org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("centre_threshold"), e.getMessage());
		assertThrows(UsageException.class, () -> new PanopticInstances.Params(0.1, -1, 0, 0, 1));
		assertThrows(UsageException.class, () -> new PanopticInstances.Params(0.1, 3, -2, 0, 1));
		assertThrows(UsageException.class, () -> new PanopticInstances.Params(0.1, 3, 0, -1, 1));
	}
}
