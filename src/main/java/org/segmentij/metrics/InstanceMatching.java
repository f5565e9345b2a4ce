package org.segmentij.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.view.Views;

/**
 * Object-level comparison of a predicted label image with a ground truth label image, as in
 * the StarDist / Cellpose / DSB 2018 evaluations.
 * <p>
 * One pass over the pixels builds a sparse overlap table (pixels shared by each pair of true
 * and predicted object) and the area of every object; the IoU of a pair is
 * {@code overlap / (areaTrue + areaPred - overlap)}. A pair can match when its IoU is
 * &ge; the threshold (and &gt; 0). Pairs are then matched greedily by descending IoU (ties:
 * smaller true id, then smaller predicted id), each object at most once. For thresholds
 * &gt; 0.5 at most one pair per object can qualify (two objects overlapping one object by
 * more than half of the union each is impossible), so the matching is unique and greedy
 * finds it; for thresholds &le; 0.5 greedy matching is a fast approximation of the optimal
 * (Hungarian) assignment that StarDist uses and may find slightly fewer matches.
 * <p>
 * Label 0 is background; labels need not be consecutive, negative labels are rejected.
 */
public final class InstanceMatching {

	private InstanceMatching() {
	}

	/**
	 * Matching scores at one IoU threshold. When neither image has any object, all scores
	 * and {@code meanMatchedIou} are 1 (perfect agreement); otherwise a ratio with a zero
	 * denominator is 0, and {@code meanMatchedIou} is 0 when nothing matched.
	 *
	 * @param threshold      the IoU threshold
	 * @param tp             matched pairs
	 * @param fp             predicted objects without a match
	 * @param fn             true objects without a match
	 * @param precision      {@code TP / (TP + FP)}
	 * @param recall         {@code TP / (TP + FN)}
	 * @param f1             {@code 2TP / (2TP + FP + FN)}
	 * @param ap             {@code TP / (TP + FP + FN)}, the "average precision" of StarDist / DSB 2018
	 * @param meanMatchedIou mean IoU of the matched pairs
	 * @param nTrue          number of true objects
	 * @param nPred          number of predicted objects
	 */
	public record Result(double threshold, int tp, int fp, int fn, double precision, double recall, double f1,
			double ap, double meanMatchedIou, int nTrue, int nPred) {
	}

	/**
	 * Matches predicted objects to true objects at one IoU threshold.
	 *
	 * @param prediction   predicted label image
	 * @param truth        ground truth label image of the same size (pixels are paired by
	 *                     position relative to each image's min)
	 * @param iouThreshold IoU a pair needs to match, in [0, 1]
	 * @return the scores
	 * @throws IllegalArgumentException if an image is null, the sizes differ, the threshold
	 *                                  is outside [0, 1] or a label is negative
	 */
	public static Result match(RandomAccessibleInterval<IntType> prediction, RandomAccessibleInterval<IntType> truth,
			double iouThreshold) {
		return matchAll(prediction, truth, iouThreshold).get(0);
	}

	/**
	 * Matches at several thresholds, building the overlap table only once.
	 *
	 * @param prediction    predicted label image
	 * @param truth         ground truth label image of the same size
	 * @param iouThresholds one or more thresholds in [0, 1]
	 * @return one result per threshold, in the given order
	 * @throws IllegalArgumentException as {@link #match}, or if no threshold is given
	 */
	public static List<Result> matchAll(RandomAccessibleInterval<IntType> prediction,
			RandomAccessibleInterval<IntType> truth, double... iouThresholds) {
		SemanticMetrics.checkSameSize("InstanceMatching", prediction, truth);
		if (iouThresholds == null || iouThresholds.length == 0)
			throw new IllegalArgumentException("InstanceMatching: give at least one IoU threshold, e.g. 0.5");
		for (double t : iouThresholds)
			if (!(t >= 0 && t <= 1))
				throw new IllegalArgumentException("InstanceMatching: IoU threshold must be in [0, 1], got " + t);

		LongLongMap overlap = new LongLongMap();
		LongLongMap areaTrue = new LongLongMap();
		LongLongMap areaPred = new LongLongMap();
		Cursor<IntType> pc = Views.flatIterable(prediction).cursor();
		Cursor<IntType> tc = Views.flatIterable(truth).cursor();
		int runT = 0, runP = 0;
		long run = 0;
		while (pc.hasNext()) {
			int p = pc.next().get();
			int t = tc.next().get();
			if (p == runP && t == runT) {
				run++;
				continue;
			}
			if (p < 0 || t < 0)
				throw new IllegalArgumentException("InstanceMatching: " + (p < 0 ? "prediction" : "ground truth")
						+ " contains the negative label " + Math.min(p, t) + "; labels must be 0 (background) or positive");
			flush(runT, runP, run, overlap, areaTrue, areaPred);
			runT = t;
			runP = p;
			run = 1;
		}
		flush(runT, runP, run, overlap, areaTrue, areaPred);

		int nTrue = areaTrue.size(), nPred = areaPred.size();
		int m = overlap.size();
		long[] keys = new long[m];
		double[] iou = new double[m];
		int j = 0;
		for (int s = 0; s < overlap.keys.length; s++) {
			if (!overlap.used[s])
				continue;
			long key = overlap.keys[s];
			long inter = overlap.values[s];
			long at = areaTrue.get(key >>> 32), ap = areaPred.get(key & 0xFFFFFFFFL);
			keys[j] = key;
			iou[j] = (double) inter / (at + ap - inter);
			j++;
		}
		// order: IoU descending, then key (true id, pred id) ascending
		Integer[] order = new Integer[m];
		for (int i = 0; i < m; i++)
			order[i] = i;
		Arrays.sort(order, (a, b) -> {
			int c = Double.compare(iou[b], iou[a]);
			return c != 0 ? c : Long.compare(keys[a], keys[b]);
		});

		List<Result> results = new ArrayList<>(iouThresholds.length);
		for (double thr : iouThresholds) {
			LongLongMap usedTrue = new LongLongMap(), usedPred = new LongLongMap();
			int tp = 0;
			double sumIou = 0;
			for (int i : order) {
				double v = iou[i];
				if (v < thr || v <= 0)
					break;
				long t = keys[i] >>> 32, p = keys[i] & 0xFFFFFFFFL;
				if (usedTrue.contains(t) || usedPred.contains(p))
					continue;
				usedTrue.put(t, 1);
				usedPred.put(p, 1);
				tp++;
				sumIou += v;
			}
			int fp = nPred - tp, fn = nTrue - tp;
			boolean bothEmpty = nTrue == 0 && nPred == 0;
			results.add(new Result(thr, tp, fp, fn, bothEmpty ? 1 : ratio(tp, tp + fp), bothEmpty ? 1 : ratio(tp, tp + fn),
					bothEmpty ? 1 : ratio(2.0 * tp, 2.0 * tp + fp + fn), bothEmpty ? 1 : ratio(tp, tp + fp + fn),
					bothEmpty ? 1 : tp == 0 ? 0 : sumIou / tp, nTrue, nPred));
		}
		return results;
	}

	private static double ratio(double a, double b) {
		return b == 0 ? 0 : a / b;
	}

	private static void flush(int t, int p, long run, LongLongMap overlap, LongLongMap areaTrue, LongLongMap areaPred) {
		if (run == 0)
			return;
		if (t > 0)
			areaTrue.add(t, run);
		if (p > 0)
			areaPred.add(p, run);
		if (t > 0 && p > 0)
			overlap.add(((long) t << 32) | p, run);
	}

	/** Minimal open-addressing map from long to long (linear probing). */
	private static final class LongLongMap {
		long[] keys = new long[16];
		long[] values = new long[16];
		boolean[] used = new boolean[16];
		int size;

		int size() {
			return size;
		}

		private int slot(long key) {
			long h = key * 0x9E3779B97F4A7C15L;
			int mask = keys.length - 1;
			int s = (int) (h ^ (h >>> 32)) & mask;
			while (used[s] && keys[s] != key)
				s = (s + 1) & mask;
			return s;
		}

		void add(long key, long delta) {
			int s = slot(key);
			if (used[s]) {
				values[s] += delta;
				return;
			}
			used[s] = true;
			keys[s] = key;
			values[s] = delta;
			if (++size * 2 > keys.length)
				grow();
		}

		void put(long key, long value) {
			int s = slot(key);
			if (!used[s]) {
				used[s] = true;
				keys[s] = key;
				if (++size * 2 > keys.length) {
					values[s] = value;
					grow();
					return;
				}
			}
			values[s] = value;
		}

		long get(long key) {
			int s = slot(key);
			return used[s] ? values[s] : 0;
		}

		boolean contains(long key) {
			return used[slot(key)];
		}

		private void grow() {
			long[] ok = keys, ov = values;
			boolean[] ou = used;
			keys = new long[ok.length * 2];
			values = new long[ok.length * 2];
			used = new boolean[ok.length * 2];
			for (int i = 0; i < ok.length; i++)
				if (ou[i]) {
					int s = slot(ok[i]);
					used[s] = true;
					keys[s] = ok[i];
					values[s] = ov[i];
				}
		}
	}
}
