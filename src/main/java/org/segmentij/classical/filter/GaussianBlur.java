package org.segmentij.classical.filter;


import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

import org.segmentij.classical.PixelArrays;

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
		float[] a = PixelArrays.floats(src, "GaussianBlur");
		int[] idims = new int[n];
		for (int d = 0; d < n; d++)
			idims[d] = (int) dims[d];
		a = blurred(a, idims, s);
		if (dst instanceof ArrayImg<?, ?> ai && ai.update(null) instanceof FloatArray fa
				&& fa.getCurrentStorageArray().length == a.length) {
			System.arraycopy(a, 0, fa.getCurrentStorageArray(), 0, a.length);
			return;
		}
		Cursor<FloatType> o = Views.flatIterable(dst).cursor();
		for (int i = 0; i < a.length; i++)
			o.next().set(a[i]);
	}

	/**
	 * A blurred copy of any real-valued image, as a new 32-bit image (min 0, the input's
	 * dimensions).
	 *
	 * @param src   input image (not modified)
	 * @param sigma standard deviation in pixels, one value for all axes or one per dimension;
	 *              0 leaves that axis unblurred
	 * @throws IllegalArgumentException as {@link #blur(RandomAccessibleInterval, RandomAccessibleInterval, double...)}
	 */
	public static <T extends RealType<T>> Img<FloatType> blurred(RandomAccessibleInterval<T> src, double... sigma) {
		if (src == null)
			throw new IllegalArgumentException("GaussianBlur: src must not be null");
		int n = src.numDimensions();
		double[] s = expandSigma(sigma, n);
		long[] dims = src.dimensionsAsLongArray();
		int[] idims = new int[n];
		for (int d = 0; d < n; d++)
			idims[d] = (int) dims[d];
		PixelArrays.Plane[] planes = n == 2 || n == 3 ? PixelArrays.planes(src) : null;
		if (planes != null) // read the pixels in place, no float copy
			return ArrayImgs.floats(blurredPlanes(planes, idims, s), dims);
		float[] a = PixelArrays.floats(src, "GaussianBlur");
		return ArrayImgs.floats(blurred(a, idims, s), dims);
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
		float[] out = blurred(data, dims, sigma);
		System.arraycopy(out, 0, data, 0, data.length);
		return data;
	}

	/**
	 * Blurs a flat array (x fastest) into a new array; {@code data} is not modified.
	 *
	 * @param data  pixels, x fastest
	 * @param dims  size along each dimension
	 * @param sigma one sigma for all axes or one per dimension (0 = skip)
	 * @return the blurred pixels
	 * @throws IllegalArgumentException if {@code data.length} does not match {@code dims} or a
	 *                                  sigma is invalid
	 */
	public static float[] blurred(float[] data, int[] dims, double[] sigma) {
		long total = 1;
		for (int d : dims)
			total *= d;
		if (total != data.length)
			throw new IllegalArgumentException("GaussianBlur: array has " + data.length + " values but dimensions "
					+ java.util.Arrays.toString(dims) + " need " + total);
		double[] s = expandSigma(sigma, dims.length);
		int n = dims.length;
		if (n == 0 || n > 3 || data.length == 0)
			return blurGeneric(data.clone(), dims, s);
		int plane = dims[0] * (n > 1 ? dims[1] : 1);
		if (n == 1)
			return blurGeneric(data.clone(), dims, s);
		return blurredPlanes(PixelArrays.planes(data, plane), dims, s);
	}

	/** The blur of a 2D or 3D image given as XY planes (read in place), into a new flat array. */
	private static float[] blurredPlanes(PixelArrays.Plane[] src, int[] dims, double[] s) {
		int n = dims.length;
		int w = dims[0], h = dims[1], nz = n > 2 ? dims[2] : 1;
		int plane = w * h;
		float[] kz = n > 2 && s[2] > 0 && nz > 1 ? kernel(s[2], nz) : null;
		float[] out = new float[plane * nz];
		if (kz == null) {
			blurXY(src, w, h, s[0], s[1], (p, y) -> out, (p, y) -> p * plane + y * w);
			return out;
		}
		float[][] planes = new float[nz][];
		for (int z = 0; z < nz; z++)
			planes[z] = new float[plane];
		blurXY(src, w, h, s[0], s[1], (p, y) -> planes[p], (p, y) -> y * w);
		blurZ(planes, out, plane, kz);
		return out;
	}

	/** Where row {@code y} of plane {@code p} goes: the array, and the offset in it. */
	private interface RowTarget<T> {
		T at(int p, int y);
	}

	private interface RowOffset {
		int at(int p, int y);
	}

	/**
	 * Rows per band of the XY pass (the unit of parallel work); each band recomputes the x pass
	 * of the 2 ry rows around it, so bands are long.
	 */
	private static final int BAND = 256;

	/**
	 * Blurs every XY plane along x then y (sigma 0: that axis not at all), in bands of rows
	 * ({@link RowBlur}), writing each row where {@code dst} says.
	 */
	private static void blurXY(PixelArrays.Plane[] src, int w, int h, double sx, double sy, RowTarget<float[]> dst,
			RowOffset dstOff) {
		int planes = src.length;
		int threads = java.util.concurrent.ForkJoinPool.getCommonPoolParallelism() + 1;
		// about 4 bands per thread when there are few planes, at most BAND rows each
		int perPlane = Math.max(1, Math.min((h + 31) / 32, Math.max((h + BAND - 1) / BAND, (4 * threads + planes - 1) / planes)));
		int band = (h + perPlane - 1) / perPlane;
		int bands = (h + band - 1) / band;
		int units = planes * bands;
		PixelArrays.parallel(units, (long) band * w * (int) (4 * (sx + sy) + 2), (from, to) -> {
			RowBlur blur = new RowBlur(w, h, sx, sy);
			float[] row = new float[w];
			for (int u = from; u < to; u++) {
				int p = u / bands;
				int y0 = (u % bands) * band, y1 = Math.min(h, y0 + band);
				blur.start(src[p], y0);
				for (int y = y0; y < y1; y++) {
					blur.next(row);
					System.arraycopy(row, 0, dst.at(p, y), dstOff.at(p, y), w);
				}
			}
		});
	}

	/** Blurs along z: each output plane is a weighted sum of whole planes, in blocks of 4096 values. */
	private static void blurZ(float[][] planes, float[] out, int plane, float[] k) {
		int nz = planes.length, r = k.length - 1;
		PixelArrays.parallel(nz, (long) plane * (r + 1), (from, to) -> {
			float[] acc = new float[plane];
			for (int z = from; z < to; z++) {
				for (int x0 = 0; x0 < plane; x0 += 4096) {
					int x1 = Math.min(plane, x0 + 4096);
					float[] c = planes[z];
					float k0 = k[0];
					for (int x = x0; x < x1; x++)
						acc[x] = k0 * c[x];
					for (int i = 1; i <= r; i++) {
						float[] a = planes[mirror(z - i, nz)], b = planes[mirror(z + i, nz)];
						float ki = k[i];
						for (int x = x0; x < x1; x++)
							acc[x] += ki * (a[x] + b[x]);
					}
				}
				System.arraycopy(acc, 0, out, z * plane, plane);
			}
		});
	}

	/** Any number of dimensions, axis by axis over the flat array; the result replaces {@code data}. */
	private static float[] blurGeneric(float[] data, int[] dims, double[] s) {
		float[] a = data;
		float[] b = null;
		int stride = 1;
		for (int d = 0; d < dims.length; d++) {
			int len = dims[d];
			if (s[d] > 0 && len > 1) {
				if (b == null)
					b = new float[a.length];
				float[] k = kernel(s[d], len);
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

	/**
	 * The half kernel for an axis of {@code len} pixels. A kernel reaching past the axis (radius
	 * above len - 1) is folded: mirrored borders repeat with period P = 2 (len - 1), so every tap
	 * at distance d reads the same pixel as the tap at d mod P, and the taps of one residue can
	 * be added up. The folded kernel has radius len - 1 and gives the same blur (up to rounding)
	 * at a cost and memory independent of sigma: a sigma far larger than the image is no longer
	 * a kernel of millions of taps. When the kernel spans millions of periods, its folded weights
	 * are equal to float precision, and it is taken as flat.
	 */
	static float[] kernel(double sigma, int len) {
		double reach = Math.ceil(4 * sigma);
		if (len <= 1 || reach <= len - 1)
			return kernel(sigma);
		int period = 2 * (len - 1);
		double[] fold = new double[period];
		long r = (long) Math.max(1, reach);
		if (r <= 4_000_000L) { // g(d) = exp(-d^2 / 2 sigma^2) by its ratio recurrence: two products a tap
			double g = 1, ratio = Math.exp(-0.5 / (sigma * sigma)), q = Math.exp(-1 / (sigma * sigma));
			fold[0] = 1;
			int plus = 0;
			for (long d = 1; d <= r; d++) {
				g *= ratio;
				ratio *= q;
				if (++plus == period)
					plus = 0;
				fold[plus] += g; // tap +d
				fold[plus == 0 ? 0 : period - plus] += g; // tap -d
			}
		}
		else
			java.util.Arrays.fill(fold, 1);
		double sum = 0;
		for (double f : fold)
			sum += f;
		float[] k = new float[len];
		k[0] = (float) (fold[0] / sum);
		for (int i = 1; i < len - 1; i++)
			k[i] = (float) (fold[i] / sum); // fold[i] == fold[period - i]: taps +i and -i
		k[len - 1] = (float) (fold[len - 1] / sum / 2); // taps +-(len - 1) share one residue
		return k;
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
		PixelArrays.parallel(lines, (long) len * (r + 1), (from, to) -> {
			float[] buf = new float[len + 2 * r];
			for (int line = from; line < to; line++) {
				int base = line * len;
				System.arraycopy(a, base, buf, r, len);
				for (int i = 1; i <= r; i++) {
					buf[r - i] = a[base + mirror(-i, len)];
					buf[r + len - 1 + i] = a[base + mirror(len - 1 + i, len)];
				}
				// tap by tap over the whole row: loops the JIT vectorises; per pixel the sum is
				// k0 v + k1 (..) + k2 (..) + ... in this order, as a pixel-by-pixel loop would add it
				float k0 = k[0];
				for (int x = 0; x < len; x++)
					b[base + x] = k0 * buf[r + x];
				for (int i = 1; i <= r; i++) {
					float ki = k[i];
					int lo = r - i, hi = r + i;
					for (int x = 0; x < len; x++)
						b[base + x] += ki * (buf[lo + x] + buf[hi + x]);
				}
			}
		});
	}

	/**
	 * Along an axis of stride {@code stride} > 1: each output line of {@code stride} values
	 * (a row, or a plane for z) is a weighted sum of whole input lines, read in memory order.
	 */
	private static void blurStrided(float[] a, float[] b, int len, int stride, float[] k) {
		int r = k.length - 1;
		int slabs = a.length / (len * stride);
		// units of work: output lines, cut into blocks of at most 4096 values so that the input
		// lines a block reads stay in cache
		int block = Math.min(stride, 4096);
		int blocksPerLine = (stride + block - 1) / block;
		int units = slabs * len * blocksPerLine;
		PixelArrays.parallel(units, (long) block * (r + 1), (from, to) -> {
			for (int u = from; u < to; u++) {
				int xb = u % blocksPerLine;
				int line = u / blocksPerLine;
				int slab = line / len;
				int j = line % len;
				int base = slab * len * stride;
				int x0 = xb * block, x1 = Math.min(stride, x0 + block);
				int out = base + j * stride;
				float k0 = k[0];
				for (int x = x0; x < x1; x++)
					b[out + x] = k0 * a[out + x];
				for (int i = 1; i <= r; i++) {
					int lo = base + mirror(j - i, len) * stride;
					int hi = base + mirror(j + i, len) * stride;
					float ki = k[i];
					for (int x = x0; x < x1; x++)
						b[out + x] += ki * (a[lo + x] + a[hi + x]);
				}
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
