package org.segmentij.metrics;

import static org.junit.jupiter.api.Assertions.*;
import static org.segmentij.metrics.MetricsFixtures.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.segmentij.image.SyntheticNuclei;
import org.segmentij.metrics.InstanceMatching.Evaluation;
import org.segmentij.metrics.InstanceMatching.ObjectMatch;
import org.segmentij.metrics.InstanceMatching.Result;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.IntType;

/**
 * Instance matching against independent implementations: object-pair loops with brute-force
 * matching, and a transcription of seg_metrics.py's numpy logic.
 */
class InstanceMatchingReferenceTest {

	// ---- brute force: object pairs, pixel loops, exhaustive matching ----

	private static int[] objects(int[] px) {
		return Arrays.stream(px).filter(v -> v > 0).distinct().sorted().toArray();
	}

	private static double[][] bruteIou(int[] pred, int[] truth, int[] pIds, int[] tIds) {
		double[][] iou = new double[tIds.length][pIds.length];
		for (int i = 0; i < tIds.length; i++)
			for (int j = 0; j < pIds.length; j++) {
				long inter = 0, union = 0;
				for (int k = 0; k < pred.length; k++) {
					boolean a = truth[k] == tIds[i], b = pred[k] == pIds[j];
					if (a && b)
						inter++;
					if (a || b)
						union++;
				}
				iou[i][j] = (double) inter / union;
			}
		return iou;
	}

	/** Best (count, IoU sum) over all one-to-one matchings of candidates IoU > thr. */
	private static double[] bestMatching(double[][] iou, double thr, int i, boolean[] used) {
		if (i == iou.length)
			return new double[] { 0, 0 };
		double[] best = bestMatching(iou, thr, i + 1, used); // leave true object i unmatched
		for (int j = 0; j < used.length; j++)
			if (!used[j] && iou[i][j] > thr) {
				used[j] = true;
				double[] r = bestMatching(iou, thr, i + 1, used);
				used[j] = false;
				double c = r[0] + 1, s = r[1] + iou[i][j];
				if (c > best[0] || (c == best[0] && s > best[1] + 1e-12))
					best = new double[] { c, s };
			}
		return best;
	}

	@Test
	void randomImagesAgainstBruteForce() {
		Random rnd = new Random(11);
		int lowChecks = 0;
		for (int trial = 0; trial < 150; trial++) {
			long[] dims = trial % 3 == 0 ? new long[] { 6, 5, 4 } : new long[] { 12, 10 };
			Img<IntType> truth = randomLabels(rnd, dims, 7, 40), pred = randomLabels(rnd, dims, 7, 40);
			int[] tp = pixels(truth), pp = pixels(pred);
			int[] tIds = objects(tp), pIds = objects(pp);
			double[][] iou = bruteIou(pp, tp, pIds, tIds);
			Evaluation ev = InstanceMatching.evaluate(pred, truth);
			assertEquals(tIds.length, ev.nTrue());
			assertEquals(pIds.length, ev.nPred());
			for (ObjectMatch pair : ev.overlappingPairs()) {
				int i = Arrays.binarySearch(tIds, pair.truthId()), j = Arrays.binarySearch(pIds, pair.predictionId());
				assertEquals(iou[i][j], pair.iou(), 1e-15);
			}
			for (double thr : new double[] { 0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.75, 0.9 }) {
				double[] best = bestMatching(iou, thr, 0, new boolean[pIds.length]);
				Result r = ev.result(thr);
				assertEquals((int) best[0], r.tp(), "trial " + trial + " thr " + thr);
				assertEquals(best[1], r.sumMatchedIou(), 1e-9, "trial " + trial + " thr " + thr);
				assertEquals(pIds.length - r.tp(), r.fp());
				assertEquals(tIds.length - r.tp(), r.fn());
				// the per-object table is a valid matching with that IoU sum
				List<ObjectMatch> rows = ev.objects(thr);
				assertEquals(tIds.length + r.fp(), rows.size());
				double sum = 0;
				TreeSet<Integer> usedPred = new TreeSet<>();
				for (ObjectMatch m : rows)
					if (m.truthId() > 0 && m.predictionId() > 0) {
						int i = Arrays.binarySearch(tIds, m.truthId()), j = Arrays.binarySearch(pIds, m.predictionId());
						assertTrue(iou[i][j] > thr);
						assertEquals(iou[i][j], m.iou(), 1e-15);
						assertTrue(usedPred.add(m.predictionId()));
						sum += m.iou();
					} else if (m.truthId() == 0)
						assertTrue(usedPred.add(m.predictionId()), "unmatched prediction listed once");
				assertEquals(pIds.length, usedPred.size());
				assertEquals(r.sumMatchedIou(), sum, 1e-12);
				if (thr < 0.5 && best[0] > 1)
					lowChecks++;
			}
		}
		assertTrue(lowChecks > 50, "enough non-trivial low-threshold cases: " + lowChecks);
	}

	@Test
	void hungarianAgainstPermutations() {
		Random rnd = new Random(5);
		for (int trial = 0; trial < 300; trial++) {
			int n = 1 + rnd.nextInt(5), m = n + rnd.nextInt(3);
			double[][] cost = new double[n][m];
			for (double[] row : cost)
				for (int j = 0; j < m; j++)
					row[j] = rnd.nextInt(4) == 0 ? 0 : -rnd.nextDouble() * 3;
			int[] a = Hungarian.solve(cost);
			double got = 0;
			boolean[] used = new boolean[m];
			for (int i = 0; i < n; i++) {
				assertFalse(used[a[i]]);
				used[a[i]] = true;
				got += cost[i][a[i]];
			}
			assertEquals(minAssignment(cost, 0, new boolean[m]), got, 1e-9, "trial " + trial);
		}
	}

	private static double minAssignment(double[][] cost, int i, boolean[] used) {
		if (i == cost.length)
			return 0;
		double best = Double.POSITIVE_INFINITY;
		for (int j = 0; j < used.length; j++)
			if (!used[j]) {
				used[j] = true;
				best = Math.min(best, cost[i][j] + minAssignment(cost, i + 1, used));
				used[j] = false;
			}
		return best;
	}

	@Test
	void optimalAssignmentBeatsGreedy() {
		// true A overlaps predicted X (IoU 0.45) and Y (0.3); true B overlaps only X (0.35).
		// Greedy by IoU takes A-X and leaves B unmatched; the optimum matches A-Y and B-X.
		Img<IntType> truth = ArrayImgs.ints(40, 10), pred = ArrayImgs.ints(40, 10);
		rect(truth, 1, 0, 0, 20, 1); // A: 20 px
		rect(truth, 2, 20, 0, 10, 1); // B: 10 px
		rect(pred, 7, 8, 0, 22, 1); // X: A 12 px, B 10 px -> IoU A = 12/30 = 0.4, B = 10/22
		rect(pred, 9, 0, 0, 8, 1); // Y: A 8 px -> IoU 8/20 = 0.4
		Result r = InstanceMatching.match(pred, truth, 0.3);
		assertEquals(2, r.tp());
		assertEquals(8.0 / 20 + 10.0 / 22, r.sumMatchedIou(), 1e-12);
		List<ObjectMatch> rows = InstanceMatching.evaluate(pred, truth).objects(0.3);
		assertEquals(List.of(new ObjectMatch(1, 9, 0.4), new ObjectMatch(2, 7, 10.0 / 22)), rows);
	}

	@Test
	void perObjectTableAndHoles() {
		// truth: a ring (label 1) with a nucleus (label 2) in its hole; touching object 3
		Img<IntType> truth = parse(
				"11111333",
				"1...1333",
				"1.2.1333",
				"1...1333",
				"11111333");
		Img<IntType> pred = parse(
				"44444...",
				"4...4.66",
				"4...4.66",
				"44444.66",
				"......66");
		// ring: truth 16 px, pred 14 px, inter 11 -> IoU 11/19; nucleus missed; 3 (15 px) vs 6 (8 px), inter 8 -> 8/15
		Evaluation ev = InstanceMatching.evaluate(pred, truth);
		Result r = ev.result(0.5);
		assertEquals(2, r.tp());
		assertEquals(0, r.fp());
		assertEquals(1, r.fn());
		assertEquals((11.0 / 19 + 8.0 / 15) / 2, r.meanMatchedIou(), 1e-12);
		assertEquals((11.0 / 19 + 8.0 / 15) / 3, r.meanTrueIou(), 1e-12);
		assertEquals((11.0 / 19 + 8.0 / 15) / 2.5, r.panopticQuality(), 1e-12);
		assertEquals(List.of(new ObjectMatch(1, 4, 11.0 / 19), new ObjectMatch(2, 0, 0), new ObjectMatch(3, 6, 8.0 / 15)),
				ev.objects(0.5));
		assertEquals(List.of(new ObjectMatch(1, 4, 11.0 / 19), new ObjectMatch(2, 0, 0), new ObjectMatch(3, 0, 0),
				new ObjectMatch(0, 6, 0)), ev.objects(0.55));
		// AP over 0.5..0.95: at 0.5 two TP (2/(2+0+1)); at 0.55 one TP (1/(1+1+2)); above 11/19 none
		double expected = (2.0 / 3 + 1.0 / 4) / 10;
		assertEquals(expected, ev.meanAp(), 1e-12);
		assertEquals(14, InstanceMatching.defaultThresholds().length);
	}

	@Test
	void oneObjectAndEmptySides() {
		Img<IntType> one = parse("..", ".5"), none = parse("..", "..");
		Result same = InstanceMatching.match(one, one, 0.5);
		assertEquals(1, same.tp());
		assertEquals(1, same.ap());
		assertEquals(1, same.meanTrueIou());
		Result emptyPred = InstanceMatching.match(none, one, 0.5);
		assertEquals(0, emptyPred.ap());
		assertEquals(1, emptyPred.fn());
		Result emptyTruth = InstanceMatching.match(one, none, 0.5);
		assertEquals(1, emptyTruth.fp());
		assertEquals(0, emptyTruth.f1());
		assertEquals(0, emptyTruth.meanTrueIou());
		assertEquals(1, InstanceMatching.evaluate(none, none).meanAp());
	}

	// ---- seg_metrics.py transcribed (np.unique / np.bincount logic), independent of production code ----

	private static final class PyRef {
		final int ng, npred;
		final long[] gi, pi;
		final double[] iou;

		PyRef(int[] gt, int[] pred) {
			long[] g = new long[gt.length], p = new long[pred.length];
			ng = relabel(gt, g);
			npred = relabel(pred, p);
			long[] areaG = new long[ng + 1], areaP = new long[npred + 1];
			for (long v : g)
				areaG[(int) v]++;
			for (long v : p)
				areaP[(int) v]++;
			TreeMap<Long, Long> inter = new TreeMap<>(); // np.unique(keys, return_counts=True)
			for (int k = 0; k < g.length; k++)
				if (g[k] > 0 && p[k] > 0)
					inter.merge(g[k] * (npred + 1) + p[k], 1L, Long::sum);
			gi = new long[inter.size()];
			pi = new long[inter.size()];
			iou = new double[inter.size()];
			int k = 0;
			for (var e : inter.entrySet()) {
				gi[k] = e.getKey() / (npred + 1);
				pi[k] = e.getKey() % (npred + 1);
				iou[k] = (double) e.getValue() / (areaG[(int) gi[k]] + areaP[(int) pi[k]] - e.getValue());
				k++;
			}
		}

		/** _relabel: np.unique(return_inverse), shifted by one when 0 is absent. */
		private static int relabel(int[] lab, long[] inv) {
			int[] ids = Arrays.stream(lab).distinct().sorted().toArray();
			for (int k = 0; k < lab.length; k++)
				inv[k] = Arrays.binarySearch(ids, lab[k]) + (ids[0] != 0 ? 1 : 0);
			return ids[0] != 0 ? ids.length : ids.length - 1;
		}

		double[] scores(double thr) { // tp fp fn precision recall f1 ap mean_matched_iou pq
			int tp = 0;
			double s = 0;
			TreeSet<Long> ug = new TreeSet<>(), up = new TreeSet<>();
			for (int k = 0; k < iou.length; k++)
				if (iou[k] > thr) {
					tp++;
					s += iou[k];
					ug.add(gi[k]);
					up.add(pi[k]);
				}
			assertEquals(tp, ug.size(), "one-to-one");
			assertEquals(tp, up.size(), "one-to-one");
			int fp = npred - tp, fn = ng - tp;
			return new double[] { tp, fp, fn, tp + fp > 0 ? (double) tp / (tp + fp) : 0,
					tp + fn > 0 ? (double) tp / (tp + fn) : 0, tp + fp + fn > 0 ? 2.0 * tp / (2 * tp + fp + fn) : 1,
					tp + fp + fn > 0 ? (double) tp / (tp + fp + fn) : 1, tp > 0 ? s / tp : 0,
					tp + fp + fn > 0 ? s / (tp + 0.5 * fp + 0.5 * fn) : 1 };
		}

		double ap5095() {
			double s = 0;
			for (int i = 0; i < 10; i++)
				s += scores(0.5 + i * 0.05)[6]; // np.arange(0.5, 0.96, 0.05) computes start + i * step
			return s / 10;
		}
	}

	private static void assertAgreesWithScript(RandomAccessibleInterval<IntType> pred, RandomAccessibleInterval<IntType> truth,
			String what) {
		PyRef ref = new PyRef(pixels(truth), pixels(pred));
		Evaluation ev = InstanceMatching.evaluate(pred, truth);
		for (double thr : new double[] { 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95 }) {
			double[] e = ref.scores(thr);
			Result r = ev.result(thr);
			String msg = what + " at " + thr;
			assertEquals(ref.ng, r.nTrue(), msg);
			assertEquals(ref.npred, r.nPred(), msg);
			assertEquals((int) e[0], r.tp(), msg);
			assertEquals((int) e[1], r.fp(), msg);
			assertEquals((int) e[2], r.fn(), msg);
			assertEquals(e[3], r.precision(), 1e-6, msg);
			assertEquals(e[4], r.recall(), 1e-6, msg);
			assertEquals(e[5], r.f1(), 1e-6, msg);
			assertEquals(e[6], r.ap(), 1e-6, msg);
			assertEquals(e[7], r.meanMatchedIou(), 1e-6, msg);
			assertEquals(e[8], r.panopticQuality(), 1e-6, msg);
		}
		assertEquals(ref.ap5095(), ev.meanAp(), 1e-6, what);
	}

	@Test
	void agreesWithSegMetricsScriptOnPerturbedNuclei() {
		var sample = SyntheticNuclei.generate(SyntheticNuclei.Params.defaults2D(192, 160, 40, 21));
		Img<IntType> truth = sample.labels();
		int[] t = pixels(truth);
		int w = 192, h = 160, n = sample.count();
		int[] p = perturb(t, w, h, n, new Random(3));
		Img<IntType> pred = ArrayImgs.ints(p, w, h);
		assertAgreesWithScript(pred, truth, "2D perturbed");
		assertAgreesWithScript(truth, pred, "2D swapped");
		assertAgreesWithScript(truth, truth, "2D identical");
		assertAgreesWithScript(ArrayImgs.ints(w, h), truth, "2D empty prediction");
		assertAgreesWithScript(pred, ArrayImgs.ints(w, h), "2D empty truth");
		assertAgreesWithScript(ArrayImgs.ints(w, h), ArrayImgs.ints(w, h), "both empty");

		var s3 = SyntheticNuclei.generate(SyntheticNuclei.Params.defaults3D(64, 64, 12, 10, 4));
		int[] t3 = pixels(s3.labels());
		int[] p3 = perturb(t3, 64, 64 * 12, s3.count(), new Random(8)); // planes stacked: same neighbourhood rule in XY
		assertAgreesWithScript(ArrayImgs.ints(p3, 64, 64, 12), s3.labels(), "3D perturbed");
	}

	/** Removes, splits, merges, erodes objects and renames them to non-consecutive ids. */
	private static int[] perturb(int[] t, int w, int h, int n, Random rnd) {
		int[] p = t.clone();
		double[] cx = new double[n + 1];
		long[] area = new long[n + 1];
		for (int k = 0; k < p.length; k++) {
			cx[p[k]] += k % w;
			area[p[k]]++;
		}
		int next = n + 1;
		int[] split = new int[n + 1];
		for (int id = 1; id <= n; id++) {
			int op = rnd.nextInt(6);
			if (op == 0)
				split[id] = -1; // remove
			else if (op == 1)
				split[id] = next++; // split at the centroid's x
			else if (op == 2)
				split[id] = -2; // erode
			else if (op == 3 && id > 1)
				split[id] = -3; // merge into id - 1
		}
		int[] q = p.clone();
		for (int k = 0; k < p.length; k++) {
			int id = p[k];
			if (id == 0)
				continue;
			int x = k % w, y = k / w;
			switch (split[id]) {
			case -1 -> q[k] = 0;
			case -2 -> {
				boolean border = x == 0 || y == 0 || x == w - 1 || y == h - 1 || p[k - 1] != id || p[k + 1] != id
						|| p[k - w] != id || p[k + w] != id;
				if (border)
					q[k] = 0;
			}
			case -3 -> q[k] = id - 1;
			case 0 -> {
			}
			default -> {
				if (x > cx[id] / area[id])
					q[k] = split[id];
			}
			}
		}
		for (int k = 0; k < q.length; k++)
			if (q[k] > 0)
				q[k] = 1000 + 7 * q[k];
		return q;
	}

	@Test
	void matchAllEqualsEvaluation() {
		Random rnd = new Random(2);
		Img<IntType> truth = randomLabels(rnd, new long[] { 20, 20 }, 15, 9), pred = randomLabels(rnd, new long[] { 20, 20 }, 15, 9);
		List<Result> all = InstanceMatching.matchAll(pred, truth, InstanceMatching.defaultThresholds());
		List<Result> ev = InstanceMatching.evaluate(pred, truth).defaultResults();
		assertEquals(ev, all);
		List<Result> single = new ArrayList<>();
		for (double thr : InstanceMatching.defaultThresholds())
			single.add(InstanceMatching.match(pred, truth, thr));
		assertEquals(all, single);
	}
}
