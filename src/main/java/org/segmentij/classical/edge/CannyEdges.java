package org.segmentij.classical.edge;

import java.util.Arrays;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.util.Intervals;

import org.segmentij.classical.filter.GaussianBlur;
import org.segmentij.classical.PixelArrays;

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
		float[] v = PixelArrays.floats(image, "CannyEdges");
		int w = (int) dims[0], h = (int) dims[1];
		int plane = w * h;
		if (sigma > 0) {
			int[] idims = new int[n];
			double[] s = new double[n];
			for (int d = 0; d < n; d++)
				idims[d] = (int) dims[d];
			s[0] = sigma;
			s[1] = sigma;
			v = GaussianBlur.blurred(v, idims, s);
		}
		float[] gx = new float[v.length], gy = new float[v.length], mag = new float[v.length];
		Gradients.gradient2d(v, w, h, Gradients.sobelWeights(), gx, gy, mag);
		v = null;
		byte[] mask = new byte[mag.length];
		if (plane > 0) {
			float[] sup = new float[plane];
			int[] stack = new int[plane];
			for (int off = 0; off + plane <= mag.length; off += plane) {
				// with explicit thresholds, a pixel below low can never be an edge: it is not examined
				suppress(mag, gx, gy, off, w, h, sup, percentiles ? 0f : floatAtMost(a));
				double low = a, high = b;
				if (percentiles) {
					float[] nz = nonZero(sup);
					if (nz.length == 0)
						continue;
					Arrays.sort(nz);
					low = percentile(nz, a);
					high = percentile(nz, b);
				}
				hysteresis(sup, w, h, low, high, mask, off, stack);
			}
		}
		return ArrayImgs.unsignedBytes(mask, dims);
	}

	/** The largest float not above {@code v}. */
	private static float floatAtMost(double v) {
		float f = (float) v;
		return f > v ? Math.nextDown(f) : f;
	}

	/** tan(22.5°): the direction bins' boundaries as slopes. */
	private static final float TAN_22_5 = (float) Math.tan(Math.PI / 8);

	/**
	 * Non-maximum suppression of one plane (starting at off) into sup (plane-sized), rows in
	 * parallel. The direction bin comes from comparing |gy| and |gx| scaled by tan 22.5° and
	 * the signs of gx and gy (no angle is computed): |gy| < tan(22.5°) |gx| is 0°, |gx| <
	 * tan(22.5°) |gy| is 90°, else 45° when gx and gy have the same sign and 135° when not.
	 * Pixels whose magnitude is below {@code floor} are set to 0 without a test.
	 */
	private static void suppress(float[] mag, float[] gx, float[] gy, int off, int w, int h, float[] sup, float floor) {
		PixelArrays.parallel(h, (long) w * 4, (from, to) -> {
			for (int y = from; y < to; y++) {
				int row = off + y * w;
				int up = off + (y > 0 ? y - 1 : 0) * w, dn = off + (y < h - 1 ? y + 1 : y) * w;
				for (int x = 0; x < w; x++) {
					int i = row + x;
					float m = mag[i];
					if (!(m > 0) || m < floor) {
						sup[y * w + x] = 0;
						continue;
					}
					float fx = gx[i], fy = gy[i];
					float ax = Math.abs(fx), ay = Math.abs(fy);
					int xl = x > 0 ? x - 1 : 0, xr = x < w - 1 ? x + 1 : x;
					float fwd, bwd;
					if (ay < TAN_22_5 * ax) { // 0°: forward (x+1, y)
						fwd = mag[row + xr];
						bwd = mag[row + xl];
					} else if (ax < TAN_22_5 * ay) { // 90°: forward (x, y+1)
						fwd = mag[dn + x];
						bwd = mag[up + x];
					} else if ((fx > 0) == (fy > 0)) { // 45°: forward (x+1, y+1)
						fwd = mag[dn + xr];
						bwd = mag[up + xl];
					} else { // 135°: forward (x-1, y+1)
						fwd = mag[dn + xl];
						bwd = mag[up + xr];
					}
					sup[y * w + x] = m >= bwd && m > fwd ? m : 0;
				}
			}
		});
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

	/** Double threshold and 8-connected hysteresis of one suppressed plane into mask[off..], by a depth-first int stack. */
	private static void hysteresis(float[] sup, int w, int h, double low, double high, byte[] mask, int off,
			int[] stack) {
		for (int s = 0; s < sup.length; s++) {
			float f = sup[s];
			if (!(f > 0) || f < high || f < low || mask[off + s] != 0)
				continue;
			mask[off + s] = (byte) 255;
			int top = 0;
			stack[top++] = s;
			while (top > 0) {
				int i = stack[--top];
				int y = i / w, x = i - y * w;
				int y0 = y > 0 ? y - 1 : 0, y1 = y < h - 1 ? y + 1 : y;
				int x0 = x > 0 ? x - 1 : 0, x1 = x < w - 1 ? x + 1 : x;
				for (int ny = y0; ny <= y1; ny++)
					for (int j = ny * w + x0, end = ny * w + x1; j <= end; j++) {
						float g = sup[j];
						if (g > 0 && g >= low && mask[off + j] == 0) {
							mask[off + j] = (byte) 255;
							stack[top++] = j;
						}
					}
			}
		}
	}
}
