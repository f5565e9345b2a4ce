package org.segmentij.classical.filter;

import java.util.stream.IntStream;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

/**
 * A small separable Gaussian blur on {@link FloatType} images of any number of dimensions.
 * <p>
 * The kernel along each axis is a sampled Gaussian truncated at 4&sigma; (radius
 * {@code ceil(4 sigma)}), normalised to sum 1. Borders are handled by mirroring without
 * repeating the edge pixel (index -1 reads index 1), so a constant image stays constant.
 * The image is copied into a flat float array, blurred axis by axis (lines in parallel on
 * the common fork-join pool) and written back, so {@code src} may be the same image as
 * {@code dst}. The result does not depend on the number of threads.
 */
public final class GaussianBlur {

	private GaussianBlur() {
	}

	/**
	 * Blurs {@code src} into {@code dst}.
	 *
	 * @param src   input image
	 * @param dst   output image of the same dimensions (its own min may differ; pixels are
	 *              paired by position relative to each image's min); may be {@code src}
	 * @param sigma standard deviation in pixels, either one value for all axes or one per
	 *              dimension; 0 leaves that axis unblurred
	 * @throws IllegalArgumentException if the sizes differ, a sigma is negative or not finite,
	 *                                  the number of sigmas fits neither form, or the image
	 *                                  has more than {@code Integer.MAX_VALUE - 8} pixels
	 */
	public static void blur(RandomAccessibleInterval<FloatType> src, RandomAccessibleInterval<FloatType> dst,
			double... sigma) {
		if (src == null || dst == null)
			throw new IllegalArgumentException("GaussianBlur: src and dst must not be null");
		int n = src.numDimensions();
		long[] dims = src.dimensionsAsLongArray();
		if (!Intervals.equalDimensions(src, dst))
			throw new IllegalArgumentException("GaussianBlur: source is " + sizeString(src) + " but destination is "
					+ sizeString(dst) + "; pass a destination of the same size");
		double[] s = expandSigma(sigma, n);
		long total = Intervals.numElements(dims);
		if (total > Integer.MAX_VALUE - 8)
			throw new IllegalArgumentException("GaussianBlur: image " + sizeString(src) + " has " + total
					+ " pixels, more than the " + (Integer.MAX_VALUE - 8) + " this blur supports; blur it in tiles");
		float[] a = new float[(int) total];
		Cursor<FloatType> c = Views.flatIterable(src).cursor();
		for (int i = 0; i < a.length; i++)
			a[i] = c.next().get();
		int[] idims = new int[n];
		for (int d = 0; d < n; d++)
			idims[d] = (int) dims[d];
		a = blur(a, idims, s);
		Cursor<FloatType> o = Views.flatIterable(dst).cursor();
		for (int i = 0; i < a.length; i++)
			o.next().set(a[i]);
	}

	/**
	 * Blurs a flat array (x fastest) in place.
	 *
	 * @param data  pixels, x fastest; overwritten with the result
	 * @param dims  size along each dimension
	 * @param sigma one sigma for all axes or one per dimension (0 = skip)
	 * @return {@code data}
	 * @throws IllegalArgumentException if {@code data.length} does not match {@code dims} or a
	 *                                  sigma is invalid
	 */
	public static float[] blur(float[] data, int[] dims, double[] sigma) {
		long total = 1;
		for (int d : dims)
			total *= d;
		if (total != data.length)
			throw new IllegalArgumentException("GaussianBlur: array has " + data.length + " values but dimensions "
					+ java.util.Arrays.toString(dims) + " need " + total);
		double[] s = expandSigma(sigma, dims.length);
		float[] a = data;
		float[] b = null;
		int stride = 1;
		for (int d = 0; d < dims.length; d++) {
			int len = dims[d];
			if (s[d] > 0 && len > 1) {
				if (b == null)
					b = new float[a.length];
				float[] k = kernel(s[d]);
				if (stride == 1)
					blurX(a, b, len, k);
				else
					blurStrided(a, b, len, stride, k);
				float[] t = a;
				a = b;
				b = t;
			}
			stride *= len;
		}
		if (a != data)
			System.arraycopy(a, 0, data, 0, data.length);
		return data;
	}

	/** Normalised half kernel: k[0] centre, k[i] weight at distance i. */
	static float[] kernel(double sigma) {
		int r = Math.max(1, (int) Math.ceil(4 * sigma));
		double[] w = new double[r + 1];
		double sum = 0;
		for (int i = 0; i <= r; i++) {
			w[i] = Math.exp(-0.5 * i * i / (sigma * sigma));
			sum += i == 0 ? w[i] : 2 * w[i];
		}
		float[] k = new float[r + 1];
		for (int i = 0; i <= r; i++)
			k[i] = (float) (w[i] / sum);
		return k;
	}

	/** Mirror index into [0, len) without repeating the edge (period 2(len-1)). */
	static int mirror(int i, int len) {
		if (len == 1)
			return 0;
		int p = 2 * (len - 1);
		i = Math.floorMod(i, p);
		return i < len ? i : p - i;
	}

	private static void blurX(float[] a, float[] b, int len, float[] k) {
		int r = k.length - 1;
		int lines = a.length / len;
		int chunk = Math.max(1, 65536 / len);
		int tasks = (lines + chunk - 1) / chunk;
		IntStream.range(0, tasks).parallel().forEach(t -> {
			float[] buf = new float[len + 2 * r];
			int end = Math.min(lines, (t + 1) * chunk);
			for (int line = t * chunk; line < end; line++) {
				int base = line * len;
				System.arraycopy(a, base, buf, r, len);
				for (int i = 1; i <= r; i++) {
					buf[r - i] = a[base + mirror(-i, len)];
					buf[r + len - 1 + i] = a[base + mirror(len - 1 + i, len)];
				}
				for (int x = 0; x < len; x++) {
					int c = x + r;
					float v = k[0] * buf[c];
					for (int i = 1; i <= r; i++)
						v += k[i] * (buf[c - i] + buf[c + i]);
					b[base + x] = v;
				}
			}
		});
	}

	private static void blurStrided(float[] a, float[] b, int len, int stride, float[] k) {
		int r = k.length - 1;
		int slabs = a.length / (len * stride);
		IntStream.range(0, slabs * len).parallel().forEach(task -> {
			int slab = task / len;
			int j = task % len;
			int base = slab * len * stride;
			int out = base + j * stride;
			int centre = out;
			float k0 = k[0];
			for (int x = 0; x < stride; x++)
				b[out + x] = k0 * a[centre + x];
			for (int i = 1; i <= r; i++) {
				int lo = base + mirror(j - i, len) * stride;
				int hi = base + mirror(j + i, len) * stride;
				float ki = k[i];
				for (int x = 0; x < stride; x++)
					b[out + x] += ki * (a[lo + x] + a[hi + x]);
			}
		});
	}

	private static double[] expandSigma(double[] sigma, int n) {
		if (sigma == null || (sigma.length != 1 && sigma.length != n))
			throw new IllegalArgumentException("GaussianBlur: need one sigma or one per dimension (" + n
					+ "), got " + (sigma == null ? "none" : sigma.length));
		double[] s = new double[n];
		for (int d = 0; d < n; d++) {
			double v = sigma.length == 1 ? sigma[0] : sigma[d];
			if (!(v >= 0) || Double.isInfinite(v))
				throw new IllegalArgumentException("GaussianBlur: sigma must be finite and >= 0, got " + v
						+ "; use 0 to leave an axis unblurred");
			s[d] = v;
		}
		return s;
	}

	static String sizeString(RandomAccessibleInterval<?> img) {
		StringBuilder sb = new StringBuilder();
		for (int d = 0; d < img.numDimensions(); d++)
			sb.append(d == 0 ? "" : "x").append(img.dimension(d));
		return sb.toString();
	}
}
