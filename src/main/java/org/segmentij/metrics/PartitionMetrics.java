package org.segmentij.metrics;

import java.util.ArrayList;
import java.util.List;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.integer.IntType;

/**
 * Comparison of two label images as <em>partitions</em> of the image: every label, 0 included, is
 * a segment. All figures come from the {@link OverlapTable} ({@code n_ij} pixels of true segment
 * {@code i} and predicted segment {@code j}, row sums {@code a_i}, column sums {@code b_j}, {@code N}
 * pixels).
 * <p>
 * Option {@code ignoreTruthBackground}: only the pixels whose true label is not 0 are considered,
 * as if the others were cut out of both images (the table's row 0 is dropped; areas and N shrink
 * accordingly). The adapted Rand error always works this way.
 * <p>
 * Entropies use the natural logarithm (nats); {@link VariationOfInformation#inBits()} converts.
 */
public final class PartitionMetrics {

	private PartitionMetrics() {
	}

	private static OverlapTable restrict(OverlapTable t, boolean ignoreTruthBackground) {
		return ignoreTruthBackground ? t.withoutTruthLabel(0) : t;
	}

	private static double pairs(long n) {
		return n * (n - 1.0) / 2;
	}

	/**
	 * Rand index: the fraction of the {@code N(N-1)/2} unordered pixel pairs on which the two
	 * partitions agree (same segment in both, or different segments in both):
	 * {@code RI = 1 - (sum_i C(a_i,2) + sum_j C(b_j,2) - 2 sum_ij C(n_ij,2)) / C(N,2)}. 1 for fewer
	 * than two pixels.
	 */
	public static double randIndex(OverlapTable table, boolean ignoreTruthBackground) {
		OverlapTable t = restrict(table, ignoreTruthBackground);
		long n = t.pixelCount();
		if (n < 2)
			return 1;
		double sa = 0, sb = 0, sab = 0;
		for (int i = 0; i < t.truthLabelCount(); i++)
			sa += pairs(t.truthAreaAt(i));
		for (int j = 0; j < t.predictionLabelCount(); j++)
			sb += pairs(t.predictionAreaAt(j));
		for (int k = 0; k < t.cellCount(); k++)
			sab += pairs(t.cellOverlap(k));
		return 1 - (sa + sb - 2 * sab) / pairs(n);
	}

	/** {@link #randIndex(OverlapTable, boolean)} of two label images. */
	public static double randIndex(RandomAccessibleInterval<IntType> prediction, RandomAccessibleInterval<IntType> truth,
			boolean ignoreTruthBackground) {
		return randIndex(OverlapTable.of(prediction, truth), ignoreTruthBackground);
	}

	/**
	 * The foreground-restricted Rand scores of the ISBI 2012 challenge (Arganda-Carreras et al.,
	 * Front. Neuroanat. 2015, eq. 3; the "adapted Rand error" of SNEMI3D / CREMI).
	 * <p>
	 * Only pixels of the truth foreground (true label &ne; 0) count. With the joint distribution
	 * {@code p_ij = n_ij / N} over them and its marginals {@code t_i} (truth) and {@code s_j}
	 * (prediction): {@code split = recall = sum p_ij^2 / sum t_i^2},
	 * {@code merge = precision = sum p_ij^2 / sum s_j^2}, {@code F = 2 sum p_ij^2 / (sum s_j^2 + sum t_i^2)}
	 * (the harmonic mean of the two), adapted Rand error {@code = 1 - F}. Squared probabilities count
	 * ordered pixel pairs including a pixel with itself, as in the paper. The prediction's label 0
	 * is an ordinary segment. (The SNEMI3D/CREMI script instead treats predicted-0 pixels as
	 * singletons with a scaling quirk; label your prediction fully, e.g. by growing labels into the
	 * boundaries as the challenge recommends, to make the two agree.) With no truth foreground all
	 * three scores are 1 and the error 0 (nothing is evaluated).
	 *
	 * @param precision merge score {@code sum p^2 / sum s^2}
	 * @param recall    split score {@code sum p^2 / sum t^2}
	 * @param fScore    {@code V_Rand}, their harmonic mean
	 */
	public record RandScores(double precision, double recall, double fScore) {

		/** The adapted Rand error {@code 1 - fScore}. */
		public double error() {
			return 1 - fScore;
		}
	}

	/** The foreground-restricted Rand scores ({@link RandScores}) from a table. */
	public static RandScores adaptedRand(OverlapTable table) {
		OverlapTable t = table.withoutTruthLabel(0);
		double sp = 0, ss = 0, st = 0;
		for (int k = 0; k < t.cellCount(); k++)
			sp += sq(t.cellOverlap(k));
		for (int i = 0; i < t.truthLabelCount(); i++)
			st += sq(t.truthAreaAt(i));
		for (int j = 0; j < t.predictionLabelCount(); j++)
			ss += sq(t.predictionAreaAt(j));
		if (t.pixelCount() == 0)
			return new RandScores(1, 1, 1);
		return new RandScores(sp / ss, sp / st, 2 * sp / (ss + st));
	}

	/** {@link #adaptedRand(OverlapTable)} of two label images. */
	public static RandScores adaptedRand(RandomAccessibleInterval<IntType> prediction, RandomAccessibleInterval<IntType> truth) {
		return adaptedRand(OverlapTable.of(prediction, truth));
	}

	private static double sq(long v) {
		return (double) v * v;
	}

	/**
	 * Variation of information (Meila 2007) and its two parts, in nats.
	 *
	 * @param split {@code H(prediction | truth) = -sum_ij p_ij ln(p_ij / t_i)}: over-segmentation
	 *              (false splits)
	 * @param merge {@code H(truth | prediction) = -sum_ij p_ij ln(p_ij / s_j)}: under-segmentation
	 *              (false merges)
	 */
	public record VariationOfInformation(double split, double merge) {

		/** {@code VI = split + merge}. */
		public double total() {
			return split + merge;
		}

		/** The same figures in bits (divided by ln 2). */
		public VariationOfInformation inBits() {
			return new VariationOfInformation(split / Math.log(2), merge / Math.log(2));
		}
	}

	/**
	 * Variation of information from a table ({@code p_ij = n_ij / N}, {@code t_i}, {@code s_j} the
	 * marginals). 0 and 0 for an image without pixels.
	 */
	public static VariationOfInformation variationOfInformation(OverlapTable table, boolean ignoreTruthBackground) {
		OverlapTable t = restrict(table, ignoreTruthBackground);
		double n = t.pixelCount();
		if (n == 0)
			return new VariationOfInformation(0, 0);
		double split = 0, merge = 0;
		for (int k = 0; k < t.cellCount(); k++) {
			double nij = t.cellOverlap(k);
			double a = t.truthArea(t.cellTruth(k)), b = t.predictionArea(t.cellPrediction(k));
			split -= nij / n * Math.log(nij / a);
			merge -= nij / n * Math.log(nij / b);
		}
		return new VariationOfInformation(Math.max(0, split), Math.max(0, merge));
	}

	/** {@link #variationOfInformation(OverlapTable, boolean)} of two label images. */
	public static VariationOfInformation variationOfInformation(RandomAccessibleInterval<IntType> prediction,
			RandomAccessibleInterval<IntType> truth, boolean ignoreTruthBackground) {
		return variationOfInformation(OverlapTable.of(prediction, truth), ignoreTruthBackground);
	}

	/**
	 * Probabilistic Rand index (Unnikrishnan, Pantofaru and Hebert, 2007) of a segmentation
	 * against several ground truths {@code G_1..G_K}:
	 * {@code PRI = 1/C(N,2) sum_{pairs} [c p + (1-c)(1-p)]}, {@code c} = whether the pair is in one
	 * segment of the prediction, {@code p} = the fraction of truths in which it is; which equals the
	 * mean over the truths of {@link #randIndex(OverlapTable, boolean)}, computed so, one table per
	 * truth.
	 *
	 * @param tables the tables of the prediction against each truth (all with the same pixel count)
	 * @throws IllegalArgumentException for no table or tables of different pixel counts
	 */
	public static double probabilisticRandIndex(List<OverlapTable> tables, boolean ignoreTruthBackground) {
		checkTables("probabilisticRandIndex", tables);
		double s = 0;
		for (OverlapTable t : tables)
			s += randIndex(t, ignoreTruthBackground);
		return s / tables.size();
	}

	/** {@link #probabilisticRandIndex(List, boolean)} of a prediction and several truths (one pass each). */
	public static double probabilisticRandIndex(RandomAccessibleInterval<IntType> prediction,
			List<? extends RandomAccessibleInterval<IntType>> truths, boolean ignoreTruthBackground) {
		return probabilisticRandIndex(tables(prediction, truths), ignoreTruthBackground);
	}

	/**
	 * Segmentation covering of the ground truth by the prediction (Arbelaez et al., TPAMI 2011):
	 * {@code C(G <- S) = 1/N sum_{R in G} |R| max_{R' in S} IoU(R, R')}, each true segment weighted by
	 * its area and scored by its best-overlapping predicted segment. This is the direction of the
	 * BSDS500 benchmark's "GT covering"; swap the images of the table for the other direction. 1
	 * for an image without pixels.
	 */
	public static double segmentationCovering(OverlapTable table, boolean ignoreTruthBackground) {
		OverlapTable t = restrict(table, ignoreTruthBackground);
		if (t.pixelCount() == 0)
			return 1;
		return coveringSum(t) / t.pixelCount();
	}

	/** Sum over true segments of |R| * best IoU. */
	private static double coveringSum(OverlapTable t) {
		double sum = 0;
		int k = 0, n = t.cellCount();
		while (k < n) {
			int g = t.cellTruth(k);
			long a = t.truthArea(g);
			double best = 0;
			for (; k < n && t.cellTruth(k) == g; k++) {
				long nij = t.cellOverlap(k);
				best = Math.max(best, (double) nij / (a + t.predictionArea(t.cellPrediction(k)) - nij));
			}
			sum += a * best;
		}
		return sum;
	}

	/**
	 * Segmentation covering against several truths.
	 *
	 * @param perTruth covering of each truth by the prediction
	 * @param pooled   the BSDS500 figure for one image: {@code sum_k sum_{R in G_k} |R| max IoU /
	 *                 sum_k N_k} (the regions of all truths pooled, {@code evaluation_reg_image.m});
	 *                 without the background option this is the mean of {@code perTruth}
	 * @param best     the best {@code perTruth} value. Note that BSDS's own "Best" is the best over
	 *                 the segmentation's scales (thresholds of a hierarchy), not over truths.
	 */
	public record Covering(double[] perTruth, double pooled, double best) {
	}

	/** Segmentation covering of several truths by one prediction, from one table per truth. */
	public static Covering segmentationCovering(List<OverlapTable> tables, boolean ignoreTruthBackground) {
		checkTables("segmentationCovering", tables);
		double[] per = new double[tables.size()];
		double cnt = 0, sum = 0, best = Double.NEGATIVE_INFINITY;
		for (int k = 0; k < per.length; k++) {
			OverlapTable t = restrict(tables.get(k), ignoreTruthBackground);
			double c = coveringSum(t);
			per[k] = t.pixelCount() == 0 ? 1 : c / t.pixelCount();
			cnt += c;
			sum += t.pixelCount();
			best = Math.max(best, per[k]);
		}
		return new Covering(per, sum == 0 ? 1 : cnt / sum, best);
	}

	/** {@link #segmentationCovering(List, boolean)} of a prediction and several truths (one pass each). */
	public static Covering segmentationCovering(RandomAccessibleInterval<IntType> prediction,
			List<? extends RandomAccessibleInterval<IntType>> truths, boolean ignoreTruthBackground) {
		return segmentationCovering(tables(prediction, truths), ignoreTruthBackground);
	}

	private static List<OverlapTable> tables(RandomAccessibleInterval<IntType> prediction,
			List<? extends RandomAccessibleInterval<IntType>> truths) {
		if (truths == null || truths.isEmpty())
			throw new IllegalArgumentException("PartitionMetrics: give at least one ground truth segmentation");
		List<OverlapTable> out = new ArrayList<>(truths.size());
		for (RandomAccessibleInterval<IntType> g : truths)
			out.add(OverlapTable.of(prediction, g));
		return out;
	}

	private static void checkTables(String where, List<OverlapTable> tables) {
		if (tables == null || tables.isEmpty())
			throw new IllegalArgumentException("PartitionMetrics." + where + ": give at least one ground truth table");
		long n = tables.get(0).pixelCount();
		for (OverlapTable t : tables)
			if (t.pixelCount() != n)
				throw new IllegalArgumentException("PartitionMetrics." + where + ": the tables cover " + n + " and "
						+ t.pixelCount() + " pixels; all truths must have the size of the prediction");
	}
}
