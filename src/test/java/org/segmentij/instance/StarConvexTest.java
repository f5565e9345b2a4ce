package org.segmentij.instance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.geom.Path2D;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class StarConvexTest {

	/** Independent pixel mask: java.awt's point-in-polygon test at every pixel centre. */
	static boolean[] awtMask(double[] xs, double[] ys, int w, int h) {
		Path2D.Double p = new Path2D.Double(Path2D.WIND_EVEN_ODD);
		p.moveTo(xs[0], ys[0]);
		for (int k = 1; k < xs.length; k++)
			p.lineTo(xs[k], ys[k]);
		p.closePath();
		boolean[] m = new boolean[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				m[y * w + x] = p.contains(x, y);
		return m;
	}

	static double[][] randomStar(Random r, int w, int h, int n) {
		double cx = r.nextInt(w), cy = r.nextInt(h), base = 2 + 10 * r.nextDouble();
		double[] xs = new double[n], ys = new double[n];
		for (int k = 0; k < n; k++) {
			double d = base * (0.3 + 1.2 * r.nextDouble()), a = 2 * Math.PI * k / n;
			xs[k] = cx + d * Math.cos(a);
			ys[k] = cy + d * Math.sin(a);
		}
		return new double[][] { xs, ys };
	}

	@Test
	void rasterisationMatchesPointInPolygon() {
		Random r = new Random(1);
		int w = 40, h = 30;
		for (int rep = 0; rep < 300; rep++) {
			double[][] p = randomStar(r, w, h, 3 + r.nextInt(30));
			StarConvex.Mask m = StarConvex.rasterise(p[0], p[1], w, h);
			boolean[] ref = awtMask(p[0], p[1], w, h);
			long area = 0;
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					assertEquals(ref[y * w + x], m.contains(x, y), "rep " + rep + " at " + x + "," + y);
					if (ref[y * w + x])
						area++;
				}
			assertEquals(area, m.area());
		}
	}

	/** Predictions: targets of random ellipses, with noise on probabilities and distances. */
	static StarConvex.Targets noisyPrediction(Random r, int w, int h, int nRays, int objects) {
		int[] lab = LabelMeasurementsTest.ellipses(r, w, h, objects, false);
		StarConvex.Targets t = StarConvex.targets(lab, w, h, nRays);
		float[] prob = t.prob().clone(), dist = t.dist().clone();
		for (int i = 0; i < prob.length; i++)
			prob[i] = (float) Math.max(0, Math.min(1, prob[i] + 0.05 * r.nextGaussian()));
		for (int i = 0; i < dist.length; i++)
			if (dist[i] > 0)
				dist[i] = (float) Math.max(0.5, dist[i] * (1 + 0.15 * r.nextGaussian()));
		return new StarConvex.Targets(w, h, nRays, prob, dist);
	}

	@Test
	void nmsMatchesBruteForce() {
		Random r = new Random(2);
		for (int rep = 0; rep < 4; rep++) {
			int w = 64, h = 48, nRays = 4 + 6 * rep;
			StarConvex.Targets t = noisyPrediction(r, w, h, nRays, 8);
			double pt = 0.4, nt = rep == 3 ? 0 : 0.1 + 0.2 * rep;
			StarConvex.NmsResult res = StarConvex.nms(t.prob(), t.dist(), w, h, nRays, pt, nt);
			int[] expected = bruteKept(t, pt, nt);
			assertArrayEquals(expected, res.kept(), "rep " + rep);
			assertArrayEquals(bruteRender(t, expected), res.labels(), "rep " + rep);
			assertTrue(expected.length > 3, "kept " + expected.length);
		}
	}

	private static boolean[] mask(StarConvex.Targets t, int i) {
		int n = t.nRays(), x = i % t.width(), y = i / t.width();
		double[] xs = new double[n], ys = new double[n];
		for (int k = 0; k < n; k++) {
			double a = 2 * Math.PI * k / n, d = t.dist()[i * n + k];
			xs[k] = x + d * Math.cos(a);
			ys[k] = y + d * Math.sin(a);
		}
		return awtMask(xs, ys, t.width(), t.height());
	}

	/** All pairs: every candidate against every kept one, IoU of full-image boolean masks. */
	static int[] bruteKept(StarConvex.Targets t, double pt, double nt) {
		List<Integer> cand = new ArrayList<>();
		for (int i = 0; i < t.prob().length; i++) {
			boolean any = false;
			for (int k = 0; k < t.nRays(); k++)
				any |= t.dist()[i * t.nRays() + k] > 0;
			if (t.prob()[i] > pt && any)
				cand.add(i);
		}
		cand.sort(Comparator.<Integer>comparingDouble(i -> -t.prob()[i]).thenComparingInt(i -> i));
		List<Integer> kept = new ArrayList<>();
		List<boolean[]> masks = new ArrayList<>();
		for (int i : cand) {
			boolean[] m = mask(t, i);
			boolean ok = true;
			for (boolean[] k : masks) {
				long inter = 0, uni = 0;
				for (int p = 0; p < m.length; p++) {
					if (m[p] && k[p])
						inter++;
					if (m[p] || k[p])
						uni++;
				}
				if (uni > 0 && (double) inter / uni > nt) {
					ok = false;
					break;
				}
			}
			if (ok) {
				kept.add(i);
				masks.add(m);
			}
		}
		return kept.stream().mapToInt(Integer::intValue).toArray();
	}

	static int[] bruteRender(StarConvex.Targets t, int[] kept) {
		int[] out = new int[t.prob().length];
		for (int l = kept.length; l >= 1; l--) {
			boolean[] m = mask(t, kept[l - 1]);
			for (int p = 0; p < m.length; p++)
				if (m[p])
					out[p] = l;
		}
		return out;
	}

	@Test
	void diskTargetsAreAnalytic() {
		int w = 41, h = 41, c = 20, nRays = 32;
		double radius = 12.3;
		int[] lab = new int[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				if (Math.hypot(x - c, y - c) <= radius)
					lab[y * w + x] = 3;
		StarConvex.Targets t = StarConvex.targets(lab, w, h, nRays);
		int ci = c * w + c;
		assertEquals(1f, t.prob()[ci]);
		assertEquals(0f, t.prob()[0]);
		for (int k = 0; k < nRays; k++) {
			// from the centre the ray leaves the pixelated disk within a pixel of the radius
			double d = t.dist()[ci * nRays + k];
			assertTrue(d > radius - 1 && d < radius + 1, "ray " + k + ": " + d);
		}
		// along the axes the exit is exactly at a pixel edge: 12 pixels of the disk, then half a pixel
		assertEquals(12.5, t.dist()[ci * nRays], 1e-6);
		assertEquals(12.5, t.dist()[ci * nRays + nRays / 4], 1e-6);
		// probability: the distance to the nearest non-disk pixel over its maximum (at the centre,
		// found here by brute force; 1 at the rim)
		double nearest = Double.POSITIVE_INFINITY;
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				if (lab[y * w + x] == 0)
					nearest = Math.min(nearest, Math.hypot(x - c, y - c));
		assertEquals(1 / nearest, t.prob()[c * w + c + 12], 1e-6);
	}

	@Test
	void rayExitMatchesFineSampling() {
		Random r = new Random(5);
		int w = 50, h = 40, nRays = 12;
		int[] lab = LabelMeasurementsTest.ellipses(r, w, h, 10, true);
		StarConvex.Targets t = StarConvex.targets(lab, w, h, nRays);
		for (int i = 0; i < lab.length; i += 7) {
			if (lab[i] == 0)
				continue;
			for (int k = 0; k < nRays; k++) {
				double a = 2 * Math.PI * k / nRays, cx = i % w, cy = i / w;
				double s = 0, step = 1e-3;
				while (true) {
					s += step;
					int px = (int) Math.floor(cx + s * Math.cos(a) + 0.5), py = (int) Math.floor(cy + s * Math.sin(a) + 0.5);
					if (px < 0 || py < 0 || px >= w || py >= h || lab[py * w + px] != lab[i])
						break;
				}
				assertEquals(s, t.dist()[i * nRays + k], 2e-3, "pixel " + i + " ray " + k);
			}
		}
	}

	@Test
	void targetsThenNmsGiveTheObjectsBack() {
		// well separated ellipses: each object's most central pixel gives a polygon close to the object
		int w = 120, h = 100, nRays = 32;
		int[] lab = new int[w * h];
		int n = 0;
		for (int gy = 0; gy < 3; gy++)
			for (int gx = 0; gx < 4; gx++) {
				n++;
				double cx = 15 + 30 * gx, cy = 17 + 33 * gy, a = 6 + gx * 2, b = 5 + gy, th = 0.4 * n;
				for (int y = 0; y < h; y++)
					for (int x = 0; x < w; x++) {
						double u = ((x - cx) * Math.cos(th) + (y - cy) * Math.sin(th)) / a, v = (-(x - cx) * Math.sin(th) + (y - cy) * Math.cos(th)) / b;
						if (u * u + v * v <= 1)
							lab[y * w + x] = n;
					}
			}
		StarConvex.Targets t = StarConvex.targets(lab, w, h, nRays);
		StarConvex.NmsResult res = StarConvex.nms(t.prob(), t.dist(), w, h, nRays, 0.5, 0.3);
		assertEquals(n, res.kept().length);
		for (int l = 1; l <= n; l++) {
			int truth = lab[res.kept()[l - 1]];
			long inter = 0, uni = 0;
			for (int p = 0; p < lab.length; p++) {
				boolean a = res.labels()[p] == l, b = lab[p] == truth;
				if (a && b)
					inter++;
				if (a || b)
					uni++;
			}
			assertTrue(inter / (double) uni > 0.85, "object " + truth + " IoU " + inter / (double) uni);
		}
	}

	@Test
	void badInput() {
		assertThrows(IllegalArgumentException.class, () -> StarConvex.nms(new float[4], new float[4], 2, 2, 3, 0.5, 0.4));
		assertThrows(IllegalArgumentException.class, () -> StarConvex.nms(new float[4], new float[12], 2, 2, 3, 0.5, 1.5));
		assertThrows(IllegalArgumentException.class, () -> StarConvex.targets(new int[4], 2, 2, 2));
		assertEquals(0, StarConvex.nms(new float[4], new float[12], 2, 2, 3, 0.5, 0.4).kept().length);
		assertTrue(Arrays.stream(StarConvex.nms(new float[4], new float[12], 2, 2, 3, 0.5, 0.4).labels()).allMatch(v -> v == 0));
	}
}
