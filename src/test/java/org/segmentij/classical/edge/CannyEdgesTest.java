package org.segmentij.classical.edge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Random;
import java.util.function.IntBinaryOperator;

import net.imglib2.Cursor;
import net.imglib2.RandomAccess;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.Test;

class CannyEdgesTest {

	private static Img<FloatType> image(int w, int h, IntBinaryOperator f) {
		Img<FloatType> img = ArrayImgs.floats(w, h);
		RandomAccess<FloatType> ra = img.randomAccess();
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				ra.setPosition(new long[] { x, y });
				ra.get().setReal(f.applyAsInt(x, y));
			}
		return img;
	}

	private static boolean[][] edges(Img<UnsignedByteType> mask) {
		int w = (int) mask.dimension(0), h = (int) mask.dimension(1);
		boolean[][] e = new boolean[h][w];
		RandomAccess<UnsignedByteType> ra = mask.randomAccess();
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				ra.setPosition(new long[] { x, y });
				int v = ra.get().get();
				assertTrue(v == 0 || v == 255, "mask values are 0/255");
				e[y][x] = v == 255;
			}
		return e;
	}

	private static int count(Img<UnsignedByteType> mask) {
		int n = 0;
		for (UnsignedByteType t : mask)
			if (t.get() != 0)
				n++;
		return n;
	}

	@Test
	void sharpVerticalStepGivesOneColumnAtTheBrightSide() {
		// 0 for x < 10, 100 for x >= 10: Sobel magnitude 400 on columns 9 and 10, 0 elsewhere;
		// the tie-break keeps column 10
		boolean[][] e = edges(CannyEdges.detect(image(24, 16, (x, y) -> x >= 10 ? 100 : 0), 0, 100, 300));
		for (int y = 0; y < 16; y++)
			for (int x = 0; x < 24; x++)
				assertEquals(x == 10, e[y][x], "pixel " + x + "," + y);
	}

	@Test
	void blurredVerticalStepGivesOneColumnAtTheStep() {
		boolean[][] e = edges(CannyEdges.detect(image(30, 20, (x, y) -> x >= 15 ? 100 : 0), 1.5, 20, 60));
		for (int y = 0; y < 20; y++) {
			int n = 0, at = -1;
			for (int x = 0; x < 30; x++)
				if (e[y][x]) {
					n++;
					at = x;
				}
			assertEquals(1, n, "row " + y);
			assertTrue(at == 14 || at == 15, "row " + y + " edge at " + at);
		}
	}

	@Test
	void stepEdgesAtEightOrientationsAreFoundWithinAPixelAndThin() {
		// a straight step through (32, 32) with normal at angle k * 45 degrees: 100 on the side
		// the normal points to; the boundary lies between d = -1 and d = 0.5 (d: signed distance
		// of a pixel centre from the line)
		int size = 64;
		double c = 31.6;
		for (int k = 0; k < 8; k++) {
			double t = k * Math.PI / 4, nx = Math.cos(t), ny = Math.sin(t);
			boolean[][] e = edges(CannyEdges.detect(
					image(size, size, (x, y) -> (x - c) * nx + (y - c) * ny >= 0 ? 100 : 0), 1.5, 20, 60));
			int near = 0;
			for (int y = 0; y < size; y++)
				for (int x = 0; x < size; x++) {
					double d = (x - c) * nx + (y - c) * ny, along = -(x - c) * ny + (y - c) * nx;
					if (Math.abs(along) > 20)
						continue; // away from the image border
					if (e[y][x]) {
						assertTrue(d >= -1.5 && d <= 1.0, "orientation " + k * 45 + ": edge pixel " + x + "," + y
								+ " at distance " + d + " from the step");
						near++;
					}
				}
			// every point of the line (within the central part) has an edge pixel within 1.5
			for (double s = -18; s <= 18; s += 0.5) {
				double px = c - s * ny, py = c + s * nx;
				boolean found = false;
				for (int y = 0; y < size && !found; y++)
					for (int x = 0; x < size && !found; x++)
						found = e[y][x] && Math.hypot(x - px, y - py) <= 1.5;
				assertTrue(found, "orientation " + k * 45 + ": no edge near " + px + "," + py);
			}
			// one pixel wide: no more edge pixels than an 8-connected digital line of that length
			double length = 40; // |along| <= 20
			double perPixel = k % 2 == 0 ? 1 : Math.sqrt(2);
			assertTrue(near <= length * perPixel + 4, "orientation " + k * 45 + ": " + near + " edge pixels");
		}
	}

	@Test
	void brightSquareGivesAClosedFourSidedContour() {
		int size = 60, lo = 20, hi = 39;
		Img<FloatType> img = image(size, size, (x, y) -> x >= lo && x <= hi && y >= lo && y <= hi ? 100 : 0);
		boolean[][] e = edges(CannyEdges.detect(img, 1, 20, 60));
		// each side: exactly one edge pixel per line, within a pixel of the boundary
		for (int t = lo + 3; t <= hi - 3; t++) {
			assertEquals(1, countIn(e, t, lo - 2, lo + 2, true), "left side, row " + t);
			assertEquals(1, countIn(e, t, hi - 1, hi + 3, true), "right side, row " + t);
			assertEquals(1, countIn(e, t, lo - 2, lo + 2, false), "top side, column " + t);
			assertEquals(1, countIn(e, t, hi - 1, hi + 3, false), "bottom side, column " + t);
		}
		// nothing far from the boundary, inside or outside
		for (int y = 0; y < size; y++)
			for (int x = 0; x < size; x++) {
				boolean inside = x >= lo + 3 && x <= hi - 3 && y >= lo + 3 && y <= hi - 3;
				boolean outside = x < lo - 3 || x > hi + 4 || y < lo - 3 || y > hi + 4;
				if (inside || outside)
					assertFalse(e[y][x], "pixel " + x + "," + y);
			}
		// closed: a 4-connected fill of the non-edge pixels from the image border never reaches
		// the inside
		boolean[][] seen = new boolean[size][size];
		ArrayDeque<int[]> q = new ArrayDeque<>();
		for (int i = 0; i < size; i++)
			for (int[] p : new int[][] { { i, 0 }, { i, size - 1 }, { 0, i }, { size - 1, i } })
				if (!e[p[1]][p[0]] && !seen[p[1]][p[0]]) {
					seen[p[1]][p[0]] = true;
					q.add(p);
				}
		while (!q.isEmpty()) {
			int[] p = q.poll();
			for (int[] d : new int[][] { { 1, 0 }, { -1, 0 }, { 0, 1 }, { 0, -1 } }) {
				int x = p[0] + d[0], y = p[1] + d[1];
				if (x >= 0 && y >= 0 && x < size && y < size && !e[y][x] && !seen[y][x]) {
					seen[y][x] = true;
					q.add(new int[] { x, y });
				}
			}
		}
		for (int y = lo + 3; y <= hi - 3; y++)
			for (int x = lo + 3; x <= hi - 3; x++)
				assertFalse(seen[y][x], "the contour leaks at the inside pixel " + x + "," + y);
	}

	/** Edge pixels on line t (a row if horizontal, else a column) between from and to. */
	private static int countIn(boolean[][] e, int t, int from, int to, boolean row) {
		int n = 0;
		for (int s = from; s <= to; s++)
			if (row ? e[t][s] : e[s][t])
				n++;
		return n;
	}

	@Test
	void hysteresisKeepsWeakEdgesConnectedToStrongOnesOnly() {
		// column 15: a step of 100 (magnitude 400, strong) for y < 20 continuing as a step of 30
		// (magnitude 120, weak) for y >= 20; column 45: an isolated step of 30 (weak)
		Img<FloatType> img = image(60, 40, (x, y) -> {
			if (x >= 15 && x < 30)
				return y < 20 ? 100 : 30;
			return x >= 45 ? 30 : 0;
		});
		boolean[][] e = edges(CannyEdges.detect(img, 0, 50, 300));
		for (int y = 0; y < 40; y++) {
			assertTrue(e[y][15], "connected column, row " + y);
			assertFalse(e[y][45], "isolated weak column, row " + y);
			assertFalse(e[y][44], "isolated weak column, row " + y);
		}
		// with the low threshold above the weak magnitude the weak part goes too
		boolean[][] strict = edges(CannyEdges.detect(img, 0, 200, 300));
		for (int y = 0; y < 18; y++)
			assertTrue(strict[y][15]);
		for (int y = 22; y < 40; y++)
			assertFalse(strict[y][15]);
		// and with the high threshold below it, the isolated column is kept
		boolean[][] loose = edges(CannyEdges.detect(img, 0, 50, 100));
		for (int y = 0; y < 40; y++)
			assertTrue(loose[y][45]);
	}

	@Test
	void largerSigmaSuppressesNoise() {
		Random r = new Random(42);
		Img<FloatType> img = ArrayImgs.floats(64, 64);
		Cursor<FloatType> c = img.localizingCursor();
		while (c.hasNext()) {
			c.fwd();
			c.get().setReal((c.getIntPosition(0) >= 32 ? 100 : 0) + 15 * r.nextGaussian());
		}
		int n1 = count(CannyEdges.detect(img, 1, 20, 40));
		int n3 = count(CannyEdges.detect(img, 3, 20, 40));
		assertTrue(n3 < n1, "sigma 3 gives " + n3 + " edge pixels, sigma 1 " + n1);
		// with sigma 3 the step is still found in (nearly) every row, near column 32
		boolean[][] e = edges(CannyEdges.detect(img, 3, 20, 40));
		int rows = 0;
		for (int y = 0; y < 64; y++)
			for (int x = 30; x <= 34; x++)
				if (e[y][x]) {
					rows++;
					break;
				}
		assertTrue(rows >= 60, "step found in " + rows + " rows");
	}

	@Test
	void autoThresholdsFindTheSquare() {
		// a 20x20 square of 50 on an 80x80 background with noise of sd 3: the contour is among the
		// strongest suppressed magnitudes, the noise maxima are many and weak
		Random r = new Random(1);
		Img<FloatType> img = ArrayImgs.floats(80, 80);
		Cursor<FloatType> c = img.localizingCursor();
		while (c.hasNext()) {
			c.fwd();
			int x = c.getIntPosition(0), y = c.getIntPosition(1);
			c.get().setReal((x >= 30 && x < 50 && y >= 30 && y < 50 ? 50 : 0) + 3 * r.nextGaussian());
		}
		boolean[][] all = edges(CannyEdges.detect(img, 2, 0, 0));
		boolean[][] a = edges(CannyEdges.detectAuto(img, 2, 0.8, 0.95));
		int near = 0, far = 0;
		for (int y = 0; y < 80; y++)
			for (int x = 0; x < 80; x++)
				if (a[y][x]) {
					assertTrue(all[y][x], "auto edges are a subset of all suppressed maxima");
					boolean ring = x >= 27 && x <= 52 && y >= 27 && y <= 52 && !(x >= 33 && x <= 46 && y >= 33 && y <= 46);
					if (ring)
						near++;
					else
						far++;
				}
		assertTrue(near >= 70, near + " edge pixels on the contour");
		assertTrue(far <= 20, far + " edge pixels away from the contour");
		// percentile 0 is the smallest non-zero magnitude: every suppressed maximum is kept
		assertArrayEquals(toArray(CannyEdges.detect(img, 2, 0, 0)), toArray(CannyEdges.detectAuto(img, 2, 0, 0)));
		// a constant image has no edges
		assertEquals(0, count(CannyEdges.detectAuto(image(10, 10, (x, y) -> 7), 1, 0.7, 0.9)));
	}

	private static byte[] toArray(Img<UnsignedByteType> m) {
		byte[] b = new byte[(int) m.size()];
		int i = 0;
		for (UnsignedByteType t : m)
			b[i++] = (byte) t.get();
		return b;
	}

	@Test
	void stackPlanesAreIndependent() {
		Img<FloatType> stack = ArrayImgs.floats(20, 12, 2);
		Cursor<FloatType> c = stack.localizingCursor();
		while (c.hasNext()) {
			c.fwd();
			int x = c.getIntPosition(0), z = c.getIntPosition(2);
			c.get().setReal(z == 0 ? (x >= 8 ? 100 : 0) : 5);
		}
		Img<UnsignedByteType> m = CannyEdges.detect(stack, 0, 100, 300);
		RandomAccess<UnsignedByteType> ra = m.randomAccess();
		for (int y = 0; y < 12; y++)
			for (int x = 0; x < 20; x++) {
				ra.setPosition(new long[] { x, y, 0 });
				assertEquals(x == 8 ? 255 : 0, ra.get().get());
				ra.setPosition(new long[] { x, y, 1 });
				assertEquals(0, ra.get().get());
			}
	}

	@Test
	void integerAndTranslatedInputsGiveTheSameMask() {
		Img<FloatType> img = image(30, 30, (x, y) -> (x - 15) * (x - 15) + (y - 12) * (y - 12) < 49 ? 200 : 3);
		byte[] expected = toArray(CannyEdges.detect(img, 1.5, 10, 50));
		Img<net.imglib2.type.numeric.integer.UnsignedShortType> shorts = ArrayImgs.unsignedShorts(30, 30);
		Cursor<FloatType> c = img.cursor();
		for (net.imglib2.type.numeric.integer.UnsignedShortType t : shorts)
			t.setReal(c.next().get());
		assertArrayEquals(expected, toArray(CannyEdges.detect(shorts, 1.5, 10, 50)));
		Img<UnsignedByteType> moved = CannyEdges.detect(net.imglib2.view.Views.translate(img, 5, -7), 1.5, 10, 50);
		assertEquals(0, moved.min(0));
		assertArrayEquals(expected, toArray(moved));
	}

	@Test
	void inputIsNotModified() {
		Img<FloatType> img = image(30, 30, (x, y) -> (x - 15) * (x - 15) + (y - 15) * (y - 15) < 64 ? 200 : 3);
		float[] before = new float[900];
		int i = 0;
		for (FloatType t : img)
			before[i++] = t.get();
		CannyEdges.detect(img, 2, 10, 50);
		CannyEdges.detectAuto(img, 2, 0.5, 0.9);
		float[] after = new float[900];
		i = 0;
		for (FloatType t : img)
			after[i++] = t.get();
		assertArrayEquals(before, after);
	}

	/**
	 * Reference Canny written plainly: the documented blur and Sobel ({@link Gradients#sobel} of
	 * {@code GaussianBlur.blurred}), then per pixel the documented suppression, double threshold
	 * and 8-connected hysteresis by a queue.
	 */
	private static byte[] reference(Img<FloatType> img, double sigma, double low, double high, boolean percentiles) {
		int w = (int) img.dimension(0), h = (int) img.dimension(1), planes = (int) (net.imglib2.util.Intervals.numElements(img) / ((long) w * h));
		double[] s = new double[img.numDimensions()];
		s[0] = s[1] = sigma;
		var blurred = sigma > 0 ? org.segmentij.classical.filter.GaussianBlur.blurred(img, s) : img;
		Gradients.Gradient g = Gradients.sobel(blurred);
		float[] gx = toFloats(g.gx()), gy = toFloats(g.gy()), mag = toFloats(g.magnitude());
		byte[] out = new byte[gx.length];
		float t = (float) Math.tan(Math.PI / 8);
		for (int p = 0; p < planes; p++) {
			int off = p * w * h;
			float[] sup = new float[w * h];
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					int i = off + y * w + x;
					float m = mag[i], ax = Math.abs(gx[i]), ay = Math.abs(gy[i]);
					int dx, dy;
					if (ay < t * ax) { dx = 1; dy = 0; }
					else if (ax < t * ay) { dx = 0; dy = 1; }
					else if ((gx[i] > 0) == (gy[i] > 0)) { dx = 1; dy = 1; }
					else { dx = -1; dy = 1; }
					float fwd = mag[off + Math.min(h - 1, Math.max(0, y + dy)) * w + Math.min(w - 1, Math.max(0, x + dx))];
					float bwd = mag[off + Math.min(h - 1, Math.max(0, y - dy)) * w + Math.min(w - 1, Math.max(0, x - dx))];
					sup[y * w + x] = m > 0 && m >= bwd && m > fwd ? m : 0;
				}
			double lo = low, hi = high;
			if (percentiles) {
				float[] nz = new float[w * h];
				int n = 0;
				for (float f : sup)
					if (f > 0)
						nz[n++] = f;
				if (n == 0)
					continue;
				nz = java.util.Arrays.copyOf(nz, n);
				java.util.Arrays.sort(nz);
				double[] q = new double[2];
				for (int k = 0; k < 2; k++) {
					double r = (k == 0 ? low : high) * (n - 1);
					int a = (int) Math.floor(r), b = Math.min(n - 1, a + 1);
					q[k] = nz[a] + (r - a) * (nz[b] - nz[a]);
				}
				lo = q[0];
				hi = q[1];
			}
			ArrayDeque<int[]> queue = new ArrayDeque<>();
			for (int i = 0; i < w * h; i++)
				if (sup[i] > 0 && sup[i] >= hi && sup[i] >= lo) {
					out[off + i] = (byte) 255;
					queue.add(new int[] { i % w, i / w });
				}
			while (!queue.isEmpty()) {
				int[] c = queue.poll();
				for (int y = c[1] - 1; y <= c[1] + 1; y++)
					for (int x = c[0] - 1; x <= c[0] + 1; x++)
						if (x >= 0 && y >= 0 && x < w && y < h) {
							int j = y * w + x;
							if (out[off + j] == 0 && sup[j] > 0 && sup[j] >= lo) {
								out[off + j] = (byte) 255;
								queue.add(new int[] { x, y });
							}
						}
			}
		}
		return out;
	}

	private static float[] toFloats(Img<FloatType> img) {
		float[] a = new float[(int) net.imglib2.util.Intervals.numElements(img)];
		Cursor<FloatType> c = img.cursor();
		for (int i = 0; i < a.length; i++)
			a[i] = c.next().get();
		return a;
	}

	@Test
	void largeNoisyImagesAndStacksEqualTheReference() {
		// tall enough for several bands per plane, a stack of planes, blobs with noise; explicit
		// thresholds and percentiles; 16-bit input (read in place) and float input
		Random r = new Random(9);
		long[][] sizes = { { 300, 700 }, { 123, 97, 3 } };
		for (long[] size : sizes) {
			Img<FloatType> img = ArrayImgs.floats(size);
			Img<net.imglib2.type.numeric.integer.UnsignedShortType> u16 = ArrayImgs.unsignedShorts(size);
			double[][] blobs = new double[40][];
			for (int k = 0; k < blobs.length; k++)
				blobs[k] = new double[] { r.nextDouble() * size[0], r.nextDouble() * size[1], 5 + r.nextDouble() * 20 };
			Cursor<FloatType> c = img.localizingCursor();
			Cursor<net.imglib2.type.numeric.integer.UnsignedShortType> c16 = u16.cursor();
			while (c.hasNext()) {
				c.fwd();
				double v = 100 + 10 * r.nextGaussian();
				for (double[] b : blobs)
					if (Math.hypot(c.getDoublePosition(0) - b[0], c.getDoublePosition(1) - b[1]) < b[2])
						v += 300;
				int iv = (int) Math.max(0, Math.round(v));
				c.get().set(iv);
				c16.next().set(iv);
			}
			for (double sigma : new double[] { 0, 1.5 }) {
				byte[] expected = reference(img, sigma, 60, 150, false);
				int edgePixels = 0;
				for (byte e : expected)
					edgePixels += e != 0 ? 1 : 0;
				assertTrue(edgePixels > 1000, "the reference finds edges (" + edgePixels + ")");
				assertArrayEquals(expected, toArray(CannyEdges.detect(img, sigma, 60, 150)), "float, sigma " + sigma);
				assertArrayEquals(expected, toArray(CannyEdges.detect(u16, sigma, 60, 150)), "16-bit, sigma " + sigma);
				assertArrayEquals(reference(img, sigma, 0.6, 0.85, true), toArray(CannyEdges.detectAuto(u16, sigma, 0.6, 0.85)),
						"percentiles, sigma " + sigma);
			}
		}
	}

	@Test
	void badParametersAreRejected() {
		Img<FloatType> img = ArrayImgs.floats(8, 8);
		assertThrows(IllegalArgumentException.class, () -> CannyEdges.detect(img, -1, 1, 2));
		assertThrows(IllegalArgumentException.class, () -> CannyEdges.detect(img, Double.NaN, 1, 2));
		assertThrows(IllegalArgumentException.class, () -> CannyEdges.detect(img, 1, 3, 2));
		assertThrows(IllegalArgumentException.class, () -> CannyEdges.detect(img, 1, -1, 2));
		assertThrows(IllegalArgumentException.class, () -> CannyEdges.detect(img, 1, 1, Double.POSITIVE_INFINITY));
		assertThrows(IllegalArgumentException.class, () -> CannyEdges.detect(null, 1, 1, 2));
		assertThrows(IllegalArgumentException.class, () -> CannyEdges.detect(ArrayImgs.floats(8), 1, 1, 2));
		assertThrows(IllegalArgumentException.class, () -> CannyEdges.detectAuto(img, 1, 0.9, 0.7));
		assertThrows(IllegalArgumentException.class, () -> CannyEdges.detectAuto(img, 1, -0.1, 0.7));
		assertThrows(IllegalArgumentException.class, () -> CannyEdges.detectAuto(img, 1, 0.7, 1.5));
		assertThrows(IllegalArgumentException.class, () -> CannyEdges.detectAuto(img, -2, 0.7, 0.9));
	}
}
