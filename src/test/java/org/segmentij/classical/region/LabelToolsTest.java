package org.segmentij.classical.region;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import net.imglib2.Cursor;
import net.imglib2.Interval;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.view.Views;

import org.junit.jupiter.api.Test;

class LabelToolsTest {

	private static int[] arr(RandomAccessibleInterval<IntType> img) {
		long n = 1;
		for (long d : img.dimensionsAsLongArray())
			n *= d;
		int[] a = new int[(int) n];
		Cursor<IntType> c = Views.flatIterable(img).cursor();
		for (int i = 0; i < a.length; i++)
			a[i] = c.next().get();
		return a;
	}

	private static Img<IntType> img(int[] data, long... dims) {
		return ArrayImgs.ints(data.clone(), dims);
	}

	/** Rows top to bottom, x fastest. */
	private static Img<IntType> img2d(int[][] rows) {
		int h = rows.length, w = rows[0].length;
		int[] a = new int[w * h];
		for (int y = 0; y < h; y++)
			System.arraycopy(rows[y], 0, a, y * w, w);
		return ArrayImgs.ints(a, w, h);
	}

	private static int[] random(Random r, int size, int maxLabel, double bgFraction) {
		int[] a = new int[size];
		for (int i = 0; i < size; i++)
			a[i] = r.nextDouble() < bgFraction ? 0 : 1 + r.nextInt(maxLabel);
		return a;
	}

	@Test
	void relabelSequentialUsesRasterOrderOfFirstAppearance() {
		Img<IntType> in = img2d(new int[][] { { 0, 0, 0, 7 }, { 2, 0, 7, 0 }, { 5, 5, 2, 9 } });
		int[] before = arr(in);
		int[] out = arr(LabelTools.relabelSequential(in));
		assertArrayEquals(new int[] { 0, 0, 0, 1, 2, 0, 1, 0, 3, 3, 2, 4 }, out);
		assertArrayEquals(before, arr(in), "input unchanged");
	}

	@Test
	void relabelSequentialMatchesBruteForce3D() {
		Random r = new Random(1);
		int[] a = random(r, 9 * 8 * 7, 1000, 0.5);
		int[] out = arr(LabelTools.relabelSequential(img(a, 9, 8, 7)));
		Map<Integer, Integer> map = new LinkedHashMap<>();
		for (int i = 0; i < a.length; i++) {
			if (a[i] != 0)
				map.putIfAbsent(a[i], map.size() + 1);
			assertEquals(a[i] == 0 ? 0 : map.get(a[i]), out[i]);
		}
	}

	@Test
	void removeSmallMatchesBruteForceCounts() {
		Random r = new Random(2);
		int[] a = random(r, 20 * 15 * 3, 40, 0.3);
		long[] count = new long[41];
		for (int v : a)
			count[v]++;
		Img<IntType> in = img(a, 20, 15, 3);
		for (long min : new long[] { 0, 1, 15, 20, 25, 1000 }) {
			int[] out = arr(LabelTools.removeSmall(in, min));
			for (int i = 0; i < a.length; i++)
				assertEquals(a[i] != 0 && count[a[i]] >= min ? a[i] : 0, out[i], "min " + min);
		}
		assertArrayEquals(LabelTools.areas(in), count);
		assertArrayEquals(a, arr(in), "input unchanged");
	}

	@Test
	void removeSmallCalibrated() {
		// label 1: 4 pixels, label 2: 2 pixels, label 3: 1 pixel; pixel area 0.25 x 2 = 0.5
		Img<IntType> in = img2d(new int[][] { { 1, 1, 0, 2 }, { 1, 1, 0, 2 }, { 0, 0, 3, 0 } });
		int[] out = arr(LabelTools.removeSmall(in, 1.0, new double[] { 0.25, 2 }));
		assertArrayEquals(new int[] { 1, 1, 0, 2, 1, 1, 0, 2, 0, 0, 0, 0 }, out);
		out = arr(LabelTools.removeSmall(in, 1.01, new double[] { 0.25, 2 }));
		assertArrayEquals(new int[] { 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0 }, out);
		// 3D: voxel volume 0.5*0.5*2 = 0.5
		Img<IntType> in3 = img(new int[] { 1, 1, 2, 0, 1, 1, 0, 0 }, 2, 2, 2);
		assertArrayEquals(new int[] { 1, 1, 0, 0, 1, 1, 0, 0 }, arr(LabelTools.removeSmall(in3, 1.5, new double[] { 0.5, 0.5, 2 })));
		assertThrows(IllegalArgumentException.class, () -> LabelTools.removeSmall(in, 1, new double[] { 1 }));
		assertThrows(IllegalArgumentException.class, () -> LabelTools.removeSmall(in, 1, new double[] { 1, 0 }));
		assertThrows(IllegalArgumentException.class, () -> LabelTools.removeSmall(in, 1, null));
		assertThrows(IllegalArgumentException.class, () -> LabelTools.removeSmall(in, Double.NaN, new double[] { 1, 1 }));
		assertThrows(IllegalArgumentException.class, () -> LabelTools.removeSmall(in, -1));
	}

	@Test
	void removeBorderObjects2D() {
		Img<IntType> in = img2d(new int[][] { //
				{ 1, 0, 0, 0, 0 }, //
				{ 0, 2, 2, 0, 0 }, //
				{ 0, 2, 3, 3, 4 }, //
				{ 0, 0, 0, 0, 0 } });
		assertArrayEquals(new int[] { //
				0, 0, 0, 0, 0, //
				0, 2, 2, 0, 0, //
				0, 2, 3, 3, 0, //
				0, 0, 0, 0, 0 }, arr(LabelTools.removeBorderObjects(in)));
		assertArrayEquals(arr(LabelTools.removeBorderObjects(in)), arr(LabelTools.removeBorderObjects(in, false)));
	}

	@Test
	void removeBorderObjects3DMatchesBruteForce() {
		Random r = new Random(3);
		int nx = 7, ny = 6, nz = 5;
		int[] a = random(r, nx * ny * nz, 60, 0.4);
		Img<IntType> in = img(a, nx, ny, nz);
		for (boolean includeZ : new boolean[] { true, false }) {
			boolean[] touch = new boolean[61];
			for (int z = 0; z < nz; z++)
				for (int y = 0; y < ny; y++)
					for (int x = 0; x < nx; x++)
						if (x == 0 || y == 0 || x == nx - 1 || y == ny - 1 || includeZ && (z == 0 || z == nz - 1))
							touch[a[(z * ny + y) * nx + x]] = true;
			int[] out = arr(LabelTools.removeBorderObjects(in, includeZ));
			for (int i = 0; i < a.length; i++)
				assertEquals(touch[a[i]] ? 0 : a[i], out[i]);
		}
		// an object only on the top slice: removed with includeZ, kept without
		int[] b = new int[5 * 5 * 3];
		b[(0 * 5 + 2) * 5 + 2] = 8;
		b[(1 * 5 + 2) * 5 + 2] = 9;
		Img<IntType> in2 = img(b, 5, 5, 3);
		assertEquals(0, arr(LabelTools.removeBorderObjects(in2, true))[12]);
		assertEquals(9, arr(LabelTools.removeBorderObjects(in2, true))[37]);
		assertEquals(8, arr(LabelTools.removeBorderObjects(in2, false))[12]);
	}

	@Test
	void fillHolesFillsARing() {
		Img<IntType> in = img2d(new int[][] { //
				{ 0, 0, 0, 0, 0, 0 }, //
				{ 0, 3, 3, 3, 3, 0 }, //
				{ 0, 3, 0, 0, 3, 0 }, //
				{ 0, 3, 0, 3, 3, 0 }, //
				{ 0, 3, 3, 3, 0, 0 }, //
				{ 0, 0, 0, 0, 0, 0 } });
		assertArrayEquals(new int[] { //
				0, 0, 0, 0, 0, 0, //
				0, 3, 3, 3, 3, 0, //
				0, 3, 3, 3, 3, 0, //
				0, 3, 3, 3, 3, 0, //
				0, 3, 3, 3, 0, 0, //
				0, 0, 0, 0, 0, 0 }, arr(LabelTools.fillHoles(in)));
	}

	@Test
	void fillHolesUses4ConnectedBackgroundIn2D() {
		// the hole touches the outside only diagonally: it is a hole for 4-connected background
		Img<IntType> in = img2d(new int[][] { //
				{ 0, 0, 0, 0, 0 }, //
				{ 0, 1, 1, 1, 0 }, //
				{ 0, 1, 0, 1, 0 }, //
				{ 0, 1, 1, 0, 0 }, //
				{ 0, 0, 0, 0, 0 } });
		assertEquals(1, arr(LabelTools.fillHoles(in))[12]);
	}

	@Test
	void holeSharedByTwoLabelsIsNotFilled() {
		Img<IntType> in = img2d(new int[][] { //
				{ 0, 0, 0, 0, 0, 0 }, //
				{ 0, 1, 1, 2, 2, 0 }, //
				{ 0, 1, 0, 0, 2, 0 }, //
				{ 0, 1, 1, 2, 2, 0 }, //
				{ 0, 0, 0, 0, 0, 0 } });
		assertArrayEquals(arr(in), arr(LabelTools.fillHoles(in)));
		// an object inside the hole of another: the gap between them is not filled either
		Img<IntType> nested = img2d(new int[][] { //
				{ 1, 1, 1, 1, 1 }, //
				{ 1, 0, 0, 0, 1 }, //
				{ 1, 0, 2, 0, 1 }, //
				{ 1, 0, 0, 0, 1 }, //
				{ 1, 1, 1, 1, 1 } });
		assertArrayEquals(arr(nested), arr(LabelTools.fillHoles(nested)));
	}

	@Test
	void holeTouchingTheBorderIsNotFilled() {
		Img<IntType> in = img2d(new int[][] { //
				{ 1, 1, 1, 1 }, //
				{ 1, 0, 0, 1 }, //
				{ 1, 0, 0, 1 }, //
				{ 1, 1, 0, 1 } });
		assertArrayEquals(arr(in), arr(LabelTools.fillHoles(in)));
		// a ring on the border, its hole inside: filled
		Img<IntType> ring = img2d(new int[][] { //
				{ 1, 1, 1, 1 }, //
				{ 1, 0, 0, 1 }, //
				{ 1, 1, 1, 1 } });
		int[] out = arr(LabelTools.fillHoles(ring));
		for (int v : out)
			assertEquals(1, v);
	}

	@Test
	void fillHolesFillsA3DHollowCube() {
		int n = 7;
		int[] a = new int[n * n * n];
		for (int z = 1; z <= 5; z++)
			for (int y = 1; y <= 5; y++)
				for (int x = 1; x <= 5; x++) {
					boolean shell = x == 1 || x == 5 || y == 1 || y == 5 || z == 1 || z == 5;
					a[(z * n + y) * n + x] = shell ? 4 : 0;
				}
		Img<IntType> cube = img(a, n, n, n);
		int[] out = arr(LabelTools.fillHoles(cube));
		for (int z = 0; z < n; z++)
			for (int y = 0; y < n; y++)
				for (int x = 0; x < n; x++) {
					boolean inside = x >= 1 && x <= 5 && y >= 1 && y <= 5 && z >= 1 && z <= 5;
					assertEquals(inside ? 4 : 0, out[(z * n + y) * n + x]);
				}
		assertEquals(0, arr(cube)[(3 * n + 3) * n + 3], "input unchanged");
		// a hole through the lid (6-connected to the outside) stays open
		int[] b = a.clone();
		b[(5 * n + 3) * n + 3] = 0;
		int[] outB = arr(LabelTools.fillHoles(img(b, n, n, n)));
		assertArrayEquals(b, outB);
		// a hole only connected by an edge (not a face) to the outside is enclosed in 6-connectivity
		int[] c = a.clone();
		c[(5 * n + 1) * n + 1] = 0; // shell corner removed: it touches the interior (2,2,4) only by a vertex
		int[] outC = arr(LabelTools.fillHoles(img(c, n, n, n)));
		assertEquals(4, outC[(3 * n + 3) * n + 3]);
	}

	/** Brute force hole filling: BFS over face-connected background, border and owners as documented. */
	private static int[] fillHolesBruteForce(int[] a, int[] dims) {
		int n = dims.length, size = a.length;
		int[] out = a.clone();
		boolean[] seen = new boolean[size];
		int[] stride = new int[n];
		stride[0] = 1;
		for (int d = 1; d < n; d++)
			stride[d] = stride[d - 1] * dims[d - 1];
		for (int s = 0; s < size; s++) {
			if (a[s] != 0 || seen[s])
				continue;
			java.util.List<Integer> comp = new java.util.ArrayList<>();
			java.util.ArrayDeque<Integer> q = new java.util.ArrayDeque<>();
			q.add(s);
			seen[s] = true;
			boolean border = false;
			java.util.Set<Integer> owners = new java.util.HashSet<>();
			while (!q.isEmpty()) {
				int i = q.poll();
				comp.add(i);
				for (int d = 0; d < n; d++) {
					int pos = i / stride[d] % dims[d];
					if (pos == 0 || pos == dims[d] - 1)
						border = true;
					for (int sgn = -1; sgn <= 1; sgn += 2) {
						int p2 = pos + sgn;
						if (p2 < 0 || p2 >= dims[d])
							continue;
						int j = i + sgn * stride[d];
						if (a[j] != 0)
							owners.add(a[j]);
						else if (!seen[j]) {
							seen[j] = true;
							q.add(j);
						}
					}
				}
			}
			if (!border && owners.size() == 1)
				for (int i : comp)
					out[i] = owners.iterator().next();
		}
		return out;
	}

	/** Blobs of a few labels with holes of every kind: one owner, two owners, open to the border. */
	private static int[] blobsWithHoles(Random r, int[] dims) {
		int size = 1;
		for (int d : dims)
			size *= d;
		int[] a = new int[size];
		int n = dims.length;
		for (int k = 0; k < 30; k++) {
			int label = 1 + r.nextInt(12);
			int[] c = new int[n];
			for (int d = 0; d < n; d++)
				c[d] = r.nextInt(dims[d]);
			double rad = 2 + r.nextDouble() * 7, inner = rad * (0.3 + 0.4 * r.nextDouble());
			for (int i = 0; i < size; i++) {
				double s2 = 0;
				for (int d = 0, rest = i; d < n; d++, rest /= dims[d - 1]) {
					double t = rest % dims[d] - c[d];
					s2 += t * t;
				}
				double dist = Math.sqrt(s2);
				if (dist <= rad && dist > inner)
					a[i] = label;
			}
		}
		for (int i = 0; i < size; i++)
			if (r.nextDouble() < 0.02)
				a[i] = 0; // pinholes
		return a;
	}

	@Test
	void fillHolesAndCleanUpMatchBruteForceAndTheSingleSteps() {
		Random r = new Random(8);
		int[][] sizes = { { 70, 50 }, { 31, 27, 15 }, { 40, 1 }, { 1, 30, 9 } };
		for (int[] dims : sizes) {
			long[] ld = java.util.Arrays.stream(dims).asLongStream().toArray();
			for (int trial = 0; trial < 3; trial++) {
				int[] a = blobsWithHoles(r, dims);
				Img<IntType> in = img(a, ld);
				assertArrayEquals(fillHolesBruteForce(a, dims), arr(LabelTools.fillHoles(in)), java.util.Arrays.toString(dims));
				double[] spacing = new double[dims.length];
				java.util.Arrays.fill(spacing, 0.5);
				for (boolean fill : new boolean[] { false, true })
					for (double minSize : new double[] { 0, 3.0 })
						for (boolean border : new boolean[] { false, true }) {
							RandomAccessibleInterval<IntType> expect = in;
							if (fill)
								expect = LabelTools.fillHoles(expect);
							if (minSize > 0)
								expect = LabelTools.removeSmall(expect, minSize, spacing);
							if (border)
								expect = LabelTools.removeBorderObjects(expect, true);
							expect = LabelTools.relabelSequential(expect);
							LabelTools.Cleaned c = LabelTools.cleanUp(in, fill, minSize, spacing, border, true);
							int[] e = arr(expect);
							assertArrayEquals(e, c.labels(), java.util.Arrays.toString(dims) + " fill " + fill + " min " + minSize + " border " + border);
							assertEquals(java.util.Arrays.stream(e).max().orElse(0), c.count());
						}
			}
		}
	}

	@Test
	void areasAndBoundingBoxes() {
		Img<IntType> in = img2d(new int[][] { //
				{ 0, 0, 0, 0 }, //
				{ 0, 3, 3, 0 }, //
				{ 1, 0, 3, 0 } });
		assertArrayEquals(new long[] { 8, 1, 0, 3 }, LabelTools.areas(in));
		RandomAccessibleInterval<IntType> shifted = Views.translate(in, 10, -5);
		Interval[] boxes = LabelTools.boundingBoxes(shifted);
		assertEquals(4, boxes.length);
		assertNull(boxes[0]);
		assertNull(boxes[2]);
		assertArrayEquals(new long[] { 10, -3 }, boxes[1].minAsLongArray());
		assertArrayEquals(new long[] { 10, -3 }, boxes[1].maxAsLongArray());
		assertArrayEquals(new long[] { 11, -4 }, boxes[3].minAsLongArray());
		assertArrayEquals(new long[] { 12, -3 }, boxes[3].maxAsLongArray());
		// results are zero-min images even for a shifted input
		assertEquals(0, LabelTools.relabelSequential(shifted).min(0));
	}

	@Test
	void boundingBoxesMatchBruteForce3D() {
		Random r = new Random(4);
		int nx = 11, ny = 9, nz = 4;
		int[] a = random(r, nx * ny * nz, 30, 0.9);
		Interval[] boxes = LabelTools.boundingBoxes(img(a, nx, ny, nz));
		for (int l = 1; l < boxes.length; l++) {
			long[] min = { Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE }, max = { -1, -1, -1 };
			for (int i = 0; i < a.length; i++)
				if (a[i] == l) {
					long[] p = { i % nx, (i / nx) % ny, i / (nx * ny) };
					for (int d = 0; d < 3; d++) {
						min[d] = Math.min(min[d], p[d]);
						max[d] = Math.max(max[d], p[d]);
					}
				}
			if (max[0] < 0)
				assertNull(boxes[l]);
			else {
				assertArrayEquals(min, boxes[l].minAsLongArray());
				assertArrayEquals(max, boxes[l].maxAsLongArray());
			}
		}
	}

	@Test
	void badInputIsRejectedWithAMessage() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> LabelTools.relabelSequential(img(new int[] { 0, -2 }, 2, 1)));
		assertTrue(e.getMessage().contains("negative"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> LabelTools.fillHoles(null));
		assertThrows(IllegalArgumentException.class, () -> LabelTools.areas(null));
		assertArrayEquals(new long[] { 4 }, LabelTools.areas(img(new int[4], 2, 2)));
		assertEquals(1, LabelTools.boundingBoxes(img(new int[4], 2, 2)).length);
	}
}
