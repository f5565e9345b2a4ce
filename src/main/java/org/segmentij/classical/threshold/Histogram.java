package org.segmentij.classical.threshold;

import net.imglib2.IterableInterval;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.view.Views;

/**
 * The project's histogram of an image: bin counts over a value range, with the mapping between
 * bins and pixel values. {@link #imageJ(RandomAccessibleInterval)} builds it exactly as ImageJ 1's
 * {@code ImageProcessor.setAutoThreshold} does, so thresholds chosen on it agree with ImageJ 1.
 */
public final class Histogram {

	/** How bins map to values, after ImageJ 1's conversion of each pixel type to 8 bits. */
	public enum Binning {
		/** 8-bit data: bin i holds value i. */
		IDENTITY_8BIT,
		/** Integer data (16-bit): bin = (int)((v - min) * 256 / (max - min + 1) + 0.5), clamped to 255. */
		INTEGER_SCALED,
		/** Float data: bin = (int)((v - min) * 255 / (max - min) + 0.5), clamped to 255; NaN skipped. */
		FLOAT_SCALED
	}

	private final long[] counts;
	private final double min, max;
	private final Binning binning;
	private final long total;

	private Histogram(long[] counts, double min, double max, Binning binning) {
		this.counts = counts;
		this.min = min;
		this.max = max;
		this.binning = binning;
		long t = 0;
		for (long c : counts)
			t += c;
		this.total = t;
	}

	/**
	 * The 256-bin histogram ImageJ 1 thresholds on: 8-bit data as is, other types scaled from
	 * their minimum and maximum as {@code ImageProcessor.convertToByte(true)} scales them.
	 *
	 * @throws IllegalArgumentException for an image without pixels or without a single finite value
	 */
	public static <T extends RealType<T>> Histogram imageJ(RandomAccessibleInterval<T> image) {
		IterableInterval<T> it = Views.iterable(image);
		if (it.size() == 0)
			throw new IllegalArgumentException("The image has no pixels (a dimension is 0); give an image with at least one pixel.");
		T type = it.firstElement();
		long[] counts = new long[256];
		if (type instanceof UnsignedByteType) {
			for (T t : it)
				counts[(int) t.getRealDouble()]++;
			return new Histogram(counts, 0, 255, Binning.IDENTITY_8BIT);
		}
		boolean integer = type.getMaxValue() - type.getMinValue() <= 1L << 32 && isIntegerType(type);
		double mn = Double.POSITIVE_INFINITY, mx = Double.NEGATIVE_INFINITY;
		for (T t : it) {
			double v = t.getRealDouble();
			if (v < mn)
				mn = v;
			if (v > mx)
				mx = v;
		}
		if (mn > mx)
			throw new IllegalArgumentException("The image has no finite pixel value (all NaN); nothing to threshold.");
		if (integer) {
			double scale = 256.0 / (mx - mn + 1);
			for (T t : it) {
				int b = (int) ((t.getRealDouble() - mn) * scale + 0.5);
				counts[b > 255 ? 255 : b]++;
			}
			return new Histogram(counts, mn, mx, Binning.INTEGER_SCALED);
		}
		double scale = 255.0 / (mx - mn);
		for (T t : it) {
			double v = t.getRealDouble() - mn;
			if (Double.isNaN(v))
				continue;
			if (v < 0)
				v = 0;
			int b = (int) (v * scale + 0.5);
			counts[b > 255 || b < 0 ? 255 : b]++;
		}
		return new Histogram(counts, mn, mx, Binning.FLOAT_SCALED);
	}

	private static boolean isIntegerType(RealType<?> t) {
		return t instanceof net.imglib2.type.numeric.IntegerType;
	}

	public long[] counts() {
		return counts.clone();
	}

	/** Counts as int, the form ij.process.AutoThresholder takes (saturating above 2^31-1). */
	public int[] countsAsInt() {
		int[] c = new int[counts.length];
		for (int i = 0; i < c.length; i++)
			c[i] = (int) Math.min(Integer.MAX_VALUE, counts[i]);
		return c;
	}

	public int bins() {
		return counts.length;
	}

	public long total() {
		return total;
	}

	/** Smallest pixel value (0 for 8-bit). */
	public double min() {
		return min;
	}

	/** Largest pixel value (255 for 8-bit). */
	public double max() {
		return max;
	}

	public Binning binning() {
		return binning;
	}

	/**
	 * The inclusive value range ImageJ 1 selects for bins {@code lo..hi}: the levels that
	 * {@code setAutoThreshold} and {@code scaleAndSetThreshold} set (16-bit: clamped and rounded as
	 * {@code ShortProcessor.setThreshold} does), as single-precision values (ImageJ's Convert to
	 * Mask compares in float).
	 */
	public ThresholdRange valueRange(int lo, int hi) {
		if (binning == Binning.IDENTITY_8BIT)
			return new ThresholdRange(lo, hi);
		double lower = lo, upper = hi;
		if (max > min) {
			if (lower == 0.0) {
				if (binning == Binning.FLOAT_SCALED)
					lower = Math.min(min, -1e30);
			}
			else
				lower = min + (lower / 255.0) * (max - min);
			if (upper == 255.0)
				upper = binning == Binning.INTEGER_SCALED ? Math.max(65535, max) : Math.max(max, 1e30);
			else
				upper = min + (upper / 255.0) * (max - min);
		}
		else
			lower = upper = min;
		if (binning == Binning.INTEGER_SCALED) {
			// ShortProcessor.setThreshold clamps to 0..65535 and rounds to whole values
			lower = Math.round(Math.max(0, Math.min(65535, lower)));
			upper = Math.round(Math.max(0, Math.min(65535, upper)));
		}
		return new ThresholdRange((float) lower, (float) upper);
	}
}
