package org.segmentij.classical.edge;

import java.util.Arrays;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

import org.segmentij.classical.filter.GaussianBlur;
import org.segmentij.classical.edge.Gradients.Gradient;

/**
 * The Canny edge detector on 2D images (an image with more dimensions is treated as a stack of
 * XY planes, dimensions 0 and 1, each processed on its own).
 * <p>
 * Steps:
 * <ol>
 * <li>Gaussian blur in X and Y with {@code sigma} ({@link GaussianBlur}: mirrored borders; 0 = no
 * blur). Higher dimensions are never blurred.</li>
 * <li>Sobel gradient ({@link Gradients#sobel}: unnormalised, so a ramp of slope {@code a} has
 * magnitude {@code 8a} and a sharp step of height {@code h} has magnitude {@code 4h}; replicated
 * borders).</li>
 * <li>Non-maximum suppression: the gradient direction is quantised to 0, 45, 90 or 135 degrees
 * (mod 180; y points down as in ImageJ, so 45 degrees pairs {@code (x+1, y+1)} with
 * {@code (x-1, y-1)}) and a pixel is kept when its magnitude is positive, at least that of its
 * "backward" neighbour ({@code x-1} for 0, {@code (x-1, y-1)} for 45, {@code y-1} for 90,
 * {@code (x+1, y-1)} for 135 degrees) and strictly greater than that of its "forward"
 * neighbour (the opposite one). This asymmetric tie-break keeps exactly one pixel of a
 * two-pixel plateau: for a sharp step between columns {@code k-1} and {@code k} the edge is
 * column {@code k}. Neighbours outside the image read the nearest border pixel.</li>
 * <li>Double threshold and hysteresis: suppressed pixels with magnitude {@code >= high} are
 * strong edges; those with magnitude {@code >= low} are weak and are kept only when
 * 8-connected, through other weak pixels, to a strong one.</li>
 * </ol>
 * The result is a new {@link UnsignedByteType} mask (edges 255, else 0) with the input's
 * dimensions and minimum 0; the input is not modified.
 */
public final class CannyEdges {

	private CannyEdges() {
	}

	/**
	 * Canny edges with explicit thresholds.
	 *
	 * @param image a real-valued image of at least 2 dimensions (not modified)
	 * @param sigma Gaussian blur in pixels (X and Y), {@code >= 0}; 0 = no blur
	 * @param low   low (weak) threshold in Sobel-magnitude units, {@code >= 0}
	 * @param high  high (strong) threshold in Sobel-magnitude units, {@code >= low}
	 * @return the edge mask, 0/255
	 * @throws IllegalArgumentException for a null image, fewer than 2 dimensions, a negative or
	 *                                  non-finite sigma or threshold, or {@code low > high}
	 */
	public static <T extends RealType<T>> Img<UnsignedByteType> detect(RandomAccessibleInterval<T> image,
			double sigma, double low, double high) {
		checkImage(image, sigma);
		if (!(low >= 0) || !(high >= 0) || Double.isInfinite(low) || Double.isInfinite(high))
			throw new IllegalArgumentException("CannyEdges: thresholds must be finite and >= 0, got low=" + low
					+ ", high=" + high);
		if (low > high)
			throw new IllegalArgumentException("CannyEdges: low threshold " + low + " is above the high threshold "
					+ high + "; pass low <= high");
		return run(image, sigma, low, high, false);
	}

	/**
	 * Canny edges with thresholds chosen per XY plane as percentiles of the non-zero magnitudes
	 * left by non-maximum suppression (linear interpolation between ranks: percentile
	 * {@code p} is the value at rank {@code p (n - 1)} of the {@code n} sorted values). A plane
	 * without any such magnitude has no edges.
	 *
	 * @param image          a real-valued image of at least 2 dimensions (not modified)
	 * @param sigma          Gaussian blur in pixels (X and Y), {@code >= 0}; 0 = no blur
	 * @param lowPercentile  fraction in [0, 1] for the low threshold, e.g. 0.7
	 * @param highPercentile fraction in [0, 1] for the high threshold, {@code >= lowPercentile},
	 *                       e.g. 0.9
	 * @return the edge mask, 0/255
	 * @throws IllegalArgumentException for a null image, fewer than 2 dimensions, a negative or
	 *                                  non-finite sigma, percentiles outside [0, 1] or
	 *                                  {@code lowPercentile > highPercentile}
	 */
	public static <T extends RealType<T>> Img<UnsignedByteType> detectAuto(RandomAccessibleInterval<T> image,
			double sigma, double lowPercentile, double highPercentile) {
		checkImage(image, sigma);
		if (!(lowPercentile >= 0 && lowPercentile <= 1) || !(highPercentile >= 0 && highPercentile <= 1))
			throw new IllegalArgumentException("CannyEdges: percentiles must be fractions in [0, 1], got low="
					+ lowPercentile + ", high=" + highPercentile);
		if (lowPercentile > highPercentile)
			throw new IllegalArgumentException("CannyEdges: low percentile " + lowPercentile
					+ " is above the high percentile " + highPercentile + "; pass low <= high");
		return run(image, sigma, lowPercentile, highPercentile, true);
	}

	private static void checkImage(RandomAccessibleInterval<?> image, double sigma) {
		if (image == null)
			throw new IllegalArgumentException("CannyEdges: the image is null");
		if (image.numDimensions() < 2)
			throw new IllegalArgumentException("CannyEdges: the image has " + image.numDimensions()
					+ " dimension(s); it needs at least x and y");
		if (!(sigma >= 0) || Double.isInfinite(sigma))
			throw new IllegalArgumentException("CannyEdges: sigma must be finite and >= 0, got " + sigma
					+ "; use 0 for no blur");
		long total = Intervals.numElements(image);
		if (total > Integer.MAX_VALUE - 8)
			throw new IllegalArgumentException("CannyEdges: the image has " + total + " pixels, more than the "
					+ (Integer.MAX_VALUE - 8) + " supported; process it in tiles");
	}

	private static <T extends RealType<T>> Img<UnsignedByteType> run(RandomAccessibleInterval<T> image, double sigma,
			double a, double b, boolean percentiles) {
		long[] dims = image.dimensionsAsLongArray();
		int n = dims.length;
		Img<FloatType> work = ArrayImgs.floats(dims);
		Cursor<T> in = Views.flatIterable(image).cursor();
		Cursor<FloatType> out = work.cursor();
		while (out.hasNext())
			out.next().setReal(in.next().getRealDouble());
		if (sigma > 0) {
			double[] s = new double[n];
			s[0] = sigma;
			s[1] = sigma;
			GaussianBlur.blur(work, work, s);
		}
		Gradient g = Gradients.sobel(work);
		float[] mag = flat(g.magnitude());
		float[] dir = flat(g.direction());
		int w = (int) dims[0], h = (int) dims[1];
		int plane = w * h;
		byte[] mask = new byte[mag.length];
		if (plane > 0) {
			float[] sup = new float[plane];
			int[] queue = new int[plane];
			for (int off = 0; off + plane <= mag.length; off += plane) {
				suppress(mag, dir, off, w, h, sup);
				double low = a, high = b;
				if (percentiles) {
					float[] nz = nonZero(sup);
					if (nz.length == 0)
						continue;
					Arrays.sort(nz);
					low = percentile(nz, a);
					high = percentile(nz, b);
				}
				hysteresis(sup, w, h, low, high, mask, off, queue);
			}
		}
		return ArrayImgs.unsignedBytes(mask, dims);
	}

	private static float[] flat(Img<FloatType> img) {
		float[] v = new float[(int) Intervals.numElements(img)];
		Cursor<FloatType> c = Views.flatIterable(img).cursor();
		for (int i = 0; i < v.length; i++)
			v[i] = c.next().get();
		return v;
	}

	/** Non-maximum suppression of one plane (starting at off) into sup (plane-sized). */
	private static void suppress(float[] mag, float[] dir, int off, int w, int h, float[] sup) {
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				int i = off + y * w + x;
				float m = mag[i];
				if (!(m > 0)) {
					sup[y * w + x] = 0;
					continue;
				}
				double deg = Math.toDegrees(dir[i]);
				if (deg < 0)
					deg += 180;
				int dx, dy; // the forward neighbour offset
				if (deg < 22.5 || deg >= 157.5) {
					dx = 1;
					dy = 0;
				} else if (deg < 67.5) {
					dx = 1;
					dy = 1;
				} else if (deg < 112.5) {
					dx = 0;
					dy = 1;
				} else {
					dx = -1;
					dy = 1;
				}
				float fwd = mag[off + clamp(y + dy, h) * w + clamp(x + dx, w)];
				float bwd = mag[off + clamp(y - dy, h) * w + clamp(x - dx, w)];
				sup[y * w + x] = m >= bwd && m > fwd ? m : 0;
			}
	}

	private static int clamp(int i, int len) {
		return i < 0 ? 0 : i >= len ? len - 1 : i;
	}

	private static float[] nonZero(float[] v) {
		int k = 0;
		for (float f : v)
			if (f > 0)
				k++;
		float[] out = new float[k];
		k = 0;
		for (float f : v)
			if (f > 0)
				out[k++] = f;
		return out;
	}

	private static double percentile(float[] sorted, double p) {
		double r = p * (sorted.length - 1);
		int lo = (int) Math.floor(r);
		int hi = Math.min(sorted.length - 1, lo + 1);
		double f = r - lo;
		return sorted[lo] + f * (sorted[hi] - sorted[lo]);
	}

	/** Double threshold and 8-connected hysteresis of one suppressed plane into mask[off..]. */
	private static void hysteresis(float[] sup, int w, int h, double low, double high, byte[] mask, int off,
			int[] queue) {
		int head = 0, tail = 0;
		for (int i = 0; i < sup.length; i++)
			if (sup[i] > 0 && sup[i] >= high && sup[i] >= low) {
				mask[off + i] = (byte) 255;
				queue[tail++] = i;
			}
		while (head < tail) {
			int i = queue[head++];
			int x = i % w, y = i / w;
			for (int ny = Math.max(0, y - 1); ny <= Math.min(h - 1, y + 1); ny++)
				for (int nx = Math.max(0, x - 1); nx <= Math.min(w - 1, x + 1); nx++) {
					int j = ny * w + nx;
					if (mask[off + j] == 0 && sup[j] > 0 && sup[j] >= low) {
						mask[off + j] = (byte) 255;
						queue[tail++] = j;
					}
				}
		}
	}
}
