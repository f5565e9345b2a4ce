package org.segmentij.classical.graph;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.segmentij.classical.graph.SplitMerge.Predicate;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;

class SplitMergeTest {

	/** Brute-force homogeneity of the pixels of one label. */
	private static boolean homogeneous(float[] v, int[] lab, int label, Predicate p, double t) {
		double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY, s = 0;
		int n = 0;
		for (int i = 0; i < v.length; i++)
			if (lab[i] == label) {
				lo = Math.min(lo, v[i]);
				hi = Math.max(hi, v[i]);
				s += v[i];
				n++;
			}
		if (p == Predicate.RANGE)
			return hi - lo <= t;
		double mu = s / n, var = 0;
		for (int i = 0; i < v.length; i++)
			if (lab[i] == label)
				var += (v[i] - mu) * (v[i] - mu);
		return Math.sqrt(var / n) <= t + 1e-9;
	}

	private static boolean adjacent(int[] lab, int[] dims, int a, int b) {
		int w = dims[0], h = dims[1], d = dims[2];
		for (int i = 0; i < lab.length; i++) {
			if (lab[i] != a)
				continue;
			int x = i % w, y = i / w % h, z = i / (w * h);
			if ((x + 1 < w && lab[i + 1] == b) || (x > 0 && lab[i - 1] == b) || (y + 1 < h && lab[i + w] == b) || (y > 0 && lab[i - w] == b)
					|| (z + 1 < d && lab[i + w * h] == b) || (z > 0 && lab[i - w * h] == b))
				return true;
		}
		return false;
	}

	private static int[] union(int[] lab, int a, int b) {
		int[] u = lab.clone();
		for (int i = 0; i < u.length; i++)
			if (u[i] == b)
				u[i] = a;
		return u;
	}

	@Test
	void regionsAreHomogeneousAndMaximal() {
		Random r = new Random(2);
		for (int t = 0; t < 16; t++) {
			int w = 4 + r.nextInt(20), h = 4 + r.nextInt(20), d = t % 4 == 3 ? 2 + r.nextInt(5) : 1;
			float[] v = new float[w * h * d];
			for (int i = 0; i < v.length; i++)
				v[i] = (i % w < w / 2 ? 50 : 120) + (i / w % h < h / 3 ? 40 : 0) + r.nextInt(12);
			Predicate p = t % 2 == 0 ? Predicate.RANGE : Predicate.STD;
			double thr = p == Predicate.RANGE ? 11 : 4;
			int[] dims = { w, h, d };
			int[] lab = SplitMerge.segment(v, dims, p, thr, 1);
			int n = GraphFixtures.sizes(lab).size();
			assertTrue(GraphFixtures.allConnected(lab, w, h, d));
			for (int a = 1; a <= n; a++) {
				assertTrue(homogeneous(v, lab, a, p, thr), "region " + a + " not homogeneous (case " + t + ")");
				for (int b = a + 1; b <= n; b++)
					if (adjacent(lab, dims, a, b))
						assertFalse(homogeneous(v, union(lab, a, b), a, p, thr), "regions " + a + ", " + b + " could still merge (case " + t + ")");
			}
		}
	}

	@Test
	void rectanglesAreRecoveredExactly() {
		int w = 53, h = 41;
		int[][] rects = { { 0, 0, 20, 15 }, { 20, 0, 53, 9 }, { 20, 9, 40, 41 }, { 0, 15, 20, 41 }, { 40, 9, 53, 30 }, { 40, 30, 53, 41 } };
		Img<FloatType> img = ArrayImgs.floats(w, h);
		int[] truth = new int[w * h];
		float[] v = new float[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				for (int k = 0; k < rects.length; k++)
					if (x >= rects[k][0] && x < rects[k][2] && y >= rects[k][1] && y < rects[k][3]) {
						truth[y * w + x] = k;
						v[y * w + x] = 10 * k + 3;
					}
		int i = 0;
		for (FloatType t : img)
			t.set(v[i++]);
		for (Predicate p : Predicate.values()) {
			int[] lab = GraphFixtures.flat(SplitMerge.segment(img, p, 0, 1));
			assertTrue(GraphFixtures.samePartition(lab, truth), p.toString());
		}
		// a range threshold below the smallest step between neighbours changes nothing
		int[] lab2 = GraphFixtures.flat(SplitMerge.segment(img, Predicate.RANGE, 9, 1));
		assertTrue(GraphFixtures.samePartition(lab2, truth), "range with threshold 9");
	}

	@Test
	void badParametersAreRefused() {
		float[] v = new float[4];
		int[] dims = { 2, 2, 1 };
		assertThrows(IllegalArgumentException.class, () -> SplitMerge.segment(v, dims, Predicate.RANGE, -1, 1));
		assertThrows(IllegalArgumentException.class, () -> SplitMerge.segment(v, dims, Predicate.RANGE, 1, 0));
		assertThrows(IllegalArgumentException.class, () -> Predicate.of("mean"));
		assertEquals(Predicate.STD, Predicate.of("Std"));
	}
}
