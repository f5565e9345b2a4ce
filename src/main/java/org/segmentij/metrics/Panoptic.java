package org.segmentij.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.converter.Converters;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.view.Views;

/**
 * Panoptic segmentation quality (Kirillov et al., "Panoptic Segmentation", CVPR 2019), and the
 * panoptic id encoding of SegmentIJ.
 * <p>
 * <b>Encoding.</b> A panoptic id packs a semantic class and an instance id into one int:
 * {@code id = class << 16 | instance} ({@code = class * 65536 + instance}), class 0..32767,
 * instance 0..65535; see {@link #encode(int, int)}, {@link #classOf(int)}, {@link #instanceOf(int)}.
 * <p>
 * <b>Segments.</b> For a thing class a segment is one (class, instance) pair; instance 0 is an
 * ordinary instance id there (give unlabelled thing pixels the void class to leave them out). For
 * a stuff class all pixels of the class form one segment per image, whatever their instance ids.
 * <p>
 * <b>Matching and scores.</b> A predicted and a true segment of the same class match when
 * {@code IoU > 0.5} (unique, as in the paper). Per class {@code c}: {@code PQ = sum IoU(TP) / (TP
 * + FP/2 + FN/2)}, {@code SQ = sum IoU(TP) / TP} (0 without TP), {@code RQ = TP / (TP + FP/2 +
 * FN/2)}, so {@code PQ = SQ * RQ}.
 * <p>
 * <b>Void</b> (as the paper and the COCO panopticapi): true pixels of the void class are not
 * evaluated: they belong to no true segment, and the IoU of a pair is
 * {@code |p ∩ g| / (|p| - |p ∩ void| + |g| - |p ∩ g|)}; an unmatched predicted segment more than
 * half of whose pixels are true void is not a false positive. Predicted pixels of the void class
 * belong to no predicted segment. (Crowd regions are not supported.)
 * <p>
 * <b>Means.</b> {@link Result#pq()} etc. average the per-class values over the classes with
 * {@code TP + FP + FN > 0} (a class with no true and no counted predicted segment is left out);
 * the things / stuff means over those of them that are things / stuff. A mean over no class is NaN.
 */
public final class Panoptic {

	/** Bits of the instance id in a panoptic id. */
	public static final int INSTANCE_BITS = 16;
	/** Largest instance id, 65535. */
	public static final int MAX_INSTANCE = (1 << INSTANCE_BITS) - 1;
	/** Largest class, 32767. */
	public static final int MAX_CLASS = Integer.MAX_VALUE >>> INSTANCE_BITS;
	/** Pass as void class for "no void class". */
	public static final int NO_VOID = -1;

	private Panoptic() {
	}

	/**
	 * The panoptic id {@code classId << 16 | instanceId}.
	 *
	 * @throws IllegalArgumentException for a class outside 0..32767 or an instance outside 0..65535
	 */
	public static int encode(int classId, int instanceId) {
		if (classId < 0 || classId > MAX_CLASS)
			throw new IllegalArgumentException("Panoptic: class " + classId + " is outside 0.." + MAX_CLASS);
		if (instanceId < 0 || instanceId > MAX_INSTANCE)
			throw new IllegalArgumentException("Panoptic: instance id " + instanceId + " (class " + classId
					+ ") is outside 0.." + MAX_INSTANCE + "; relabel the instances of each class consecutively");
		return classId << INSTANCE_BITS | instanceId;
	}

	/** The class of a panoptic id. */
	public static int classOf(int panopticId) {
		return panopticId >>> INSTANCE_BITS;
	}

	/** The instance id of a panoptic id. */
	public static int instanceOf(int panopticId) {
		return panopticId & MAX_INSTANCE;
	}

	/**
	 * A lazy view of the panoptic ids of a class image and an instance image of the same size
	 * (paired by position relative to each image's min; the view has the class image's min).
	 * Values out of range raise an {@link IllegalArgumentException} when read.
	 */
	public static RandomAccessibleInterval<IntType> encode(RandomAccessibleInterval<IntType> classes,
			RandomAccessibleInterval<IntType> instances) {
		SemanticMetrics.checkSameSizeNamed("Panoptic.encode", "class image", classes, "instance image", instances);
		long[] min = classes.minAsLongArray();
		RandomAccessibleInterval<IntType> v = Converters.convert(Views.zeroMin(classes), Views.zeroMin(instances),
				(c, i, out) -> out.set(encode(c.get(), i.get())), new IntType());
		return Views.translate(v, min);
	}

	/**
	 * One class's panoptic scores.
	 *
	 * @param classId the class
	 * @param stuff   whether it is a stuff class
	 * @param tp      matched segment pairs
	 * @param fp      unmatched predicted segments (not counting those mostly on void)
	 * @param fn      unmatched true segments
	 * @param sumIou  sum of the IoUs of the matched pairs
	 */
	public record ClassScore(int classId, boolean stuff, int tp, int fp, int fn, double sumIou) {

		/** {@code sumIou / (TP + FP/2 + FN/2)}; 0 when the denominator is 0. */
		public double pq() {
			double d = tp + 0.5 * fp + 0.5 * fn;
			return d == 0 ? 0 : sumIou / d;
		}

		/** {@code sumIou / TP}; 0 without TP. */
		public double sq() {
			return tp == 0 ? 0 : sumIou / tp;
		}

		/** {@code TP / (TP + FP/2 + FN/2)}; 0 when the denominator is 0. */
		public double rq() {
			double d = tp + 0.5 * fp + 0.5 * fn;
			return d == 0 ? 0 : tp / d;
		}

		/** Whether the class counts in the means: {@code TP + FP + FN > 0}. */
		public boolean counted() {
			return tp + fp + fn > 0;
		}
	}

	/**
	 * Panoptic scores: per class (ascending, every class seen in truth or prediction, void
	 * excluded) and the means over the counted classes (NaN over none).
	 */
	public record Result(List<ClassScore> classes, double pq, double sq, double rq, double pqThings, double sqThings,
			double rqThings, double pqStuff, double sqStuff, double rqStuff) {

		/** The scores of one class, or null when it was seen neither in truth nor in prediction. */
		public ClassScore of(int classId) {
			for (ClassScore c : classes)
				if (c.classId() == classId)
					return c;
			return null;
		}
	}

	/**
	 * Panoptic quality of two panoptic id images ({@link #encode(int, int)}).
	 *
	 * @param prediction   predicted panoptic ids
	 * @param truth        true panoptic ids, same size
	 * @param voidClass    the void class, or {@link #NO_VOID}
	 * @param stuffClasses the stuff classes (all other classes are things)
	 * @throws IllegalArgumentException for different sizes or negative ids
	 */
	public static Result evaluate(RandomAccessibleInterval<IntType> prediction, RandomAccessibleInterval<IntType> truth,
			int voidClass, int... stuffClasses) {
		return evaluate(OverlapTable.of(prediction, truth), voidClass, stuffClasses);
	}

	/**
	 * Panoptic quality from class and instance images (four images of the same size).
	 *
	 * @throws IllegalArgumentException for different sizes, or classes / instance ids out of the
	 *                                  range of {@link #encode(int, int)}
	 */
	public static Result evaluate(RandomAccessibleInterval<IntType> predictionClasses,
			RandomAccessibleInterval<IntType> predictionInstances, RandomAccessibleInterval<IntType> truthClasses,
			RandomAccessibleInterval<IntType> truthInstances, int voidClass, int... stuffClasses) {
		SemanticMetrics.checkSameSize("Panoptic", predictionClasses, truthClasses);
		return evaluate(encode(predictionClasses, predictionInstances), encode(truthClasses, truthInstances), voidClass,
				stuffClasses);
	}

	/** Panoptic quality from the overlap table of two panoptic id images (no pixel pass). */
	public static Result evaluate(OverlapTable panopticTable, int voidClass, int... stuffClasses) {
		if (voidClass < NO_VOID || voidClass > MAX_CLASS)
			throw new IllegalArgumentException("Panoptic: void class must be 0.." + MAX_CLASS + " or NO_VOID, got " + voidClass);
		int[] stuff = stuffClasses == null ? new int[0] : stuffClasses.clone();
		Arrays.sort(stuff);
		final int voidId = voidClass < 0 ? -1 : encode(voidClass, 0);
		// canonical segment ids: stuff -> (class, 0); void -> (void, 0)
		java.util.function.IntUnaryOperator canon = id -> {
			int c = classOf(id);
			return c == voidClass || Arrays.binarySearch(stuff, c) >= 0 ? encode(c, 0) : id;
		};
		OverlapTable t = panopticTable.relabel(canon, canon);

		int np = t.predictionLabelCount();
		long[] voidOverlap = new long[np];
		if (voidId >= 0)
			for (int k = 0; k < t.cellCount(); k++)
				if (t.cellTruth(k) == voidId)
					voidOverlap[t.predictionIndex(t.cellPrediction(k))] += t.cellOverlap(k);
		boolean[] predMatched = new boolean[np], truthMatched = new boolean[t.truthLabelCount()];
		TreeMap<Integer, int[]> counts = new TreeMap<>(); // class -> tp, fp, fn
		TreeMap<Integer, Double> sums = new TreeMap<>();
		for (int k = 0; k < t.cellCount(); k++) {
			int g = t.cellTruth(k), p = t.cellPrediction(k);
			int c = classOf(g);
			if (c == voidClass || classOf(p) != c)
				continue;
			int pi = t.predictionIndex(p);
			long inter = t.cellOverlap(k);
			double iou = (double) inter / (t.predictionAreaAt(pi) - voidOverlap[pi] + t.truthArea(g) - inter);
			if (iou > 0.5) {
				if (predMatched[pi] || truthMatched[t.truthIndex(g)])
					throw new AssertionError("panoptic matching at IoU > 0.5 is not one-to-one");
				predMatched[pi] = true;
				truthMatched[t.truthIndex(g)] = true;
				counts.computeIfAbsent(c, x -> new int[3])[0]++;
				sums.merge(c, iou, Double::sum);
			}
		}
		for (int i = 0; i < t.truthLabelCount(); i++) {
			int c = classOf(t.truthLabelAt(i));
			if (c == voidClass)
				continue;
			int[] n = counts.computeIfAbsent(c, x -> new int[3]);
			if (!truthMatched[i])
				n[2]++;
		}
		for (int j = 0; j < np; j++) {
			int c = classOf(t.predictionLabelAt(j));
			if (c == voidClass)
				continue;
			int[] n = counts.computeIfAbsent(c, x -> new int[3]);
			if (!predMatched[j] && !(voidOverlap[j] * 2 > t.predictionAreaAt(j)))
				n[1]++;
		}
		List<ClassScore> scores = new ArrayList<>();
		double[] all = new double[3], things = new double[3], stuffs = new double[3];
		int nAll = 0, nThings = 0, nStuff = 0;
		for (var e : counts.entrySet()) {
			int c = e.getKey();
			int[] n = e.getValue();
			boolean isStuff = Arrays.binarySearch(stuff, c) >= 0;
			ClassScore s = new ClassScore(c, isStuff, n[0], n[1], n[2], sums.getOrDefault(c, 0.0));
			scores.add(s);
			if (!s.counted())
				continue;
			add(all, s);
			nAll++;
			if (isStuff) {
				add(stuffs, s);
				nStuff++;
			} else {
				add(things, s);
				nThings++;
			}
		}
		return new Result(List.copyOf(scores), mean(all[0], nAll), mean(all[1], nAll), mean(all[2], nAll),
				mean(things[0], nThings), mean(things[1], nThings), mean(things[2], nThings), mean(stuffs[0], nStuff),
				mean(stuffs[1], nStuff), mean(stuffs[2], nStuff));
	}

	private static void add(double[] acc, ClassScore s) {
		acc[0] += s.pq();
		acc[1] += s.sq();
		acc[2] += s.rq();
	}

	private static double mean(double sum, int n) {
		return n == 0 ? Double.NaN : sum / n;
	}
}
