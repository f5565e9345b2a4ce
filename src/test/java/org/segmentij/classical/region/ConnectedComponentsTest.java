package org.segmentij.classical.region;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayDeque;
import java.util.Random;

import org.segmentij.image.LabelImages;
import org.junit.jupiter.api.Test;
import org.segmentij.classical.region.ConnectedComponents.Connectivity;
import org.segmentij.image.SyntheticNuclei;

import ij.process.FloodFiller;
import ij.process.ShortProcessor;
import net.imglib2.RandomAccess;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

class ConnectedComponentsTest {

	private static int[] flat(Img<IntType> img) {
		return ((ArrayImg<IntType, IntArray>) img).update(null).getCurrentStorageArray();
	}

	private static ArrayImg<UnsignedByteType, ByteArray> mask(String... rows) {
		int w = rows[0].length(), h = rows.length;
		byte[] b = new byte[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				b[y * w + x] = (byte) (rows[y].charAt(x) == '#' ? 1 : 0);
		return ArrayImgs.unsignedBytes(b, w, h);
	}

	@Test
	void diagonalSquares2D() {
		var m = mask(
				"##....",
				"##....",
				"..##..",
				"..##..",
				"......");
		assertEquals(2, LabelImages.maxLabel(ConnectedComponents.label(m, Connectivity.FACE)));
		Img<IntType> full = ConnectedComponents.label(m, Connectivity.FULL);
		assertEquals(1, LabelImages.maxLabel(full));
		int[] l = flat(ConnectedComponents.label(m, Connectivity.FACE));
		assertEquals(1, l[0]);
		assertEquals(2, l[2 * 6 + 2]);
		assertEquals(0, l[2]);
	}

	@Test
	void diagonalCubes3D() {
		Img<UnsignedByteType> m = ArrayImgs.unsignedBytes(6, 6, 6);
		RandomAccess<UnsignedByteType> ra = m.randomAccess();
		for (int z = 0; z < 2; z++)
			for (int y = 0; y < 2; y++)
				for (int x = 0; x < 2; x++) {
					ra.setPositionAndGet(x, y, z).set(1);
					ra.setPositionAndGet(x + 2, y + 2, z + 2).set(1); // touches only at a corner
				}
		assertEquals(2, LabelImages.maxLabel(ConnectedComponents.label(m, Connectivity.FACE)));
		assertEquals(1, LabelImages.maxLabel(ConnectedComponents.label(m, Connectivity.FULL)));
		// edge contact only: connected with FULL, not with FACE
		Img<UnsignedByteType> e = ArrayImgs.unsignedBytes(3, 3, 3);
		RandomAccess<UnsignedByteType> rb = e.randomAccess();
		rb.setPositionAndGet(0, 0, 0).set(1);
		rb.setPositionAndGet(1, 1, 0).set(1);
		rb.setPositionAndGet(1, 0, 2).set(1);
		assertEquals(3, LabelImages.maxLabel(ConnectedComponents.label(e, Connectivity.FACE)));
		assertEquals(2, LabelImages.maxLabel(ConnectedComponents.label(e, Connectivity.FULL)));
	}

	@Test
	void shapesNeedingMerges() {
		var u = mask(
				"#...#",
				"#...#",
				"#...#",
				"#####");
		for (Connectivity c : Connectivity.values()) {
			int[] l = flat(ConnectedComponents.label(u, c));
			for (int v : l)
				assertTrue(v == 0 || v == 1, "one U-shaped object with " + c);
		}
		var spiral = mask(
				"#########",
				"........#",
				"#####...#",
				"#...#...#",
				"#.#.#...#",
				"#.###...#",
				"#.......#",
				"#########");
		assertEquals(1, LabelImages.maxLabel(ConnectedComponents.label(spiral, Connectivity.FACE)));
		var w = mask(
				"#.#.#.#",
				"#.#.#.#",
				"#######");
		assertEquals(1, LabelImages.maxLabel(ConnectedComponents.label(w, Connectivity.FACE)));
		// later-started branch joins an earlier one: numbering stays in raster order
		var two = mask(
				"..#.#",
				"#.###",
				"#....");
		int[] l = flat(ConnectedComponents.label(two, Connectivity.FACE));
		assertArrayEquals(new int[] { 0, 0, 1, 0, 1, 2, 0, 1, 1, 1, 2, 0, 0, 0, 0 }, l);
	}

	@Test
	void emptyAndFull() {
		Img<FloatType> empty = ArrayImgs.floats(10, 7, 3);
		assertEquals(0, LabelImages.maxLabel(ConnectedComponents.label(empty, Connectivity.FULL)));
		Img<FloatType> full = ArrayImgs.floats(10, 7, 3);
		for (FloatType t : full)
			t.set(0.5f);
		Img<IntType> l = ConnectedComponents.label(full, Connectivity.FACE);
		for (IntType t : l)
			assertEquals(1, t.get());
		// NaN is background
		Img<FloatType> nan = ArrayImgs.floats(4, 4);
		for (FloatType t : nan)
			t.set(Float.NaN);
		assertEquals(0, LabelImages.maxLabel(ConnectedComponents.label(nan, Connectivity.FULL)));
	}

	@Test
	void oneAndFourDimensions() {
		var line = ArrayImgs.unsignedBytes(new byte[] { 1, 1, 0, 1, 0, 0, 1 }, 7);
		assertArrayEquals(new int[] { 1, 1, 0, 2, 0, 0, 3 }, flat(ConnectedComponents.label(line, Connectivity.FULL)));
		Img<UnsignedByteType> m4 = ArrayImgs.unsignedBytes(4, 4, 4, 4);
		RandomAccess<UnsignedByteType> ra = m4.randomAccess();
		ra.setPositionAndGet(0, 0, 0, 0).set(1);
		ra.setPositionAndGet(1, 1, 1, 1).set(1);
		ra.setPositionAndGet(3, 3, 3, 3).set(1);
		assertEquals(3, LabelImages.maxLabel(ConnectedComponents.label(m4, Connectivity.FACE)));
		assertEquals(2, LabelImages.maxLabel(ConnectedComponents.label(m4, Connectivity.FULL)));
	}

	/** ImageJ's FloodFiller, seeded in raster order, is the oracle: the label images must be identical. */
	@Test
	void matchesImageJFloodFill2D() {
		Random r = new Random(42);
		for (int trial = 0; trial < 6; trial++) {
			int w = 40 + r.nextInt(90), h = 30 + r.nextInt(90);
			double density = 0.3 + 0.15 * trial / 5.0;
			byte[] b = new byte[w * h];
			for (int i = 0; i < b.length; i++)
				b[i] = (byte) (r.nextDouble() < density ? 1 : 0);
			var m = ArrayImgs.unsignedBytes(b, w, h);
			for (Connectivity c : Connectivity.values()) {
				ShortProcessor ip = new ShortProcessor(w, h);
				for (int i = 0; i < b.length; i++)
					ip.set(i, b[i] == 0 ? 0 : 65535);
				FloodFiller ff = new FloodFiller(ip);
				int n = 0;
				for (int y = 0; y < h; y++)
					for (int x = 0; x < w; x++)
						if (ip.get(x, y) == 65535) {
							ip.setValue(++n);
							if (c == Connectivity.FULL)
								ff.fill8(x, y);
							else
								ff.fill(x, y);
						}
				Img<IntType> l = ConnectedComponents.label(m, c);
				assertEquals(n, LabelImages.maxLabel(l), c + " count");
				int[] ours = flat(l);
				for (int i = 0; i < ours.length; i++)
					assertEquals(ip.get(i), ours[i], c + " pixel " + i);
			}
		}
	}

	/** A breadth-first flood fill in raster order is the 3D oracle. */
	@Test
	void matchesBfs3DAndRespectsOffsets() {
		Random r = new Random(7);
		int w = 23, h = 17, d = 11;
		byte[] b = new byte[w * h * d];
		for (int i = 0; i < b.length; i++)
			b[i] = (byte) (r.nextDouble() < 0.3 ? 1 : 0);
		var m = ArrayImgs.unsignedBytes(b, w, h, d);
		for (Connectivity c : Connectivity.values()) {
			int[] expect = bfs(b, w, h, d, c == Connectivity.FULL);
			assertArrayEquals(expect, flat(ConnectedComponents.label(m, c)), c.toString());
			// same data seen through an offset view
			var shifted = Views.translate(m, -5, 3, 100);
			assertArrayEquals(expect, flat(ConnectedComponents.label(shifted, c)), c + " offset");
		}
		// a sub-interval: crop away the first slice
		var crop = Views.interval(m, new long[] { 0, 0, 1 }, new long[] { w - 1, h - 1, d - 1 });
		byte[] bc = java.util.Arrays.copyOfRange(b, w * h, b.length);
		assertArrayEquals(bfs(bc, w, h, d - 1, true), flat(ConnectedComponents.label(crop, Connectivity.FULL)));
	}

	/** Images large enough to be cut into parallel strips: components cross the strip borders. */
	@Test
	void largeMasksSplitIntoStripsMatchBfs() {
		Random r = new Random(11);
		int[][] sizes = { { 300, 290, 1 }, { 61, 47, 40 }, { 5, 7000, 1 }, { 40, 3, 700 } };
		for (int[] sz : sizes) {
			int w = sz[0], h = sz[1], d = sz[2];
			byte[] b = new byte[w * h * d];
			// blobs of varying density, so that there are long, winding components
			for (int i = 0; i < b.length; i++) {
				int x = i % w, y = i / w % h, z = i / (w * h);
				double density = 0.35 + 0.25 * Math.sin(x * 0.2) * Math.cos(y * 0.15 + z * 0.3);
				b[i] = (byte) (r.nextDouble() < density ? 1 : 0);
			}
			var m = d == 1 ? ArrayImgs.unsignedBytes(b, w, h) : ArrayImgs.unsignedBytes(b, w, h, d);
			for (Connectivity c : Connectivity.values())
				assertArrayEquals(bfs(b, w, h, d, c == Connectivity.FULL), flat(ConnectedComponents.label(m, c)),
						c + " " + w + "x" + h + "x" + d);
		}
	}

	/**
	 * Masks read in place from every kind of array, with every width around the 8-pixel words of
	 * the 8-bit scan: any nonzero byte value (1, 128, 255) is foreground, NaN is background.
	 */
	@Test
	void everyArrayKindAndWidthMatchesBfs() {
		Random r = new Random(21);
		for (int w = 1; w <= 37; w += (w < 18 ? 1 : 5))
			for (int d : new int[] { 1, 3 }) {
				int h = 5 + r.nextInt(20);
				byte[] b = new byte[w * h * d];
				for (int i = 0; i < b.length; i++) // long runs and short gaps
					b[i] = (byte) (r.nextDouble() < (i / 7 % 3 == 0 ? 0.9 : 0.3) ? 1 : 0);
				long[] dims = d == 1 ? new long[] { w, h } : new long[] { w, h, d };
				var u8 = ArrayImgs.unsignedBytes(dims);
				var u16 = net.imglib2.img.planar.PlanarImgs.unsignedShorts(dims);
				var f32 = ArrayImgs.floats(dims);
				var c8 = Views.flatIterable(u8).cursor();
				var c16 = Views.flatIterable(u16).cursor();
				var cf = Views.flatIterable(f32).cursor();
				int[] byteValues = { 1, 128, 255, 7 };
				for (int i = 0; i < b.length; i++) {
					c8.next().set(b[i] != 0 ? byteValues[r.nextInt(4)] : 0);
					c16.next().set(b[i] != 0 ? 1 + r.nextInt(65535) : 0);
					cf.next().set(b[i] != 0 ? (r.nextBoolean() ? -0.5f : 3f) : (r.nextBoolean() ? Float.NaN : 0f));
				}
				for (Connectivity c : Connectivity.values()) {
					int[] expect = bfs(b, w, h, d, c == Connectivity.FULL);
					String what = c + " " + w + "x" + h + "x" + d;
					assertArrayEquals(expect, flat(ConnectedComponents.label(u8, c)), "8-bit " + what);
					assertArrayEquals(expect, flat(ConnectedComponents.label(u16, c)), "16-bit planar " + what);
					assertArrayEquals(expect, flat(ConnectedComponents.label(f32, c)), "float " + what);
					ConnectedComponents.Runs runs = ConnectedComponents.runs(u8, c);
					short[][] planes = new short[d][w * h];
					runs.paint(planes);
					int max = 0;
					for (int i = 0; i < expect.length; i++) {
						assertEquals(expect[i], planes[i / (w * h)][i % (w * h)] & 0xffff, "16-bit paint " + what);
						max = Math.max(max, expect[i]);
					}
					assertEquals(max, runs.count());
				}
			}
	}

	private static int[] bfs(byte[] b, int w, int h, int d, boolean full) {
		int[] l = new int[b.length];
		int n = 0;
		ArrayDeque<int[]> q = new ArrayDeque<>();
		for (int z = 0; z < d; z++)
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					int i = (z * h + y) * w + x;
					if (b[i] == 0 || l[i] != 0)
						continue;
					l[i] = ++n;
					q.add(new int[] { x, y, z });
					while (!q.isEmpty()) {
						int[] p = q.poll();
						for (int dz = -1; dz <= 1; dz++)
							for (int dy = -1; dy <= 1; dy++)
								for (int dx = -1; dx <= 1; dx++) {
									int nz = Math.abs(dx) + Math.abs(dy) + Math.abs(dz);
									if (nz == 0 || (!full && nz > 1))
										continue;
									int X = p[0] + dx, Y = p[1] + dy, Z = p[2] + dz;
									if (X < 0 || Y < 0 || Z < 0 || X >= w || Y >= h || Z >= d)
										continue;
									int j = (Z * h + Y) * w + X;
									if (b[j] != 0 && l[j] == 0) {
										l[j] = n;
										q.add(new int[] { X, Y, Z });
									}
								}
					}
				}
		return l;
	}

	@Test
	void syntheticNucleiMaskAndTiming() {
		SyntheticNuclei.Sample s = SyntheticNuclei.generate(SyntheticNuclei.Params.defaults2D(2048, 2048, 800, 3)
				.withTouchingFraction(0));
		Img<UnsignedByteType> m = SyntheticNuclei.mask(s.labels());
		Img<IntType> l = null;
		long best = Long.MAX_VALUE;
		for (int i = 0; i < 8; i++) {
			long t0 = System.nanoTime();
			l = ConnectedComponents.label(m, Connectivity.FULL);
			best = Math.min(best, System.nanoTime() - t0);
		}
		System.out.printf("ConnectedComponents.label 2048x2048 (%d objects): %.1f ms (best of 8)%n", s.count(),
				best / 1e6);
		// no touching nuclei: components = nuclei, in the same pixels
		assertEquals(s.count(), LabelImages.maxLabel(l));
	}

	@Test
	void badArguments() {
		assertThrows(IllegalArgumentException.class, () -> ConnectedComponents.label(null, Connectivity.FULL));
		assertThrows(IllegalArgumentException.class,
				() -> ConnectedComponents.label(ArrayImgs.floats(3, 3), null));
	}
}
