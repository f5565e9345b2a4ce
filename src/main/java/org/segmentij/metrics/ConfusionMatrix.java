package org.segmentij.metrics;

import java.util.Arrays;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/**
 * Pixel-wise (semantic) confusion matrix of a predicted class image against a ground truth class
 * image, classes {@code 0..C-1}, with per-class and mean scores.
 * <p>
 * {@code count(t, p)} is the number of pixels of true class {@code t} predicted as {@code p}.
 * For a class {@code c} (one-vs-rest): {@code TP = count(c, c)}, {@code FP} = pixels predicted
 * {@code c} of another true class, {@code FN} = pixels of true class {@code c} predicted as another
 * class, {@code TN} = the rest. Per-class scores are those of {@link SemanticMetrics.Binary} on these
 * counts, with its 0/0 conventions (IoU and Dice 1 for a class absent from truth and prediction).
 * <p>
 * <b>Ignore (void) class.</b> An optional ignore value (e.g. 255, or a class such as 0 inside
 * {@code 0..C-1}) marks truth pixels that are not evaluated: they are left out of every count.
 * A <em>predicted</em> ignore value on a counted pixel is a wrong answer: a false negative of the
 * true class, a false positive of no class. The ignored class has no scores of its own (NaN) and
 * is never part of a mean.
 * <p>
 * <b>Means.</b> {@link #meanIou()} and {@link #meanDice()} average over the classes <em>present</em>,
 * i.e. with at least one counted pixel in the truth or in the prediction (absent classes would
 * otherwise add a meaningless 1); a mean over no class (no pixel counted) is NaN.
 * {@link #pixelAccuracy()} is {@code sum_c TP_c / counted pixels}, 1 when no pixel is counted.
 */
public final class ConfusionMatrix {

	/** Pass as {@code ignoreClass} for "no ignore class". */
	public static final int NO_IGNORE = -1;

	/** Largest class count inferred from the pixel values when none is given. */
	public static final int MAX_INFERRED_CLASSES = 1 << 16;

	private final int classes;
	/** Index of the void row/column: the ignore class, or {@code classes} when it lies outside 0..C-1; -1 none. */
	private final int voidIndex;
	private final long[][] m; // [truth][pred], size K x K, K = classes (+1 when void outside)
	private final long total;

	private ConfusionMatrix(int classes, int voidIndex, long[][] m) {
		this.classes = classes;
		this.voidIndex = voidIndex;
		this.m = m;
		long s = 0;
		for (long[] row : m)
			for (long v : row)
				s += v;
		total = s;
	}

	/**
	 * A confusion matrix from counts {@code counts[trueClass][predictedClass]} (square, no ignore class).
	 *
	 * @throws IllegalArgumentException for a non-square matrix or negative counts
	 */
	public static ConfusionMatrix fromCounts(long[][] counts) {
		int c = counts.length;
		long[][] m = new long[c][];
		for (int t = 0; t < c; t++) {
			if (counts[t].length != c)
				throw new IllegalArgumentException("ConfusionMatrix.fromCounts: the matrix must be square (C x C), row " + t
						+ " has " + counts[t].length + " entries instead of " + c);
			for (long v : counts[t])
				if (v < 0)
					throw new IllegalArgumentException("ConfusionMatrix.fromCounts: counts must be >= 0, got " + v);
			m[t] = counts[t].clone();
		}
		return new ConfusionMatrix(c, -1, m);
	}

	/** {@link #compute(RandomAccessibleInterval, RandomAccessibleInterval, int, int)} with the class count taken from the data (largest value + 1) and no ignore class. */
	public static <A extends RealType<A>, B extends RealType<B>> ConfusionMatrix compute(RandomAccessibleInterval<A> prediction,
			RandomAccessibleInterval<B> truth) {
		return compute(prediction, truth, 0, NO_IGNORE);
	}

	/**
	 * Counts the confusion matrix of two class images in one pass.
	 *
	 * @param prediction  predicted classes: whole numbers in {@code 0..C-1} (or the ignore value)
	 * @param truth       true classes, same size (paired by position relative to each image's min)
	 * @param numClasses  C; 0 to take the largest value found (ignore value excluded) + 1
	 * @param ignoreClass value of the truth not evaluated (&ge; 0), or {@link #NO_IGNORE}
	 * @throws IllegalArgumentException for different sizes, values that are not whole numbers in
	 *                                  range, or a negative class count
	 */
	public static <A extends RealType<A>, B extends RealType<B>> ConfusionMatrix compute(RandomAccessibleInterval<A> prediction,
			RandomAccessibleInterval<B> truth, int numClasses, int ignoreClass) {
		SemanticMetrics.checkSameSize("ConfusionMatrix", prediction, truth);
		if (numClasses < 0)
			throw new IllegalArgumentException("ConfusionMatrix: numClasses must be >= 1, or 0 to infer it, got " + numClasses);
		if (ignoreClass < 0 && ignoreClass != NO_IGNORE)
			throw new IllegalArgumentException("ConfusionMatrix: ignoreClass must be >= 0 or NO_IGNORE (-1), got " + ignoreClass);
		int limit = numClasses > 0 ? numClasses : MAX_INFERRED_CLASSES;
		// dense counts over 0..cap-1 plus a void slot; grows while inferring
		int cap = numClasses > 0 ? numClasses : 8;
		long[] counts = new long[(cap + 1) * (cap + 1)];
		int maxSeen = -1;
		Cursor<A> pc = Views.flatIterable(prediction).cursor();
		Cursor<B> tc = Views.flatIterable(truth).cursor();
		int prevT = Integer.MIN_VALUE, prevP = Integer.MIN_VALUE;
		double prevTv = Double.NaN, prevPv = Double.NaN;
		while (pc.hasNext()) {
			double pv = pc.next().getRealDouble(), tv = tc.next().getRealDouble();
			int t, p;
			if (tv == prevTv)
				t = prevT;
			else {
				t = classOf(tv, "ground truth", limit, ignoreClass);
				prevT = t;
				prevTv = tv;
			}
			if (t == -1)
				continue; // ignored truth pixel
			if (pv == prevPv)
				p = prevP;
			else {
				p = classOf(pv, "prediction", limit, ignoreClass);
				prevP = p;
				prevPv = pv;
			}
			int hi = Math.max(t, p);
			if (hi >= cap) {
				int ncap = Math.max(hi + 1, Math.min(limit, cap * 2));
				long[] nc = new long[(ncap + 1) * (ncap + 1)];
				for (int a = 0; a <= cap; a++)
					for (int b = 0; b <= cap; b++)
						nc[slot(a, cap, ncap) * (ncap + 1) + slot(b, cap, ncap)] = counts[a * (cap + 1) + b];
				counts = nc;
				cap = ncap;
			}
			if (hi > maxSeen)
				maxSeen = hi;
			counts[(t < 0 ? cap : t) * (cap + 1) + (p < 0 ? cap : p)]++;
		}
		int c = numClasses > 0 ? numClasses : Math.max(1, maxSeen + 1);
		boolean voidInside = ignoreClass >= 0 && ignoreClass < c;
		int k = voidInside || ignoreClass < 0 ? c : c + 1;
		int voidIndex = ignoreClass < 0 ? -1 : voidInside ? ignoreClass : c;
		long[][] m = new long[k][k];
		for (int a = 0; a <= cap; a++)
			for (int b = 0; b <= cap; b++) {
				long v = counts[a * (cap + 1) + b];
				if (v == 0)
					continue;
				int ra = a == cap ? voidIndex : a, rb = b == cap ? voidIndex : b;
				m[ra][rb] += v;
			}
		return new ConfusionMatrix(c, voidIndex, m);
	}

	private static int slot(int a, int oldCap, int newCap) {
		return a == oldCap ? newCap : a;
	}

	/** Class index of a value: 0..limit-1; -1 for an ignored truth value; -2 for a predicted ignore value. */
	private static int classOf(double v, String which, int limit, int ignoreClass) {
		if (v != Math.rint(v) || Double.isInfinite(v))
			throw new IllegalArgumentException("ConfusionMatrix: " + which + " contains the value " + v
					+ ", which is not a class; class images hold whole numbers 0..C-1 (round or convert it first)");
		if (ignoreClass >= 0 && v == ignoreClass)
			return which.equals("prediction") ? -2 : -1;
		if (v < 0 || v >= limit)
			throw new IllegalArgumentException("ConfusionMatrix: " + which + " contains the class " + (long) v
					+ " but classes must be 0.." + (limit - 1) + (ignoreClass >= 0 ? " or the ignore value " + ignoreClass : "")
					+ "; give the right class count or ignore value");
		return (int) v;
	}

	/**
	 * The confusion matrix of the foreground: class 1 = nonzero and not NaN, class 0 = the rest;
	 * both images are masks of any real type (label images work too).
	 */
	static <A extends RealType<A>, B extends RealType<B>> ConfusionMatrix ofMasks(RandomAccessibleInterval<A> prediction,
			RandomAccessibleInterval<B> truth) {
		SemanticMetrics.checkSameSize("SemanticMetrics.binary", prediction, truth);
		long[] n = new long[4];
		Cursor<A> p = Views.flatIterable(prediction).cursor();
		Cursor<B> t = Views.flatIterable(truth).cursor();
		while (p.hasNext()) {
			double pv = p.next().getRealDouble();
			double tv = t.next().getRealDouble();
			int pf = pv != 0 && pv == pv ? 1 : 0;
			int tf = tv != 0 && tv == tv ? 1 : 0;
			n[tf * 2 + pf]++;
		}
		return fromCounts(new long[][] { { n[0], n[1] }, { n[2], n[3] } });
	}

	/**
	 * The confusion matrix of two class images given as label images, from their overlap table
	 * (no pixel pass): the table's labels are the classes.
	 *
	 * @param numClasses  C; 0 to take the largest label (ignore value excluded) + 1
	 * @param ignoreClass true label not evaluated, or {@link #NO_IGNORE}
	 * @throws IllegalArgumentException if a label is &ge; numClasses and not the ignore value
	 */
	public static ConfusionMatrix fromTable(OverlapTable table, int numClasses, int ignoreClass) {
		if (numClasses < 0)
			throw new IllegalArgumentException("ConfusionMatrix: numClasses must be >= 1, or 0 to infer it, got " + numClasses);
		int max = -1;
		for (int k = 0; k < table.cellCount(); k++) {
			int t = table.cellTruth(k), p = table.cellPrediction(k);
			if (t != ignoreClass)
				max = Math.max(max, t);
			if (p != ignoreClass)
				max = Math.max(max, p);
		}
		int c = numClasses > 0 ? numClasses : Math.max(1, max + 1);
		if (max >= c)
			throw new IllegalArgumentException("ConfusionMatrix: the images contain the class " + max + " but classes must be 0.."
					+ (c - 1) + (ignoreClass >= 0 ? " or the ignore value " + ignoreClass : "") + "; give the right class count");
		boolean voidInside = ignoreClass >= 0 && ignoreClass < c;
		int voidIndex = ignoreClass < 0 ? -1 : voidInside ? ignoreClass : c;
		int k = ignoreClass < 0 || voidInside ? c : c + 1;
		long[][] m = new long[k][k];
		for (int j = 0; j < table.cellCount(); j++) {
			int t = table.cellTruth(j), p = table.cellPrediction(j);
			if (t == ignoreClass)
				continue;
			m[t][p == ignoreClass ? voidIndex : p] += table.cellOverlap(j);
		}
		return new ConfusionMatrix(c, voidIndex, m);
	}

	/** Number of classes C. */
	public int numClasses() {
		return classes;
	}

	/** Whether {@code c} is the ignore class. */
	public boolean isIgnored(int c) {
		return voidIndex >= 0 && c == voidIndex;
	}

	/** Pixels of true class {@code truthClass} predicted as {@code predClass} (ignored truth pixels excluded). */
	public long count(int truthClass, int predClass) {
		check(truthClass);
		check(predClass);
		return m[truthClass][predClass];
	}

	/** A copy of the C x C matrix, {@code [truth][prediction]}. */
	public long[][] counts() {
		long[][] out = new long[classes][];
		for (int t = 0; t < classes; t++)
			out[t] = Arrays.copyOf(m[t], classes);
		return out;
	}

	/** Number of counted pixels (truth not ignored). */
	public long total() {
		return total;
	}

	/** Counted pixels of true class {@code c}. */
	public long truthCount(int c) {
		check(c);
		long s = 0;
		for (long v : m[c])
			s += v;
		return s;
	}

	/** Counted pixels predicted as class {@code c}. */
	public long predictionCount(int c) {
		check(c);
		long s = 0;
		for (long[] row : m)
			s += row[c];
		return s;
	}

	/** Whether class {@code c} has counted pixels in the truth or the prediction (and is not the ignore class). */
	public boolean isPresent(int c) {
		return !isIgnored(c) && (truthCount(c) > 0 || predictionCount(c) > 0);
	}

	/** One-vs-rest counts of class {@code c} (TP, FP, FN, TN over the counted pixels). */
	public SemanticMetrics.Binary binary(int c) {
		long tp = count(c, c);
		long fp = predictionCount(c) - tp, fn = truthCount(c) - tp;
		return new SemanticMetrics.Binary(tp, fp, fn, total - tp - fp - fn);
	}

	/** IoU of class {@code c}: {@code TP / (TP + FP + FN)}; 1 if absent from both; NaN for the ignore class. */
	public double iou(int c) {
		return isIgnored(c) ? Double.NaN : binary(c).iou();
	}

	/** Dice of class {@code c}: {@code 2TP / (2TP + FP + FN)}; 1 if absent from both; NaN for the ignore class. */
	public double dice(int c) {
		return isIgnored(c) ? Double.NaN : binary(c).dice();
	}

	/** Precision of class {@code c}, conventions of {@link SemanticMetrics.Binary#precision()}; NaN for the ignore class. */
	public double precision(int c) {
		return isIgnored(c) ? Double.NaN : binary(c).precision();
	}

	/** Recall of class {@code c}, conventions of {@link SemanticMetrics.Binary#recall()}; NaN for the ignore class. */
	public double recall(int c) {
		return isIgnored(c) ? Double.NaN : binary(c).recall();
	}

	/** Specificity of class {@code c}, conventions of {@link SemanticMetrics.Binary#specificity()}; NaN for the ignore class. */
	public double specificity(int c) {
		return isIgnored(c) ? Double.NaN : binary(c).specificity();
	}

	/** Fraction of counted pixels whose class is right; 1 when no pixel is counted. */
	public double pixelAccuracy() {
		if (total == 0)
			return 1;
		long s = 0;
		for (int c = 0; c < classes; c++)
			if (!isIgnored(c))
				s += m[c][c];
		return (double) s / total;
	}

	/** Mean IoU over the present classes (see the class comment); NaN when no class is present. */
	public double meanIou() {
		double s = 0;
		int n = 0;
		for (int c = 0; c < classes; c++)
			if (isPresent(c)) {
				s += iou(c);
				n++;
			}
		return n == 0 ? Double.NaN : s / n;
	}

	/** Mean Dice over the present classes; NaN when no class is present. */
	public double meanDice() {
		double s = 0;
		int n = 0;
		for (int c = 0; c < classes; c++)
			if (isPresent(c)) {
				s += dice(c);
				n++;
			}
		return n == 0 ? Double.NaN : s / n;
	}

	private void check(int c) {
		if (c < 0 || c >= classes)
			throw new IllegalArgumentException("ConfusionMatrix: class " + c + " is outside 0.." + (classes - 1));
	}

	@Override
	public String toString() {
		return "ConfusionMatrix[" + classes + " classes, " + total + " pixels, " + Arrays.deepToString(counts()) + "]";
	}
}
