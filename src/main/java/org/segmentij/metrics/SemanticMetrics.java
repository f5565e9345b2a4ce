package org.segmentij.metrics;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.util.Intervals;

/**
 * Pixel-wise (semantic) comparison of a predicted foreground mask with a ground truth mask.
 * Foreground is every nonzero, non-NaN value, so label images work as masks too. This is the
 * two-class case of {@link ConfusionMatrix} (class 1 = foreground), whose one-vs-rest counts of
 * class 1 it returns; for several classes use {@link ConfusionMatrix} directly.
 */
public final class SemanticMetrics {

	private SemanticMetrics() {
	}

	/**
	 * Confusion counts of a binary segmentation and the scores derived from them.
	 * <p>
	 * Every ratio that would be 0/0 is defined as 1 when prediction and truth agree on the
	 * case it is about and 0 otherwise: {@link #dice()} and {@link #iou()} are 1 when both
	 * masks are empty; {@link #precision()} (nothing predicted) is 1 only when the truth is
	 * empty too ({@code fn == 0}); {@link #recall()} (nothing true) is 1 only when nothing was
	 * predicted ({@code fp == 0}); {@link #specificity()} (no true background) is 1 only when
	 * no background was predicted ({@code fn == 0}); {@link #accuracy()} of an empty image is 1.
	 *
	 * @param tp pixels foreground in both
	 * @param fp pixels foreground only in the prediction
	 * @param fn pixels foreground only in the truth
	 * @param tn pixels background in both
	 */
	public record Binary(long tp, long fp, long fn, long tn) {

		/** Rejects negative counts. */
		public Binary {
			if (tp < 0 || fp < 0 || fn < 0 || tn < 0)
				throw new IllegalArgumentException("SemanticMetrics.Binary: counts must be >= 0, got tp=" + tp
						+ ", fp=" + fp + ", fn=" + fn + ", tn=" + tn);
		}

		/** Total number of pixels. */
		public long total() {
			return tp + fp + fn + tn;
		}

		/** Dice coefficient (= F1) {@code 2TP / (2TP + FP + FN)}; 1 when both masks are empty. */
		public double dice() {
			long den = 2 * tp + fp + fn;
			return den == 0 ? 1 : 2.0 * tp / den;
		}

		/** Intersection over union (Jaccard) {@code TP / (TP + FP + FN)}; 1 when both masks are empty. */
		public double iou() {
			long den = tp + fp + fn;
			return den == 0 ? 1 : (double) tp / den;
		}

		/** {@code TP / (TP + FP)}; with nothing predicted 1 if the truth is empty, else 0. */
		public double precision() {
			long den = tp + fp;
			return den == 0 ? (fn == 0 ? 1 : 0) : (double) tp / den;
		}

		/** Sensitivity {@code TP / (TP + FN)}; with an empty truth 1 if nothing was predicted, else 0. */
		public double recall() {
			long den = tp + fn;
			return den == 0 ? (fp == 0 ? 1 : 0) : (double) tp / den;
		}

		/** {@code (TP + TN) / total}; 1 for an image without pixels. */
		public double accuracy() {
			long den = total();
			return den == 0 ? 1 : (double) (tp + tn) / den;
		}

		/** {@code TN / (TN + FP)}; with no true background 1 if no background was predicted, else 0. */
		public double specificity() {
			long den = tn + fp;
			return den == 0 ? (fn == 0 ? 1 : 0) : (double) tn / den;
		}
	}

	/**
	 * Counts true/false positives/negatives of a prediction against the truth. The images
	 * must have the same size; pixels are paired by position relative to each image's min.
	 *
	 * @param prediction predicted mask, nonzero = foreground
	 * @param truth      ground truth mask, nonzero = foreground
	 * @return the confusion counts
	 * @throws IllegalArgumentException if an image is null or the sizes differ
	 */
	public static <A extends RealType<A>, B extends RealType<B>> Binary binary(RandomAccessibleInterval<A> prediction,
			RandomAccessibleInterval<B> truth) {
		return ConfusionMatrix.ofMasks(prediction, truth).binary(1);
	}

	/**
	 * Throws a clear {@link IllegalArgumentException} unless both images are non-null and
	 * have the same size.
	 */
	static void checkSameSize(String where, RandomAccessibleInterval<?> prediction, RandomAccessibleInterval<?> truth) {
		checkSameSizeNamed(where, "prediction", prediction, "ground truth", truth);
	}

	static void checkSameSizeNamed(String where, String nameA, RandomAccessibleInterval<?> a, String nameB,
			RandomAccessibleInterval<?> b) {
		if (a == null || b == null)
			throw new IllegalArgumentException(where + ": " + (a == null ? nameA : nameB) + " must not be null");
		if (a.numDimensions() != b.numDimensions() || !Intervals.equalDimensions(a, b))
			throw new IllegalArgumentException(where + ": " + nameA + " is " + size(a) + " but " + nameB + " is "
					+ size(b) + "; both must have the same size (crop, pad or resample one of them)");
	}

	static String size(RandomAccessibleInterval<?> img) {
		StringBuilder sb = new StringBuilder();
		for (int d = 0; d < img.numDimensions(); d++)
			sb.append(d == 0 ? "" : "x").append(img.dimension(d));
		return sb.toString();
	}
}
