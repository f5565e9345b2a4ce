package org.segmentij.classical.region;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.segmentij.classical.region.ConnectedComponents.Connectivity;

import net.imglib2.Cursor;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.real.DoubleType;
import net.imglib2.view.Views;

class SeededRegionGrowingTest {

	@Test
	void twoFlatRegionsAreRecoveredExactly() {
		// left part 10, right part 200 along a wavy boundary; one seed pixel in each
		int w = 30, h = 20;
		double[] v = new double[w * h];
		int[] truth = new int[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				boolean left = x < 12 + (int) Math.round(3 * Math.sin(y / 3.0));
				v[y * w + x] = left ? 10 : 200;
				truth[y * w + x] = left ? 1 : 2;
			}
		int[] seeds = new int[w * h];
		seeds[5 * w + 2] = 1;
		seeds[15 * w + 27] = 2;
		for (Connectivity c : Connectivity.values()) {
			int[] got = run(v, seeds, new long[] { w, h }, Double.POSITIVE_INFINITY, c);
			assertArrayEquals(truth, got, c.toString());
		}
		// with a distance limit below the contrast the result is the same (each region is flat)
		assertArrayEquals(truth, run(v, seeds, new long[] { w, h }, 50, Connectivity.FACE));
	}

	@Test
	void maxDistanceLeavesFarPixelsUnlabelled() {
		// a 1D ramp 0, 10, 20, ... with a seed at 0: the mean grows as pixels join
		double[] v = { 0, 10, 20, 30, 40, 50, 60 };
		int[] seeds = { 1, 0, 0, 0, 0, 0, 0 };
		// means: {0} -> 10 joins (delta 10), mean 5 -> 20 (delta 15), mean 10 -> 30 (delta 20) ...
		assertArrayEquals(new int[] { 1, 1, 1, 0, 0, 0, 0 }, run(v, seeds, new long[] { 7 }, 15, Connectivity.FACE));
		assertArrayEquals(new int[] { 1, 1, 1, 1, 1, 1, 1 },
				run(v, seeds, new long[] { 7 }, Double.POSITIVE_INFINITY, Connectivity.FACE));
	}

	@Test
	void equalsBruteForceReferenceOn2DAnd3DRandomImages() {
		Random rnd = new Random(42);
		for (int trial = 0; trial < 60; trial++) {
			boolean threeD = trial % 3 == 2;
			long[] dims = threeD ? new long[] { 2 + rnd.nextInt(5), 2 + rnd.nextInt(5), 2 + rnd.nextInt(4) }
					: new long[] { 3 + rnd.nextInt(10), 3 + rnd.nextInt(10) };
			int n = 1;
			for (long d : dims)
				n *= (int) d;
			double[] v = new double[n];
			int levels = 2 + rnd.nextInt(30); // few levels: many ties
			for (int i = 0; i < n; i++)
				v[i] = rnd.nextInt(levels) * (trial % 2 == 0 ? 1 : 0.25) + (rnd.nextInt(10) == 0 ? Double.NaN : 0);
			int[] seeds = new int[n];
			int k = 1 + rnd.nextInt(4);
			for (int s = 0; s < k + rnd.nextInt(3); s++) // a label may have several seed pixels
				seeds[rnd.nextInt(n)] = 1 + rnd.nextInt(k);
			double maxD = rnd.nextBoolean() ? Double.POSITIVE_INFINITY : rnd.nextInt(levels);
			Connectivity c = rnd.nextBoolean() ? Connectivity.FACE : Connectivity.FULL;
			int[] want = reference(v, seeds, dims, maxD, c);
			int[] got = run(v, seeds, dims, maxD, c);
			assertArrayEquals(want, got, "trial " + trial);
		}
	}

	@Test
	void badArgumentsAreRejected() {
		Img<DoubleType> img = ArrayImgs.doubles(4, 4);
		Img<IntType> seeds = ArrayImgs.ints(4, 4);
		assertThrows(IllegalArgumentException.class, () -> SeededRegionGrowing.grow(img, seeds, -1, Connectivity.FACE));
		assertThrows(IllegalArgumentException.class, () -> SeededRegionGrowing.grow(img, ArrayImgs.ints(4, 5), 1, Connectivity.FACE));
		seeds.getAt(1, 1).set(-2);
		assertThrows(IllegalArgumentException.class, () -> SeededRegionGrowing.grow(img, seeds, 1, Connectivity.FACE));
	}

	static int[] run(double[] v, int[] seeds, long[] dims, double maxD, Connectivity c) {
		Img<DoubleType> img = ArrayImgs.doubles(v.clone(), dims);
		Img<IntType> s = ArrayImgs.ints(seeds.clone(), dims);
		Img<IntType> out = SeededRegionGrowing.grow(img, s, maxD, c);
		int[] r = new int[v.length];
		Cursor<IntType> oc = Views.flatIterable(out).cursor();
		for (int i = 0; i < r.length; i++)
			r[i] = oc.next().get();
		// inputs unchanged
		Cursor<DoubleType> ic = Views.flatIterable(img).cursor();
		for (double x : v)
			assertEquals(Double.doubleToLongBits(x), Double.doubleToLongBits(ic.next().get()));
		return r;
	}

	/**
	 * The definition, plainly: repeatedly scan every unlabelled pixel and every region it
	 * touches, take the pair with the smallest |value - current region mean| (ties: first pixel,
	 * then smallest label), stop when none is left or the best is above maxD.
	 */
	static int[] reference(double[] v, int[] seeds, long[] dims, double maxD, Connectivity c) {
		int n = v.length, nd = dims.length;
		int[] lab = new int[n];
		int maxL = 0;
		for (int i = 0; i < n; i++)
			if (!Double.isNaN(v[i]) && seeds[i] > 0) {
				lab[i] = seeds[i];
				maxL = Math.max(maxL, seeds[i]);
			}
		double[] sum = new double[maxL + 1];
		long[] cnt = new long[maxL + 1];
		for (int i = 0; i < n; i++)
			if (lab[i] > 0) {
				sum[lab[i]] += v[i];
				cnt[lab[i]]++;
			}
		while (true) {
			int bp = -1, br = -1;
			double bd = Double.POSITIVE_INFINITY;
			for (int p = 0; p < n; p++) {
				if (lab[p] != 0 || Double.isNaN(v[p]))
					continue;
				for (int q = 0; q < n; q++) {
					if (lab[q] == 0 || !adjacent(p, q, dims, nd, c))
						continue;
					int r = lab[q];
					double d = Math.abs(v[p] - sum[r] / cnt[r]);
					if (bp < 0 || d < bd || d == bd && (p < bp || p == bp && r < br)) {
						bp = p;
						br = r;
						bd = d;
					}
				}
			}
			if (bp < 0 || bd > maxD)
				return lab;
			lab[bp] = br;
			sum[br] += v[bp];
			cnt[br]++;
		}
	}

	private static boolean adjacent(int p, int q, long[] dims, int nd, Connectivity c) {
		int diff = 0;
		for (int d = 0; d < nd; d++) {
			long a = p % dims[d], b = q % dims[d];
			p /= dims[d];
			q /= dims[d];
			long t = Math.abs(a - b);
			if (t > 1)
				return false;
			diff += (int) t;
		}
		return diff >= 1 && (c == Connectivity.FULL || diff == 1);
	}
}
