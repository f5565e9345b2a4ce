package org.segmentij.classical.edge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.imglib2.Cursor;
import net.imglib2.RandomAccess;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.Test;

class LaplacianOfGaussianTest {

	/** A Gaussian blob of amplitude 100 and standard deviation sb centred at c on every axis. */
	private static Img<FloatType> blob(int size, int n, double c, double sb) {
		long[] dims = new long[n];
		java.util.Arrays.fill(dims, size);
		Img<FloatType> img = ArrayImgs.floats(dims);
		Cursor<FloatType> cur = img.localizingCursor();
		while (cur.hasNext()) {
			cur.fwd();
			double r2 = 0;
			for (int d = 0; d < n; d++)
				r2 += Math.pow(cur.getDoublePosition(d) - c, 2);
			cur.get().setReal(100 * Math.exp(-r2 / (2 * sb * sb)));
		}
		return img;
	}

	private static float at(Img<FloatType> img, long... pos) {
		RandomAccess<FloatType> ra = img.randomAccess();
		ra.setPosition(pos);
		return ra.get().get();
	}

	/** Position of the minimum. */
	private static long[] argmin(Img<FloatType> img) {
		Cursor<FloatType> c = img.localizingCursor();
		float best = Float.POSITIVE_INFINITY;
		long[] pos = new long[img.numDimensions()];
		while (c.hasNext()) {
			c.fwd();
			if (c.get().get() < best) {
				best = c.get().get();
				c.localize(pos);
			}
		}
		return pos;
	}

	/** The sigma in [0.6, 1.6] x sb giving the strongest (most negative) centre response. */
	private static double bestSigma(Img<FloatType> img, double sb, long... centre) {
		double best = Double.NaN, bestValue = Double.POSITIVE_INFINITY;
		for (double f = 0.6; f <= 1.6 + 1e-9; f += 0.05) {
			double v = at(LaplacianOfGaussian.filter(img, f * sb), centre);
			if (v < bestValue) {
				bestValue = v;
				best = f * sb;
			}
		}
		return best;
	}

	@Test
	void brightBlob2dHasANegativeCentreMaximalAtItsOwnScale() {
		double sb = 3;
		Img<FloatType> img = blob(48, 2, 24, sb);
		Img<FloatType> log = LaplacianOfGaussian.filter(img, sb);
		assertArrayEquals(new long[] { 24, 24 }, argmin(log));
		// analytic: sigma² LoG at the centre = -2 A sigma² sb² / (sb² + sigma²)² = -A/2 at sigma = sb
		assertEquals(-50, at(log, 24, 24), 2.5);
		double s = bestSigma(img, sb, 24, 24);
		assertTrue(Math.abs(s - sb) <= 0.15 * sb, "strongest response at sigma " + s);
	}

	@Test
	void brightBlob3dHasANegativeCentreMaximalAtSqrtTwoThirdsOfItsScale() {
		double sb = 2.5;
		Img<FloatType> img = blob(32, 3, 16, sb);
		Img<FloatType> log = LaplacianOfGaussian.filter(img, sb);
		assertArrayEquals(new long[] { 16, 16, 16 }, argmin(log));
		assertTrue(at(log, 16, 16, 16) < 0);
		// in 3D the centre response -3 A sigma² sb³ / (sb² + sigma²)^(5/2) peaks at sigma = sb sqrt(2/3)
		double expected = sb * Math.sqrt(2.0 / 3);
		double s = bestSigma(img, sb, 16, 16, 16);
		assertTrue(Math.abs(s - expected) <= 0.15 * expected, "strongest response at sigma " + s);
	}

	@Test
	void zeroSigmaOnAnAxisFiltersEachPlane() {
		Img<FloatType> plane = blob(24, 2, 11, 2);
		Img<FloatType> stack = ArrayImgs.floats(24, 24, 3);
		for (int z = 0; z < 3; z++) {
			Cursor<FloatType> c = net.imglib2.view.Views.flatIterable(net.imglib2.view.Views.hyperSlice(stack, 2, z)).cursor();
			for (FloatType t : plane)
				c.next().setReal(t.get() * (z + 1));
		}
		Img<FloatType> expected = LaplacianOfGaussian.filter(plane, 2);
		Img<FloatType> got = LaplacianOfGaussian.filter(stack, 2, 2, 0);
		RandomAccess<FloatType> ra = got.randomAccess();
		Cursor<FloatType> e = expected.localizingCursor();
		while (e.hasNext()) {
			e.fwd();
			for (int z = 0; z < 3; z++) {
				ra.setPosition(new long[] { e.getLongPosition(0), e.getLongPosition(1), z });
				assertEquals(e.get().get() * (z + 1), ra.get().get(), 1e-3);
			}
		}
	}

	@Test
	void darkBlobGivesAPositiveCentre() {
		Img<FloatType> img = blob(40, 2, 20, 3);
		for (FloatType t : img)
			t.setReal(200 - t.get());
		assertTrue(at(LaplacianOfGaussian.filter(img, 3), 20, 20) > 0);
	}

	@Test
	void constantImageGivesZeroAndNoCrossings() {
		Img<FloatType> img = ArrayImgs.floats(20, 16);
		for (FloatType t : img)
			t.setReal(42);
		Img<FloatType> log = LaplacianOfGaussian.filter(img, 2);
		for (FloatType t : log)
			assertEquals(0, t.get(), 1e-4);
		for (UnsignedByteType t : LaplacianOfGaussian.zeroCrossings(log, 0))
			assertEquals(0, t.get());
		Img<FloatType> log3 = LaplacianOfGaussian.filter(ArrayImgs.floats(8, 8, 8), 1, 1, 2);
		for (FloatType t : log3)
			assertEquals(0, t.get());
	}

	@Test
	void zeroCrossingsOfABrightDiscFollowItsEdge() {
		int size = 64;
		double c = 32, radius = 15;
		Img<FloatType> img = ArrayImgs.floats(size, size);
		Cursor<FloatType> cur = img.localizingCursor();
		while (cur.hasNext()) {
			cur.fwd();
			double r = Math.hypot(cur.getDoublePosition(0) - c, cur.getDoublePosition(1) - c);
			cur.get().setReal(r <= radius ? 100 : 10);
		}
		Img<FloatType> log = LaplacianOfGaussian.filter(img, 2);
		Img<UnsignedByteType> zc = LaplacianOfGaussian.zeroCrossings(log, 1);
		boolean[][] e = new boolean[size][size];
		Cursor<UnsignedByteType> z = zc.localizingCursor();
		int n = 0;
		while (z.hasNext()) {
			z.fwd();
			int v = z.get().get();
			assertTrue(v == 0 || v == 255);
			if (v == 0)
				continue;
			n++;
			int x = z.getIntPosition(0), y = z.getIntPosition(1);
			e[y][x] = true;
			double r = Math.hypot(x - c, y - c);
			assertTrue(Math.abs(r - radius) <= 2, "crossing at " + x + "," + y + ", radius " + r);
		}
		assertTrue(n > 0);
		// all around: near every point of the circle there is a crossing within 1.5 px
		for (int k = 0; k < 72; k++) {
			double a = 2 * Math.PI * k / 72;
			double px = c + radius * Math.cos(a), py = c + radius * Math.sin(a);
			boolean found = false;
			for (int y = (int) py - 2; y <= (int) py + 3 && !found; y++)
				for (int x = (int) px - 2; x <= (int) px + 3 && !found; x++)
					found = e[y][x] && Math.hypot(x - px, y - py) <= 1.5;
			assertTrue(found, "no crossing near angle " + k * 5 + " degrees");
		}
		// a larger minimum slope keeps a subset
		Cursor<UnsignedByteType> strict = LaplacianOfGaussian.zeroCrossings(log, 1e6).cursor();
		while (strict.hasNext())
			assertEquals(0, strict.next().get());
	}

	@Test
	void zeroCrossingsMarkTheSmallerMagnitudeSide() {
		Img<FloatType> line = ArrayImgs.floats(new float[] { -4, -3, 1, 2, 5, -0.5f, 0, 0.25f, -2 }, 9);
		Img<UnsignedByteType> zc = LaplacianOfGaussian.zeroCrossings(line, 0.5);
		int[] expected = { 0, 0, 255, 0, 0, 255, 0, 255, 0 };
		// -3|1 -> 1 (index 2); 5|-0.5 -> index 5; -0.5|0|0.25: the exact zero at 6 has neighbours
		// -0.5 and 0.25 (difference 0.75), so it is marked too; 0.25|-2 -> index 7
		expected[6] = 255;
		RandomAccess<UnsignedByteType> ra = zc.randomAccess();
		for (int i = 0; i < 9; i++) {
			ra.setPosition(i, 0);
			assertEquals(expected[i], ra.get().get(), "index " + i);
		}
	}

	@Test
	void inputIsNotModifiedAndBadParametersAreRejected() {
		Img<FloatType> img = blob(20, 2, 10, 2);
		float[] before = new float[400];
		int i = 0;
		for (FloatType t : img)
			before[i++] = t.get();
		Img<FloatType> log = LaplacianOfGaussian.filter(img, 1.5);
		i = 0;
		for (FloatType t : img)
			assertEquals(before[i++], t.get());
		assertThrows(IllegalArgumentException.class, () -> LaplacianOfGaussian.filter(img, -1));
		assertThrows(IllegalArgumentException.class, () -> LaplacianOfGaussian.filter(img, 0));
		assertThrows(IllegalArgumentException.class, () -> LaplacianOfGaussian.filter(img, 1, 2, 3));
		assertThrows(IllegalArgumentException.class, () -> LaplacianOfGaussian.filter(img, Double.NaN));
		assertThrows(IllegalArgumentException.class, () -> LaplacianOfGaussian.filter(null, 1));
		assertThrows(IllegalArgumentException.class, () -> LaplacianOfGaussian.zeroCrossings(log, -1));
		assertThrows(IllegalArgumentException.class, () -> LaplacianOfGaussian.zeroCrossings(null, 1));
		assertThrows(IllegalArgumentException.class,
				() -> LaplacianOfGaussian.zeroCrossings(log, Double.POSITIVE_INFINITY));
	}
}
