package org.segmentij.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.segmentij.UsageException;

/**
 * The stitching rule alone, without Spark: tiles of a generated mask labelled separately (by
 * the test's own flood fill, with each tile's labels shuffled), stitched, against the flood
 * fill of the whole mask (the oracle): the same partition, and with raster numbering the same labels.
 */
class LabelStitcherTest {

	/** Random disks, long bars, rings and one-pixel diagonal chains as a mask. */
	private static boolean[] mask(int w, int h, long seed) {
		int[] px = TestImages.pixels(TestImages.crossing(w, h, seed));
		boolean[] m = new boolean[w * h];
		for (int i = 0; i < m.length; i++)
			m[i] = px[i] > 500;
		return m;
	}

	/** Tile by tile: components of the tile's extended region, labels permuted at random. */
	private static int[] stitched(boolean[] mask, int w, int h, TileGrid g, boolean eight, long seed) {
		SplittableRandom r = new SplittableRandom(seed);
		List<TileEdges> edges = new ArrayList<>();
		List<int[]> exts = new ArrayList<>();
		for (int i = 0; i < g.count(); i++) {
			TileGrid.Tile t = g.tile(i);
			int ew = t.extWidth(), eh = t.extHeight();
			boolean[] sub = new boolean[ew * eh];
			for (int y = 0; y < eh; y++)
				for (int x = 0; x < ew; x++)
					sub[y * ew + x] = mask[(y + t.ey0()) * w + x + t.ex0()];
			int[] lab = TestImages.components(sub, ew, eh, eight);
			int n = 0;
			for (int v : lab)
				n = Math.max(n, v);
			int[] perm = new int[n + 1]; // shuffled labels, with gaps: no tile numbers like the whole image
			for (int k = 1; k <= n; k++)
				perm[k] = k * 3;
			for (int k = n; k > 1; k--) {
				int j = 1 + r.nextInt(k);
				int tmp = perm[k];
				perm[k] = perm[j];
				perm[j] = tmp;
			}
			for (int k = 0; k < lab.length; k++)
				lab[k] = perm[lab[k]];
			exts.add(lab);
			edges.add(TileEdges.of(t, w, h, lab));
		}
		LabelStitcher.Stitch s = LabelStitcher.stitch(g, edges);
		int[] out = new int[w * h];
		for (int i = 0; i < g.count(); i++) {
			TileGrid.Tile t = g.tile(i);
			int[] lab = exts.get(i);
			for (int y = t.y0(); y < t.y1(); y++)
				for (int x = t.x0(); x < t.x1(); x++)
					out[y * w + x] = s.maps()[i][lab[(y - t.ey0()) * t.extWidth() + x - t.ex0()]];
		}
		int max = 0;
		for (int v : out)
			max = Math.max(max, v);
		assertEquals(s.count(), max, "the count is the largest label");
		return out;
	}

	@ParameterizedTest(name = "{0}x{1}, tile {2}, halo {3}, 8-connected {4}")
	@CsvSource({ "300,220,16,1,true", "300,220,16,1,false", "300,220,23,3,true", "300,220,50,2,false", "257,129,64,1,true",
			"120,333,17,16,true", "64,64,64,5,true" })
	void tiledComponentsEqualTheWholeImage(int w, int h, int tile, int halo, boolean eight) {
		for (long seed = 1; seed <= 3; seed++) {
			boolean[] m = mask(w, h, seed);
			int[] oracle = TestImages.components(m, w, h, eight);
			int[] tiled = stitched(m, w, h, new TileGrid(w, h, tile, halo), eight, seed * 7);
			assertTrue(TestImages.sameUpToRelabelling(oracle, tiled), "same objects, seed " + seed);
			assertArrayEquals(oracle, tiled, "raster numbering gives the same labels, seed " + seed);
		}
	}

	@Test
	void objectCutByEveryBorderIsOneObject() {
		// a frame around the image and a cross through its middle: one object over 16 tiles
		int w = 64, h = 64;
		boolean[] m = new boolean[w * h];
		for (int i = 0; i < w; i++) {
			m[i] = m[(h - 1) * w + i] = m[i * w] = m[i * w + w - 1] = true;
			m[32 * w + i] = m[i * w + 32] = true;
		}
		int[] tiled = stitched(m, w, h, new TileGrid(w, h, 16, 1), true, 5);
		for (int i = 0; i < m.length; i++)
			assertEquals(m[i] ? 1 : 0, tiled[i]);
	}

	@Test
	void gridCoversTheImageOnceAndRefusesBadSizes() {
		TileGrid g = new TileGrid(100, 70, 32, 5);
		assertEquals(4, g.columns());
		assertEquals(3, g.rows());
		int[] hits = new int[100 * 70];
		for (int i = 0; i < g.count(); i++) {
			TileGrid.Tile t = g.tile(i);
			for (int y = t.y0(); y < t.y1(); y++)
				for (int x = t.x0(); x < t.x1(); x++) {
					hits[y * 100 + x]++;
					assertEquals(i, g.owner(x, y));
				}
			assertEquals(Math.max(0, t.x0() - 5), t.ex0());
			assertEquals(Math.min(70, t.y1() + 5), t.ey1());
		}
		for (int v : hits)
			assertEquals(1, v);
		assertThrows(UsageException.class, () -> new TileGrid(100, 100, 8, 1));
		assertThrows(UsageException.class, () -> new TileGrid(100, 100, 32, 32));
		assertThrows(UsageException.class, () -> new TileGrid(100, 100, 32, -1));
	}
}
