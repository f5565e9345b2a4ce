package org.segmentij.instance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.segmentij.metrics.Panoptic;

class CenterGroupingTest {

	/**
	 * Ellipses with known (non-integer) centres, an analytic Gaussian heatmap at the centres and
	 * exact offsets to them: grouping gives back exactly the ellipses.
	 */
	@Test
	void analyticHeatmapAndOffsetsGiveTheEllipsesBack() {
		Random r = new Random(7);
		int w = 160, h = 120;
		int n = 0;
		int[] truth = new int[w * h];
		double[] ex = new double[30], ey = new double[30];
		// ellipses on a jittered grid, touching allowed but not overlapping (first painted wins)
		for (int gy = 0; gy < 4; gy++)
			for (int gx = 0; gx < 6; gx++) {
				double cx = 13 + 26.5 * gx + r.nextDouble() * 3, cy = 14 + 29 * gy + r.nextDouble() * 3;
				double a = 9 + 5 * r.nextDouble(), b = 6 + 5 * r.nextDouble(), th = r.nextDouble() * Math.PI;
				n++;
				ex[n] = cx;
				ey[n] = cy;
				for (int y = 0; y < h; y++)
					for (int x = 0; x < w; x++) {
						double u = ((x - cx) * Math.cos(th) + (y - cy) * Math.sin(th)) / a;
						double v = (-(x - cx) * Math.sin(th) + (y - cy) * Math.cos(th)) / b;
						if (u * u + v * v <= 1 && truth[y * w + x] == 0)
							truth[y * w + x] = n;
					}
			}
		float[] heat = new float[w * h], dx = new float[w * h], dy = new float[w * h];
		boolean[] thing = new boolean[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				int i = y * w + x;
				double best = 0;
				for (int l = 1; l <= n; l++)
					best = Math.max(best, Math.exp(-((x - ex[l]) * (x - ex[l]) + (y - ey[l]) * (y - ey[l])) / (2 * 3.0 * 3.0)));
				heat[i] = (float) best;
				int l = truth[i];
				if (l > 0) {
					thing[i] = true;
					dx[i] = (float) (ex[l] - x);
					dy[i] = (float) (ey[l] - y);
				}
			}
		int[] centres = CenterGrouping.centres(heat, w, h, 0.1, 3, 200);
		assertEquals(n, centres.length);
		int[] inst = CenterGrouping.group(thing, dx, dy, w, h, centres);
		// each centre is the pixel nearest its ellipse's centre; the instances are the ellipses
		int[] map = new int[n + 1];
		for (int c = 0; c < n; c++) {
			int x = centres[c] % w, y = centres[c] / w;
			int l = 0;
			for (int m = 1; m <= n; m++)
				if (Math.abs(x - ex[m]) <= 0.5 && Math.abs(y - ey[m]) <= 0.5)
					l = m;
			assertTrue(l > 0, "centre " + x + "," + y + " is an ellipse centre");
			map[c + 1] = l;
		}
		for (int i = 0; i < truth.length; i++)
			assertEquals(truth[i], map[inst[i]], "pixel " + i);
		// top-k and the threshold
		assertEquals(5, CenterGrouping.centres(heat, w, h, 0.1, 3, 5).length);
		assertEquals(0, CenterGrouping.centres(heat, w, h, 1.0, 3, 0).length);

		// panoptic: ellipses alternate between thing classes 1 and 2, background is stuff class 0
		int[] classes = new int[w * h];
		for (int i = 0; i < classes.length; i++)
			classes[i] = truth[i] == 0 ? 0 : 1 + truth[i] % 2;
		int[] pan = CenterGrouping.panoptic(classes, inst, new boolean[] { false, true, true });
		for (int i = 0; i < pan.length; i++) {
			assertEquals(classes[i], Panoptic.classOf(pan[i]));
			assertEquals(classes[i] == 0 ? 0 : inst[i], Panoptic.instanceOf(pan[i]));
			assertEquals(Panoptic.encode(classes[i], classes[i] == 0 ? 0 : inst[i]), pan[i]);
		}
	}

	@Test
	void centresAreMaxPoolMaximaAndGroupingIsNearest() {
		// brute force: window maxima by direct scan; nearest centre by scanning all centres
		Random r = new Random(8);
		int w = 37, h = 29, rad = 2;
		float[] heat = new float[w * h];
		for (int i = 0; i < heat.length; i++)
			heat[i] = r.nextInt(20) / 20f; // many ties
		int[] got = CenterGrouping.centres(heat, w, h, 0.3, rad, 0);
		java.util.List<Integer> exp = new java.util.ArrayList<>();
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				float m = Float.NEGATIVE_INFINITY;
				for (int v = Math.max(0, y - rad); v <= Math.min(h - 1, y + rad); v++)
					for (int u = Math.max(0, x - rad); u <= Math.min(w - 1, x + rad); u++)
						m = Math.max(m, heat[v * w + u]);
				if (heat[y * w + x] > 0.3 && heat[y * w + x] == m)
					exp.add(y * w + x);
			}
		exp.sort(java.util.Comparator.<Integer>comparingDouble(i -> -heat[i]).thenComparingInt(i -> i));
		assertArrayEquals(exp.stream().mapToInt(Integer::intValue).toArray(), got);

		boolean[] thing = new boolean[w * h];
		float[] dx = new float[w * h], dy = new float[w * h];
		for (int i = 0; i < thing.length; i++) {
			thing[i] = r.nextDouble() < 0.7;
			dx[i] = (float) (r.nextGaussian() * 15);
			dy[i] = (float) (r.nextGaussian() * 15); // some votes land outside the image
		}
		int[] inst = CenterGrouping.group(thing, dx, dy, w, h, got);
		for (int i = 0; i < thing.length; i++) {
			if (!thing[i]) {
				assertEquals(0, inst[i]);
				continue;
			}
			double px = i % w + dx[i], py = i / w + dy[i], best = Double.POSITIVE_INFINITY;
			int bc = -1;
			for (int c = 0; c < got.length; c++) {
				double d = Math.pow(got[c] % w - px, 2) + Math.pow(got[c] / w - py, 2);
				if (d < best) {
					best = d;
					bc = c;
				}
			}
			assertEquals(bc + 1, inst[i], "pixel " + i);
		}
	}
}
