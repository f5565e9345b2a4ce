package org.segmentij.deep.infer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.segmentij.UsageException;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/**
 * How raw intensities become network input: per channel, {@code x' = (x - offset) * scale}, with
 * offset and scale fitted to the image (or to each slice) before tiling, so that every tile of a
 * plane sees the same mapping.
 *
 * @param kind    NONE, PERCENTILE ({@code (x - p_low) / (p_high - p_low)}) or
 *                ZERO_MEAN_UNIT_VARIANCE ({@code (x - mean) / (std + eps)})
 * @param low     lower percentile (0..100), PERCENTILE only
 * @param high    upper percentile (0..100, above low), PERCENTILE only
 * @param perSlice statistics per 2D slice (each z and t on its own) instead of per image
 */
public record Normalization(Kind kind, double low, double high, boolean perSlice) {

	/** Added to the denominator against division by zero (as the BioImage Model Zoo does). */
	public static final double EPS = 1e-6;

	public enum Kind {
		NONE, PERCENTILE, ZERO_MEAN_UNIT_VARIANCE;

		public String key() {
			return name().toLowerCase(Locale.ROOT);
		}

		public static Kind parse(String s) {
			for (Kind k : values())
				if (k.key().equals(s) || k.name().equals(s))
					return k;
			throw new UsageException("Unknown normalisation '" + s + "'; use none, percentile or zero_mean_unit_variance.");
		}
	}

	public Normalization {
		if (kind == null)
			kind = Kind.NONE;
		if (kind == Kind.PERCENTILE && !(low >= 0 && high <= 100 && low < high))
			throw new UsageException("Percentile normalisation needs 0 <= low < high <= 100 (got low=" + low + ", high="
					+ high + "); use e.g. low=1 high=99.8.");
	}

	public static Normalization none() {
		return new Normalization(Kind.NONE, 0, 0, false);
	}

	public static Normalization percentile(double low, double high) {
		return new Normalization(Kind.PERCENTILE, low, high, false);
	}

	public static Normalization zeroMeanUnitVariance() {
		return new Normalization(Kind.ZERO_MEAN_UNIT_VARIANCE, 0, 0, false);
	}

	public Normalization withPerSlice(boolean p) {
		return new Normalization(kind, low, high, p);
	}

	/** Offset and scale of one channel. */
	public record Affine(double offset, double scale) {
		public static final Affine IDENTITY = new Affine(0, 1);
	}

	/** The mapping of the pixels of one channel (any number of dimensions). */
	public <T extends RealType<T>> Affine fit(RandomAccessibleInterval<T> channel) {
		switch (kind) {
		case NONE:
			return Affine.IDENTITY;
		case ZERO_MEAN_UNIT_VARIANCE: {
			// Welford: stable for large images
			double mean = 0, m2 = 0;
			long n = 0;
			for (T t : Views.flatIterable(channel)) {
				double v = t.getRealDouble();
				n++;
				double d = v - mean;
				mean += d / n;
				m2 += d * (v - mean);
			}
			double std = n > 0 ? Math.sqrt(m2 / n) : 0;
			return new Affine(mean, 1 / (std + EPS));
		}
		case PERCENTILE: {
			double[] p = percentiles(channel, low, high);
			return new Affine(p[0], 1 / (p[1] - p[0] + EPS));
		}
		default:
			throw new IllegalStateException();
		}
	}

	/**
	 * Exact percentiles as numpy's default ("linear" interpolation between order statistics), in
	 * three passes over the pixels and memory independent of the image size (a 65536-bin
	 * histogram, then the values of one bin).
	 */
	public static <T extends RealType<T>> double[] percentiles(RandomAccessibleInterval<T> img, double... q) {
		long n = 1;
		for (int d = 0; d < img.numDimensions(); d++)
			n *= img.dimension(d);
		if (n == 0)
			throw new IllegalArgumentException("percentiles of an empty image");
		double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
		for (T t : Views.flatIterable(img)) {
			double v = t.getRealDouble();
			if (v < min)
				min = v;
			if (v > max)
				max = v;
		}
		double[] out = new double[q.length];
		if (!(max > min)) {
			Arrays.fill(out, min);
			return out;
		}
		final int bins = 1 << 16;
		long[] hist = new long[bins];
		double binScale = bins / (max - min);
		for (T t : Views.flatIterable(img))
			hist[bin(t.getRealDouble(), min, binScale, bins)]++;
		for (int i = 0; i < q.length; i++) {
			double pos = q[i] / 100.0 * (n - 1);
			long k0 = (long) Math.floor(pos);
			long k1 = Math.min(k0 + 1, n - 1);
			double f = pos - k0;
			double v0 = orderStatistic(img, hist, k0, min, binScale, bins);
			double v1 = f == 0 ? v0 : orderStatistic(img, hist, k1, min, binScale, bins);
			out[i] = v0 + f * (v1 - v0);
		}
		return out;
	}

	private static int bin(double v, double min, double binScale, int bins) {
		int b = (int) ((v - min) * binScale);
		return b < 0 ? 0 : b >= bins ? bins - 1 : b;
	}

	/** The k-th smallest value (0-based). */
	private static <T extends RealType<T>> double orderStatistic(RandomAccessibleInterval<T> img, long[] hist, long k,
			double min, double binScale, int bins) {
		return orderStatistic(img, hist, k, min, binScale, bins, 1 << 20);
	}

	/**
	 * The k-th smallest value: the bin of the 65536-bin histogram that holds it, then, while that
	 * bin holds more than {@code maxCollect} values, a 65536-bin histogram of the bin alone, and so
	 * on; the values of the last bin are sorted. A bin of one repeated value (the zero background
	 * of many images: 90% of an 8192^2 image would have been 480 MB of doubles) is answered
	 * without collecting anything. Memory: at most maxCollect doubles.
	 */
	static <T extends RealType<T>> double orderStatistic(RandomAccessibleInterval<T> img, long[] hist, long k, double min,
			double binScale, int bins, int maxCollect) {
		// a value v is a candidate when, at every level, bin(v) is that level's chosen bin
		List<double[]> levels = new ArrayList<>(); // {min, scale, bin}
		long[] h = hist;
		double lo = min, scale = binScale;
		while (true) {
			long below = 0;
			int b = 0;
			while (below + h[b] <= k)
				below += h[b++];
			levels.add(new double[] { lo, scale, b });
			k -= below;
			long count = h[b];
			double vmin = Double.POSITIVE_INFINITY, vmax = Double.NEGATIVE_INFINITY;
			for (T t : Views.flatIterable(img)) {
				double v = t.getRealDouble();
				if (member(v, levels, bins)) {
					vmin = Math.min(vmin, v);
					vmax = Math.max(vmax, v);
				}
			}
			if (!(vmax > vmin))
				return vmin;
			if (count <= maxCollect) {
				double[] vals = new double[(int) count];
				int j = 0;
				for (T t : Views.flatIterable(img)) {
					double v = t.getRealDouble();
					if (member(v, levels, bins))
						vals[j++] = v;
				}
				Arrays.sort(vals);
				return vals[(int) k];
			}
			// refine: a histogram of this bin's values alone
			lo = vmin;
			scale = bins / (vmax - vmin);
			h = new long[bins];
			for (T t : Views.flatIterable(img)) {
				double v = t.getRealDouble();
				if (member(v, levels, bins))
					h[bin(v, lo, scale, bins)]++;
			}
		}
	}

	private static boolean member(double v, List<double[]> levels, int bins) {
		for (double[] l : levels)
			if (bin(v, l[0], l[1], bins) != (int) l[2])
				return false;
		return true;
	}
}
