package org.segmentij.classical.graph;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;

import org.junit.jupiter.api.Test;

class NormalizedCutTest {

	/** A grid of 4x4-pixel superpixels; left and right halves of clearly different colours. */
	@Test
	void twoHalvesAreCutExactly() {
		Random r = new Random(8);
		int w = 48, h = 32, cell = 4, gw = w / cell;
		int[] lab = new int[w * h];
		int[] half = new int[w * h];
		float[][] ch = new float[3][w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				int p = y * w + x;
				lab[p] = 1 + (y / cell) * gw + x / cell;
				half[p] = x < 20 ? 0 : 1; // on a superpixel boundary
				float base = half[p] == 0 ? 40 : 200;
				ch[0][p] = base + r.nextInt(7);
				ch[1][p] = 255 - base + r.nextInt(7);
				ch[2][p] = 120 + r.nextInt(7);
			}
		RegionAdjacencyGraph g = RegionAdjacencyGraph.build(lab, new int[] { w, h }, ch, null);
		int[] region = NormalizedCut.cut(g, NormalizedCut.DEFAULT_SIGMA, NormalizedCut.DEFAULT_THRESHOLD, 10, 100);
		int[] out = new int[lab.length];
		for (int p = 0; p < lab.length; p++)
			out[p] = region[lab[p]];
		assertTrue(GraphFixtures.samePartition(out, half));
		// max_regions = 1: no cut at all
		int[] one = NormalizedCut.cut(g, 255, 0.001, 10, 1);
		for (int v = 1; v <= g.maxLabel(); v++)
			assertEquals(1, one[v]);
	}

	/** Three vertical stripes: two cuts, and each region is connected. */
	@Test
	void threeStripes() {
		int w = 60, h = 20, cell = 5;
		int[] lab = new int[w * h], stripe = new int[w * h];
		float[][] ch = new float[1][w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				int p = y * w + x;
				lab[p] = 1 + (y / cell) * (w / cell) + x / cell;
				stripe[p] = x / 20;
				ch[0][p] = new float[] { 10, 120, 240 }[x / 20] + (x * 7 + y * 3) % 5;
			}
		RegionAdjacencyGraph g = RegionAdjacencyGraph.build(lab, new int[] { w, h }, ch, null);
		int[] region = NormalizedCut.cut(g, 255, 0.001, 10, 10);
		int[] out = new int[lab.length];
		for (int p = 0; p < lab.length; p++)
			out[p] = region[lab[p]];
		assertTrue(GraphFixtures.samePartition(out, stripe));
	}

	@Test
	void ncutValueMatchesDefinition() {
		// two nodes joined by weight 0.5, self-loops 1: cut = 0.5, assoc = 1.5 each
		double[][] w = { { 1, 0.5 }, { 0.5, 1 } };
		double[] d = { 1.5, 1.5 };
		assertEquals(0.5 / 1.5 * 2, NormalizedCut.ncut(new boolean[] { true, false }, w, d), 1e-15);
	}
}
