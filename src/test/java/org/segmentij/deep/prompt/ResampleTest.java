package org.segmentij.deep.prompt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** SAM's resamplings against hand-worked values (sample j holds its value at position j + 0.5). */
class ResampleTest {

	/** A plane whose value is its x (or, transposed, its y). */
	static float[] ramp(int w, int h, boolean alongY) {
		float[] r = new float[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				r[y * w + x] = alongY ? y : x;
		return r;
	}

	@Test
	void enlargingInterpolatesLinearlyAndClampsAtTheEdges() {
		int n = 10, m = 40; // x 4: output i sits at input position (i + 0.5) / 4 - 0.5
		for (boolean alongY : new boolean[] { false, true }) {
			float[] src = alongY ? ramp(3, n, true) : ramp(n, 3, false);
			float[] aa = alongY ? Resample.antialiased(src, 3, n, 3, m) : Resample.antialiased(src, n, 3, m, 3);
			float[] bl = alongY ? Resample.bilinear(src, 3, n, 3, m) : Resample.bilinear(src, n, 3, m, 3);
			for (int i = 0; i < m; i++) {
				double want = Math.min(Math.max((i + 0.5) / 4 - 0.5, 0), n - 1);
				int idx = alongY ? i * 3 + 1 : m + i;
				assertEquals(want, aa[idx], 1e-5, "antialiased " + i);
				assertEquals(want, bl[idx], 1e-5, "bilinear " + i);
			}
		}
	}

	@Test
	void halvingAveragesWithATriangleTwoSamplesWide() {
		// output i is centred at input 2i + 1; the filter 1 - |d|/2 gives input 2i-1 .. 2i+2 the weights 1/8, 3/8, 3/8, 1/8
		int n = 20;
		float[] src = new float[n];
		java.util.Random r = new java.util.Random(3);
		for (int j = 0; j < n; j++)
			src[j] = r.nextFloat() * 100;
		float[] aa = Resample.antialiased(src, n, 1, n / 2, 1);
		for (int i = 1; i < n / 2 - 1; i++) {
			double want = (src[2 * i - 1] + 3 * src[2 * i] + 3 * src[2 * i + 1] + src[2 * i + 2]) / 8.0;
			assertEquals(want, aa[i], 1e-4, "" + i);
		}
		// at the edge the filter is cut and renormalised: weights 3/8, 3/8, 1/8 over 7/8
		assertEquals((3 * src[0] + 3 * src[1] + src[2]) / 7.0, aa[0], 1e-4);
		// plain bilinear halving samples between two inputs: (src[2i] + src[2i+1]) / 2
		float[] bl = Resample.bilinear(src, n, 1, n / 2, 1);
		for (int i = 0; i < n / 2; i++)
			assertEquals((src[2 * i] + src[2 * i + 1]) / 2.0, bl[i], 1e-4);
	}

	@Test
	void flatPlanesStayFlatAtAnyScale() {
		float[] flat = new float[37 * 23];
		java.util.Arrays.fill(flat, 42.5f);
		for (int[] s : new int[][] { { 11, 5 }, { 100, 61 }, { 37, 23 }, { 7, 40 } }) {
			float[] a = Resample.antialiased(flat, 37, 23, s[0], s[1]);
			float[] b = Resample.bilinear(flat, 37, 23, s[0], s[1]);
			for (int i = 0; i < a.length; i++) {
				assertEquals(42.5f, a[i], 1e-4);
				assertEquals(42.5f, b[i], 1e-4);
			}
		}
	}

	@Test
	void padAndCropAreInverse() {
		float[] src = ramp(5, 3, false);
		float[] padded = Resample.pad(src, 5, 3, 8, 6, -1);
		assertEquals(-1f, padded[7]);
		assertEquals(-1f, padded[5 * 8]);
		assertArrayEquals(src, Resample.crop(padded, 8, 5, 3));
	}
}
