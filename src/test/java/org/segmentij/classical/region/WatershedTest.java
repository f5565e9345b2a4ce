package org.segmentij.classical.region;

import static org.junit.jupiter.api.Assertions.*;
import static org.segmentij.classical.region.RegionalExtremaTest.flat;
import static org.segmentij.classical.region.RegionalExtremaTest.neighbours;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.segmentij.classical.region.ConnectedComponents.Connectivity;
import org.segmentij.image.SyntheticNuclei;
import org.segmentij.metrics.InstanceMatching;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.DoubleType;
import net.imglib2.view.Views;

class WatershedTest {

	/**
	 * Slow reference of the documented algorithm: a sorted set of (value, insertion number,
	 * pixel), neighbours by coordinates.
	 */
	static int[] reference(double[] v, int[] markers, boolean[] in, int[] dims, Connectivity c, boolean lines) {
		int n = v.length;
		int[] lab = new int[n];
		int[] state = new int[n]; // 0 none, 1 queued, 2 marker, 3 done
		TreeSet<double[]> queue = new TreeSet<>(
				Comparator.<double[]>comparingDouble(e -> e[0]).thenComparingDouble(e -> e[1]));
		int seq = 0;
		for (int i = 0; i < n; i++)
			if (in[i] && markers[i] > 0) {
				lab[i] = markers[i];
				state[i] = 2;
				queue.add(new double[] { key(v[i]), seq++, i });
			}
		while (!queue.isEmpty()) {
			int p = (int) queue.pollFirst()[2];
			if (lines && state[p] != 2) {
				boolean meet = false;
				for (int q : neighbours(p, dims, c))
					if (state[q] >= 2 && lab[q] > 0 && lab[q] != lab[p])
						meet = true;
				if (meet) {
					lab[p] = 0;
					state[p] = 3;
					continue;
				}
			}
			state[p] = 3;
			for (int q : neighbours(p, dims, c))
				if (in[q] && state[q] == 0) {
					state[q] = 1;
					lab[q] = lab[p];
					queue.add(new double[] { key(v[q]), seq++, q });
				}
		}
		return lab;
	}

	static double key(double x) {
		return Double.isNaN(x) ? Double.POSITIVE_INFINITY : x;
	}

	@Test
	void matchesSlowReferenceOnRandomImages() {
		Random rng = new Random(11);
		int[][] shapes = { { 16, 13 }, { 7, 6, 5 }, { 25 }, { 9, 1 } };
		for (int trial = 0; trial < 60; trial++) {
			int[] dims = shapes[(trial / 5) % shapes.length];
			long[] ld = Arrays.stream(dims).asLongStream().toArray();
			int n = Arrays.stream(dims).reduce(1, (a, b) -> a * b);
			double[] v = new double[n];
			int[] mk = new int[n];
			boolean[] in = new boolean[n];
			double[] m = new double[n];
			boolean useMask = trial % 3 == 0;
			int kind = trial % 5; // bucket queue (0, 3), heap (1, 2, 4); NaN in 3 and 4
			for (int i = 0; i < n; i++) {
				v[i] = switch (kind) {
				case 0 -> rng.nextInt(5);
				case 1 -> rng.nextDouble();
				case 2 -> rng.nextInt(5) * 1e7; // integers, but too wide a range for buckets
				case 3 -> rng.nextDouble() < 0.1 ? Double.NaN : rng.nextInt(5);
				default -> rng.nextDouble() < 0.1 ? Double.NaN : rng.nextInt(5) + 0.5;
				};
				mk[i] = rng.nextDouble() < 0.05 ? 1 + rng.nextInt(4) : 0;
				in[i] = !useMask || rng.nextDouble() < 0.8;
				m[i] = in[i] ? 3 : 0;
			}
			for (Connectivity c : Connectivity.values())
				for (boolean lines : new boolean[] { false, true }) {
					int[] expected = reference(v, mk, in, dims, c, lines);
					int[] got = flat(Watershed.watershed(ArrayImgs.doubles(v, ld), ArrayImgs.ints(mk.clone(), ld),
							useMask ? ArrayImgs.doubles(m, ld) : null, c, lines));
					assertArrayEquals(expected, got, "trial " + trial + " " + c + " lines " + lines);
					// markers preserved, mask respected
					for (int i = 0; i < n; i++) {
						if (!in[i])
							assertEquals(0, got[i]);
						else if (mk[i] > 0)
							assertEquals(mk[i], got[i]);
					}
				}
		}
	}

	/** Ridge image: value 4 - |x - 4| on 9 columns; markers in the first and last column. */
	static Img<DoubleType> ridge(int h) {
		double[] v = new double[9 * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < 9; x++)
				v[y * 9 + x] = 4 - Math.abs(x - 4);
		return ArrayImgs.doubles(v, 9, h);
	}

	static Img<IntType> ridgeMarkers(int h) {
		int[] m = new int[9 * h];
		for (int y = 0; y < h; y++) {
			m[y * 9] = 1;
			m[y * 9 + 8] = 2;
		}
		return ArrayImgs.ints(m, 9, h);
	}

	@Test
	void ridgeIsSplitExactlyAtTheRidge() {
		for (Connectivity c : Connectivity.values()) {
			int[] l = flat(Watershed.watershed(ridge(5), ridgeMarkers(5), null, c, false));
			int[] w = flat(Watershed.watershed(ridge(5), ridgeMarkers(5), null, c, true));
			for (int y = 0; y < 5; y++)
				for (int x = 0; x < 9; x++) {
					int i = y * 9 + x;
					if (x < 4)
						assertEquals(1, l[i]);
					else if (x > 4)
						assertEquals(2, l[i]);
					else
						assertTrue(l[i] == 1 || l[i] == 2);
					assertEquals(x < 4 ? 1 : x > 4 ? 2 : 0, w[i], "line at " + x + "," + y + " " + c);
				}
		}
	}

	@Test
	void twoBasinsOfAKnownImage() {
		int w = 40, h = 30;
		double[] v = new double[w * h];
		int[] mk = new int[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				v[y * w + x] = Math.min(Math.hypot(x - 10, y - 12), Math.hypot(x - 29, y - 17));
		mk[12 * w + 10] = 7;
		mk[17 * w + 29] = 3;
		for (Connectivity c : Connectivity.values()) {
			int[] l = flat(Watershed.watershed(ArrayImgs.doubles(v, w, h), ArrayImgs.ints(mk, w, h), null, c, false));
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					double d1 = Math.hypot(x - 10, y - 12), d2 = Math.hypot(x - 29, y - 17);
					if (d1 < d2 - 1.5)
						assertEquals(7, l[y * w + x]);
					else if (d2 < d1 - 1.5)
						assertEquals(3, l[y * w + x]);
					else
						assertTrue(l[y * w + x] == 7 || l[y * w + x] == 3);
				}
		}
	}

	@Test
	void maskLimitsTheFloodAndUnreachedPartsStayZero() {
		// mask: two vertical bands separated by a gap; a marker only in the left one
		int w = 12, h = 6;
		double[] m = new double[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				m[y * w + x] = x < 5 || x > 6 ? 1 : 0;
		int[] mk = new int[w * h];
		mk[2 * w + 1] = 4;
		mk[2 * w + 5] = 9; // outside the mask: ignored
		int[] l = flat(Watershed.watershed(ArrayImgs.doubles(new double[w * h], w, h), ArrayImgs.ints(mk, w, h),
				ArrayImgs.doubles(m, w, h), Connectivity.FULL, false));
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				assertEquals(x < 5 ? 4 : 0, l[y * w + x]);
	}

	@Test
	void threeDimensionalRidge() {
		int s = 9;
		Img<DoubleType> img = ArrayImgs.doubles(6, 5, s);
		Img<IntType> mk = ArrayImgs.ints(6, 5, s);
		var ra = img.randomAccess();
		var rm = mk.randomAccess();
		for (int z = 0; z < s; z++)
			for (int y = 0; y < 5; y++)
				for (int x = 0; x < 6; x++) {
					ra.setPositionAndGet(x, y, z).set(4 - Math.abs(z - 4));
					if (z == 0)
						rm.setPositionAndGet(x, y, z).set(1);
					if (z == s - 1 && x == 3 && y == 2)
						rm.setPositionAndGet(x, y, z).set(2);
				}
		Img<DoubleType> before = img.copy();
		for (Connectivity c : Connectivity.values()) {
			Img<IntType> l = Watershed.watershed(Views.translate(img, 2, 2, 2), Views.translate(mk, 2, 2, 2), null, c,
					true);
			assertEquals(0, l.min(2));
			var rl = l.randomAccess();
			for (int z = 0; z < s; z++)
				for (int y = 0; y < 5; y++)
					for (int x = 0; x < 6; x++)
						assertEquals(z < 4 ? 1 : z > 4 ? 2 : 0, rl.setPositionAndGet(x, y, z).get());
		}
		// inputs unchanged
		var c1 = before.cursor();
		var c2 = img.cursor();
		while (c1.hasNext())
			assertEquals(c1.next().get(), c2.next().get());
		assertEquals(1, mk.randomAccess().setPositionAndGet(0, 0, 0).get());
		assertEquals(0, mk.randomAccess().setPositionAndGet(0, 0, 4).get());
	}

	@Test
	void nanIsFloodedLast() {
		double[] v = { 0, Double.NaN, 5, 5, 0 };
		int[] mk = { 1, 0, 0, 0, 2 };
		int[] l = flat(Watershed.watershed(ArrayImgs.doubles(v, 5), ArrayImgs.ints(mk, 5), null, Connectivity.FACE,
				false));
		// the NaN pixel was queued by marker 1 first and popped after both 5s
		assertArrayEquals(new int[] { 1, 1, 2, 2, 2 }, l);
		double[] v2 = { 0, Double.NaN, 7, 0 };
		int[] l2 = flat(Watershed.watershed(ArrayImgs.doubles(v2, 4), ArrayImgs.ints(new int[] { 1, 0, 0, 2 }, 4),
				null, Connectivity.FACE, true));
		assertArrayEquals(new int[] { 1, 0, 2, 2 }, l2);
	}

	static Img<UnsignedByteType> discs(int w, int h, double[][] circles) {
		Img<UnsignedByteType> m = ArrayImgs.unsignedBytes(w, h);
		var ra = m.randomAccess();
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				for (double[] c : circles)
					if (Math.hypot(x - c[0], y - c[1]) <= c[2])
						ra.setPositionAndGet(x, y).set(255);
		return m;
	}

	@Test
	void splitTouchingSeparatesTwoOverlappingDiscs() {
		Img<UnsignedByteType> mask = discs(90, 64, new double[][] { { 30, 32, 14 }, { 55, 32, 14 } });
		assertEquals(1, RegionalExtremaTest.count(ConnectedComponents.label(mask, Connectivity.FULL)));
		for (Connectivity c : Connectivity.values())
			for (double h : new double[] { 0.5, 1, 2 }) {
				Img<IntType> l = Watershed.splitTouching(mask, null, h, c);
				assertEquals(2, RegionalExtremaTest.count(l), c + " h " + h);
				var ra = l.randomAccess();
				assertNotEquals(ra.setPositionAndGet(30, 32).get(), ra.setPositionAndGet(55, 32).get());
				var mc = Views.flatIterable(mask).cursor();
				for (int x : flat(l))
					assertEquals(mc.next().get() != 0, x != 0, "union of the objects is the mask");
			}
		// the same with a calibrated, anisotropic-free spacing: h in calibrated units
		assertEquals(2, RegionalExtremaTest.count(Watershed.splitTouching(mask, new double[] { 0.5 }, 0.5,
				Connectivity.FULL)));
	}

	@Test
	void splitTouchingSeparatesTwoOverlappingBalls3D() {
		int w = 44, h = 24, d = 20;
		Img<UnsignedByteType> mask = ArrayImgs.unsignedBytes(w, h, d);
		var ra = mask.randomAccess();
		for (int z = 0; z < d; z++)
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++)
					if (Math.sqrt((x - 14) * (x - 14) + (y - 12) * (y - 12) + (z - 10) * (z - 10)) <= 9
							|| Math.sqrt((x - 29) * (x - 29) + (y - 12) * (y - 12) + (z - 10) * (z - 10)) <= 9)
						ra.setPositionAndGet(x, y, z).set(1);
		Img<IntType> l = Watershed.splitTouching(mask, new double[] { 1, 1, 1 }, 1, Connectivity.FULL);
		assertEquals(2, RegionalExtremaTest.count(l));
		var rl = l.randomAccess();
		assertNotEquals(rl.setPositionAndGet(14, 12, 10).get(), rl.setPositionAndGet(29, 12, 10).get());
		var mc = Views.flatIterable(mask).cursor();
		for (int x : flat(l))
			assertEquals(mc.next().get() != 0, x != 0);
	}

	@Test
	void splitTouchingBeatsConnectedComponentsOnSyntheticNuclei() {
		var sample = SyntheticNuclei.generate(SyntheticNuclei.Params.defaults2D(256, 256, 30, 1));
		Img<IntType> truth = sample.labels();
		Img<UnsignedByteType> mask = SyntheticNuclei.mask(truth);
		double apCc = InstanceMatching.match(ConnectedComponents.label(mask, Connectivity.FULL), truth, 0.5).ap();
		Img<IntType> split = Watershed.splitTouching(mask, null, 1, Connectivity.FULL);
		double apWs = InstanceMatching.match(split, truth, 0.5).ap();
		assertTrue(apWs > apCc, "watershed AP " + apWs + " vs connected components " + apCc);
		var mc = Views.flatIterable(mask).cursor();
		for (int x : flat(split))
			assertEquals(mc.next().get() != 0, x != 0);
	}

	@Test
	void splitTouchingPartByPartEqualsOneFloodOverTheWholeMask() {
		// each connected part of the mask in its own bounding box, numbered back into raster order,
		// against the flood over the whole image at once: identical labels
		java.util.Random r = new java.util.Random(17);
		long[][] sizes = { { 160, 120 }, { 57, 43, 19 }, { 1, 80 }, { 90, 1, 12 } };
		for (long[] size : sizes) {
			Img<UnsignedByteType> mask = ArrayImgs.unsignedBytes(size);
			double[][] blobs = new double[25][];
			for (int k = 0; k < blobs.length; k++)
				blobs[k] = new double[] { r.nextDouble() * size[0], r.nextDouble() * size[1],
						size.length > 2 ? r.nextDouble() * size[2] : 0, 2 + r.nextDouble() * 9 };
			var c = mask.localizingCursor();
			while (c.hasNext()) {
				c.fwd();
				for (double[] b : blobs) {
					double dz = size.length > 2 ? c.getDoublePosition(2) - b[2] : 0;
					if (Math.sqrt(Math.pow(c.getDoublePosition(0) - b[0], 2) + Math.pow(c.getDoublePosition(1) - b[1], 2) + dz * dz) <= b[3]
							|| r.nextDouble() < 0.01)
						c.get().set(255);
				}
			}
			double[][] spacings = size.length > 2 ? new double[][] { null, { 0.5 }, { 0.3, 0.3, 0.9 } }
					: new double[][] { null, { 0.5 }, { 0.7, 1.3 } };
			for (Connectivity conn : Connectivity.values())
				for (double[] spacing : spacings)
					for (double hh : new double[] { 0, 1, 2.5 })
						assertArrayEquals(flat(Watershed.splitTouchingGlobal(mask, spacing, hh, conn)),
								flat(Watershed.splitTouching(mask, spacing, hh, conn)),
								java.util.Arrays.toString(size) + " " + conn + " spacing " + java.util.Arrays.toString(spacing) + " h " + hh);
		}
	}

	@Test
	void badArguments() {
		Img<DoubleType> img = ridge(3);
		Img<IntType> mk = ridgeMarkers(3);
		assertThrows(IllegalArgumentException.class,
				() -> Watershed.watershed((Img<DoubleType>) null, mk, null, Connectivity.FACE, false));
		assertThrows(IllegalArgumentException.class,
				() -> Watershed.watershed(img, null, null, Connectivity.FACE, false));
		assertThrows(IllegalArgumentException.class, () -> Watershed.watershed(img, mk, null, null, false));
		var e = assertThrows(IllegalArgumentException.class,
				() -> Watershed.watershed(img, ArrayImgs.ints(9, 4), null, Connectivity.FACE, false));
		assertTrue(e.getMessage().contains("markers"));
		assertThrows(IllegalArgumentException.class,
				() -> Watershed.watershed(img, mk, ArrayImgs.doubles(2, 2), Connectivity.FACE, false));
		Img<IntType> neg = ArrayImgs.ints(9, 3);
		neg.firstElement().set(-1);
		var e2 = assertThrows(IllegalArgumentException.class,
				() -> Watershed.watershed(img, neg, null, Connectivity.FACE, false));
		assertTrue(e2.getMessage().contains("negative"));
		assertThrows(IllegalArgumentException.class, () -> Watershed.splitTouching(img, null, -1, Connectivity.FULL));
		assertThrows(IllegalArgumentException.class,
				() -> Watershed.splitTouching(img, new double[] { 1, 2, 3 }, 1, Connectivity.FULL));
		assertThrows(IllegalArgumentException.class, () -> Watershed.splitTouching(img, null, 1, null));
	}
}
