package org.segmentij.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.integer.IntType;

/**
 * Object-level comparison of a predicted label image with a ground truth label image, as in the
 * StarDist / Cellpose / DSB 2018 evaluations and the project's reference script
 * {@code ../shared/peers/seg_metrics.py}, whose figures these agree with.
 * <p>
 * Everything is computed from one {@link OverlapTable}: the IoU of a true object {@code i} and a
 * predicted object {@code j} is {@code n_ij / (|i| + |j| - n_ij)}. Label 0 is background; labels
 * need not be consecutive.
 * <p>
 * <b>Matching rule at threshold {@code t}.</b> A pair is a candidate when its IoU is strictly
 * greater than {@code t}. For {@code t >= 0.5} every object has at most one candidate (two disjoint
 * objects cannot both overlap a third by more than half of their unions), so the candidates are
 * the matching. For {@code t < 0.5} the matching is an optimal one-to-one assignment over the
 * candidate pairs: it maximises the number of matches, then the sum of their IoUs (exact
 * Hungarian algorithm on each connected component of the sparse candidate graph, on weights
 * {@code B + IoU} with {@code B} larger than any component's matching size, so that one match
 * more always outweighs any IoU gain). Ties between equally good assignments are broken
 * arbitrarily but deterministically.
 * <p>
 * The thresholds 0.5, 0.55, ..., 0.95 are the decimal values; the script's
 * {@code np.arange(0.5, 0.96, 0.05)} differs from them by a few ulps, which changes no
 * comparison: an IoU is a ratio of pixel counts, correctly rounded, and no such ratio with a
 * denominator below 10<sup>14</sup> falls between the two.
 */
public final class InstanceMatching {

	private static final double[] DEFAULT_THRESHOLDS = { 0.1, 0.2, 0.3, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85,
			0.9, 0.95 };
	private static final double[] AP_THRESHOLDS = { 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95 };

	private InstanceMatching() {
	}

	/** The default thresholds: 0.1, 0.2, ..., 0.9 and 0.5, 0.55, ..., 0.95, ascending, without repeats. */
	public static double[] defaultThresholds() {
		return DEFAULT_THRESHOLDS.clone();
	}

	/** The thresholds 0.5, 0.55, ..., 0.95 over which {@link Evaluation#meanAp()} averages. */
	public static double[] apThresholds() {
		return AP_THRESHOLDS.clone();
	}

	/**
	 * Matching scores at one IoU threshold. The 0/0 conventions are those of seg_metrics.py:
	 * precision and recall are 0 when their denominator is 0; F1, AP and panoptic quality are 1
	 * when there is no object at all (nothing to disagree on); the mean matched IoU is 0 without
	 * matches; the mean true IoU is 0 without true objects (StarDist's {@code _safe_divide}).
	 *
	 * @param threshold      the IoU threshold (pairs match when IoU &gt; threshold)
	 * @param tp             matched pairs
	 * @param fp             predicted objects without a match
	 * @param fn             true objects without a match
	 * @param precision      {@code TP / (TP + FP)}
	 * @param recall         {@code TP / (TP + FN)}
	 * @param f1             {@code 2TP / (2TP + FP + FN)}
	 * @param ap             {@code TP / (TP + FP + FN)}, the "average precision" of StarDist / DSB 2018
	 * @param meanMatchedIou mean IoU of the matched pairs ({@code sum / TP}; StarDist's mean_matched_score)
	 * @param nTrue          number of true objects
	 * @param nPred          number of predicted objects
	 * @param meanTrueIou    sum of matched IoUs / number of true objects (StarDist's mean_true_score)
	 * @param panopticQuality sum of matched IoUs / {@code (TP + FP/2 + FN/2)} (Kirillov et al.'s PQ for
	 *                       one class, at this threshold)
	 * @param sumMatchedIou  sum of the IoUs of the matched pairs
	 */
	public record Result(double threshold, int tp, int fp, int fn, double precision, double recall, double f1,
			double ap, double meanMatchedIou, int nTrue, int nPred, double meanTrueIou, double panopticQuality,
			double sumMatchedIou) {

		static Result of(double threshold, int tp, int nTrue, int nPred, double sumIou) {
			int fp = nPred - tp, fn = nTrue - tp;
			boolean none = tp + fp + fn == 0;
			return new Result(threshold, tp, fp, fn, tp + fp == 0 ? 0 : (double) tp / (tp + fp),
					tp + fn == 0 ? 0 : (double) tp / (tp + fn), none ? 1 : 2.0 * tp / (2.0 * tp + fp + fn),
					none ? 1 : (double) tp / (tp + fp + fn), tp == 0 ? 0 : sumIou / tp, nTrue, nPred,
					nTrue == 0 ? 0 : sumIou / nTrue, none ? 1 : sumIou / (tp + 0.5 * fp + 0.5 * fn), sumIou);
		}
	}

	/**
	 * One row of the per-object table: a true object with its match ({@code predictionId} 0 when
	 * unmatched), or an unmatched prediction ({@code truthId} 0).
	 *
	 * @param truthId      true label, or 0 for an unmatched prediction
	 * @param predictionId matched predicted label, or 0
	 * @param iou          IoU of the matched pair, 0 for unmatched objects
	 */
	public record ObjectMatch(int truthId, int predictionId, double iou) {
	}

	/**
	 * Matches predicted objects to true objects at one IoU threshold.
	 *
	 * @param prediction   predicted label image
	 * @param truth        ground truth label image of the same size (pixels are paired by
	 *                     position relative to each image's min)
	 * @param iouThreshold pairs match when their IoU is &gt; this, in [0, 1]
	 * @return the scores
	 * @throws IllegalArgumentException if an image is null, the sizes differ, the threshold
	 *                                  is outside [0, 1] or a label is negative
	 */
	public static Result match(RandomAccessibleInterval<IntType> prediction, RandomAccessibleInterval<IntType> truth,
			double iouThreshold) {
		checkThreshold(iouThreshold);
		return evaluate(prediction, truth).result(iouThreshold);
	}

	/**
	 * Matches at several thresholds, building the overlap table only once.
	 *
	 * @param iouThresholds one or more thresholds in [0, 1]
	 * @return one result per threshold, in the given order
	 * @throws IllegalArgumentException as {@link #match}, or if no threshold is given
	 */
	public static List<Result> matchAll(RandomAccessibleInterval<IntType> prediction,
			RandomAccessibleInterval<IntType> truth, double... iouThresholds) {
		if (iouThresholds == null || iouThresholds.length == 0)
			throw new IllegalArgumentException("InstanceMatching: give at least one IoU threshold, e.g. 0.5");
		for (double t : iouThresholds)
			checkThreshold(t);
		return evaluate(prediction, truth).results(iouThresholds);
	}

	/**
	 * Builds the overlap table of two label images; the evaluation then gives matchings at any
	 * threshold.
	 *
	 * @throws IllegalArgumentException if an image is null, the sizes differ or a label is negative
	 */
	public static Evaluation evaluate(RandomAccessibleInterval<IntType> prediction, RandomAccessibleInterval<IntType> truth) {
		return new Evaluation(OverlapTable.of(prediction, truth));
	}

	/** The evaluation of an existing overlap table (label 0 = background on both sides). */
	public static Evaluation evaluate(OverlapTable table) {
		return new Evaluation(table);
	}

	private static void checkThreshold(double t) {
		if (!(t >= 0 && t <= 1))
			throw new IllegalArgumentException("InstanceMatching: IoU threshold must be in [0, 1], got " + t);
	}

	/**
	 * The candidate pairs of two label images and their matchings; matchings are computed on
	 * demand and cached per threshold. Not thread-safe.
	 */
	public static final class Evaluation {

		private final OverlapTable table;
		private final int[] truthIds, predIds;
		private final int[] pairT, pairP; // indices into truthIds / predIds, sorted by IoU descending
		private final double[] pairIou;
		private final Map<Double, int[]> cache = new HashMap<>();

		Evaluation(OverlapTable table) {
			this.table = table;
			truthIds = positive(table.truthLabels());
			predIds = positive(table.predictionLabels());
			int n = 0;
			for (int k = 0; k < table.cellCount(); k++)
				if (table.cellTruth(k) > 0 && table.cellPrediction(k) > 0)
					n++;
			double[] iou = new double[n];
			int[] t = new int[n], p = new int[n];
			int j = 0;
			for (int k = 0; k < table.cellCount(); k++) {
				int tl = table.cellTruth(k), pl = table.cellPrediction(k);
				if (tl <= 0 || pl <= 0)
					continue;
				long inter = table.cellOverlap(k);
				t[j] = Arrays.binarySearch(truthIds, tl);
				p[j] = Arrays.binarySearch(predIds, pl);
				iou[j] = (double) inter / (table.truthArea(tl) + table.predictionArea(pl) - inter);
				j++;
			}
			// sort indices by IoU descending (stable on the table order)
			Integer[] idx = new Integer[n];
			for (int i = 0; i < n; i++)
				idx[i] = i;
			Arrays.sort(idx, (a, b) -> Double.compare(iou[b], iou[a]));
			pairT = new int[n];
			pairP = new int[n];
			pairIou = new double[n];
			for (int i = 0; i < n; i++) {
				pairT[i] = t[idx[i]];
				pairP[i] = p[idx[i]];
				pairIou[i] = iou[idx[i]];
			}
		}

		private static int[] positive(int[] labels) {
			int from = 0;
			while (from < labels.length && labels[from] <= 0)
				from++;
			return Arrays.copyOfRange(labels, from, labels.length);
		}

		/** The overlap table this evaluation is computed from. */
		public OverlapTable table() {
			return table;
		}

		/** Number of true objects (nonzero labels of the truth). */
		public int nTrue() {
			return truthIds.length;
		}

		/** Number of predicted objects (nonzero labels of the prediction). */
		public int nPred() {
			return predIds.length;
		}

		/**
		 * All pairs of overlapping objects as rows {@code (truthId, predictionId, IoU)}, by
		 * decreasing IoU.
		 */
		public List<ObjectMatch> overlappingPairs() {
			List<ObjectMatch> out = new ArrayList<>(pairIou.length);
			for (int i = 0; i < pairIou.length; i++)
				out.add(new ObjectMatch(truthIds[pairT[i]], predIds[pairP[i]], pairIou[i]));
			return out;
		}

		/**
		 * The scores at one threshold.
		 *
		 * @throws IllegalArgumentException for a threshold outside [0, 1]
		 */
		public Result result(double threshold) {
			checkThreshold(threshold);
			int[] m = matching(threshold);
			int tp = 0;
			double sum = 0;
			for (int i = 0; i < m.length; i++)
				if (m[i] >= 0) {
					tp++;
					sum += iouOf(i, m[i]);
				}
			return Result.of(threshold, tp, truthIds.length, predIds.length, sum);
		}

		/** The scores at several thresholds, in the given order. */
		public List<Result> results(double... thresholds) {
			List<Result> out = new ArrayList<>(thresholds.length);
			for (double t : thresholds)
				out.add(result(t));
			return out;
		}

		/** The scores at {@link InstanceMatching#defaultThresholds()}. */
		public List<Result> defaultResults() {
			return results(DEFAULT_THRESHOLDS);
		}

		/** AP ({@code TP/(TP+FP+FN)}) averaged over the thresholds 0.5, 0.55, ..., 0.95 (seg_metrics.py's ap_50_95). */
		public double meanAp() {
			double s = 0;
			for (double t : AP_THRESHOLDS)
				s += result(t).ap();
			return s / AP_THRESHOLDS.length;
		}

		/**
		 * The per-object table at one threshold: one row per true object, ascending by id, with its
		 * match (or 0) and the IoU of the match (or 0); then one row per unmatched prediction,
		 * ascending, with {@code truthId} 0.
		 */
		public List<ObjectMatch> objects(double threshold) {
			checkThreshold(threshold);
			int[] m = matching(threshold);
			boolean[] matchedPred = new boolean[predIds.length];
			List<ObjectMatch> out = new ArrayList<>(truthIds.length + predIds.length);
			for (int i = 0; i < truthIds.length; i++) {
				if (m[i] >= 0) {
					matchedPred[m[i]] = true;
					out.add(new ObjectMatch(truthIds[i], predIds[m[i]], iouOf(i, m[i])));
				} else
					out.add(new ObjectMatch(truthIds[i], 0, 0));
			}
			for (int j = 0; j < predIds.length; j++)
				if (!matchedPred[j])
					out.add(new ObjectMatch(0, predIds[j], 0));
			return out;
		}

		private double iouOf(int ti, int pj) {
			int tl = truthIds[ti], pl = predIds[pj];
			long inter = table.overlap(tl, pl);
			return (double) inter / (table.truthArea(tl) + table.predictionArea(pl) - inter);
		}

		/** For each true object (index), the index of its matched prediction or -1. */
		private int[] matching(double threshold) {
			return cache.computeIfAbsent(threshold, this::computeMatching);
		}

		private int[] computeMatching(double threshold) {
			int nt = truthIds.length, np = predIds.length;
			int[] match = new int[nt];
			Arrays.fill(match, -1);
			int nc = 0;
			while (nc < pairIou.length && pairIou[nc] > threshold)
				nc++;
			if (threshold >= 0.5) {
				for (int e = 0; e < nc; e++) {
					if (match[pairT[e]] >= 0)
						throw new AssertionError("matching at IoU > " + threshold + " is not one-to-one");
					match[pairT[e]] = pairP[e];
				}
				return match;
			}
			// connected components of the candidate graph (nodes: true 0..nt-1, predicted nt..nt+np-1)
			int[] parent = new int[nt + np];
			for (int i = 0; i < parent.length; i++)
				parent[i] = i;
			for (int e = 0; e < nc; e++) {
				int a = find(parent, pairT[e]), b = find(parent, nt + pairP[e]);
				if (a != b)
					parent[a] = b;
			}
			Map<Integer, List<Integer>> components = new HashMap<>();
			for (int e = 0; e < nc; e++)
				components.computeIfAbsent(find(parent, pairT[e]), k -> new ArrayList<>()).add(e);
			for (List<Integer> edges : components.values()) {
				if (edges.size() == 1) {
					int e = edges.get(0);
					match[pairT[e]] = pairP[e];
					continue;
				}
				assign(edges, match);
			}
			return match;
		}

		/** Optimal assignment of one component: most matches, then largest IoU sum. */
		private void assign(List<Integer> edges, int[] match) {
			Map<Integer, Integer> rows = new HashMap<>(), cols = new HashMap<>();
			for (int e : edges) {
				rows.putIfAbsent(pairT[e], rows.size());
				cols.putIfAbsent(pairP[e], cols.size());
			}
			boolean transpose = rows.size() > cols.size();
			int n = Math.min(rows.size(), cols.size()), m = Math.max(rows.size(), cols.size());
			double big = n + 1;
			double[][] cost = new double[n][m]; // 0 for non-candidates
			for (int e : edges) {
				int r = rows.get(pairT[e]), c = cols.get(pairP[e]);
				if (transpose)
					cost[c][r] = -(big + pairIou[e]);
				else
					cost[r][c] = -(big + pairIou[e]);
			}
			int[] rowToCol = Hungarian.solve(cost);
			int[] rowIds = new int[rows.size()], colIds = new int[cols.size()];
			rows.forEach((id, i) -> rowIds[i] = id);
			cols.forEach((id, i) -> colIds[i] = id);
			for (int r = 0; r < n; r++) {
				int c = rowToCol[r];
				if (c < 0 || cost[r][c] == 0)
					continue;
				if (transpose)
					match[rowIds[c]] = colIds[r];
				else
					match[rowIds[r]] = colIds[c];
			}
		}

		private static int find(int[] parent, int x) {
			while (parent[x] != x) {
				parent[x] = parent[parent[x]];
				x = parent[x];
			}
			return x;
		}
	}
}
