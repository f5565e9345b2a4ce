package org.segmentij.classical.distance;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;

import org.junit.jupiter.api.Test;

import ij.plugin.filter.EDM;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import net.imglib2.Cursor;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

class DistanceTransformTest {

	/** Brute force: for every pixel, the min over all seeds of the calibrated Euclidean distance. */
	static double[] bruteForce(boolean[] seeds, int[] dims, double[] w) {
		int n = dims.length;
		double[] out = new double[seeds.length];
		int[] p = new int[n], q = new int[n];
		for (int i = 0; i < seeds.length; i++) {
			coords(i, dims, p);
			double best = Double.POSITIVE_INFINITY;
			for (int j = 0; j < seeds.length; j++) {
				if (!seeds[j])
					continue;
				coords(j, dims, q);
				double s = 0;
				for (int d = 0; d < n; d++) {
					double t = w[d] * (p[d] - q[d]);
					s += t * t;
				}
				best = Math.min(best, s);
			}
			out[i] = Math.sqrt(best);
		}
		return out;
	}

	static void coords(int i, int[] dims, int[] p) {
		for (int d = 0; d < dims.length; d++) {
			p[d] = i % dims[d];
			i /= dims[d];
		}
	}

	static ArrayImg<UnsignedByteType, ByteArray> randomMask(Random r, double density, long... dims) {
		ArrayImg<UnsignedByteType, ByteArray> m = ArrayImgs.unsignedBytes(dims);
		for (UnsignedByteType t : m)
			t.set(r.nextDouble() < density ? 1 : 0);
		return m;
	}

	static boolean[] fg(ArrayImg<UnsignedByteType, ByteArray> m, boolean value) {
		byte[] b = m.update(null).getCurrentStorageArray();
		boolean[] s = new boolean[b.length];
		for (int i = 0; i < b.length; i++)
			s[i] = (b[i] != 0) == value;
		return s;
	}

	static void assertImgEquals(double[] expected, Img<FloatType> actual, double tol) {
		Cursor<FloatType> c = Views.flatIterable(actual).cursor();
		for (int i = 0; i < expected.length; i++) {
			float a = c.next().get();
			if (Double.isInfinite(expected[i]))
				assertEquals(expected[i], a, "pixel " + i);
			else
				assertEquals(expected[i], a, tol * Math.max(1, expected[i]), "pixel " + i);
		}
	}

	@Test
	void random2DAnisotropicMatchesBruteForce() {
		Random r = new Random(1);
		double[] w = { 0.7, 1.9 };
		for (int trial = 0; trial < 12; trial++) {
			int[] dims = { 5 + r.nextInt(20), 5 + r.nextInt(20) };
			double density = trial % 3 == 0 ? 0.03 : trial % 3 == 1 ? 0.5 : 0.95;
			var m = randomMask(r, density, dims[0], dims[1]);
			assertImgEquals(bruteForce(fg(m, false), dims, w), DistanceTransform.distanceToBackground(m, w), 1e-6);
			assertImgEquals(bruteForce(fg(m, true), dims, w), DistanceTransform.distanceToForeground(m, w), 1e-6);
			// double variant: exact up to double rounding
			double[] exp = bruteForce(fg(m, true), dims, w);
			double[] act = DistanceTransform.distanceToSeeds(fg(m, true), dims, w);
			for (int i = 0; i < exp.length; i++)
				assertEquals(exp[i], act[i], 1e-9 * Math.max(1, exp[i]));
		}
	}

	@Test
	void random3DAnisotropicMatchesBruteForce() {
		Random r = new Random(2);
		double[] w = { 0.2, 0.3, 0.9 };
		for (int trial = 0; trial < 6; trial++) {
			int[] dims = { 4 + r.nextInt(9), 4 + r.nextInt(9), 3 + r.nextInt(7) };
			double density = trial % 2 == 0 ? 0.05 : 0.8;
			var m = randomMask(r, density, dims[0], dims[1], dims[2]);
			assertImgEquals(bruteForce(fg(m, false), dims, w), DistanceTransform.distanceToBackground(m, w), 1e-6);
			assertImgEquals(bruteForce(fg(m, true), dims, w), DistanceTransform.distanceToForeground(m, w), 1e-6);
		}
	}

	@Test
	void isotropicMasksMatchTheGeneralTransformExactlyAndBruteForce() {
		// the isotropic 2D/3D path (runs between seeds, roots written by the last axis) against the
		// general one (distanceToSeedsFloat) bit for bit, and against brute force on small masks
		Random r = new Random(4);
		int[][] sizes = { { 300, 210 }, { 1, 70 }, { 1, 9, 13 }, { 40, 30, 20 }, { 17, 1, 11 }, { 64, 64 }, { 9, 7 } };
		for (int[] dims : sizes)
			for (double w : new double[] { 1, 0.5 })
				for (double density : new double[] { 0.02, 0.5, 0.97, 1.0 }) {
					long[] ld = java.util.Arrays.stream(dims).asLongStream().toArray();
					var m = randomMask(r, density, ld);
					for (boolean toForeground : new boolean[] { false, true }) {
						boolean[] seeds = fg(m, toForeground);
						Img<FloatType> got = toForeground ? DistanceTransform.distanceToForeground(m, w)
								: DistanceTransform.distanceToBackground(m, w);
						float[] general = DistanceTransform.distanceToSeedsFloat(seeds, dims, w);
						Cursor<FloatType> c = Views.flatIterable(got).cursor();
						String what = java.util.Arrays.toString(dims) + " w " + w + " density " + density + " to fg " + toForeground;
						for (int i = 0; i < general.length; i++)
							assertEquals(general[i], c.next().get(), 0, what + " pixel " + i);
						byte[] seedBytes = new byte[seeds.length];
						for (int i = 0; i < seeds.length; i++)
							seedBytes[i] = (byte) (seeds[i] ? 1 : 0);
						int[] k = DistanceTransform.squaredDistanceToSeedsIsotropic(seedBytes, dims, w);
						double[] sq = DistanceTransform.squaredDistanceToSeeds(seeds, dims, w);
						if (k != null) // null only where the isotropic path does not apply
							for (int i = 0; i < sq.length; i++)
								assertEquals(sq[i], k[i] == Integer.MAX_VALUE ? Double.POSITIVE_INFINITY : w * w * k[i], 0, what + " squared " + i);
						if (seeds.length <= 2000) {
							double[] ww = new double[dims.length];
							java.util.Arrays.fill(ww, w);
							assertImgEquals(bruteForce(seeds, dims, ww), got, 1e-6);
						}
					}
				}
	}

	@Test
	void fourDimensionsAndOneDimension() {
		Random r = new Random(3);
		int[] dims = { 4, 3, 5, 3 };
		var m = randomMask(r, 0.1, 4, 3, 5, 3);
		double[] w = { 1, 2, 0.5, 3 };
		assertImgEquals(bruteForce(fg(m, true), dims, w), DistanceTransform.distanceToForeground(m, w), 1e-6);
		var line = randomMask(r, 0.2, 40);
		assertImgEquals(bruteForce(fg(line, true), new int[] { 40 }, new double[] { 1.5 }),
				DistanceTransform.distanceToForeground(line, 1.5), 1e-6);
		// axes of size 1 first or in between
		var column = randomMask(r, 0.2, 1, 30, 4);
		assertImgEquals(bruteForce(fg(column, true), new int[] { 1, 30, 4 }, new double[] { 9, 0.5, 2 }),
				DistanceTransform.distanceToForeground(column, 9, 0.5, 2), 1e-6);
		var flat = randomMask(r, 0.2, 12, 1, 9);
		assertImgEquals(bruteForce(fg(flat, false), new int[] { 12, 1, 9 }, new double[] { 1, 1, 1.25 }),
				DistanceTransform.distanceToBackground(flat, 1, 1, 1.25), 1e-6);
	}

	@Test
	void singlePixelIsAnalytic() {
		var m = ArrayImgs.unsignedBytes(9, 7, 5);
		var ra = m.randomAccess();
		ra.setPosition(new long[] { 2, 5, 1 });
		ra.get().set(255);
		Img<FloatType> d = DistanceTransform.distanceToForeground(m, 0.5, 2, 3);
		Cursor<FloatType> c = d.localizingCursor();
		while (c.hasNext()) {
			c.fwd();
			double dx = 0.5 * (c.getLongPosition(0) - 2), dy = 2.0 * (c.getLongPosition(1) - 5),
					dz = 3.0 * (c.getLongPosition(2) - 1);
			assertEquals(Math.sqrt(dx * dx + dy * dy + dz * dz), c.get().get(), 1e-6);
		}
	}

	@Test
	void noSeedsGiveInfinityAndEmptyImageWorks() {
		var empty = ArrayImgs.unsignedBytes(6, 4);
		for (FloatType t : DistanceTransform.distanceToForeground(empty))
			assertEquals(Float.POSITIVE_INFINITY, t.get());
		for (FloatType t : DistanceTransform.distanceToBackground(empty))
			assertEquals(0, t.get());
		var full = ArrayImgs.floats(6, 4);
		for (FloatType t : full)
			t.set(Float.NaN); // NaN is background
		for (FloatType t : DistanceTransform.distanceToBackground(full))
			assertEquals(0, t.get());
		for (FloatType t : full)
			t.set(-3);
		for (FloatType t : DistanceTransform.distanceToBackground(full))
			assertEquals(Float.POSITIVE_INFINITY, t.get());
		assertEquals(0, DistanceTransform.distanceToSeeds(new boolean[0], new int[] { 0, 5 }).length);
	}

	@Test
	void inputIsNotModified() {
		var m = randomMask(new Random(5), 0.5, 12, 10);
		byte[] before = m.update(null).getCurrentStorageArray().clone();
		DistanceTransform.distanceToBackground(m, 2);
		DistanceTransform.distanceToForeground(m);
		assertArrayEquals(before, m.update(null).getCurrentStorageArray());
	}

	@Test
	void matchesImageJEdm() {
		// ImageJ's EDM is exact for distances below 13 (its documentation): use masks whose
		// distances stay below that.
		Random r = new Random(4);
		for (int trial = 0; trial < 6; trial++) {
			int w = 30 + r.nextInt(20), h = 20 + r.nextInt(20);
			ByteProcessor bp = new ByteProcessor(w, h);
			var m = ArrayImgs.unsignedBytes((byte[]) bp.getPixels(), w, h);
			// blobs: random discs of foreground, some background left
			for (int k = 0; k < 8; k++) {
				int cx = r.nextInt(w), cy = r.nextInt(h), rad = 2 + r.nextInt(8);
				for (int y = 0; y < h; y++)
					for (int x = 0; x < w; x++)
						if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= rad * rad)
							bp.set(x, y, 255);
			}
			bp.set(0, 0, 0); // at least one background pixel
			FloatProcessor edm = new EDM().makeFloatEDM(bp, 0, false);
			Img<FloatType> ours = DistanceTransform.distanceToBackground(m);
			var c = ours.cursor();
			float[] e = (float[]) edm.getPixels();
			for (int i = 0; i < e.length; i++)
				assertEquals(e[i], c.next().get(), 1e-5, "pixel " + i);
		}
	}

	@Test
	void badInputGivesClearMessages() {
		var m = ArrayImgs.unsignedBytes(3, 3);
		var e = assertThrows(IllegalArgumentException.class, () -> DistanceTransform.distanceToBackground(m, 1, 2, 3));
		assertTrue(e.getMessage().contains("3 pixel sizes for a 2-dimensional image"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> DistanceTransform.distanceToForeground(m, 0));
		assertTrue(e.getMessage().contains("not a positive finite number"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> DistanceTransform.distanceToForeground(m, Double.NaN));
		assertThrows(IllegalArgumentException.class, () -> DistanceTransform.distanceToBackground(null));
		e = assertThrows(IllegalArgumentException.class,
				() -> DistanceTransform.distanceToSeeds(new boolean[5], new int[] { 2, 2 }));
		assertTrue(e.getMessage().contains("need 4"), e.getMessage());
	}
}
