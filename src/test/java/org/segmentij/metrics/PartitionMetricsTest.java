package org.segmentij.metrics;

import static org.junit.jupiter.api.Assertions.*;
import static org.segmentij.metrics.MetricsFixtures.*;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.segmentij.metrics.PartitionMetrics.RandScores;
import org.segmentij.metrics.PartitionMetrics.VariationOfInformation;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.IntType;

class PartitionMetricsTest {

	@Test
	void handComputedMerge() {
		// truth 1 1 2 2, prediction one segment
		Img<IntType> truth = ArrayImgs.ints(new int[] { 1, 1, 2, 2 }, 4), pred = ArrayImgs.ints(new int[] { 5, 5, 5, 5 }, 4);
		// 6 pairs, agree on the 2 pairs inside truth segments
		assertEquals(2.0 / 6, PartitionMetrics.randIndex(pred, truth, false), 1e-15);
		VariationOfInformation vi = PartitionMetrics.variationOfInformation(pred, truth, false);
		assertEquals(0, vi.split(), 1e-15);
		assertEquals(Math.log(2), vi.merge(), 1e-15);
		assertEquals(1, vi.inBits().merge(), 1e-15);
		assertEquals(Math.log(2), vi.total(), 1e-15);
		RandScores r = PartitionMetrics.adaptedRand(pred, truth);
		assertEquals(0.5, r.precision(), 1e-15); // sum n^2 = 8, sum s^2 = 16
		assertEquals(1, r.recall(), 1e-15); // sum t^2 = 8
		assertEquals(2.0 / 3, r.fScore(), 1e-15);
		assertEquals(1.0 / 3, r.error(), 1e-15);
		assertEquals(0.5, PartitionMetrics.segmentationCovering(OverlapTable.of(pred, truth), false), 1e-15);
		// the other direction: the one predicted region is covered by either truth region with IoU 1/2
		assertEquals(0.5, PartitionMetrics.segmentationCovering(OverlapTable.of(truth, pred), false), 1e-15);
	}

	@Test
	void identicalEmptyAndOneObject() {
		Img<IntType> a = parse("..11", "..11", "2..."), empty = parse("....", "....", "....");
		OverlapTable same = OverlapTable.of(a, a);
		assertEquals(1, PartitionMetrics.randIndex(same, false));
		assertEquals(0, PartitionMetrics.variationOfInformation(same, false).total(), 1e-15);
		assertEquals(0, PartitionMetrics.adaptedRand(same).error(), 1e-15);
		assertEquals(1, PartitionMetrics.segmentationCovering(same, false), 1e-15);
		OverlapTable bothEmpty = OverlapTable.of(empty, empty);
		assertEquals(1, PartitionMetrics.randIndex(bothEmpty, false));
		assertEquals(1, PartitionMetrics.randIndex(bothEmpty, true)); // no pixel left
		assertEquals(0, PartitionMetrics.adaptedRand(bothEmpty).error());
		assertEquals(1, PartitionMetrics.segmentationCovering(bothEmpty, true));
		// empty prediction vs one object + one pixel: everything merged into the background
		OverlapTable emptyPred = OverlapTable.of(empty, a);
		RandScores r = PartitionMetrics.adaptedRand(emptyPred); // fg: 4 + 1 pixels, one predicted segment
		assertEquals((16.0 + 1) / 25, r.precision(), 1e-15);
		assertEquals(1, r.recall(), 1e-15);
		// empty truth: with the background ignored nothing is evaluated
		assertEquals(0, PartitionMetrics.variationOfInformation(OverlapTable.of(a, empty), true).total());
	}

	@Test
	void ignoringTruthBackground() {
		Img<IntType> truth = ArrayImgs.ints(new int[] { 0, 0, 1, 1, 2 }, 5), pred = ArrayImgs.ints(new int[] { 3, 4, 4, 4, 5 }, 5);
		// foreground pixels 2..4: truth 1 1 2, prediction 4 4 5: identical partitions
		OverlapTable t = OverlapTable.of(pred, truth);
		assertEquals(1, PartitionMetrics.randIndex(t, true), 1e-15);
		assertEquals(0, PartitionMetrics.variationOfInformation(t, true).total(), 1e-15);
		assertEquals(1, PartitionMetrics.segmentationCovering(t, true), 1e-15);
		assertEquals(0, PartitionMetrics.adaptedRand(t).error(), 1e-15);
		assertTrue(PartitionMetrics.randIndex(t, false) < 1);
	}

	@Test
	void randomAgainstPixelPairs() {
		Random rnd = new Random(17);
		for (int trial = 0; trial < 30; trial++) {
			long[] dims = trial % 2 == 0 ? new long[] { 13, 11 } : new long[] { 5, 6, 4 };
			Img<IntType> truth = randomLabels(rnd, dims, 9, 6), pred = randomLabels(rnd, dims, 9, 6);
			int[] t = pixels(truth), p = pixels(pred);
			OverlapTable table = OverlapTable.of(pred, truth);
			for (boolean ignore : new boolean[] { false, true }) {
				int[][] kept = keep(t, p, ignore);
				int[] tk = kept[0], pk = kept[1];
				String msg = "trial " + trial + " ignore " + ignore;
				// Rand index: unordered pairs of distinct pixels
				long agree = 0, pairs = 0;
				for (int i = 0; i < tk.length; i++)
					for (int j = i + 1; j < tk.length; j++) {
						pairs++;
						if ((tk[i] == tk[j]) == (pk[i] == pk[j]))
							agree++;
					}
				assertEquals(pairs == 0 ? 1 : (double) agree / pairs, PartitionMetrics.randIndex(table, ignore), 1e-12, msg);
				// VI via joint and marginal entropies
				double hJoint = entropy(tk, pk), hT = entropy(tk, null), hP = entropy(pk, null);
				VariationOfInformation vi = PartitionMetrics.variationOfInformation(table, ignore);
				assertEquals(hJoint - hT, vi.split(), 1e-12, msg);
				assertEquals(hJoint - hP, vi.merge(), 1e-12, msg);
				assertEquals(2 * hJoint - hT - hP, vi.total(), 1e-12, msg);
				// covering: object-pair loops
				assertEquals(bruteCovering(tk, pk), PartitionMetrics.segmentationCovering(table, ignore), 1e-12, msg);
			}
			// adapted Rand: ordered pairs (self included) of truth-foreground pixels
			int[][] fg = keep(t, p, true);
			long both = 0, sameT = 0, sameP = 0;
			for (int i = 0; i < fg[0].length; i++)
				for (int j = 0; j < fg[0].length; j++) {
					boolean a = fg[0][i] == fg[0][j], b = fg[1][i] == fg[1][j];
					if (a && b)
						both++;
					if (a)
						sameT++;
					if (b)
						sameP++;
				}
			RandScores r = PartitionMetrics.adaptedRand(table);
			if (fg[0].length > 0) {
				assertEquals((double) both / sameP, r.precision(), 1e-12);
				assertEquals((double) both / sameT, r.recall(), 1e-12);
				double pr = (double) both / sameP, rc = (double) both / sameT;
				assertEquals(1 - 2 * pr * rc / (pr + rc), r.error(), 1e-12);
			}
		}
	}

	@Test
	void severalTruths() {
		Random rnd = new Random(23);
		long[] dims = { 9, 8 };
		Img<IntType> pred = randomLabels(rnd, dims, 8, 5);
		List<Img<IntType>> truths = List.of(randomLabels(rnd, dims, 8, 5), randomLabels(rnd, dims, 8, 5),
				randomLabels(rnd, dims, 8, 5));
		int[] p = pixels(pred);
		int[][] g = truths.stream().map(MetricsFixtures::pixels).toArray(int[][]::new);
		// PRI from its definition: c p + (1 - c)(1 - p) over unordered pixel pairs
		double sum = 0;
		long pairs = 0;
		for (int i = 0; i < p.length; i++)
			for (int j = i + 1; j < p.length; j++) {
				double frac = 0;
				for (int[] gk : g)
					frac += gk[i] == gk[j] ? 1 : 0;
				frac /= g.length;
				double c = p[i] == p[j] ? 1 : 0;
				sum += c * frac + (1 - c) * (1 - frac);
				pairs++;
			}
		assertEquals(sum / pairs, PartitionMetrics.probabilisticRandIndex(pred, truths, false), 1e-12);
		PartitionMetrics.Covering cov = PartitionMetrics.segmentationCovering(pred, truths, false);
		double best = 0, mean = 0;
		for (int[] gk : g) {
			double c = bruteCovering(gk, p);
			best = Math.max(best, c);
			mean += c / g.length;
		}
		assertEquals(mean, cov.pooled(), 1e-12);
		assertEquals(best, cov.best(), 1e-12);
		assertEquals(bruteCovering(g[1], p), cov.perTruth()[1], 1e-12);
		assertThrows(IllegalArgumentException.class, () -> PartitionMetrics.probabilisticRandIndex(pred, List.of(), false));
	}

	private static int[][] keep(int[] t, int[] p, boolean ignore) {
		int n = 0;
		for (int v : t)
			if (!ignore || v != 0)
				n++;
		int[] tk = new int[n], pk = new int[n];
		int j = 0;
		for (int i = 0; i < t.length; i++)
			if (!ignore || t[i] != 0) {
				tk[j] = t[i];
				pk[j++] = p[i];
			}
		return new int[][] { tk, pk };
	}

	private static double entropy(int[] a, int[] b) {
		Map<Long, Integer> counts = new HashMap<>();
		for (int i = 0; i < a.length; i++)
			counts.merge(b == null ? a[i] : ((long) a[i] << 32) | b[i], 1, Integer::sum);
		double h = 0;
		for (int c : counts.values()) {
			double q = (double) c / a.length;
			h -= q * Math.log(q);
		}
		return h;
	}

	private static double bruteCovering(int[] t, int[] p) {
		if (t.length == 0)
			return 1;
		int[] tIds = java.util.Arrays.stream(t).distinct().toArray(), pIds = java.util.Arrays.stream(p).distinct().toArray();
		double sum = 0;
		for (int r : tIds) {
			double best = 0;
			long area = 0;
			for (int s : pIds) {
				long inter = 0, union = 0;
				area = 0;
				for (int i = 0; i < t.length; i++) {
					if (t[i] == r)
						area++;
					if (t[i] == r && p[i] == s)
						inter++;
					if (t[i] == r || p[i] == s)
						union++;
				}
				best = Math.max(best, (double) inter / union);
			}
			sum += area * best;
		}
		return sum / t.length;
	}
}
