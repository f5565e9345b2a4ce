package org.segmentij.classical.graph;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.segmentij.classical.graph.Agglomerative.Linkage;

import net.imglib2.img.array.ArrayImgs;

class AgglomerativeTest {

	/**
	 * Naive agglomeration: clusters as member lists, every step recomputes the cost of every
	 * adjacent pair from the members and merges the cheapest (ties: smaller ids first).
	 */
	static List<int[]> bruteForce(RegionAdjacencyGraph g, int k, Linkage linkage) {
		int n = g.maxLabel(), nc = g.channels();
		List<List<Integer>> clusters = new ArrayList<>();
		for (int v = 1; v <= n; v++)
			if (g.count(v) > 0)
				clusters.add(new ArrayList<>(List.of(v)));
		List<int[]> merges = new ArrayList<>();
		while (clusters.size() > k) {
			double best = Double.POSITIVE_INFINITY;
			int bi = -1, bj = -1;
			for (int i = 0; i < clusters.size(); i++)
				for (int j = 0; j < clusters.size(); j++) {
					if (i == j)
						continue;
					List<Integer> A = clusters.get(i), B = clusters.get(j);
					int idA = A.stream().min(Integer::compare).get(), idB = B.stream().min(Integer::compare).get();
					if (idA > idB)
						continue;
					boolean adj = false;
					for (int a : A)
						for (int b : B)
							adj |= g.edge(a, b) >= 0;
					if (!adj)
						continue;
					double c;
					if (linkage == Linkage.WARD) {
						double wa = 0, wb = 0, d2 = 0;
						double[] ma = new double[nc], mb = new double[nc];
						for (int a : A) {
							wa += g.count(a);
							for (int q = 0; q < nc; q++)
								ma[q] += g.sum(a, q);
						}
						for (int b : B) {
							wb += g.count(b);
							for (int q = 0; q < nc; q++)
								mb[q] += g.sum(b, q);
						}
						for (int q = 0; q < nc; q++)
							d2 += (ma[q] / wa - mb[q] / wb) * (ma[q] / wa - mb[q] / wb);
						c = wa * wb / (wa + wb) * d2;
					} else {
						double s = 0, wa = 0, wb = 0;
						for (int a : A)
							wa += g.count(a);
						for (int b : B)
							wb += g.count(b);
						for (int a : A)
							for (int b : B) {
								double d2 = 0;
								for (int q = 0; q < nc; q++)
									d2 += (g.mean(a, q) - g.mean(b, q)) * (g.mean(a, q) - g.mean(b, q));
								s += g.count(a) * g.count(b) * Math.sqrt(d2);
							}
						c = s / (wa * wb);
					}
					int lo = bi < 0 ? Integer.MAX_VALUE : clusters.get(bi).stream().min(Integer::compare).get();
					if (c < best || (c == best && idA < lo)) {
						best = c;
						bi = i;
						bj = j;
					}
				}
			if (bi < 0)
				break;
			List<Integer> A = clusters.get(bi), B = clusters.get(bj);
			merges.add(new int[] { A.stream().min(Integer::compare).get(), B.stream().min(Integer::compare).get() });
			A.addAll(B);
			clusters.remove(bj);
		}
		return merges;
	}

	@Test
	void sameMergeSequenceAsBruteForce() {
		Random r = new Random(9);
		for (int t = 0; t < 24; t++) {
			int w = 6 + r.nextInt(10), h = 6 + r.nextInt(10);
			int cells = 2 + r.nextInt(3);
			int[] lab = new int[w * h];
			float[][] ch = new float[t % 2 == 0 ? 3 : 1][w * h];
			// labels: a coarse grid of cells, randomly renumbered, with some labels skipped
			int gw = (w + cells - 1) / cells, gh = (h + cells - 1) / cells;
			int[] perm = new int[gw * gh];
			for (int i = 0; i < perm.length; i++)
				perm[i] = 1 + i + (r.nextInt(4) == 0 ? 1 : 0) * perm.length;
			for (int i = perm.length - 1; i > 0; i--) {
				int j = r.nextInt(i + 1), x = perm[i];
				perm[i] = perm[j];
				perm[j] = x;
			}
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					int p = y * w + x;
					lab[p] = perm[(y / cells) * gw + x / cells];
					for (float[] c : ch)
						c[p] = r.nextInt(256) * 0.37f;
				}
			RegionAdjacencyGraph g = RegionAdjacencyGraph.build(lab, new int[] { w, h }, ch, null);
			for (Linkage linkage : Linkage.values()) {
				int k = 1 + r.nextInt(4);
				Agglomerative.Result res = Agglomerative.cluster(g, k, linkage);
				List<int[]> ref = bruteForce(g, k, linkage);
				assertEquals(ref.size(), res.merges().length, "case " + t + " " + linkage);
				for (int i = 0; i < ref.size(); i++)
					assertArrayEquals(ref.get(i), res.merges()[i], "merge " + i + " of case " + t + " " + linkage);
				// clusters are connected in the image and there are k of them
				int[] out = new int[lab.length];
				for (int p = 0; p < lab.length; p++)
					out[p] = res.clusterOfLabel()[lab[p]];
				assertTrue(GraphFixtures.allConnected(out, w, h, 1));
				assertEquals(k, GraphFixtures.sizes(out).size());
			}
		}
	}

	@Test
	void twoColoursGiveTwoHalves() {
		int w = 60, h = 40;
		int[] px = new int[w * h];
		int[] half = new int[w * h];
		Random r = new Random(4);
		for (int i = 0; i < px.length; i++) {
			half[i] = i % w < 25 ? 0 : 1;
			int base = half[i] == 0 ? 60 : 190;
			int v = base + r.nextInt(9) - 4;
			px[i] = 0xff000000 | v << 16 | (255 - v) << 8 | v;
		}
		for (Linkage l : Linkage.values()) {
			int[] out = GraphFixtures.flat(Agglomerative.segmentRgb(GraphFixtures.rgb(px, w, h), 60, 10, 2, l));
			assertTrue(GraphFixtures.samePartition(out, half), l.toString());
		}
		assertThrows(IllegalArgumentException.class, () -> Agglomerative.segmentGray(ArrayImgs.floats(5, 5), null, 4, 1, 0, Linkage.WARD));
		assertThrows(IllegalArgumentException.class, () -> Linkage.of("single"));
	}
}
