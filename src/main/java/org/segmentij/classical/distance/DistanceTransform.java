package org.segmentij.classical.distance;

import java.util.Arrays;
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
 * <b>Algorithm.</b> The separable one of Felzenszwalb and Huttenlocher ("Distance transforms of
 * sampled functions", Theory of Computing 8, 2012), the same as Meijster et al. (2000): the
 * squared distance is computed one axis after the other; along each line it is the lower
 * envelope of the parabolas {@code f(q) + (spacing[d] * (p - q))^2}, found in linear time
 * (the first axis, where the values are still 0 or infinite, needs only a forward and a
 * backward scan, as in Meijster's first phase). Pixels whose value is still infinite are left out of the envelope, so masks without seeds
 * in a line (or at all) need no special value. The cost is O(n) per axis for n pixels; lines
 * are processed in parallel on the common fork-join pool, and the result does not depend on
 * the number of threads. Arithmetic is in double precision and exact up to rounding: the
 * squared distances are sums of {@code spacing[d]^2 * k^2} for integers {@code k}.
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
		double[] d2 = squaredDistanceToSeeds(seeds, dims, spacing);
		for (int i = 0; i < d2.length; i++)
			d2[i] = Math.sqrt(d2[i]);
		return d2;
	}

	/**
	 * As {@link #distanceToSeeds(boolean[], int[], double...)}, but in single precision (the
	 * distances are computed in double precision and rounded once).
	 */
	public static float[] distanceToSeedsFloat(boolean[] seeds, int[] dims, double... spacing) {
		double[] d2 = squaredDistanceToSeeds(seeds, dims, spacing);
		float[] out = new float[d2.length];
		for (int i = 0; i < d2.length; i++)
			out[i] = (float) Math.sqrt(d2[i]);
		return out;
	}

	/**
	 * Squared distances to the nearest seed ({@code seeds[i] == true}): 0 on seeds,
	 * {@code +Infinity} everywhere when there is no seed. See
	 * {@link #distanceToSeeds(boolean[], int[], double...)}.
	 */
	public static double[] squaredDistanceToSeeds(boolean[] seeds, int[] dims, double... spacing) {
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
		double[] f = new double[seeds.length];
		for (int i = 0; i < f.length; i++)
			f[i] = seeds[i] ? 0 : Double.POSITIVE_INFINITY;
		if (f.length == 0)
			return f;
		int stride = 1;
		boolean first = true; // f is still 0 / +Infinity: a two-scan pass suffices
		for (int d = 0; d < dims.length; d++) {
			int len = dims[d];
			if (len > 1) {
				transformAxis(f, len, stride, w[d] * w[d], first);
				first = false;
			}
			stride *= len;
		}
		return f;
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
		boolean[] seeds = new boolean[(int) total];
		Cursor<T> c = Views.flatIterable(mask).cursor();
		for (int i = 0; i < seeds.length; i++) {
			double v = c.next().getRealDouble();
			boolean fg = v != 0 && v == v;
			seeds[i] = fg == foregroundSeeds;
		}
		return ArrayImgs.floats(distanceToSeedsFloat(seeds, dims, spacing), ldims);
	}

	/**
	 * Transforms every line along one axis in place, lines in parallel. Lines along the first
	 * axis are contiguous; along the others, {@link #BLOCK} neighbouring lines are gathered and
	 * scattered together so that memory is read in contiguous runs.
	 */
	private static void transformAxis(double[] f, int len, int stride, double w2, boolean binary) {
		int block = Math.min(stride, BLOCK);
		int blocksPerSlab = (stride + block - 1) / block;
		int slabs = f.length / (stride * len);
		int tasks = slabs * blocksPerSlab;
		int grain = Math.max(1, 16384 / (len * block));
		int chunks = (tasks + grain - 1) / grain;
		IntStream.range(0, chunks).parallel().forEach(chunk -> {
			double[] lines = new double[block * len];
			double[] line = new double[len];
			double[] out = new double[len];
			int[] v = new int[len];
			double[] z = new double[len + 1];
			int end = Math.min(tasks, (chunk + 1) * grain);
			for (int task = chunk * grain; task < end; task++) {
				int slab = task / blocksPerSlab;
				int j0 = (task % blocksPerSlab) * block;
				int nb = Math.min(stride, j0 + block) - j0;
				int base = slab * stride * len + j0;
				if (stride == 1) {
					System.arraycopy(f, base, line, 0, len);
					if (binary)
						twoScan(line, out, w2);
					else
						envelope(line, out, v, z, w2);
					System.arraycopy(out, 0, f, base, len);
					continue;
				}
				// gather: lines[b * len + i] = f[base + i * stride + b]
				for (int i = 0, o = base; i < len; i++, o += stride)
					for (int b = 0; b < nb; b++)
						lines[b * len + i] = f[o + b];
				for (int b = 0; b < nb; b++) {
					System.arraycopy(lines, b * len, line, 0, len);
					if (binary)
						twoScan(line, out, w2);
					else
						envelope(line, out, v, z, w2);
					System.arraycopy(out, 0, lines, b * len, len);
				}
				for (int i = 0, o = base; i < len; i++, o += stride)
					for (int b = 0; b < nb; b++)
						f[o + b] = lines[b * len + i];
			}
		});
	}

	/** Lines gathered together along the axes above the first. */
	private static final int BLOCK = 16;

	/**
	 * One line of a seed image (values 0 or +Infinity): the squared distance to the nearest
	 * seed, {@code w2 * k * k}, by a forward and a backward scan; the same values as
	 * {@link #envelope}.
	 */
	static void twoScan(double[] f, double[] out, double w2) {
		int len = f.length;
		int last = -1;
		for (int p = 0; p < len; p++) {
			if (f[p] == 0)
				last = p;
			out[p] = last < 0 ? Double.POSITIVE_INFINITY : w2 * (p - last) * (double) (p - last);
		}
		last = -1;
		for (int p = len - 1; p >= 0; p--) {
			if (f[p] == 0)
				last = p;
			if (last >= 0) {
				double d = w2 * (last - p) * (double) (last - p);
				if (d < out[p])
					out[p] = d;
			}
		}
	}

	/**
	 * One line: {@code out[p] = min_q (f[q] + w2 * (p - q)^2)} over the q with finite f[q];
	 * all infinite when there is none.
	 */
	static void envelope(double[] f, double[] out, int[] v, double[] z, double w2) {
		int len = f.length;
		int k = -1;
		for (int q = 0; q < len; q++) {
			double fq = f[q];
			if (fq == Double.POSITIVE_INFINITY)
				continue;
			if (k < 0) {
				k = 0;
				v[0] = q;
				z[0] = Double.NEGATIVE_INFINITY;
				z[1] = Double.POSITIVE_INFINITY;
				continue;
			}
			double s;
			while (true) {
				int vk = v[k];
				// abscissa where the parabola of q meets that of v[k]
				s = ((fq + w2 * q * (double) q) - (f[vk] + w2 * vk * (double) vk)) / (2 * w2 * (q - vk));
				if (s <= z[k]) // z[0] is -Infinity: stops at k == 0
					k--;
				else
					break;
			}
			k++;
			v[k] = q;
			z[k] = s;
			z[k + 1] = Double.POSITIVE_INFINITY;
		}
		if (k < 0) {
			Arrays.fill(out, Double.POSITIVE_INFINITY);
			return;
		}
		int j = 0;
		for (int p = 0; p < len; p++) {
			while (z[j + 1] < p)
				j++;
			int dq = p - v[j];
			out[p] = f[v[j]] + w2 * dq * (double) dq;
		}
	}
}
