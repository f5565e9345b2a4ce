package org.segmentij.classical.graph;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.real.FloatType;

class SlicTest {

	/** Published sRGB (D65) -> CIE L*a*b* values (e.g. Bruce Lindbloom's calculator, sRGB companding). */
	@Test
	void labMatchesReferenceValues() {
		double[][] cases = { // R, G, B, L, a, b
				{ 255, 255, 255, 100.0, 0.0, 0.0 },
				{ 0, 0, 0, 0.0, 0.0, 0.0 },
				{ 255, 0, 0, 53.24, 80.09, 67.20 },
				{ 0, 255, 0, 87.73, -86.18, 83.18 },
				{ 0, 0, 255, 32.30, 79.19, -107.86 },
				{ 128, 128, 128, 53.59, 0.0, 0.0 },
				{ 255, 255, 0, 97.14, -21.55, 94.48 }, };
		for (double[] c : cases) {
			double[] lab = CieLab.fromRgb(c[0], c[1], c[2]);
			for (int i = 0; i < 3; i++)
				assertEquals(c[3 + i], lab[i], 0.05, Arrays.toString(c) + " -> " + Arrays.toString(lab));
		}
		// the flat converter agrees with the single-colour one
		float[][] lab = CieLab.convert(new float[] { 255, 0, 12 }, new float[] { 0, 255, 200 }, new float[] { 0, 0, 77 });
		for (int i = 0; i < 3; i++) {
			double[] one = CieLab.fromRgb(new float[] { 255, 0, 12 }[i], new float[] { 0, 255, 200 }[i], new float[] { 0, 0, 77 }[i]);
			for (int c = 0; c < 3; c++)
				assertEquals(one[c], lab[c][i], 1e-4);
		}
	}

	private static final int[] COLOURS = { 0xff0000, 0x00c000, 0x2040ff, 0xffff00, 0x808080, 0xff00ff, 0x00ffff, 0x000000,
			0xffffff };

	@Test
	void superpixelsStayInsideFlatSquares() {
		int side = 37, w = 3 * side, h = 3 * side; // square edges do not fall on the grid
		int[] packed = new int[w * h];
		int[] square = new int[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				int s = (y / side) * 3 + x / side;
				square[y * w + x] = s;
				packed[y * w + x] = 0xff000000 | COLOURS[s];
			}
		for (int n : new int[] { 50, 100, 200 }) {
			Img<IntType> l = Slic.segment(GraphFixtures.rgb(packed, w, h), n, 10);
			int[] a = GraphFixtures.flat(l);
			assertTrue(GraphFixtures.nested(a, square), "a superpixel straddles two squares (n=" + n + ")");
			assertTrue(GraphFixtures.allConnected(a, w, h, 1), "a superpixel is not connected (n=" + n + ")");
			int count = GraphFixtures.sizes(a).size();
			assertTrue(count >= 0.7 * n && count <= 1.5 * n, "count " + count + " for n_segments " + n);
			assertEquals(count, Arrays.stream(a).max().getAsInt());
		}
	}

	@Test
	void noisyImageGivesConnectedSuperpixelsNearTheRequestedCount() {
		java.util.Random r = new java.util.Random(5);
		int w = 120, h = 90;
		int[] packed = new int[w * h];
		for (int i = 0; i < packed.length; i++)
			packed[i] = 0xff000000 | r.nextInt(1 << 24);
		int[] a = GraphFixtures.flat(Slic.segment(GraphFixtures.rgb(packed, w, h), 108, 100));
		assertTrue(GraphFixtures.allConnected(a, w, h, 1));
		int count = GraphFixtures.sizes(a).size();
		assertTrue(count >= 65 && count <= 162, "count " + count);
		// without enforcing connectivity, labels are still 1..n
		int[] b = GraphFixtures.flat(Slic.segment(GraphFixtures.rgb(packed, w, h), 108, 10, 10, 0, false));
		assertEquals(GraphFixtures.sizes(b).size(), Arrays.stream(b).max().getAsInt());
	}

	@Test
	void grayStackIn3D() {
		int w = 30, h = 30, d = 20;
		Img<FloatType> img = ArrayImgs.floats(w, h, d);
		int[] half = new int[w * h * d];
		int i = 0;
		for (FloatType t : img) {
			int z = i / (w * h), x = i % w;
			int region = (z >= 9 ? 1 : 0) + (x >= 13 ? 2 : 0);
			half[i++] = region;
			t.set(region * 100);
		}
		int[] a = GraphFixtures.flat(Slic.segmentGray(img, new double[] { 1, 1, 2 }, 60, 5, 10, 0, true));
		assertTrue(GraphFixtures.nested(a, half), "a supervoxel straddles two blocks");
		assertTrue(GraphFixtures.allConnected(a, w, h, d));
		int count = GraphFixtures.sizes(a).size();
		assertTrue(count >= 30 && count <= 100, "count " + count);
	}

	@Test
	void badParametersAreRefused() {
		Img<FloatType> img = ArrayImgs.floats(10, 10);
		assertThrows(IllegalArgumentException.class, () -> Slic.segmentGray(img, null, 0, 10, 10, 0, true));
		assertThrows(IllegalArgumentException.class, () -> Slic.segmentGray(img, null, 10, 0, 10, 0, true));
		assertThrows(IllegalArgumentException.class, () -> Slic.segmentGray(img, null, 10, 10, 0, 0, true));
		assertThrows(IllegalArgumentException.class, () -> Slic.segmentGray(img, null, 10, 10, 10, -1, true));
	}
}
