package org.segmentij.classical.threshold;

import java.util.List;

import org.segmentij.classical.threshold.PrimitivePixels.Segment;

import net.imglib2.Cursor;
import net.imglib2.FinalInterval;
import net.imglib2.IterableInterval;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.view.Views;

/**
 * The project's histogram of an image: bin counts over a value range, with the mapping between
 * bins and pixel values. Two ways to bin ({@link Mode}):
 * <ul>
 * <li>{@link Mode#IMAGEJ_256}: exactly as ImageJ 1's {@code ImageProcessor.setAutoThreshold} does
 * (256 bins after ImageJ's conversion to 8 bits), so thresholds chosen on it agree with ImageJ 1;
 * {@link #imageJ(RandomAccessibleInterval)} is this mode.</li>
 * <li>{@link Mode#FULL}: full resolution. 8-bit: 256 bins, bin i = value i. Integer types whose
 * data span at most 65536 values (16-bit and narrower; wider types when the data allow): one bin
 * per integer value from the data's minimum to its maximum, so thresholds are exact values.
 * Everything else (float, double, wide integer ranges): {@value #FLOAT_BINS} equal bins between the
 * data's minimum and maximum, bin b holding the values in {@code (min + b*w, min + (b+1)*w]}
 * ({@code w = (max - min) / 4096}; bin 0 also holds the minimum); NaN pixels are not counted; a
 * constant image has one bin. As in ImageJ 1, min and max are those of the finite values:
 * -Infinity is counted in the first bin, +Infinity in the last.</li>
 * </ul>
 * ArrayImg and PlanarImg of UnsignedByteType, UnsignedShortType and FloatType are counted by
 * direct, parallel loops over their primitive arrays; any other image by a cursor.
 */
public final class Histogram {

	/** How the histogram is binned. */
	public enum Mode {
		/** Full resolution: one bin per value for 8/16-bit data, {@value Histogram#FLOAT_BINS} bins for float data. */
		FULL,
		/** ImageJ 1's 256 bins after its conversion to 8 bits (min..max scaled), as its Threshold tools use. */
		IMAGEJ_256
	}

	/** How bins map to values. */
	public enum Binning {
		/** 8-bit data: bin i holds value i. */
		IDENTITY_8BIT,
		/** Integer data (16-bit), ImageJ: bin = (int)((v - min) * 256 / (max - min + 1) + 0.5), clamped to 255. */
		INTEGER_SCALED,
		/** Float data, ImageJ: bin = (int)((v - min) * 255 / (max - min) + 0.5), clamped to 255; NaN skipped. */
		FLOAT_SCALED,
		/** Full resolution integer data: bin i holds value min + i. */
		FULL_INTEGER,
		/** Full resolution real data: {@value Histogram#FLOAT_BINS} equal bins (see the class comment). */
		FULL_FLOAT
	}

	/** Bins of {@link Binning#FULL_FLOAT}. */
	public static final int FLOAT_BINS = 4096;

	private final long[] counts;
	private final double min, max;
	private final Binning binning;
	private final double white;
	private final long total;

	private Histogram(long[] counts, double min, double max, Binning binning, double white) {
		this.counts = counts;
		this.min = min;
		this.max = max;
		this.binning = binning;
		this.white = white;
		long t = 0;
		for (long c : counts)
			t += c;
		this.total = t;
	}

	/**
	 * The 256-bin histogram ImageJ 1 thresholds on: 8-bit data as is, other types scaled from
	 * their minimum and maximum as {@code ImageProcessor.convertToByte(true)} scales them. Same as
	 * {@code compute(image, Mode.IMAGEJ_256)}.
	 *
	 * @throws IllegalArgumentException for an image without pixels or without a single finite value
	 */
	public static <T extends RealType<T>> Histogram imageJ(RandomAccessibleInterval<T> image) {
		return compute(image, Mode.IMAGEJ_256);
	}

	/**
	 * The histogram of all pixels of an image (of every plane of a stack).
	 *
	 * @throws IllegalArgumentException for an image without pixels or without a single non-NaN value
	 */
	public static <T extends RealType<T>> Histogram compute(RandomAccessibleInterval<T> image, Mode mode) {
		if (image == null || mode == null)
			throw new IllegalArgumentException("Histogram.compute needs an image and a mode, got null.");
		if (Views.iterable(image).size() == 0)
			throw new IllegalArgumentException("The image has no pixels (a dimension is 0); give an image with at least one pixel.");
		PrimitivePixels px = PrimitivePixels.of(image);
		if (px != null)
			return fast(px, mode);
		return generic(Views.iterable(image), mode);
	}

	/**
	 * One histogram per 2D plane (dimensions 0 and 1) of an image, in flat order of the remaining
	 * dimensions (dimension 2 fastest); one histogram for a 1D or 2D image. Each plane is binned on
	 * its own (its own minimum and maximum), as ImageJ thresholds a single slice.
	 */
	public static <T extends RealType<T>> Histogram[] perPlane(RandomAccessibleInterval<T> image, Mode mode) {
		if (image == null || mode == null)
			throw new IllegalArgumentException("Histogram.perPlane needs an image and a mode, got null.");
		int n = image.numDimensions();
		if (n <= 2)
			return new Histogram[] { compute(image, mode) };
		long planes = 1;
		for (int d = 2; d < n; d++)
			planes *= image.dimension(d);
		if (planes > Integer.MAX_VALUE)
			throw new IllegalArgumentException("The image has " + planes + " planes, too many to threshold one by one.");
		Histogram[] out = new Histogram[(int) planes];
		PrimitivePixels px = PrimitivePixels.of(image);
		long planeSize = image.dimension(0) * image.dimension(1);
		if (planeSize == 0)
			throw new IllegalArgumentException("The image has no pixels (a dimension is 0); give an image with at least one pixel.");
		for (int p = 0; p < out.length; p++) {
			if (px != null)
				out[p] = fast(px.plane(p, planeSize), mode);
			else
				out[p] = generic(Views.iterable(planeView(image, p)), mode);
		}
		return out;
	}

	/** Plane {@code p} (flat index over dimensions 2..n-1) of an image, as an n-D view with a single position there. */
	static <T> RandomAccessibleInterval<T> planeView(RandomAccessibleInterval<T> image, long p) {
		int n = image.numDimensions();
		long[] mn = image.minAsLongArray(), mx = image.maxAsLongArray();
		for (int d = 2; d < n; d++) {
			long pos = image.min(d) + p % image.dimension(d);
			p /= image.dimension(d);
			mn[d] = mx[d] = pos;
		}
		return Views.interval(image, new FinalInterval(mn, mx));
	}

	// ---------------------------------------------------------------- fast paths

	private static Histogram fast(PrimitivePixels px, Mode mode) {
		List<Segment> chunks = px.chunks();
		switch (px.kind) {
		case U8: {
			List<long[]> parts = PrimitivePixels.reduce(chunks, () -> new int[4 * 256], Histogram::count8, Histogram::close8);
			return new Histogram(sum(parts, 256), 0, 255, Binning.IDENTITY_8BIT, 255);
		}
		case U16: {
			List<Part16> parts = PrimitivePixels.reduce(chunks, Counts16::open, Counts16::add, Counts16::close);
			int lo = Integer.MAX_VALUE, hi = Integer.MIN_VALUE;
			for (Part16 p : parts) {
				lo = Math.min(lo, p.offset);
				hi = Math.max(hi, p.offset + p.counts.length - 1);
			}
			long[] c;
			if (parts.size() == 1)
				c = parts.get(0).counts;
			else {
				c = new long[hi - lo + 1];
				for (Part16 p : parts) {
					long[] pc = p.counts;
					int o = p.offset - lo;
					for (int i = 0; i < pc.length; i++)
						c[o + i] += pc[i];
				}
			}
			return fromValueCounts(c, lo, mode, 65535);
		}
		default: {
			List<double[]> ranges = PrimitivePixels.map(chunks, i -> minMax32(chunks.get(i)));
			double mn = Double.POSITIVE_INFINITY, mx = Double.NEGATIVE_INFINITY;
			for (double[] r : ranges) {
				mn = Math.min(mn, r[0]);
				mx = Math.max(mx, r[1]);
			}
			if (mn > mx)
				throw noFiniteValue();
			final double lo = mn, hi = mx;
			if (mode == Mode.IMAGEJ_256) {
				double scale = 255.0 / (hi - lo);
				List<long[]> parts = PrimitivePixels.map(chunks, i -> countFloatImageJ(chunks.get(i), lo, scale));
				return new Histogram(sum(parts, 256), lo, hi, Binning.FLOAT_SCALED, Double.NaN);
			}
			int bins = hi > lo ? FLOAT_BINS : 1;
			double scale = bins / (hi - lo);
			List<long[]> parts = PrimitivePixels.map(chunks, i -> countFloatFull(chunks.get(i), lo, scale, bins));
			return new Histogram(sum(parts, bins), lo, hi, Binning.FULL_FLOAT, Double.NaN);
		}
		}
	}

	private static long[] sum(List<long[]> parts, int bins) {
		if (parts.size() == 1)
			return parts.get(0);
		long[] out = new long[bins];
		for (long[] p : parts)
			for (int i = 0; i < bins; i++)
				out[i] += p[i];
		return out;
	}

	/** Adds a chunk of 8-bit pixels to four interleaved sub-histograms (runs of one value do not stall on one counter). */
	private static void count8(int[] c, Segment s) {
		byte[] a = (byte[]) s.array();
		int i = s.from(), end = s.to(), end4 = i + ((end - i) & ~3);
		for (; i < end4; i += 4) {
			c[a[i] & 0xff]++;
			c[256 + (a[i + 1] & 0xff)]++;
			c[512 + (a[i + 2] & 0xff)]++;
			c[768 + (a[i + 3] & 0xff)]++;
		}
		for (; i < end; i++)
			c[a[i] & 0xff]++;
	}

	private static long[] close8(int[] c) {
		long[] out = new long[256];
		for (int b = 0; b < 256; b++)
			out[b] = (long) c[b] + c[256 + b] + c[512 + b] + c[768 + b];
		return out;
	}

	/** The counts of one worker for 16-bit values {@code offset .. offset + counts.length - 1}. */
	private record Part16(long[] counts, int offset) {
	}

	/**
	 * One worker's 16-bit counts: a 65536-bin int histogram indexed by value, kept per thread
	 * between calls and left all zero after each (only the occupied span is read and cleared),
	 * so a call allocates and clears no 256 KB array.
	 */
	private static final class Counts16 {
		private static final ThreadLocal<int[][]> SCRATCH = new ThreadLocal<>();
		/** Two tables, for even and odd pixels: equal neighbouring values do not wait on one counter. */
		final int[] c, d;
		long[] spill; // counts moved out before an int bin could overflow (more than 2^31 - 1 pixels on one thread)
		long counted;

		private Counts16(int[][] cd) {
			this.c = cd[0];
			this.d = cd[1];
		}

		static Counts16 open() {
			int[][] cd = SCRATCH.get();
			if (cd == null)
				cd = new int[][] { new int[65536], new int[65536] };
			else
				SCRATCH.set(null); // in use: a nested call on this thread gets its own
			return new Counts16(cd);
		}

		void add(Segment s) {
			if (counted + s.length() > Integer.MAX_VALUE)
				spill();
			counted += s.length();
			short[] a = (short[]) s.array();
			int[] c = this.c, d = this.d;
			int i = s.from(), end = s.to(), end2 = i + ((end - i) & ~1);
			for (; i < end2; i += 2) {
				c[a[i] & 0xffff]++;
				d[a[i + 1] & 0xffff]++;
			}
			for (; i < end; i++)
				c[a[i] & 0xffff]++;
		}

		private static final int[] ZEROS = new int[1024];

		/** The first index of a 65536-bin table holding a non-zero count, 65536 if none (vectorised compares). */
		private static int firstNonZero(int[] t) {
			for (int k = 0; k < 65536; k += ZEROS.length) {
				int m = java.util.Arrays.mismatch(t, k, k + ZEROS.length, ZEROS, 0, ZEROS.length);
				if (m >= 0)
					return k + m;
			}
			return 65536;
		}

		/** The last index of a 65536-bin table holding a non-zero count, -1 if none. */
		private static int lastNonZero(int[] t) {
			for (int k = 65536 - ZEROS.length; k >= 0; k -= ZEROS.length)
				if (java.util.Arrays.mismatch(t, k, k + ZEROS.length, ZEROS, 0, ZEROS.length) >= 0) {
					int i = k + ZEROS.length - 1;
					while (t[i] == 0)
						i--;
					return i;
				}
			return -1;
		}

		private void spill() {
			if (spill == null)
				spill = new long[65536];
			for (int i = 0; i < 65536; i++) {
				spill[i] += (long) c[i] + d[i];
				c[i] = 0;
				d[i] = 0;
			}
			counted = 0;
		}

		Part16 close() {
			if (spill != null)
				spill();
			int lo = 0, hi = 65535;
			if (spill == null) {
				lo = Math.min(firstNonZero(c), firstNonZero(d));
				if (lo > 65535)
					lo = hi = 0; // nothing counted
				else
					hi = Math.max(lastNonZero(c), lastNonZero(d));
			}
			else {
				while (lo < hi && spill[lo] == 0)
					lo++;
				while (hi > lo && spill[hi] == 0)
					hi--;
			}
			long[] out = new long[hi - lo + 1];
			if (spill != null)
				System.arraycopy(spill, lo, out, 0, out.length);
			else {
				for (int i = 0; i < out.length; i++)
					out[i] = (long) c[lo + i] + d[lo + i];
				java.util.Arrays.fill(c, lo, hi + 1, 0);
				java.util.Arrays.fill(d, lo, hi + 1, 0);
			}
			SCRATCH.set(new int[][] { c, d });
			return new Part16(out, lo);
		}
	}

	private static double[] minMax32(Segment s) {
		float[] a = (float[]) s.array();
		float mn = Float.POSITIVE_INFINITY, mx = Float.NEGATIVE_INFINITY;
		for (int i = s.from(); i < s.to(); i++) {
			float v = a[i];
			if (v < mn && v != Float.NEGATIVE_INFINITY)
				mn = v;
			if (v > mx && v != Float.POSITIVE_INFINITY)
				mx = v;
		}
		return new double[] { mn, mx };
	}

	private static long[] countFloatImageJ(Segment s, double mn, double scale) {
		float[] a = (float[]) s.array();
		long[] c = new long[256];
		for (int i = s.from(); i < s.to(); i++)
			addImageJFloat(c, a[i], mn, scale);
		return c;
	}

	private static void addImageJFloat(long[] c, double value, double mn, double scale) {
		double v = value - mn;
		if (Double.isNaN(v))
			return;
		if (v < 0)
			v = 0;
		int b = (int) (v * scale + 0.5);
		c[b > 255 || b < 0 ? 255 : b]++;
	}

	private static long[] countFloatFull(Segment s, double mn, double scale, int bins) {
		float[] a = (float[]) s.array();
		long[] c = new long[bins];
		for (int i = s.from(); i < s.to(); i++) {
			float v = a[i];
			if (v == v)
				c[fullFloatBin(v, mn, scale, bins)]++;
		}
		return c;
	}

	private static int fullFloatBin(double v, double mn, double scale, int bins) {
		if (bins == 1)
			return 0;
		double x = (v - mn) * scale;
		int b = (int) x;
		if (b == x && b > 0)
			b--; // a value on an edge belongs to the bin below: bins are (lower, upper]
		return b >= bins ? bins - 1 : b < 0 ? 0 : b;
	}

	/**
	 * From counts per integer value ({@code valueCounts[i]} = pixels of value {@code offset + i},
	 * the span with data) to a histogram of the given mode.
	 */
	private static Histogram fromValueCounts(long[] valueCounts, long offset, Mode mode, double white) {
		int lo = 0, hi = valueCounts.length - 1;
		while (lo < hi && valueCounts[lo] == 0)
			lo++;
		while (hi > lo && valueCounts[hi] == 0)
			hi--;
		double mn = offset + lo, mx = offset + hi;
		if (mode == Mode.FULL) {
			long[] c = java.util.Arrays.copyOfRange(valueCounts, lo, hi + 1);
			return new Histogram(c, mn, mx, Binning.FULL_INTEGER, white);
		}
		long[] c = new long[256];
		double scale = 256.0 / (mx - mn + 1);
		for (int i = lo; i <= hi; i++) {
			if (valueCounts[i] == 0)
				continue;
			int b = (int) ((offset + i - mn) * scale + 0.5);
			c[b > 255 ? 255 : b] += valueCounts[i];
		}
		return new Histogram(c, mn, mx, Binning.INTEGER_SCALED, white);
	}

	private static IllegalArgumentException noFiniteValue() {
		return new IllegalArgumentException("The image has no finite pixel value (all NaN or infinite); nothing to threshold. "
				+ "Give an image with numbers, or replace NaN first (Process > Math > Remove NaNs...).");
	}

	// ---------------------------------------------------------------- generic path

	private static <T extends RealType<T>> Histogram generic(IterableInterval<T> it, Mode mode) {
		T type = it.firstElement();
		if (type instanceof UnsignedByteType) {
			long[] counts = new long[256];
			for (T t : it)
				counts[(int) t.getRealDouble()]++;
			return new Histogram(counts, 0, 255, Binning.IDENTITY_8BIT, 255);
		}
		boolean integer = type instanceof IntegerType && type.getMaxValue() - type.getMinValue() <= 1L << 32;
		double mn = Double.POSITIVE_INFINITY, mx = Double.NEGATIVE_INFINITY;
		for (T t : it) {
			double v = t.getRealDouble();
			if (v < mn && v != Double.NEGATIVE_INFINITY)
				mn = v;
			if (v > mx && v != Double.POSITIVE_INFINITY)
				mx = v;
		}
		if (mn > mx)
			throw noFiniteValue();
		if (integer && mode == Mode.IMAGEJ_256) {
			long[] counts = new long[256];
			double scale = 256.0 / (mx - mn + 1);
			for (T t : it) {
				int b = (int) ((t.getRealDouble() - mn) * scale + 0.5);
				counts[b > 255 ? 255 : b]++;
			}
			return new Histogram(counts, mn, mx, Binning.INTEGER_SCALED, type.getMaxValue());
		}
		boolean wholeValued = type instanceof IntegerType;
		if (wholeValued && mode == Mode.FULL && mx - mn < 65536) {
			long[] counts = new long[(int) (mx - mn) + 1];
			long off = (long) mn;
			for (T t : it)
				counts[(int) ((long) t.getRealDouble() - off)]++;
			return new Histogram(counts, mn, mx, Binning.FULL_INTEGER, type.getMaxValue());
		}
		double white = wholeValued ? type.getMaxValue() : Double.NaN;
		if (mode == Mode.IMAGEJ_256) {
			long[] counts = new long[256];
			double scale = 255.0 / (mx - mn);
			for (T t : it)
				addImageJFloat(counts, t.getRealDouble(), mn, scale);
			return new Histogram(counts, mn, mx, Binning.FLOAT_SCALED, white);
		}
		int bins = mx > mn ? FLOAT_BINS : 1;
		double scale = bins / (mx - mn);
		long[] counts = new long[bins];
		Cursor<T> c = it.cursor();
		while (c.hasNext()) {
			double v = c.next().getRealDouble();
			if (v == v)
				counts[fullFloatBin(v, mn, scale, bins)]++;
		}
		return new Histogram(counts, mn, mx, Binning.FULL_FLOAT, white);
	}

	// ---------------------------------------------------------------- ignore black / white

	/**
	 * This histogram with the bin of black (value 0) and/or the bin of white (the type's largest
	 * value: 255 for 8-bit, 65535 for 16-bit; float data have no white) emptied, as Fiji's Auto
	 * Threshold options "Ignore black" and "Ignore white" do. A value outside the histogram's range
	 * has no bin and nothing changes. In the scaled and float modes the whole bin that holds the
	 * value is emptied.
	 */
	public Histogram ignoring(boolean black, boolean white) {
		long[] c = counts.clone();
		if (black) {
			int b = binOf(0);
			if (b >= 0)
				c[b] = 0;
		}
		if (white && !Double.isNaN(this.white)) {
			int b = binOf(this.white);
			if (b >= 0)
				c[b] = 0;
		}
		return new Histogram(c, min, max, binning, this.white);
	}

	/** The bin that holds value {@code v}, or -1 when {@code v} is outside the histogram's range (or NaN). */
	public int binOf(double v) {
		if (!(v >= min && v <= max))
			return binning == Binning.IDENTITY_8BIT && v >= 0 && v <= 255 ? (int) v : -1;
		switch (binning) {
		case IDENTITY_8BIT:
			return (int) v;
		case FULL_INTEGER:
			return v == Math.rint(v) ? (int) (v - min) : -1;
		case INTEGER_SCALED: {
			int b = (int) ((v - min) * (256.0 / (max - min + 1)) + 0.5);
			return b > 255 ? 255 : b;
		}
		case FLOAT_SCALED: {
			int b = (int) ((v - min) * (255.0 / (max - min)) + 0.5);
			return b > 255 || b < 0 ? 255 : b;
		}
		default:
			return fullFloatBin(v, min, counts.length / (max - min), counts.length);
		}
	}

	/** Counts per bin (a copy). */
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

	/** Number of bins. */
	public int bins() {
		return counts.length;
	}

	/** Number of pixels counted (NaN pixels and emptied bins excluded). */
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

	/** How bins map to values. */
	public Binning binning() {
		return binning;
	}

	/** True for the full-resolution binnings ({@link Mode#FULL}; 8-bit data are the same in both modes). */
	public boolean isFull() {
		return binning == Binning.FULL_INTEGER || binning == Binning.FULL_FLOAT || binning == Binning.IDENTITY_8BIT;
	}

	/**
	 * The lowest value of bin {@code bin}: the value itself for 8-bit and full-resolution integer
	 * data, the lower edge for {@link Binning#FULL_FLOAT}, and ImageJ's level
	 * {@code min + bin/255 * (max - min)} for the scaled ImageJ binnings.
	 */
	public double binToValue(int bin) {
		switch (binning) {
		case IDENTITY_8BIT:
			return bin;
		case FULL_INTEGER:
			return min + bin;
		case FULL_FLOAT:
			return min + bin * ((max - min) / counts.length);
		default:
			return min + (bin / 255.0) * (max - min);
		}
	}

	/**
	 * The threshold value of bin {@code t} in the full-resolution binnings: pixels in bins
	 * {@code > t} are exactly those with value {@code > thresholdValue(t)} (to within rounding of
	 * the float bin edges). 8-bit and integer data: the value of bin t; float data: the upper edge
	 * of bin t.
	 */
	public double thresholdValue(int t) {
		if (binning == Binning.FULL_FLOAT)
			return t + 1 >= counts.length ? max : min + (t + 1) * ((max - min) / counts.length);
		return binToValue(t);
	}

	/**
	 * The inclusive value range of bins {@code lo..hi}.
	 * <p>
	 * ImageJ binnings (8-bit, {@link Binning#INTEGER_SCALED}, {@link Binning#FLOAT_SCALED}): the
	 * levels that ImageJ 1's {@code setAutoThreshold} and {@code scaleAndSetThreshold} set (16-bit:
	 * clamped and rounded as {@code ShortProcessor.setThreshold} does, 8-bit clamped to 0..255), as
	 * single-precision values (ImageJ's Convert to Mask compares in float).
	 * <p>
	 * Full-resolution binnings: the values in those bins, open-ended (infinite) where {@code lo} is
	 * the first bin or {@code hi} the last, so the range also holds values beyond this image's.
	 * <p>
	 * When no value can be in range the result is {@link ThresholdRange#empty()}.
	 */
	public ThresholdRange valueRange(int lo, int hi) {
		if (binning == Binning.IDENTITY_8BIT) {
			double l = Math.max(0, lo), u = Math.min(255, hi);
			return l > u ? ThresholdRange.empty() : new ThresholdRange(l, u);
		}
		if (binning == Binning.FULL_INTEGER || binning == Binning.FULL_FLOAT) {
			if (lo > hi || lo >= counts.length || hi < 0)
				return ThresholdRange.empty();
			double l = lo <= 0 ? Double.NEGATIVE_INFINITY
					: binning == Binning.FULL_INTEGER ? binToValue(lo) : Math.nextUp(thresholdValue(lo - 1));
			double u = hi >= counts.length - 1 ? Double.POSITIVE_INFINITY : thresholdValue(hi);
			return new ThresholdRange(l, u);
		}
		double lower = lo, upper = hi;
		if (max > min) {
			if (lower == 0.0) {
				if (binning == Binning.FLOAT_SCALED)
					lower = Math.min(min, -1e30);
			}
			else
				lower = min + (lower / 255.0) * (max - min);
			if (upper == 255.0)
				upper = binning == Binning.INTEGER_SCALED ? 65535 : Math.max(max, 1e30);
			else
				upper = min + (upper / 255.0) * (max - min);
		}
		else
			lower = upper = min;
		if (binning == Binning.INTEGER_SCALED) {
			// ShortProcessor.setThreshold: lower clamped to >= 0, upper to <= 65535, both rounded
			lower = Math.round(Math.max(0, lower));
			upper = Math.round(Math.min(65535, upper));
		}
		float l = (float) lower, u = (float) upper;
		return l > u ? ThresholdRange.empty() : new ThresholdRange(l, u);
	}
}
