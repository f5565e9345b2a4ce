package org.segmentij.classical.region;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.segmentij.classical.region.ConnectedComponents.Connectivity;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.real.DoubleType;
import net.imglib2.view.Views;

class RegionalExtremaTest {

	static int[] flat(Img<IntType> img) {
		return ((ArrayImg<IntType, IntArray>) img).update(null).getCurrentStorageArray();
	}

	/** Neighbours of a flat index by coordinates (independent of the padded layout). */
	static int[] neighbours(int i, int[] dims, Connectivity c) {
		int n = dims.length;
		int[] pos = new int[n];
		int r = i;
		for (int d = 0; d < n; d++) {
			pos[d] = r % dims[d];
			r /= dims[d];
		}
		int combos = (int) Math.pow(3, n);
		int[] out = new int[combos];
		int k = 0;
		for (int m = 0; m < combos; m++) {
			int t = m, nz = 0, idx = 0, stride = 1;
			boolean ok = true;
			for (int d = 0; d < n; d++) {
				int delta = t % 3 - 1;
				t /= 3;
				if (delta != 0)
					nz++;
				int p = pos[d] + delta;
				if (p < 0 || p >= dims[d])
					ok = false;
				idx += p * stride;
				stride *= dims[d];
			}
			if (ok && nz > 0 && (c == Connectivity.FULL || nz == 1))
				out[k++] = idx;
		}
		return Arrays.copyOf(out, k);
	}

	/**
	 * Brute force: for each plateau (flood fill of equal values) decide whether a neighbour is
	 * higher; returns for each pixel its plateau id (raster order) and whether it is a maximum.
	 */
	static int[] bruteMaxima(double[] v, boolean[] in, int[] dims, Connectivity c) {
		int[] lab = new int[v.length];
		int[] plateau = new int[v.length];
		Arrays.fill(plateau, -1);
		int count = 0, pid = 0;
		for (int s = 0; s < v.length; s++) {
			if (!in[s] || plateau[s] >= 0)
				continue;
			ArrayDeque<Integer> stack = new ArrayDeque<>();
			java.util.List<Integer> members = new java.util.ArrayList<>();
			stack.push(s);
			plateau[s] = pid;
			boolean max = true;
			while (!stack.isEmpty()) {
				int p = stack.pop();
				members.add(p);
				for (int q : neighbours(p, dims, c)) {
					if (!in[q])
						continue;
					if (v[q] > v[s])
						max = false;
					if (v[q] == v[s] && plateau[q] < 0) {
						plateau[q] = pid;
						stack.push(q);
					}
				}
			}
			pid++;
			if (max) {
				count++;
				for (int p : members)
					lab[p] = count;
			}
		}
		return lab;
	}

	static boolean[] all(int n) {
		boolean[] b = new boolean[n];
		Arrays.fill(b, true);
		return b;
	}

	@Test
	void regionalMaximaMatchBruteForceOnRandomIntegerImages() {
		Random rng = new Random(42);
		int[][] shapes = { { 12, 9 }, { 7, 6, 5 }, { 30 }, { 1, 1 }, { 15, 1 } };
		for (int trial = 0; trial < 40; trial++) {
			int[] dims = shapes[trial % shapes.length];
			int n = Arrays.stream(dims).reduce(1, (a, b) -> a * b);
			double[] v = new double[n];
			int levels = 2 + rng.nextInt(4);
			for (int i = 0; i < n; i++)
				v[i] = rng.nextInt(levels);
			long[] ld = Arrays.stream(dims).asLongStream().toArray();
			for (Connectivity c : Connectivity.values()) {
				int[] expected = bruteMaxima(v, all(n), dims, c);
				int[] got = flat(RegionalExtrema.regionalMaxima(ArrayImgs.doubles(v.clone(), ld), c));
				assertArrayEquals(expected, got, "maxima, dims " + Arrays.toString(dims) + " " + c);
				double[] neg = Arrays.stream(v).map(x -> -x).toArray();
				int[] gotMin = flat(RegionalExtrema.regionalMinima(ArrayImgs.doubles(neg, ld), c));
				assertArrayEquals(expected, gotMin, "minima of the negated image");
				// h = 0 is the plain regional maxima
				assertArrayEquals(expected, flat(RegionalExtrema.hMaxima(ArrayImgs.doubles(v.clone(), ld), 0, c)));
			}
		}
	}

	@Test
	void maskedMaximaMatchBruteForce() {
		Random rng = new Random(7);
		int[] dims = { 11, 8, 3 };
		int n = 11 * 8 * 3;
		for (int trial = 0; trial < 10; trial++) {
			double[] v = new double[n];
			double[] m = new double[n];
			boolean[] in = new boolean[n];
			for (int i = 0; i < n; i++) {
				v[i] = rng.nextInt(4);
				in[i] = rng.nextDouble() < 0.7;
				m[i] = in[i] ? 1 : 0;
			}
			for (Connectivity c : Connectivity.values()) {
				int[] expected = bruteMaxima(v, in, dims, c);
				int[] got = flat(RegionalExtrema.regionalMaxima(ArrayImgs.doubles(v, 11, 8, 3),
						ArrayImgs.doubles(m, 11, 8, 3), c));
				assertArrayEquals(expected, got);
			}
		}
	}

	@Test
	void plateauNextToHigherPixelIsNoMaximum() {
		double[] v = { 1, 3, 3, 2, 2, 5, 0, 0 };
		int[] l = flat(RegionalExtrema.regionalMaxima(ArrayImgs.doubles(v, 8), Connectivity.FACE));
		assertArrayEquals(new int[] { 0, 1, 1, 0, 0, 2, 0, 0 }, l);
		int[] mn = flat(RegionalExtrema.regionalMinima(ArrayImgs.doubles(v, 8), Connectivity.FACE));
		assertArrayEquals(new int[] { 1, 0, 0, 2, 2, 0, 3, 3 }, mn);
	}

	@Test
	void flatImageIsOneMaximumAndNaNIsIgnored() {
		int[] l = flat(RegionalExtrema.regionalMaxima(ArrayImgs.doubles(new double[12], 4, 3), Connectivity.FULL));
		for (int x : l)
			assertEquals(1, x);
		double[] v = { 1, Double.NaN, 1, 0 };
		assertArrayEquals(new int[] { 1, 0, 2, 0 },
				flat(RegionalExtrema.regionalMaxima(ArrayImgs.doubles(v, 4), Connectivity.FACE)));
	}

	/** Brute-force reconstruction by dilation in 1D: the path between two pixels is unique. */
	static double[] bruteReconstruction1D(double[] f, double h) {
		int n = f.length;
		double[] rec = new double[n];
		for (int x = 0; x < n; x++) {
			double best = Double.NEGATIVE_INFINITY;
			for (int y = 0; y < n; y++) {
				double m = f[y] - h;
				for (int z = Math.min(x, y); z <= Math.max(x, y); z++)
					m = Math.min(m, f[z]);
				best = Math.max(best, m);
			}
			rec[x] = best;
		}
		return rec;
	}

	@Test
	void hMaximaMatchTheDefinitionOnRandomProfiles() {
		Random rng = new Random(3);
		for (int trial = 0; trial < 60; trial++) {
			int n = 5 + rng.nextInt(30);
			double[] f = new double[n];
			for (int i = 0; i < n; i++)
				f[i] = rng.nextInt(10);
			double h = rng.nextInt(5);
			int[] expected = bruteMaxima(bruteReconstruction1D(f, h), all(n), new int[] { n }, Connectivity.FACE);
			int[] got = flat(RegionalExtrema.hMaxima(ArrayImgs.doubles(f.clone(), n), h, Connectivity.FULL));
			assertArrayEquals(expected, got, "profile " + Arrays.toString(f) + " h " + h);
			// as a row of a 2D image, and as h-minima of the negated profile
			assertArrayEquals(expected,
					flat(RegionalExtrema.hMaxima(ArrayImgs.doubles(f.clone(), n, 1), h, Connectivity.FACE)));
			double[] neg = Arrays.stream(f).map(x -> -x).toArray();
			assertArrayEquals(expected, flat(RegionalExtrema.hMinima(ArrayImgs.doubles(neg, n), h, Connectivity.FACE)));
		}
	}

	/** Base 0, a peak of height 5 (x 3..5) and one of height 2 (x 10..11), 3 rows. */
	static Img<DoubleType> twoPeaks() {
		double[] row = { 0, 0, 0, 5, 5, 5, 0, 0, 0, 0, 2, 2, 0, 0 };
		double[] v = new double[row.length * 3];
		for (int y = 0; y < 3; y++)
			System.arraycopy(row, 0, v, y * row.length, row.length);
		return ArrayImgs.doubles(v, row.length, 3);
	}

	static int count(Img<IntType> l) {
		return Arrays.stream(flat(l)).max().orElse(0);
	}

	@Test
	void hMaximaOfTwoPeaks() {
		Img<DoubleType> img = twoPeaks();
		for (Connectivity c : Connectivity.values()) {
			assertEquals(2, count(RegionalExtrema.regionalMaxima(img, c)));
			assertEquals(2, count(RegionalExtrema.hMaxima(img, 1, c)));
			assertEquals(2, count(RegionalExtrema.hMaxima(img, 1.99, c)));
			// dynamic exactly h: the peak is flattened into the base
			assertEquals(1, count(RegionalExtrema.hMaxima(img, 2, c)));
			Img<IntType> h3 = RegionalExtrema.hMaxima(img, 3, c);
			assertEquals(1, count(h3));
			int[] l = flat(h3);
			for (int y = 0; y < 3; y++)
				for (int x = 0; x < 14; x++)
					assertEquals(x >= 3 && x <= 5 ? 1 : 0, l[y * 14 + x], "x " + x);
			// the highest maximum always survives
			assertEquals(1, count(RegionalExtrema.hMaxima(img, 100, c)));
		}
	}

	@Test
	void hMinimaOfTwoPits() {
		Img<DoubleType> img = twoPeaks();
		RandomAccessibleInterval<DoubleType> neg = net.imglib2.converter.Converters.convert(
				(RandomAccessibleInterval<DoubleType>) img, (a, b) -> b.set(10 - a.get()), new DoubleType());
		assertEquals(2, count(RegionalExtrema.regionalMinima(neg, Connectivity.FULL)));
		assertEquals(2, count(RegionalExtrema.hMinima(neg, 1, Connectivity.FULL)));
		assertEquals(1, count(RegionalExtrema.hMinima(neg, 3, Connectivity.FULL)));
	}

	@Test
	void hMaximaWithMaskKeepTheTopOfEveryPart() {
		Img<DoubleType> img = twoPeaks();
		double[] m = new double[14 * 3];
		for (int y = 0; y < 3; y++)
			for (int x = 0; x < 14; x++)
				m[y * 14 + x] = x == 7 ? 0 : 1; // cut between the peaks
		Img<IntType> l = RegionalExtrema.hMaxima(img, 3, ArrayImgs.doubles(m, 14, 3), Connectivity.FULL);
		assertEquals(2, count(l));
		assertEquals(0, flat(l)[7]);
	}

	@Test
	void hMaxima3DAndNonZeroMinAndInputUnchanged() {
		Img<DoubleType> img = ArrayImgs.doubles(9, 9, 9);
		var ra = img.randomAccess();
		for (int z = 0; z < 9; z++)
			for (int y = 0; y < 9; y++)
				for (int x = 0; x < 9; x++) {
					double a = 6 - 2 * (Math.abs(x - 2) + Math.abs(y - 4) + Math.abs(z - 4));
					double b = 4 - 2 * (Math.abs(x - 7) + Math.abs(y - 4) + Math.abs(z - 4)); // dynamic 4
					ra.setPositionAndGet(x, y, z).set(Math.max(0, Math.max(a, b)));
				}
		Img<DoubleType> copy = img.copy();
		var shifted = Views.translate(img, 5, -3, 2);
		assertEquals(2, count(RegionalExtrema.regionalMaxima(shifted, Connectivity.FACE)));
		assertEquals(2, count(RegionalExtrema.hMaxima(shifted, 3.5, Connectivity.FACE)));
		assertEquals(1, count(RegionalExtrema.hMaxima(shifted, 4, Connectivity.FACE)));
		Img<IntType> l = RegionalExtrema.hMaxima(shifted, 4, Connectivity.FACE);
		assertEquals(0, l.min(0));
		assertEquals(1, flat(l)[2 + 9 * 4 + 81 * 4]);
		var c1 = copy.cursor();
		var c2 = img.cursor();
		while (c1.hasNext())
			assertEquals(c1.next().get(), c2.next().get());
	}

	@Test
	void badArguments() {
		Img<DoubleType> img = twoPeaks();
		var e = assertThrows(IllegalArgumentException.class,
				() -> RegionalExtrema.hMaxima(img, -1, Connectivity.FACE));
		assertTrue(e.getMessage().contains("h"));
		assertThrows(IllegalArgumentException.class,
				() -> RegionalExtrema.hMaxima(img, Double.NaN, Connectivity.FACE));
		assertThrows(IllegalArgumentException.class,
				() -> RegionalExtrema.hMinima(img, Double.POSITIVE_INFINITY, Connectivity.FACE));
		assertThrows(IllegalArgumentException.class,
				() -> RegionalExtrema.regionalMaxima((Img<DoubleType>) null, Connectivity.FACE));
		assertThrows(IllegalArgumentException.class, () -> RegionalExtrema.regionalMinima(img, null));
		var e2 = assertThrows(IllegalArgumentException.class,
				() -> RegionalExtrema.regionalMaxima(img, ArrayImgs.doubles(3, 3), Connectivity.FACE));
		assertTrue(e2.getMessage().contains("same size"));
	}
}
