package org.segmentij.classical.distance;

import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

/**
 * Exact Euclidean distance transform of binary masks in any number of dimensions, with
 * anisotropic pixel (voxel) sizes.
 * <p>
 * <b>Definition.</b> For seed pixels {@code S} (a set of grid positions), the transform gives
 * every pixel {@code p} the value {@code min over s in S of sqrt(sum_d (spacing[d] * (p[d] - s[d]))^2)},
 * the Euclidean distance between pixel centres in calibrated units; 0 on the seeds themselves,
 * and {@code +Infinity} everywhere when there is no seed at all. Only pixels of the image are
 * seeds: nothing outside the image counts (the image border is <em>not</em> background).
 * <p>
 * {@link #distanceToBackground} uses the background pixels as seeds (value 0 on background,
 * the distance to the nearest background pixel on foreground: ImageJ's "Distance Map" with
 * calibrated units), {@link #distanceToForeground} the foreground pixels (value 0 on
 * foreground). Foreground is every nonzero, non-NaN value, as everywhere in SegmentIJ.
 * <p>
 * <b>Algorithm.</b> The separable one of Meijster et al. (2000) and Felzenszwalb and
 * Huttenlocher ("Distance transforms of sampled functions", Theory of Computing 8, 2012): the
 * squared distance is computed one axis after the other. The last axis (of size above 1) needs
 * only a forward and a backward scan, done a whole row of the image at a time (contiguous);
 * then along each line of the other axes, from the last to the first, the lower envelope of
 * the parabolas {@code f(q) + (spacing[d] * (p - q))^2} is found in linear time (Meijster's
 * integer form for isotropic spacing, otherwise Felzenszwalb and Huttenlocher's with the
 * intersections compared by cross-multiplication). The first axis is transformed
 * in place, the strided ones on blocks of neighbouring lines gathered into a scratch array.
 * Pixels whose value is still infinite are left out of the envelope, so masks without seeds in
 * a line (or at all) need no special value. The cost is O(n) per axis for n pixels; the work is
 * split into a few chunks per thread on the common fork-join pool, and the result does not
 * depend on the number of threads.
 * <p>
 * Exactness: with the same spacing on every axis the squared distances are integers (sums of
 * squared pixel offsets), computed exactly in {@code int} and multiplied by {@code spacing^2}
 * once; otherwise they are computed in double precision, exact up to rounding (sums of
 * {@code spacing[d]^2 * k^2} for integers {@code k}).
 * <p>
 * Spacing: none means 1 on every axis, one value is used for every axis, otherwise one value
 * per dimension; each must be finite and positive. The input is never modified.
 */
public final class DistanceTransform {

	private DistanceTransform() {
	}

	/**
	 * For every foreground pixel the distance to the nearest background pixel, 0 on background.
	 * An image without any background pixel is {@code +Infinity} everywhere.
	 *
	 * @param mask    any real-valued image; nonzero (and not NaN) = foreground
	 * @param spacing pixel size: none (1), one for all axes, or one per dimension
	 * @return a new float image of the mask's dimensions, starting at 0
	 * @throws IllegalArgumentException for a null or too large mask or a bad spacing
	 */
	public static <T extends RealType<T>> Img<FloatType> distanceToBackground(RandomAccessibleInterval<T> mask,
			double... spacing) {
		return transform("distanceToBackground", mask, false, spacing);
	}

	/**
	 * For every pixel the distance to the nearest foreground pixel, 0 on foreground. An image
	 * without any foreground pixel is {@code +Infinity} everywhere.
	 *
	 * @param mask    any real-valued image; nonzero (and not NaN) = foreground
	 * @param spacing pixel size: none (1), one for all axes, or one per dimension
	 * @return a new float image of the mask's dimensions, starting at 0
	 * @throws IllegalArgumentException for a null or too large mask or a bad spacing
	 */
	public static <T extends RealType<T>> Img<FloatType> distanceToForeground(RandomAccessibleInterval<T> mask,
			double... spacing) {
		return transform("distanceToForeground", mask, true, spacing);
	}

	/**
	 * Flat variant: for every pixel the distance to the nearest seed ({@code seeds[i] == true}),
	 * 0 on seeds, {@code +Infinity} everywhere when there is no seed.
	 *
	 * @param seeds   the seed pixels, x fastest, then y, z, ...
	 * @param dims    size along each dimension
	 * @param spacing pixel size: none (1), one for all axes, or one per dimension
	 * @return a new array of distances, same layout as {@code seeds}
	 * @throws IllegalArgumentException when {@code seeds.length} does not match {@code dims} or
	 *                                  the spacing is bad
	 */
	public static double[] distanceToSeeds(boolean[] seeds, int[] dims, double... spacing) {
		Squared sq = compute(seeds, dims, spacing);
		double[] out = new double[seeds.length];
		parallelRanges(out.length, (from, to) -> {
			for (int i = from; i < to; i++)
				out[i] = Math.sqrt(sq.get(i));
		});
		return out;
	}

	/**
	 * As {@link #distanceToSeeds(boolean[], int[], double...)}, but in single precision (the
	 * distances are computed in double precision and rounded once).
	 */
	public static float[] distanceToSeedsFloat(boolean[] seeds, int[] dims, double... spacing) {
		Squared sq = compute(seeds, dims, spacing);
		float[] out = new float[seeds.length];
		parallelRanges(out.length, (from, to) -> {
			for (int i = from; i < to; i++)
				out[i] = (float) Math.sqrt(sq.get(i));
		});
		return out;
	}

	/**
	 * Squared distances to the nearest seed ({@code seeds[i] == true}): 0 on seeds,
	 * {@code +Infinity} everywhere when there is no seed. See
	 * {@link #distanceToSeeds(boolean[], int[], double...)}.
	 */
	public static double[] squaredDistanceToSeeds(boolean[] seeds, int[] dims, double... spacing) {
		Squared sq = compute(seeds, dims, spacing);
		if (sq.d != null)
			return sq.d;
		double[] out = new double[seeds.length];
		parallelRanges(out.length, (from, to) -> {
			for (int i = from; i < to; i++)
				out[i] = sq.get(i);
		});
		return out;
	}

	/**
	 * The distance to the nearest seed at the pixels marked in {@code at} only, in raster order:
	 * the same values as {@link #distanceToSeeds(boolean[], int[], double...)} at those pixels,
	 * without a full image of square roots.
	 *
	 * @param seeds   the seed pixels, x fastest, then y, z, ...
	 * @param dims    size along each dimension
	 * @param at      the pixels wanted, same layout as {@code seeds}
	 * @param spacing pixel size: none (1), one for all axes, or one per dimension
	 * @return one distance per {@code true} in {@code at}, in raster order
	 * @throws IllegalArgumentException as {@link #distanceToSeeds(boolean[], int[], double...)},
	 *                                  or when {@code at} is null or of another length
	 */
	public static double[] distanceToSeedsAt(boolean[] seeds, int[] dims, boolean[] at, double... spacing) {
		if (at == null || seeds == null || at.length != seeds.length)
			throw new IllegalArgumentException("DistanceTransform: the sample mask must have as many values as the seeds");
		Squared sq = compute(seeds, dims, spacing);
		int total = at.length;
		int tasks = tasks(total, total);
		int[] offset = new int[tasks + 1];
		IntStream.range(0, tasks).parallel().forEach(t -> {
			int c = 0;
			for (int i = rangeStart(total, tasks, t), e = rangeStart(total, tasks, t + 1); i < e; i++)
				if (at[i])
					c++;
			offset[t + 1] = c;
		});
		for (int t = 0; t < tasks; t++)
			offset[t + 1] += offset[t];
		double[] out = new double[offset[tasks]];
		IntStream.range(0, tasks).parallel().forEach(t -> {
			int k = offset[t];
			for (int i = rangeStart(total, tasks, t), e = rangeStart(total, tasks, t + 1); i < e; i++)
				if (at[i])
					out[k++] = Math.sqrt(sq.get(i));
		});
		return out;
	}

	/**
	 * Squared distances of a transform: integer squared distances in units of {@code w2} when
	 * the spacing is isotropic ({@code k}), else in double precision ({@code d}).
	 */
	private static final class Squared {
		final int[] k;
		final double w2;
		final double[] d;
		/** An upper bound of the integer squared distances. */
		long maxSq = Long.MAX_VALUE;

		Squared(int[] k, double w2, double[] d) {
			this.k = k;
			this.w2 = w2;
			this.d = d;
		}

		double get(int i) {
			if (d != null)
				return d[i];
			int v = k[i];
			return v == INT_INF ? Double.POSITIVE_INFINITY : w2 == 1 ? v : w2 * v;
		}
	}

	private static Squared compute(boolean[] seeds, int[] dims, double[] spacing) {
		if (seeds == null || dims == null)
			throw new IllegalArgumentException("DistanceTransform: seeds and dims must not be null");
		long total = 1;
		for (int d : dims) {
			if (d < 0)
				throw new IllegalArgumentException("DistanceTransform: negative dimension in " + Arrays.toString(dims));
			total *= d;
		}
		if (total != seeds.length)
			throw new IllegalArgumentException("DistanceTransform: array has " + seeds.length
					+ " values but dimensions " + Arrays.toString(dims) + " need " + total);
		double[] w = spacing("DistanceTransform", spacing, dims.length);
		byte[] b = new byte[seeds.length];
		parallelRanges(b.length, (from, to) -> {
			for (int i = from; i < to; i++)
				b[i] = (byte) (seeds[i] ? 1 : 0);
		});
		return transform(b, dims, w);
	}
	/**
	 * The spacing per dimension: none = all 1, one value = that value on every axis, else one
	 * per dimension; each finite and positive.
	 *
	 * @param where   prefix for the error message
	 * @param spacing the spacing as given
	 * @param n       number of dimensions
	 * @throws IllegalArgumentException for a wrong count or a value not finite and positive
	 */
	public static double[] spacing(String where, double[] spacing, int n) {
		double[] w = new double[n];
		if (spacing == null || spacing.length == 0) {
			Arrays.fill(w, 1);
			return w;
		}
		if (spacing.length != 1 && spacing.length != n)
			throw new IllegalArgumentException(where + ": got " + spacing.length + " pixel sizes for a " + n
					+ "-dimensional image; give none (all 1), one for all axes, or one per axis (" + n + ")");
		for (int d = 0; d < n; d++) {
			double v = spacing.length == 1 ? spacing[0] : spacing[d];
			if (!(v > 0) || Double.isInfinite(v))
				throw new IllegalArgumentException(where + ": pixel size " + v + " on axis " + d
						+ " is not a positive finite number; use the calibrated pixel size (e.g. 0.2 for 0.2 µm)");
			w[d] = v;
		}
		return w;
	}

	// -----------------------------------------------------------------------------------------

	private static <T extends RealType<T>> Img<FloatType> transform(String where, RandomAccessibleInterval<T> mask,
			boolean foregroundSeeds, double[] spacing) {
		if (mask == null)
			throw new IllegalArgumentException("DistanceTransform." + where + ": mask must not be null");
		int n = mask.numDimensions();
		long[] ldims = mask.dimensionsAsLongArray();
		long total = Intervals.numElements(ldims);
		if (total > Integer.MAX_VALUE - 8)
			throw new IllegalArgumentException("DistanceTransform." + where + ": the mask has " + total
					+ " pixels, more than the " + (Integer.MAX_VALUE - 8) + " supported; crop or downsample it");
		spacing("DistanceTransform." + where, spacing, n); // validate before the work
		int[] dims = new int[n];
		for (int d = 0; d < n; d++)
			dims[d] = (int) ldims[d];
		byte[] seeds = seeds(mask, foregroundSeeds, where);
		double[] w = spacing("DistanceTransform." + where, spacing, n);
		float[] fused = isotropicToFloat(seeds, dims, w);
		if (fused != null)
			return ArrayImgs.floats(fused, ldims);
		Squared sq = transform(seeds, dims, w);
		float[] out = new float[(int) total];
		boolean anySeed = sq.k == null || total == 0 || sq.k[0] != INT_INF; // without seeds every value is infinite
		if (sq.k != null && sq.w2 == 1 && sq.maxSq < 1 << 24 && anySeed)
			// whole squared distances below 2^24 are exact in float, whose square root rounds as
			// the double one does: a cheaper loop, the same values
			parallelRanges(out.length, (from, to) -> {
				int[] k = sq.k;
				for (int i = from; i < to; i++)
					out[i] = (float) Math.sqrt((float) k[i]);
			});
		else
			parallelRanges(out.length, (from, to) -> {
				for (int i = from; i < to; i++)
					out[i] = (float) Math.sqrt(sq.get(i));
			});
		return ArrayImgs.floats(out, ldims);
	}

	/**
	 * The distances as floats for isotropic spacing in 2D or 3D (null otherwise: the general
	 * path applies), the same values as the general path, with work only where there is no seed:
	 * <ol>
	 * <li>along the last axis, the two scans visit only the runs of non-seed pixels of each row
	 * (found eight seed bytes at a time), keeping plain distances (seeds stay 0);</li>
	 * <li>along the other axes the envelope runs over the non-zero runs of each line (see
	 * {@link #envelopeRuns(int[], int, int, int[], int[], int[])}), the first of them squaring the
	 * distances as it reads them;</li>
	 * <li>the last of them (x) writes the square roots of its runs into the result, whose seed
	 * pixels stay 0.</li>
	 * </ol>
	 */
	private static float[] isotropicToFloat(byte[] seeds, int[] dims, double[] w) {
		float[] out = new float[seeds.length];
		return isotropic(seeds, dims, w, out) == null ? null : out;
	}

	/**
	 * Squared distances to the nearest seed ({@code seeds[i] != 0}), in whole units of
	 * {@code spacing^2}, for an isotropic spacing in 2D or 3D; {@link Integer#MAX_VALUE} where
	 * there is no seed at all. Null when the spacing is not isotropic, the image is not 2D or 3D
	 * (or a single line), or the squared distances could exceed an int: use
	 * {@link #squaredDistanceToSeeds} then. The values are those of {@link #squaredDistanceToSeeds}
	 * divided by {@code spacing^2}, exactly.
	 *
	 * @param seeds   one byte per pixel, x fastest; nonzero = seed (not modified)
	 * @param dims    size along each dimension
	 * @param spacing pixel size: none (1), one for all axes, or one per dimension
	 * @throws IllegalArgumentException as {@link #distanceToSeeds}
	 */
	public static int[] squaredDistanceToSeedsIsotropic(byte[] seeds, int[] dims, double... spacing) {
		if (seeds == null || dims == null)
			throw new IllegalArgumentException("DistanceTransform: seeds and dims must not be null");
		long total = 1;
		for (int d : dims)
			total *= d;
		if (total != seeds.length)
			throw new IllegalArgumentException("DistanceTransform: array has " + seeds.length + " values but dimensions "
					+ Arrays.toString(dims) + " need " + total);
		byte[] b = seeds;
		for (byte x : seeds)
			if (x != 0 && x != 1) { // the scans want 0/1
				b = new byte[seeds.length];
				for (int i = 0; i < b.length; i++)
					b[i] = (byte) (seeds[i] != 0 ? 1 : 0);
				break;
			}
		return isotropic(b, dims, spacing("DistanceTransform", spacing, dims.length), null);
	}

	/**
	 * The isotropic 2D/3D transform (see {@link #isotropicToFloat}): the squared distances in
	 * units of spacing^2 (INT_INF without seeds), and their calibrated square roots into
	 * {@code roots} when it is not null; null when it does not apply.
	 */
	private static int[] isotropic(byte[] seeds, int[] dims, double[] w, float[] out) {
		int n = dims.length;
		if (n < 2 || n > 3 || dims[0] < 1)
			return null;
		int last = -1;
		long maxSq = 0;
		for (int d = 0; d < n; d++) {
			if (dims[d] > 1)
				last = d;
			maxSq += (dims[d] - 1L) * (dims[d] - 1L);
		}
		if (last < 1 || maxSq >= INT_INF - 1)
			return null;
		for (int d = 0; d < n; d++)
			if (dims[d] > 1 && w[d] != w[last])
				return null;
		double w2 = w[last] * w[last];
		int total = seeds.length;
		int[] stride = new int[n];
		for (int d = 0, st = 1; d < n; d++) {
			stride[d] = st;
			st *= dims[d];
		}
		int[] g = new int[total];
		// 1. the last axis: plain distances to the nearest seed along it, non-seed runs only
		int len = dims[last], s = stride[last];
		int width = Math.max(64, Math.min(s, (SCAN_STRIP / len) & ~63));
		int strips = (s + width - 1) / width;
		int tasks = tasks(total, strips);
		forTasks(tasks, t -> {
			for (int strip = rangeStart(strips, tasks, t), end = rangeStart(strips, tasks, t + 1); strip < end; strip++) {
				int j0 = strip * width, j1 = Math.min(s, j0 + width);
				for (int base = 0; base < total; base += s) { // forward
					int prev = base - s;
					for (int j = nonSeed(seeds, base + j0, base + j1); j < base + j1; j = nonSeed(seeds, j, base + j1)) {
						int e = seedAt(seeds, j, base + j1);
						if (prev < 0)
							java.util.Arrays.fill(g, j, e, FAR);
						else
							for (int i = j; i < e; i++)
								g[i] = g[i - s] + 1;
						j = e;
					}
				}
				for (int base = total - 2 * s; base >= 0; base -= s) // backward
					for (int j = nonSeed(seeds, base + j0, base + j1); j < base + j1; j = nonSeed(seeds, j, base + j1)) {
						int e = seedAt(seeds, j, base + j1);
						for (int i = j; i < e; i++)
							g[i] = Math.min(g[i], g[i + s] + 1);
						j = e;
					}
			}
		});
		// 2. the other axes, from the last to the first; the first of them squares, x writes roots
		boolean squared = false;
		int rootAxis = -1; // the last axis transformed: the first one longer than 1 before `last`
		for (int d = last - 1; d >= 0; d--)
			if (dims[d] > 1)
				rootAxis = d;
		for (int d = last - 1; d >= 0; d--) {
			if (dims[d] <= 1)
				continue;
			boolean square = !squared, roots = d == rootAxis;
			squared = true;
			int dl = dims[d], ds = stride[d];
			if (ds == 1) {
				int lines = total / dl;
				int lt = tasks(total, lines);
				forTasks(lt, t -> {
					int[] st = new int[dl], tt = new int[dl], fs = new int[dl];
					for (int l = rangeStart(lines, lt, t), e = rangeStart(lines, lt, t + 1); l < e; l++)
						runsAlong(g, l * dl, dl, square, roots ? out : null, l * dl, w2, st, tt, fs); // out may be null
				});
				continue;
			}
			int block = Math.min(ds, BLOCK);
			int perSlab = (ds + block - 1) / block;
			int units = total / (ds * dl) * perSlab;
			int ut = tasks(total, units);
			forTasks(ut, t -> {
				int[] buf = new int[block * dl];
				int[] st = new int[dl], tt = new int[dl], fs = new int[dl];
				for (int u = rangeStart(units, ut, t), e = rangeStart(units, ut, t + 1); u < e; u++) {
					int j0 = (u % perSlab) * block;
					int nb = Math.min(block, ds - j0);
					int base = u / perSlab * ds * dl + j0;
					for (int i = 0, o = base; i < dl; i++, o += ds)
						for (int b = 0, bi = i; b < nb; b++, bi += dl)
							buf[bi] = g[o + b];
					for (int b = 0; b < nb; b++)
						runsAlong(buf, b * dl, dl, square, null, 0, w2, st, tt, fs);
					// (the strided axes are never the root axis: an axis of stride 1 comes later)
					for (int i = 0, o = base; i < dl; i++, o += ds)
						for (int b = 0, bi = i; b < nb; b++, bi += dl)
							g[o + b] = buf[bi];
				}
			});
		}
		if (!squared) { // only the last axis is longer than 1 (a single row or column per image)
			parallelRanges(total, (from, to) -> {
				for (int i = from; i < to; i++) {
					int c = g[i];
					g[i] = c >= FAR ? INT_INF : c * c;
					if (out != null)
						out[i] = c >= FAR ? Float.POSITIVE_INFINITY : root(c * (long) c, w2);
				}
			});
		}
		return g;
	}

	/** The square root of {@code w2 * k}, rounded to float, as the general path computes it. */
	private static float root(long k, double w2) {
		if (w2 == 1 && k < 1 << 24)
			return (float) Math.sqrt((float) k); // k is exact in float; the root rounds as in double
		return (float) Math.sqrt(w2 == 1 ? (double) k : w2 * k);
	}

	/**
	 * One line of the envelope over its runs of non-zero values: squared first ({@code c >= FAR}:
	 * no seed, {@link #INT_INF}) when {@code square}, and the square roots of the runs written to
	 * {@code roots} at {@code rootOff} when it is not null.
	 */
	private static void runsAlong(int[] a, int off, int len, boolean square, float[] roots, int rootOff, double w2, int[] st,
			int[] tt, int[] fs) {
		int end = off + len;
		int i = off;
		while (i < end) {
			while (i < end && a[i] == 0)
				i++;
			if (i == end)
				return;
			int start = i;
			while (i < end && a[i] != 0)
				i++;
			if (square)
				for (int j = start; j < i; j++) {
					int c = a[j];
					a[j] = c >= FAR ? INT_INF : c * c;
				}
			int lo = start > off ? start - 1 : off, hi = i < end ? i : end - 1;
			envelope(a, lo, hi - lo + 1, st, tt, fs);
			if (roots != null)
				for (int j = start; j < i; j++) {
					int k = a[j];
					roots[rootOff + j - off] = k == INT_INF ? Float.POSITIVE_INFINITY : root(k, w2);
				}
		}
	}

	private static final java.lang.invoke.VarHandle LONGS = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class,
			java.nio.ByteOrder.LITTLE_ENDIAN);

	/** The first index in {@code from..to} whose seed byte is 0 (to when none); eight bytes at a time over all-seed words. */
	private static int nonSeed(byte[] seeds, int from, int to) {
		int i = from;
		while (i + 8 <= to && (long) LONGS.get(seeds, i) == 0x0101010101010101L)
			i += 8;
		while (i < to && seeds[i] != 0)
			i++;
		return i;
	}

	/** The first index in {@code from..to} whose seed byte is 1 (to when none); eight bytes at a time over seedless words. */
	private static int seedAt(byte[] seeds, int from, int to) {
		int i = from;
		while (i + 8 <= to && (long) LONGS.get(seeds, i) == 0)
			i += 8;
		while (i < to && seeds[i] == 0)
			i++;
		return i;
	}

	/**
	 * The seeds of a mask as bytes (1 = seed): the background pixels (0 or NaN) or the
	 * foreground ones; 8-bit, 16-bit and float ArrayImg and PlanarImg masks are read in place, in
	 * parallel.
	 */
	private static <T extends RealType<T>> byte[] seeds(RandomAccessibleInterval<T> mask, boolean foregroundSeeds, String where) {
		org.segmentij.classical.PixelArrays.Plane[] planes = mask.numDimensions() >= 2 ? org.segmentij.classical.PixelArrays.planes(mask)
				: null;
		if (planes == null) {
			byte[] fg = org.segmentij.classical.PixelArrays.mask(mask, "DistanceTransform." + where);
			byte want = (byte) (foregroundSeeds ? 1 : 0);
			byte[] out = new byte[fg.length];
			for (int i = 0; i < out.length; i++)
				out[i] = (byte) (fg[i] == want ? 1 : 0);
			return out;
		}
		int plane = (int) (mask.dimension(0) * mask.dimension(1));
		byte[] out = new byte[plane * planes.length];
		int flip = foregroundSeeds ? 1 : 0;
		parallelRanges(out.length, (from, to) -> {
			for (int i = from; i < to;) {
				int p = i / plane, end = Math.min(to, (p + 1) * plane);
				Object a = planes[p].array();
				int o = planes[p].offset() - p * plane;
				// background: value 0 (or NaN), as 1 - (value != 0)
				if (a instanceof byte[] b)
					for (; i < end; i++)
						out[i] = (byte) ((((b[o + i] & 0xff) - 1) >>> 31) ^ flip);
				else if (a instanceof short[] sh)
					for (; i < end; i++)
						out[i] = (byte) ((((sh[o + i] & 0xffff) - 1) >>> 31) ^ flip);
				else {
					float[] f = (float[]) a;
					for (; i < end; i++) {
						float v = f[o + i];
						out[i] = (byte) ((v != 0 && v == v ? 0 : 1) ^ flip);
					}
				}
			}
		});
		return out;
	}

	// -----------------------------------------------------------------------------------------
	// The transform

	/** Squared distance of a pixel without any seed in reach (integer transform). */
	private static final int INT_INF = Integer.MAX_VALUE;
	/** "No seed yet" in the scans of the first axis; adding a line length never overflows. */
	private static final int FAR = 1 << 30;
	/** Lines gathered together along the strided axes (other than the first). */
	private static final int BLOCK = 32;
	/** Below this many pixels everything runs on the calling thread. */
	private static final int PARALLEL_MIN = 1 << 15;

	/**
	 * The squared distances. The last axis longer than 1 gets Meijster's two scans (rows of
	 * the image at a time: contiguous, in chunks of columns in parallel); the other axes, from
	 * the last to the first, get the lower envelope of parabolas per line (the first axis in
	 * place, the others on blocks of neighbouring lines gathered into a scratch array). With
	 * isotropic spacing the squared distances are integers (sums of squared pixel offsets),
	 * exact in {@code int}, multiplied by {@code spacing^2} at the end; otherwise in double.
	 */
	private static Squared transform(byte[] seeds, int[] dims, double[] w) {
		int total = seeds.length;
		int n = dims.length;
		int last = -1;
		long maxSq = 0;
		for (int d = 0; d < n; d++) {
			if (dims[d] > 1)
				last = d;
			maxSq += (dims[d] - 1L) * (dims[d] - 1L);
		}
		if (last < 0) { // at most one pixel
			int[] k = new int[total];
			for (int i = 0; i < total; i++)
				k[i] = seeds[i] != 0 ? 0 : INT_INF;
			return new Squared(k, 1, null);
		}
		boolean iso = maxSq < INT_INF - 1;
		for (int d = 0; d < n; d++)
			if (dims[d] > 1 && w[d] != w[last])
				iso = false;
		int[] stride = new int[n];
		for (int d = 0, s = 1; d < n; d++) {
			stride[d] = s;
			s *= dims[d];
		}
		int[] g = new int[total];
		double[] f = iso ? null : new double[total];
		twoScans(seeds, g, f, dims[last], stride[last], w[last] * w[last]);
		for (int d = last - 1; d >= 0; d--) {
			if (dims[d] <= 1)
				continue;
			if (iso)
				envelopeAxis(g, dims[d], stride[d]);
			else
				envelopeAxis(f, dims[d], stride[d], w[d] * w[d]);
		}
		Squared sq = iso ? new Squared(g, w[last] * w[last], null) : new Squared(null, 0, f);
		sq.maxSq = maxSq;
		return sq;
	}

	/**
	 * Meijster's first phase along the last axis (length {@code len}, stride {@code s}, the
	 * whole image is one slab): forward and backward scans over whole rows, chunks of columns
	 * in parallel. Writes the squared distance along that axis: in pixel units into {@code g}
	 * when {@code f} is null, else times {@code w2} into {@code f}.
	 */
	private static void twoScans(byte[] seeds, int[] g, double[] f, int len, int s, double w2) {
		// strips of columns narrow enough to stay in the L2 cache between the two scans
		int width = Math.max(16, Math.min(s, (SCAN_STRIP / len) & ~15));
		int strips = (s + width - 1) / width;
		int tasks = tasks(g.length, strips);
		forTasks(tasks, t -> {
			int[] prev = new int[width];
			for (int strip = rangeStart(strips, tasks, t), end = rangeStart(strips, tasks, t + 1); strip < end; strip++) {
				int j0 = strip * width, j1 = Math.min(s, j0 + width);
				scanStrip(seeds, g, f, len, s, w2, j0, j1, prev);
			}
		});
	}

	/** Ints of a strip of columns scanned together (256 KiB). */
	private static final int SCAN_STRIP = 1 << 16;

	private static void scanStrip(byte[] seeds, int[] g, double[] f, int len, int s, double w2, int j0, int j1,
			int[] prev) {
		for (int j = j0; j < j1; j++)
			g[j] = seeds[j] != 0 ? 0 : FAR;
		for (int base = s; base < g.length; base += s)
			for (int j = base + j0, e = base + j1; j < e; j++)
				g[j] = (g[j - s] + 1) & (seeds[j] - 1); // 0 on a seed (1), else one more than above
		int base = (len - 1) * s;
		for (int j = j0; j < j1; j++) {
			int c = g[base + j];
			prev[j - j0] = c;
			if (f == null)
				g[base + j] = c >= FAR ? INT_INF : c * c;
			else
				f[base + j] = c >= FAR ? Double.POSITIVE_INFINITY : w2 * c * (double) c;
		}
		for (base -= s; base >= 0; base -= s) {
			if (f == null) {
				for (int j = j0; j < j1; j++) {
					int c = Math.min(g[base + j], prev[j - j0] + 1);
					prev[j - j0] = c;
					g[base + j] = c >= FAR ? INT_INF : c * c;
				}
			} else {
				for (int j = j0; j < j1; j++) {
					int c = Math.min(g[base + j], prev[j - j0] + 1);
					prev[j - j0] = c;
					f[base + j] = c >= FAR ? Double.POSITIVE_INFINITY : w2 * c * (double) c;
				}
			}
		}
	}

	/** The envelope along one axis (length {@code len}, stride {@code s}) of every line, integers. */
	private static void envelopeAxis(int[] g, int len, int s) {
		int total = g.length;
		if (s == 1) {
			int lines = total / len;
			int tasks = tasks(total, lines);
			forTasks(tasks, t -> {
				int[] st = new int[len], tt = new int[len], fs = new int[len];
				for (int l = rangeStart(lines, tasks, t), e = rangeStart(lines, tasks, t + 1); l < e; l++)
					envelopeRuns(g, l * len, len, st, tt, fs);
			});
			return;
		}
		int block = Math.min(s, BLOCK);
		int perSlab = (s + block - 1) / block;
		int units = total / (s * len) * perSlab;
		int tasks = tasks(total, units);
		forTasks(tasks, t -> {
			int[] buf = new int[block * len];
			int[] st = new int[len], tt = new int[len], fs = new int[len];
			for (int u = rangeStart(units, tasks, t), e = rangeStart(units, tasks, t + 1); u < e; u++) {
				int j0 = (u % perSlab) * block;
				int nb = Math.min(block, s - j0);
				int base = u / perSlab * s * len + j0;
				for (int i = 0, o = base; i < len; i++, o += s)
					for (int b = 0, bi = i; b < nb; b++, bi += len)
						buf[bi] = g[o + b];
				for (int b = 0; b < nb; b++)
					envelopeRuns(buf, b * len, len, st, tt, fs);
				for (int i = 0, o = base; i < len; i++, o += s)
					for (int b = 0, bi = i; b < nb; b++, bi += len)
						g[o + b] = buf[bi];
			}
		});
	}

	/** The envelope along one axis of every line, double precision, {@code w2 = spacing^2}. */
	private static void envelopeAxis(double[] f, int len, int s, double w2) {
		int total = f.length;
		if (s == 1) {
			int lines = total / len;
			int tasks = tasks(total, lines);
			forTasks(tasks, t -> {
				int[] v = new int[len];
				double[] fv = new double[len], big = new double[len];
				for (int l = rangeStart(lines, tasks, t), e = rangeStart(lines, tasks, t + 1); l < e; l++)
					envelopeRuns(f, l * len, len, w2, v, fv, big);
			});
			return;
		}
		int block = Math.min(s, BLOCK);
		int perSlab = (s + block - 1) / block;
		int units = total / (s * len) * perSlab;
		int tasks = tasks(total, units);
		forTasks(tasks, t -> {
			double[] buf = new double[block * len];
			int[] v = new int[len];
			double[] fv = new double[len], big = new double[len];
			for (int u = rangeStart(units, tasks, t), e = rangeStart(units, tasks, t + 1); u < e; u++) {
				int j0 = (u % perSlab) * block;
				int nb = Math.min(block, s - j0);
				int base = u / perSlab * s * len + j0;
				for (int i = 0, o = base; i < len; i++, o += s)
					for (int b = 0, bi = i; b < nb; b++, bi += len)
						buf[bi] = f[o + b];
				for (int b = 0; b < nb; b++)
					envelopeRuns(buf, b * len, len, w2, v, fv, big);
				for (int i = 0, o = base; i < len; i++, o += s)
					for (int b = 0, bi = i; b < nb; b++, bi += len)
						f[o + b] = buf[bi];
			}
		});
	}

	/**
	 * The envelope of one line, integers, computed only where it can change anything: the
	 * values are 0 exactly at the seeds, and for a pixel between two zeros (or a zero and the
	 * end of the line) no parabola beyond those zeros can be lower than theirs (it is farther
	 * and no lower), so each run of nonzero values is transformed with the two zeros around
	 * it only; zeros stay 0. The result is that of {@link #envelope(int[], int, int, int[], int[], int[])}
	 * on the whole line.
	 */
	static void envelopeRuns(int[] a, int off, int len, int[] s, int[] t, int[] fs) {
		int end = off + len;
		int i = off;
		while (i < end) {
			while (i < end && a[i] == 0)
				i++;
			if (i == end)
				return;
			int start = i;
			while (i < end && a[i] != 0)
				i++;
			int lo = start > off ? start - 1 : off, hi = i < end ? i : end - 1;
			envelope(a, lo, hi - lo + 1, s, t, fs);
		}
	}

	/** As {@link #envelopeRuns(int[], int, int, int[], int[], int[])}, in double precision. */
	static void envelopeRuns(double[] a, int off, int len, double w2, int[] v, double[] fv, double[] big) {
		int end = off + len;
		int i = off;
		while (i < end) {
			while (i < end && a[i] == 0)
				i++;
			if (i == end)
				return;
			int start = i;
			while (i < end && a[i] != 0)
				i++;
			int lo = start > off ? start - 1 : off, hi = i < end ? i : end - 1;
			envelope(a, lo, hi - lo + 1, w2, v, fv, big);
		}
	}

	/**
	 * One line {@code a[off .. off + len)} in place, integers (pixel units):
	 * {@code a[p] = min_q (a[q] + (p - q)^2)} over the q with {@code a[q] != INT_INF}; a line
	 * without any is left as it is. Meijster's second phase: a stack of the parabolas of the
	 * lower envelope ({@code s}: their apexes, {@code t}: where each starts to be lowest,
	 * {@code fs}: their heights), then one backward sweep. Exact in {@code int}: every value
	 * is at most the largest squared distance in the image, below {@code 2^31}.
	 */
	static void envelope(int[] a, int off, int len, int[] s, int[] t, int[] fs) {
		int k = -1;
		for (int u = 0; u < len; u++) {
			int gu = a[off + u];
			if (gu == INT_INF)
				continue;
			// drop the parabolas that are above the one of u where they start to be lowest
			while (k >= 0) {
				int tk = t[k], d1 = tk - s[k], d2 = tk - u;
				if (d1 * d1 + fs[k] > d2 * d2 + gu)
					k--;
				else
					break;
			}
			if (k < 0) {
				k = 0;
				s[0] = u;
				t[0] = 0;
				fs[0] = gu;
			} else {
				// first position where u is strictly lower than s[k]; the numerator is >= 0 here
				int sk = s[k];
				int w = 1 + (u * u + gu - sk * sk - fs[k]) / (2 * (u - sk));
				if (w < len) {
					k++;
					s[k] = u;
					t[k] = w;
					fs[k] = gu;
				}
			}
		}
		if (k < 0)
			return;
		for (int p = len - 1; p >= 0; p--) {
			int d = p - s[k];
			a[off + p] = d * d + fs[k];
			if (p == t[k])
				k--;
		}
	}

	/**
	 * The lower envelope of one line in double precision (Felzenszwalb and Huttenlocher, with
	 * the intersections compared by cross-multiplication, so no division), with
	 * spacing {@code w2 = spacing^2}: {@code a[p] = min_q (a[q] + w2 (p - q)^2)} over the
	 * finite {@code a[q]}.
	 */
	static void envelope(double[] a, int off, int len, double w2, int[] v, double[] fv, double[] big) {
		int k = -1;
		for (int q = 0; q < len; q++) {
			double fq = a[off + q];
			if (fq == Double.POSITIVE_INFINITY)
				continue;
			double bq = fq + w2 * q * (double) q;
			while (k > 0 && (bq - big[k]) * (v[k] - v[k - 1]) <= (big[k] - big[k - 1]) * (q - v[k]))
				k--;
			k++;
			v[k] = q;
			fv[k] = fq;
			big[k] = bq;
		}
		if (k < 0)
			return;
		int j = 0;
		double w2x2 = 2 * w2;
		for (int p = 0; p < len; p++) {
			while (j < k && big[j + 1] - big[j] <= w2x2 * p * (v[j + 1] - v[j]))
				j++;
			int dq = p - v[j];
			a[off + p] = fv[j] + w2 * dq * (double) dq;
		}
	}

	// -----------------------------------------------------------------------------------------
	// Parallel chunks: a few big ones (about 4 per thread) on the common fork-join pool

	@FunctionalInterface
	private interface Range {
		void run(int from, int to);
	}

	private static int tasks(long work, int units) {
		if (work < PARALLEL_MIN || units <= 1)
			return 1;
		return Math.min(units, 4 * (ForkJoinPool.getCommonPoolParallelism() + 1));
	}

	private static void forTasks(int tasks, IntConsumer body) {
		if (tasks == 1)
			body.accept(0);
		else
			IntStream.range(0, tasks).parallel().forEach(body);
	}

	private static void parallelRanges(int n, Range body) {
		int tasks = tasks(n, n);
		forTasks(tasks, t -> body.run(rangeStart(n, tasks, t), rangeStart(n, tasks, t + 1)));
	}

	private static int rangeStart(int n, int tasks, int t) {
		return (int) ((long) n * t / tasks);
	}
}
