package org.segmentij.classical.graph;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.IntType;

class RegionAdjacencyGraphTest {

	@Test
	void matchesBruteForceIn2DAnd3D() {
		Random r = new Random(1);
		for (int t = 0; t < 20; t++) {
			int w = 3 + r.nextInt(12), h = 3 + r.nextInt(12), d = t % 2 == 0 ? 1 : 2 + r.nextInt(4);
			int n = w * h * d;
			int maxL = 1 + r.nextInt(8);
			int[] lab = new int[n];
			for (int i = 0; i < n; i++) // blocky labels with some background and some noise
				lab[i] = r.nextInt(10) == 0 ? r.nextInt(maxL + 1) : 1 + ((i % w) / 3 + (i / w % h) / 3) % maxL;
			float[][] ch = new float[2][n];
			float[] edge = new float[n];
			for (int i = 0; i < n; i++) {
				ch[0][i] = r.nextInt(100);
				ch[1][i] = r.nextFloat();
				edge[i] = r.nextInt(10);
			}
			int[] dims = d == 1 ? new int[] { w, h } : new int[] { w, h, d };
			RegionAdjacencyGraph g = RegionAdjacencyGraph.build(lab, dims, ch, edge);
			// brute force: every pixel pair at face distance 1
			Map<Long, long[]> pairs = new TreeMap<>();
			Map<Long, Double> weight = new TreeMap<>();
			for (int i = 0; i < n; i++)
				for (int j = i + 1; j < n; j++) {
					int xi = i % w, yi = i / w % h, zi = i / (w * h), xj = j % w, yj = j / w % h, zj = j / (w * h);
					if (Math.abs(xi - xj) + Math.abs(yi - yj) + Math.abs(zi - zj) != 1)
						continue;
					if (lab[i] == 0 || lab[j] == 0 || lab[i] == lab[j])
						continue;
					long key = ((long) Math.min(lab[i], lab[j]) << 32) | Math.max(lab[i], lab[j]);
					pairs.computeIfAbsent(key, k -> new long[1])[0]++;
					weight.merge(key, (edge[i] + edge[j]) / 2.0, Double::sum);
				}
			assertEquals(pairs.size(), g.edgeCount());
			for (Map.Entry<Long, long[]> e : pairs.entrySet()) {
				int a = (int) (e.getKey() >> 32), b = (int) (long) e.getKey();
				int id = g.edge(b, a);
				assertTrue(id >= 0);
				assertEquals(a, g.a(id));
				assertEquals(b, g.b(id));
				assertEquals(e.getValue()[0], g.boundaryLength(id));
				assertEquals(weight.get(e.getKey()) / e.getValue()[0], g.meanEdgeWeight(id), 1e-9);
			}
			for (int v = 1; v <= g.maxLabel(); v++) {
				long c = 0;
				double s = 0, ss = 0, mn = Double.POSITIVE_INFINITY, mx = Double.NEGATIVE_INFINITY;
				for (int i = 0; i < n; i++)
					if (lab[i] == v) {
						c++;
						s += ch[0][i];
						ss += (double) ch[0][i] * ch[0][i];
						mn = Math.min(mn, ch[0][i]);
						mx = Math.max(mx, ch[0][i]);
					}
				assertEquals(c, g.count(v));
				if (c > 0) {
					assertEquals(s, g.sum(v, 0), 1e-6);
					assertEquals(ss, g.sumOfSquares(v, 0), 1e-6);
					assertEquals(mn, g.min(v, 0));
					assertEquals(mx, g.max(v, 0));
					assertEquals(s / c, g.mean(v, 0), 1e-9);
				}
				TreeSet<Integer> nb = new TreeSet<>();
				for (long key : pairs.keySet()) {
					int a = (int) (key >> 32), b = (int) key;
					if (a == v)
						nb.add(b);
					if (b == v)
						nb.add(a);
				}
				assertArrayEquals(nb.stream().mapToInt(Integer::intValue).toArray(), g.neighbours(v));
				int[] es = g.edgesOf(v);
				int[] ns = g.neighbours(v);
				for (int k = 0; k < es.length; k++)
					assertEquals(g.edge(v, ns[k]), es[k]);
			}
			assertEquals(-1, g.edge(1, 1));
		}
	}

	@Test
	void rgbImageGivesMeanColours() {
		int w = 4, h = 2;
		Img<IntType> labels = ArrayImgs.ints(new int[] { 1, 1, 2, 2, 1, 1, 2, 2 }, w, h);
		int[] px = { 0xff0000, 0xff0000, 0x00ff00, 0x000010, 0xff0000, 0xfe0000, 0x00ff00, 0x000010 };
		RegionAdjacencyGraph g = RegionAdjacencyGraph.build(labels, GraphFixtures.rgb(px, w, h));
		assertEquals(3, g.channels());
		assertArrayEquals(new double[] { (255 * 3 + 254) / 4.0, 0, 0 }, g.meanColour(1), 1e-12);
		assertArrayEquals(new double[] { 0, 127.5, 8 }, g.meanColour(2), 1e-12);
		assertEquals(1, g.edgeCount());
		assertEquals(2, g.boundaryLength(0));
		assertTrue(Double.isNaN(g.meanEdgeWeight(0)));
		assertThrows(IllegalArgumentException.class, () -> RegionAdjacencyGraph.build(ArrayImgs.ints(3, 3), GraphFixtures.rgb(px, w, h)));
	}
}
