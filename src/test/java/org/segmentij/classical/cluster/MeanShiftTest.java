package org.segmentij.classical.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Random;

import org.junit.jupiter.api.Test;

import net.imglib2.Cursor;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

class MeanShiftTest {

	static final int W = 40, H = 30;
	static final int[] LEVELS = { 50, 100, 150, 200 };

	/** Quadrant 0..3 of pixel (x, y) of the W x H test image (split at x = 17, y = 13). */
	static int quadrant(int x, int y) {
		return (x < 17 ? 0 : 1) + (y < 13 ? 0 : 2);
	}

	/**
	 * Four flat quadrants plus checkerboard noise +-a: any rectangle of a checkerboard has at most
	 * one more + than - pixel, so the mean of a quadrant's pixels in any window is within
	 * a/(count) of the constant (analytic).
	 */
	static float[] quadrants(int a) {
		float[] f = new float[W * H];
		for (int y = 0; y < H; y++)
			for (int x = 0; x < W; x++)
				f[y * W + x] = LEVELS[quadrant(x, y)] + ((x + y) % 2 == 0 ? a : -a);
		return f;
	}

	@Test
	void piecewiseConstantWithNoiseIsFilteredBackToTheConstants() {
		float[] f = quadrants(8);
		Img<UnsignedByteType> img = ArrayImgs.unsignedBytes(W, H);
		Img<FloatType> fimg = ArrayImgs.floats(W, H);
		copy(f, img);
		copy(f, fimg);
		for (int level = 0; level <= 1; level++) { // level 2 would be 10 x 8: all boundary
			MeanShift.Params p = new MeanShift.Params(4, 20, 10, 0.01, level);
			Img<UnsignedByteType> out = MeanShift.filter(img, p);
			Img<FloatType> fout = MeanShift.filter(fimg, p);
			Cursor<UnsignedByteType> c = Views.flatIterable(out).cursor();
			Cursor<FloatType> fc = Views.flatIterable(fout).cursor();
			for (int y = 0; y < H; y++)
				for (int x = 0; x < W; x++) {
					int want = LEVELS[quadrant(x, y)];
					// level 0 is analytic: exact for 8 bits, and for floats within a / (smallest
					// quadrant part of a window) = 8 / 25. A pyramid level mixes blurred boundary
					// values (62, 87, ...) into the coarse modes: a few units off.
					double tol = level == 0 ? 0 : 3;
					assertEquals(want, c.next().get(), tol, "8-bit, level " + level + " at " + x + "," + y);
					assertEquals(want, fc.next().get(), level == 0 ? 8.0 / 25 + 1e-4 : tol,
							"float, level " + level + " at " + x + "," + y);
				}
			Img<IntType> labels = MeanShift.segment(img, p, 0);
			assertPartitionIsQuadrants(labels);
		}
		// input unchanged
		Cursor<UnsignedByteType> c = Views.flatIterable(img).cursor();
		for (float v : f)
			assertEquals((int) v, c.next().get());
	}

	@Test
	void rgbAndLabQuadrantsAreRecovered() {
		int[][] colours = { { 200, 30, 30 }, { 30, 180, 40 }, { 40, 40, 220 }, { 220, 220, 60 } };
		int[] px = new int[W * H];
		for (int y = 0; y < H; y++)
			for (int x = 0; x < W; x++) {
				int[] col = colours[quadrant(x, y)];
				int s = (x + y) % 2 == 0 ? 6 : -6;
				px[y * W + x] = 0xff000000 | (col[0] + s) << 16 | (col[1] - s) << 8 | (col[2] + s);
			}
		Img<ARGBType> img = ArrayImgs.argbs(px.clone(), W, H);
		MeanShift.Params p = new MeanShift.Params(4, 25, 10, 0.01, 0);
		Img<ARGBType> rgb = MeanShift.filterRgb(img, p, MeanShift.ColourSpace.RGB);
		Img<ARGBType> lab = MeanShift.filterRgb(img, p, MeanShift.ColourSpace.LAB);
		Cursor<ARGBType> a = Views.flatIterable(rgb).cursor(), b = Views.flatIterable(lab).cursor();
		for (int y = 0; y < H; y++)
			for (int x = 0; x < W; x++) {
				int[] col = colours[quadrant(x, y)];
				int va = a.next().get(), vb = b.next().get();
				assertEquals(0xff000000 | col[0] << 16 | col[1] << 8 | col[2], va, "rgb at " + x + "," + y);
				// Lab: the mean is taken in Lab, so back in RGB it is within a couple of units
				assertEquals(col[0], (vb >> 16) & 0xff, 3);
				assertEquals(col[1], (vb >> 8) & 0xff, 3);
				assertEquals(col[2], vb & 0xff, 3);
			}
		assertPartitionIsQuadrants(MeanShift.segmentRgb(img, p, MeanShift.ColourSpace.RGB, 0));
		assertPartitionIsQuadrants(MeanShift.segmentRgb(img, p, MeanShift.ColourSpace.LAB, 0));
		assertArrayEquals(px, ((net.imglib2.img.basictypeaccess.array.IntArray) ((net.imglib2.img.array.ArrayImg<?, ?>) img)
				.update(null)).getCurrentStorageArray(), "input unchanged");
	}

	/**
	 * Level 0 on random 8-bit gray and RGB images equals a brute-force mean shift written here from
	 * the documented rule: window (2 sp + 1)^2 around the rounded position, clipped at the borders;
	 * the pixels within squared colour distance sr^2 (floored) of the current value; new position
	 * = their mean position, new value = their mean rounded half up; stop after max_iter steps,
	 * when position and value no longer move, or when the squared move is at most eps^2.
	 */
	@Test
	void levelZeroEqualsABruteForceMeanShift() {
		java.util.Random rnd = new java.util.Random(11);
		int w = 23, h = 17;
		MeanShift.Params p = new MeanShift.Params(3, 30, 5, 1, 0);
		for (int c : new int[] { 1, 3 }) {
			int[][] v = new int[w * h][c];
			for (int i = 0; i < w * h; i++)
				for (int q = 0; q < c; q++) // blocks plus noise, so windows hold several modes
					v[i][q] = Math.min(255, ((i % w) / 8 * 70 + (i / w) / 6 * 40 + q * 20) % 230 + rnd.nextInt(25));
			int[] got = new int[w * h * c];
			if (c == 1) {
				Img<UnsignedByteType> img = ArrayImgs.unsignedBytes(w, h);
				Cursor<UnsignedByteType> ci = Views.flatIterable(img).cursor();
				for (int i = 0; i < w * h; i++)
					ci.next().set(v[i][0]);
				Cursor<UnsignedByteType> co = Views.flatIterable(MeanShift.filter(img, p)).cursor();
				for (int i = 0; i < w * h; i++)
					got[i] = co.next().get();
			}
			else {
				int[] px = new int[w * h];
				for (int i = 0; i < w * h; i++)
					px[i] = 0xff000000 | v[i][0] << 16 | v[i][1] << 8 | v[i][2];
				Cursor<ARGBType> co = Views.flatIterable(MeanShift.filterRgb(ArrayImgs.argbs(px, w, h), p, MeanShift.ColourSpace.RGB)).cursor();
				for (int i = 0; i < w * h; i++) {
					int a = co.next().get();
					got[3 * i] = (a >> 16) & 0xff;
					got[3 * i + 1] = (a >> 8) & 0xff;
					got[3 * i + 2] = a & 0xff;
				}
			}
			for (int y0 = 0; y0 < h; y0++)
				for (int x0 = 0; x0 < w; x0++) {
					double x = x0, y = y0;
					long[] cur = new long[c];
					for (int q = 0; q < c; q++)
						cur[q] = v[y0 * w + x0][q];
					for (int it = 0; it < 5; it++) {
						int cx = (int) Math.floor(x + 0.5), cy = (int) Math.floor(y + 0.5);
						long n = 0, sx = 0, sy = 0;
						long[] sum = new long[c];
						for (int yy = cy - 3; yy <= cy + 3; yy++)
							for (int xx = cx - 3; xx <= cx + 3; xx++) {
								if (xx < 0 || yy < 0 || xx >= w || yy >= h)
									continue;
								long d = 0;
								for (int q = 0; q < c; q++)
									d += (v[yy * w + xx][q] - cur[q]) * (v[yy * w + xx][q] - cur[q]);
								if (d > 900)
									continue;
								n++;
								sx += xx;
								sy += yy;
								for (int q = 0; q < c; q++)
									sum[q] += v[yy * w + xx][q];
							}
						double nx = (double) sx / n, ny = (double) sy / n;
						double move = (nx - x) * (nx - x) + (ny - y) * (ny - y);
						boolean same = Math.floor(nx + 0.5) == cx && Math.floor(ny + 0.5) == cy;
						for (int q = 0; q < c; q++) {
							long nv = (long) Math.floor((double) sum[q] / n + 0.5);
							move += (double) (nv - cur[q]) * (nv - cur[q]);
							same &= nv == cur[q];
							cur[q] = nv;
						}
						x = nx;
						y = ny;
						if (move <= 1 || same)
							break;
					}
					for (int q = 0; q < c; q++)
						assertEquals(cur[q], got[(y0 * w + x0) * c + q], c + " channel(s), pixel " + x0 + "," + y0 + " channel " + q);
				}
		}
	}

	private static void assertPartitionIsQuadrants(Img<IntType> labels) {
		Cursor<IntType> c = Views.flatIterable(labels).cursor();
		int[] labelOf = { -1, -1, -1, -1 };
		for (int y = 0; y < H; y++)
			for (int x = 0; x < W; x++) {
				int l = c.next().get(), q = quadrant(x, y);
				if (labelOf[q] < 0)
					labelOf[q] = l;
				assertEquals(labelOf[q], l, "label at " + x + "," + y);
			}
		assertArrayEquals(new int[] { 1, 2, 3, 4 }, labelOf, "one region per quadrant, raster order");
	}

	// ------------------------------------------------------------------ brute-force reference

	/**
	 * The documented mean shift of one pixel, written plainly: every pixel of the image is tested
	 * against the window and the range ball; {@code round}: values rounded half up after a step.
	 */
	static double[] referenceMode(double[][] img, int w, int h, int x0, int y0, int sp, double sr, int maxIter,
			double eps, boolean round) {
		int c = img.length;
		double x = x0, y = y0;
		double[] v = new double[c];
		for (int q = 0; q < c; q++)
			v[q] = img[q][y0 * w + x0];
		for (int it = 0; it < maxIter; it++) {
			long cx = Math.round(x), cy = Math.round(y); // Math.round is floor(t + 0.5)
			double n = 0, sx = 0, sy = 0;
			double[] s = new double[c];
			for (int j = 0; j < h; j++)
				for (int i = 0; i < w; i++) {
					if (Math.abs(i - cx) > sp || Math.abs(j - cy) > sp)
						continue;
					double d = 0;
					for (int q = 0; q < c; q++)
						d += (img[q][j * w + i] - v[q]) * (img[q][j * w + i] - v[q]);
					if (d > sr * sr)
						continue;
					n++;
					sx += i;
					sy += j;
					for (int q = 0; q < c; q++)
						s[q] += img[q][j * w + i];
				}
			if (n == 0)
				break;
			double nx = sx / n, ny = sy / n, shift = (nx - x) * (nx - x) + (ny - y) * (ny - y);
			for (int q = 0; q < c; q++) {
				double nv = round ? Math.floor(s[q] / n + 0.5) : s[q] / n;
				shift += (nv - v[q]) * (nv - v[q]);
				v[q] = nv;
			}
			x = nx;
			y = ny;
			if (shift <= eps * eps)
				break;
		}
		return v;
	}

	@Test
	void grayModesEqualBruteForceReference() {
		Random rnd = new Random(11);
		for (int trial = 0; trial < 12; trial++) {
			int w = 5 + rnd.nextInt(10), h = 4 + rnd.nextInt(9);
			int sp = 1 + rnd.nextInt(3);
			double sr = 10 + rnd.nextInt(60) + 0.5 * rnd.nextInt(2);
			int maxIter = 1 + rnd.nextInt(8);
			double eps = rnd.nextInt(3) * 0.5;
			boolean integer = trial % 2 == 0;
			double[] v = new double[w * h];
			for (int i = 0; i < v.length; i++) // smooth-ish blobs plus noise; eighths are exact in double
				v[i] = integer ? rnd.nextInt(256) : rnd.nextInt(256 * 8) / 8.0;
			MeanShift.Params p = new MeanShift.Params(sp, sr, maxIter, eps, 0);
			Img<FloatType> fimg = ArrayImgs.floats(w, h);
			Img<UnsignedByteType> bimg = ArrayImgs.unsignedBytes(w, h);
			Cursor<FloatType> fc = fimg.cursor();
			Cursor<UnsignedByteType> bc = bimg.cursor();
			for (double d : v) {
				fc.next().set((float) d);
				bc.next().setReal(d);
			}
			float[] got = new float[w * h];
			if (integer) {
				Cursor<UnsignedByteType> oc = Views.flatIterable(MeanShift.filter(bimg, p)).cursor();
				for (int i = 0; i < got.length; i++)
					got[i] = oc.next().get();
			}
			else {
				Cursor<FloatType> oc = Views.flatIterable(MeanShift.filter(fimg, p)).cursor();
				for (int i = 0; i < got.length; i++)
					got[i] = oc.next().get();
			}
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					double want = referenceMode(new double[][] { v }, w, h, x, y, sp, sr, maxIter, eps, integer)[0];
					assertEquals((float) want, got[y * w + x], "trial " + trial + " pixel " + x + "," + y);
				}
		}
	}

	@Test
	void rgbModesEqualBruteForceReference() {
		Random rnd = new Random(5);
		for (int trial = 0; trial < 8; trial++) {
			int w = 6 + rnd.nextInt(8), h = 5 + rnd.nextInt(8);
			int sp = 1 + rnd.nextInt(3);
			double sr = 30 + rnd.nextInt(80);
			MeanShift.Params p = new MeanShift.Params(sp, sr, 1 + rnd.nextInt(6), rnd.nextInt(2), 0);
			int[] px = new int[w * h];
			double[][] ch = new double[3][w * h];
			int[][] palette = { { 20, 40, 200 }, { 200, 60, 10 }, { 90, 200, 90 } };
			for (int i = 0; i < px.length; i++) {
				int[] base = palette[rnd.nextInt(3)];
				int r = clamp(base[0] + rnd.nextInt(61) - 30), g = clamp(base[1] + rnd.nextInt(61) - 30),
						b = clamp(base[2] + rnd.nextInt(61) - 30);
				px[i] = 0xff000000 | r << 16 | g << 8 | b;
				ch[0][i] = r;
				ch[1][i] = g;
				ch[2][i] = b;
			}
			Cursor<ARGBType> oc = Views.flatIterable(MeanShift.filterRgb(ArrayImgs.argbs(px, w, h), p, MeanShift.ColourSpace.RGB))
					.cursor();
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					double[] m = referenceMode(ch, w, h, x, y, p.spatial(), p.range(), p.maxIterations(), p.eps(), true);
					int want = 0xff000000 | (int) m[0] << 16 | (int) m[1] << 8 | (int) m[2];
					assertEquals(want, oc.next().get(), "trial " + trial + " pixel " + x + "," + y);
				}
		}
	}

	private static int clamp(int v) {
		return Math.max(0, Math.min(255, v));
	}

	@Test
	void regionsAreConnectedGroupsOfCloseModes() {
		// reference: flood fill over 4-neighbours whose filtered values differ by <= sr/2
		Random rnd = new Random(3);
		for (int trial = 0; trial < 6; trial++) {
			int w = 20, h = 16;
			Img<UnsignedByteType> img = ArrayImgs.unsignedBytes(w, h);
			for (UnsignedByteType t : img) // coarse random steps: many regions, some touching
				t.set(rnd.nextInt(6) * 40);
			MeanShift.Params p = new MeanShift.Params(1, 30 + rnd.nextInt(30), 3, 0, 0);
			int[] filtered = new int[w * h];
			Cursor<UnsignedByteType> fc = Views.flatIterable(MeanShift.filter(img, p)).cursor();
			for (int i = 0; i < filtered.length; i++)
				filtered[i] = fc.next().get();
			int[] want = new int[w * h];
			int next = 0;
			for (int s = 0; s < w * h; s++) {
				if (want[s] != 0)
					continue;
				want[s] = ++next;
				ArrayDeque<Integer> q = new ArrayDeque<>();
				q.add(s);
				while (!q.isEmpty()) {
					int i = q.poll(), x = i % w, y = i / w;
					int[][] nb = { { x - 1, y }, { x + 1, y }, { x, y - 1 }, { x, y + 1 } };
					for (int[] n : nb) {
						if (n[0] < 0 || n[1] < 0 || n[0] >= w || n[1] >= h)
							continue;
						int j = n[1] * w + n[0];
						if (want[j] == 0 && Math.abs(filtered[j] - filtered[i]) <= p.range() / 2) {
							want[j] = next;
							q.add(j);
						}
					}
				}
			}
			Cursor<IntType> lc = Views.flatIterable(MeanShift.segment(img, p, 0)).cursor();
			for (int i = 0; i < want.length; i++)
				assertEquals(want[i], lc.next().get(), "trial " + trial + " pixel " + i);
		}
	}

	@Test
	void smallRegionsMergeIntoTheClosestNeighbour() {
		// background 100 on the left, 200 on the right; a 2x2 spot of 130 inside the left part
		Img<UnsignedByteType> img = ArrayImgs.unsignedBytes(20, 10);
		Cursor<UnsignedByteType> c = img.localizingCursor();
		while (c.hasNext()) {
			c.fwd();
			int x = c.getIntPosition(0), y = c.getIntPosition(1);
			c.get().set(x >= 4 && x < 6 && y >= 4 && y < 6 ? 130 : x < 10 ? 100 : 200);
		}
		MeanShift.Params p = new MeanShift.Params(2, 20, 5, 0, 0);
		assertEquals(3, LabelMax.of(MeanShift.segment(img, p, 0)));
		Img<IntType> merged = MeanShift.segment(img, p, 5);
		assertEquals(2, LabelMax.of(merged));
		assertEquals(1, merged.getAt(4, 4).get(), "spot merged into the closer (left) region");
		assertEquals(2, merged.getAt(15, 4).get());
	}

	@Test
	void badParametersAreRejectedWithAMessage() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MeanShift.Params(0, 20, 5, 1, 0));
		assertTrue(e.getMessage().contains("sp"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> new MeanShift.Params(5, -1, 5, 1, 0));
		assertThrows(IllegalArgumentException.class, () -> new MeanShift.Params(5, 20, 0, 1, 0));
		assertThrows(IllegalArgumentException.class, () -> new MeanShift.Params(5, 20, 5, Double.NaN, 0));
		assertThrows(IllegalArgumentException.class, () -> new MeanShift.Params(5, 20, 5, 1, 9));
		assertThrows(IllegalArgumentException.class,
				() -> MeanShift.segment(ArrayImgs.unsignedBytes(4, 4), MeanShift.Params.of(2, 10), -1));
		assertThrows(IllegalArgumentException.class, () -> MeanShift.filter(ArrayImgs.unsignedBytes(4), MeanShift.Params.of(2, 10)));
	}

	private static <T extends net.imglib2.type.numeric.RealType<T>> void copy(float[] f, Img<T> img) {
		Cursor<T> c = Views.flatIterable(img).cursor();
		for (float v : f)
			c.next().setReal(v);
	}

	static final class LabelMax {
		static int of(Img<IntType> l) {
			int m = 0;
			for (IntType t : l)
				m = Math.max(m, t.get());
			return m;
		}
	}
}
