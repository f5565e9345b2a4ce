package org.segmentij.classical.threshold;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.loops.LoopBuilder;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

/**
 * Multi-level Otsu: k classes of contiguous bins that maximise the between-class variance
 * (equivalently minimise the within-class sum of squares, 1D k-means on the histogram).
 * <p>
 * The search is exact for any number of bins: dynamic programming over "first j bins in m
 * classes", where the cost of a class of bins {@code a..b} is {@code -S^2/W} (S: sum of
 * {@code (bin - mean) * count}, W: count; values centred on the global mean for precision). This
 * cost satisfies the concave Monge (quadrangle) inequality, so the optimal start of the last class
 * is monotone in j and each DP layer is filled by divide and conquer in O(bins log bins): total
 * O(k bins log bins) (65536 bins, 4 classes: about 5 million cost evaluations), no reduction of
 * the histogram needed. Ties are broken towards lower thresholds.
 */
public final class MultiOtsu {

	private MultiOtsu() {
	}

	/**
	 * The k-1 thresholds of k classes, ascending bin indices: class 0 is bins {@code <= t[0]},
	 * class j is bins {@code t[j-1] < b <= t[j]}, the last class bins {@code > t[k-2]}.
	 *
	 * @throws IllegalArgumentException for fewer than 2 classes, fewer bins than classes, a
	 *                                  negative count or a null histogram
	 */
	public static int[] thresholds(long[] histogram, int classes) {
		if (histogram == null)
			throw new IllegalArgumentException("The histogram is null; give one.");
		if (classes < 2)
			throw new IllegalArgumentException("Multi-level Otsu needs at least 2 classes, got " + classes + ".");
		int n = histogram.length;
		if (n < classes)
			throw new IllegalArgumentException("The image has " + (n == 1 ? "a single value (it is constant)" : "only " + n + " distinct values")
					+ ", fewer than the " + classes + " classes asked for; use classes=" + Math.max(2, n) + " or an image with more grey levels.");
		double[] w = new double[n + 1], s = new double[n + 1];
		double total = 0, moment = 0;
		for (int i = 0; i < n; i++) {
			if (histogram[i] < 0)
				throw new IllegalArgumentException("Histogram bin " + i + " has a negative count (" + histogram[i] + ").");
			total += histogram[i];
			moment += (double) i * histogram[i];
		}
		double centre = total > 0 ? moment / total : 0;
		for (int i = 0; i < n; i++) {
			w[i + 1] = w[i] + histogram[i];
			s[i + 1] = s[i] + (i - centre) * histogram[i];
		}
		Dp dp = new Dp(w, s, n, classes);
		return dp.solve();
	}

	private static final class Dp {
		final double[] w, s;
		final int n, k;
		double[] prev, cur;
		final int[][] start; // start[m][j]: first bin of the last class when bins 0..j-1 form m+1 classes

		Dp(double[] w, double[] s, int n, int k) {
			this.w = w;
			this.s = s;
			this.n = n;
			this.k = k;
			start = new int[k][n + 1];
		}

		double cost(int a, int b) { // bins a..b-1
			double ww = w[b] - w[a];
			if (ww <= 0)
				return 0;
			double ss = s[b] - s[a];
			return -ss * ss / ww;
		}

		int[] solve() {
			prev = new double[n + 1];
			for (int j = 1; j <= n; j++)
				prev[j] = cost(0, j);
			for (int m = 1; m < k; m++) {
				cur = new double[n + 1];
				java.util.Arrays.fill(cur, Double.POSITIVE_INFINITY);
				// j from m+1 (each class at least one bin) to n; start i in [m, j-1]
				fill(m, m + 1, n, m, n - 1);
				prev = cur;
			}
			int[] t = new int[k - 1];
			int j = n;
			for (int m = k - 1; m >= 1; m--) {
				int i = start[m][j];
				t[m - 1] = i - 1;
				j = i;
			}
			return t;
		}

		private void fill(int m, int jlo, int jhi, int ilo, int ihi) {
			while (jlo <= jhi) {
				int j = (jlo + jhi) >>> 1;
				int best = -1;
				double bestV = Double.POSITIVE_INFINITY;
				int hi = Math.min(ihi, j - 1);
				for (int i = Math.max(ilo, m); i <= hi; i++) {
					double v = prev[i] + cost(i, j);
					if (v < bestV) {
						bestV = v;
						best = i;
					}
				}
				if (best < 0)
					best = Math.max(ilo, m);
				cur[j] = bestV;
				start[m][j] = best;
				// left half recursively, right half iteratively
				if (jlo <= j - 1)
					fill(m, jlo, j - 1, ilo, best);
				jlo = j + 1;
				ilo = best;
			}
		}
	}

	/**
	 * Class image: each pixel gets its class 0..k-1 (0: darkest class; NaN pixels 0), from the
	 * thresholds of the image's histogram in the given mode. In {@link Histogram.Mode#IMAGEJ_256}
	 * the class boundaries are ImageJ's levels for the bin thresholds (as {@link GlobalThreshold}
	 * uses), in {@link Histogram.Mode#FULL} class j holds the values above threshold j-1.
	 *
	 * @throws IllegalArgumentException for an image without pixels or a bad class count
	 */
	public static <T extends RealType<T>> Img<IntType> labels(RandomAccessibleInterval<T> image, int classes, Histogram.Mode mode) {
		Histogram h = Histogram.compute(image, mode);
		int[] t = thresholds(h.counts(), classes);
		boolean full = h.isFull() && !(h.binning() == Histogram.Binning.IDENTITY_8BIT && mode == Histogram.Mode.IMAGEJ_256);
		double[] lower = new double[t.length];
		for (int j = 0; j < t.length; j++)
			lower[j] = full ? h.valueRange(t[j] + 1, h.bins() - 1).lower()
					: h.valueRange(Math.min(t[j] + 1, 255), 255).lower();
		long[] dims = image.dimensionsAsLongArray();
		if (Intervals.numElements(dims) > Integer.MAX_VALUE - 8)
			throw new IllegalArgumentException("The image has more than 2^31 pixels; label it slice by slice.");
		Img<IntType> out = ArrayImgs.ints(dims);
		LoopBuilder.setImages(Views.zeroMin(image), out).multiThreaded().forEachPixel((in, o) -> {
			double v = in.getRealDouble();
			int c = 0;
			for (double l : lower)
				if (v >= l)
					c++;
			o.set(c);
		});
		return out;
	}
}
