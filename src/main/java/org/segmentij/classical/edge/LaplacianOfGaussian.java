package org.segmentij.classical.edge;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

import org.segmentij.classical.PixelArrays;
import org.segmentij.classical.filter.GaussianBlur;

/**
 * The scale-normalised Laplacian of Gaussian and its zero crossings.
 * <p>
 * <b>Computation</b>: the image is blurred with {@link GaussianBlur} (sampled Gaussian truncated
 * at 4&sigma;, mirrored borders), then the second derivative along each axis is taken by the
 * finite difference {@code f(p-1) - 2 f(p) + f(p+1)} of the blurred image, with the same
 * mirrored border (index -1 reads index 1). The result is
 * {@code sum_d sigma_d² * d²(G*f)/dx_d²}, i.e. {@code sigma² * LoG} for one sigma: the
 * scale normalisation makes the responses of different scales comparable, so a Gaussian blob of
 * standard deviation {@code s} in 2D gives its strongest centre response at {@code sigma = s}
 * (in 3D at {@code sigma = s * sqrt(2/3)}). A bright blob gives a negative response at its
 * centre, a dark one a positive response.
 * <p>
 * Works in any number of dimensions (2D and 3D in practice). An axis with sigma 0 is neither
 * blurred nor differentiated, so {@code filter(stack, 2, 2, 0)} is the 2D LoG of each plane.
 */
public final class LaplacianOfGaussian {

	private LaplacianOfGaussian() {
	}

	/**
	 * The scale-normalised Laplacian of Gaussian (see the class description).
	 *
	 * @param image a real-valued image (not modified)
	 * @param sigma one sigma in pixels for all axes, or one per dimension; each finite and
	 *              {@code >= 0}, at least one {@code > 0}
	 * @return a new image with the input's dimensions and minimum 0
	 * @throws IllegalArgumentException for a null image, a wrong number of sigmas, a negative or
	 *                                  non-finite sigma, all sigmas 0, or more than
	 *                                  {@code Integer.MAX_VALUE - 8} pixels
	 */
	public static <T extends RealType<T>> Img<FloatType> filter(RandomAccessibleInterval<T> image, double... sigma) {
		if (image == null)
			throw new IllegalArgumentException("LaplacianOfGaussian: the image is null");
		int n = image.numDimensions();
		if (sigma == null || (sigma.length != 1 && sigma.length != n))
			throw new IllegalArgumentException("LaplacianOfGaussian: need one sigma or one per dimension (" + n
					+ "), got " + (sigma == null ? "none" : sigma.length));
		double[] s = new double[n];
		boolean any = false;
		for (int d = 0; d < n; d++) {
			double v = sigma.length == 1 ? sigma[0] : sigma[d];
			if (!(v >= 0) || Double.isInfinite(v))
				throw new IllegalArgumentException("LaplacianOfGaussian: sigma must be finite and >= 0, got " + v);
			s[d] = v;
			any |= v > 0;
		}
		if (!any)
			throw new IllegalArgumentException("LaplacianOfGaussian: at least one sigma must be > 0");
		long total = Intervals.numElements(image);
		if (total > Integer.MAX_VALUE - 8)
			throw new IllegalArgumentException("LaplacianOfGaussian: the image has " + total
					+ " pixels, more than the " + (Integer.MAX_VALUE - 8) + " supported; process it in tiles");
		long[] dims = image.dimensionsAsLongArray();
		int[] idims = new int[n];
		for (int d = 0; d < n; d++)
			idims[d] = (int) dims[d];
		// the blur reads 8-, 16-bit and float planes in place (no float copy of the input)
		float[] b = ((net.imglib2.img.array.ArrayImg<net.imglib2.type.numeric.real.FloatType, net.imglib2.img.basictypeaccess.array.FloatArray>) GaussianBlur
				.blurred(image, s)).update(null).getCurrentStorageArray();
		float[] out = n <= 3 ? laplacian3(b, idims, s, new float[b.length]) : laplacianGeneric(b, idims, s);
		return ArrayImgs.floats(out, dims);
	}

	/**
	 * {@code sum_d s_d² (b(p-1) - 2 b(p) + b(p+1))} over up to 3 axes, row by row: the
	 * neighbouring rows (and the row shifted by one pixel either way) are copied into arrays read
	 * at the same index, so the JIT vectorises the sum; mirrored borders. Written into
	 * {@code out}.
	 */
	private static float[] laplacian3(float[] b, int[] idims, double[] s, float[] out) {
		int n = idims.length;
		int w = idims[0], h = n > 1 ? idims[1] : 1, nz = n > 2 ? idims[2] : 1;
		boolean ax = s[0] > 0 && w > 1, ay = n > 1 && s[1] > 0 && h > 1, az = n > 2 && s[2] > 0 && nz > 1;
		float sx = ax ? (float) (s[0] * s[0]) : 0, sy = ay ? (float) (s[1] * s[1]) : 0,
				sz = az ? (float) (s[2] * s[2]) : 0;
		int plane = w * h;
		PixelArrays.parallel(h * nz, (long) w * 8, (from, to) -> {
			float[] c = new float[w], l = new float[w], r = new float[w], u = new float[w], d = new float[w],
					f = new float[w], k = new float[w], acc = new float[w];
			for (int row = from; row < to; row++) {
				int y = row % h, z = row / h;
				int o = z * plane + y * w;
				System.arraycopy(b, o, c, 0, w);
				for (int x = 0; x < w; x++)
					acc[x] = 0;
				if (ax) {
					System.arraycopy(b, o, r, 1, w - 1);
					r[0] = b[o + 1];
					System.arraycopy(b, o + 1, l, 0, w - 1);
					l[w - 1] = b[o + w - 2];
					// r holds the left neighbours (x-1), l the right ones (x+1)
					for (int x = 0; x < w; x++)
						acc[x] += sx * (r[x] - 2 * c[x] + l[x]);
				}
				if (ay) {
					System.arraycopy(b, z * plane + mirror(y - 1, h) * w, u, 0, w);
					System.arraycopy(b, z * plane + mirror(y + 1, h) * w, d, 0, w);
					for (int x = 0; x < w; x++)
						acc[x] += sy * (u[x] - 2 * c[x] + d[x]);
				}
				if (az) {
					System.arraycopy(b, mirror(z - 1, nz) * plane + y * w, f, 0, w);
					System.arraycopy(b, mirror(z + 1, nz) * plane + y * w, k, 0, w);
					for (int x = 0; x < w; x++)
						acc[x] += sz * (f[x] - 2 * c[x] + k[x]);
				}
				System.arraycopy(acc, 0, out, o, w);
			}
		});
		return out;
	}

	private static float[] laplacianGeneric(float[] v, int[] idims, double[] s) {
		int n = idims.length;
		float[] out = new float[v.length];
		int stride = 1;
		for (int d = 0; d < n; d++) {
			int len = idims[d];
			if (s[d] > 0 && len > 1) {
				float s2 = (float) (s[d] * s[d]);
				for (int i = 0; i < v.length; i++) {
					int p = (i / stride) % len;
					int lo = i + (mirror(p - 1, len) - p) * stride;
					int hi = i + (mirror(p + 1, len) - p) * stride;
					out[i] += s2 * (v[lo] - 2 * v[i] + v[hi]);
				}
			}
			stride *= len;
		}
		return out;
	}

	/** Mirror index into [0, len) without repeating the edge, as {@link GaussianBlur} does. */
	private static int mirror(int i, int len) {
		if (len == 1)
			return 0;
		int period = 2 * (len - 1);
		i = Math.floorMod(i, period);
		return i < len ? i : period - i;
	}

	/**
	 * Zero crossings of a (LoG) image: for every pair of neighbours along one axis (4-neighbours
	 * in 2D, 6 in 3D) whose values have strictly opposite signs and differ by at least
	 * {@code minSlope}, the pixel of the pair with the smaller absolute value is marked (the one
	 * closer to the sub-pixel zero; on a tie, the one on the positive side). A pixel that is
	 * exactly 0 is marked when its two neighbours along some axis have opposite signs and differ
	 * by at least {@code minSlope}. A constant image has no zero crossings.
	 *
	 * @param log      the filtered image (any number of dimensions; not modified)
	 * @param minSlope minimum absolute difference across the crossing, finite and {@code >= 0};
	 *                 raise it to drop weak crossings from noise and flat regions
	 * @return a new 0/255 mask with the input's dimensions and minimum 0
	 * @throws IllegalArgumentException for a null image, a negative or non-finite
	 *                                  {@code minSlope}, or more than
	 *                                  {@code Integer.MAX_VALUE - 8} pixels
	 */
	public static Img<UnsignedByteType> zeroCrossings(Img<FloatType> log, double minSlope) {
		if (log == null)
			throw new IllegalArgumentException("LaplacianOfGaussian.zeroCrossings: the image is null");
		if (!(minSlope >= 0) || Double.isInfinite(minSlope))
			throw new IllegalArgumentException("LaplacianOfGaussian.zeroCrossings: minSlope must be finite and >= 0, got "
					+ minSlope);
		long total = Intervals.numElements(log);
		if (total > Integer.MAX_VALUE - 8)
			throw new IllegalArgumentException("LaplacianOfGaussian.zeroCrossings: the image has " + total
					+ " pixels, more than the " + (Integer.MAX_VALUE - 8) + " supported");
		long[] dims = log.dimensionsAsLongArray();
		int n = dims.length;
		float[] v = new float[(int) total];
		Cursor<FloatType> c = Views.flatIterable(log).cursor();
		for (int i = 0; i < v.length; i++)
			v[i] = c.next().get();
		byte[] mask = new byte[v.length];
		int stride = 1;
		for (int d = 0; d < n; d++) {
			int len = (int) dims[d];
			for (int i = 0; i < v.length; i++) {
				int p = (i / stride) % len;
				float a = v[i];
				if (p + 1 < len) {
					float b = v[i + stride];
					if (((a > 0 && b < 0) || (a < 0 && b > 0)) && Math.abs((double) a - b) >= minSlope) {
						float aa = Math.abs(a), ab = Math.abs(b);
						int mark = aa < ab ? i : ab < aa ? i + stride : a > 0 ? i : i + stride;
						mask[mark] = (byte) 255;
					}
				}
				if (a == 0 && p > 0 && p + 1 < len) {
					float lo = v[i - stride], hi = v[i + stride];
					if (((lo > 0 && hi < 0) || (lo < 0 && hi > 0)) && Math.abs((double) lo - hi) >= minSlope)
						mask[i] = (byte) 255;
				}
			}
			stride *= len;
		}
		return ArrayImgs.unsignedBytes(mask, dims);
	}
}
