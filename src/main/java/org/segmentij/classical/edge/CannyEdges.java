package org.segmentij.classical.edge;

import java.util.Arrays;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.util.Intervals;

import org.segmentij.classical.filter.GaussianBlur;
import org.segmentij.classical.filter.RowBlur;
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

	/**
	 * Rows per band at most: the unit of parallel work (blur, gradient and suppression fused per
	 * band, streaming rows through small ring buffers); a band recomputes the x pass of the blur
	 * for the rows around it, so bands are long.
	 */
	private static final int BAND = 256;

	private static <T extends RealType<T>> Img<UnsignedByteType> run(RandomAccessibleInterval<T> image, double sigma,
			double a, double b, boolean percentiles) {
		long[] dims = image.dimensionsAsLongArray();
		int w = (int) dims[0], h = (int) dims[1];
		int plane = w * h;
		int total = (int) Intervals.numElements(dims);
		byte[] mask = new byte[total];
		if (plane == 0)
			return ArrayImgs.unsignedBytes(mask, dims);
		PixelArrays.Plane[] src = PixelArrays.planes(image);
		if (src == null)
			src = PixelArrays.planes(PixelArrays.floats(image, "CannyEdges"), plane);
		int planes = src.length;
		// with explicit thresholds, suppression classifies at once: 255 strong, 1 weak, 0 none;
		// with percentiles it keeps the suppressed magnitudes, classified once they are known
		float[] sup = percentiles ? new float[total] : null;
		int threads = java.util.concurrent.ForkJoinPool.getCommonPoolParallelism() + 1;
		int perPlane = Math.max(1, Math.min((h + 31) / 32, Math.max((h + BAND - 1) / BAND, (4 * threads + planes - 1) / planes)));
		int rows = (h + perPlane - 1) / perPlane;
		int bands = (h + rows - 1) / rows;
		int[][] seeds = new int[planes * bands][];
		PixelArrays.Plane[] source = src;
		PixelArrays.parallel(planes * bands, (long) rows * w * (int) (8 * sigma + 20), (from, to) -> {
			Band band = new Band(w, h, sigma);
			for (int u = from; u < to; u++) {
				int p = u / bands, y0 = (u % bands) * rows, y1 = Math.min(h, y0 + rows);
				seeds[u] = band.run(source[p], p * plane, y0, y1, mask, sup, a, b);
			}
		});
		if (!percentiles) {
			hysteresis(mask, w, h, seeds);
			return ArrayImgs.unsignedBytes(mask, dims);
		}
		for (int p = 0; p < planes; p++) {
			int off = p * plane;
			float[] nz = nonZero(sup, off, plane);
			if (nz.length == 0)
				continue;
			Arrays.sort(nz);
			double low = percentile(nz, a), high = percentile(nz, b);
			int[][] planeSeeds = new int[1][];
			planeSeeds[0] = classify(sup, off, plane, low, high, mask);
			hysteresis(mask, w, h, planeSeeds);
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
	 * One worker's buffers, and one band of rows {@code [y0, y1)} of a plane: Gaussian blur of
	 * the rows the band needs ({@link RowBlur}), the Sobel gradient of rows {@code y0-1..y1}
	 * (computed as {@link Gradients#gradient2d} computes it), and non-maximum suppression of the
	 * band's rows, all on row buffers.
	 */
	private static final class Band {
		final int w, h;
		final RowBlur blur;
		final float[][] blurred = new float[3][];
		final float[][] mag = new float[3][], gx = new float[3][], gy = new float[3][];
		final float[] sm, dd, s0, s1, d0, d1;
		int[] strong = new int[256];
		int nStrong, bNext, gNext;

		Band(int w, int h, double sigma) {
			this.w = w;
			this.h = h;
			blur = new RowBlur(w, h, sigma, sigma);
			for (int k = 0; k < 3; k++) {
				blurred[k] = new float[w];
				mag[k] = new float[w];
				gx[k] = new float[w];
				gy[k] = new float[w];
			}
			sm = new float[w];
			dd = new float[w];
			s0 = new float[w];
			s1 = new float[w];
			d0 = new float[w];
			d1 = new float[w];
		}

		/**
		 * The band: mask states (explicit thresholds) or suppressed magnitudes (sup != null) for
		 * its rows; returns the strong pixels (flat indices), or null with percentiles. Rows
		 * stream through rings of three: blurred row r in slot r % 3, gradient row g in g % 3.
		 */
		int[] run(PixelArrays.Plane src, int off, int y0, int y1, byte[] mask, float[] sup, double low, double high) {
			bNext = Math.max(0, y0 - 2);
			gNext = Math.max(0, y0 - 1);
			blur.start(src, bNext);
			nStrong = 0;
			float floor = sup != null ? 0f : floatAtMost(low);
			for (int y = y0; y < y1; y++) {
				for (int g = Math.min(h - 1, y + 1); gNext <= g; gNext++) {
					for (int r = Math.min(h - 1, gNext + 1); bNext <= r; bNext++)
						blur.next(blurred[bNext % 3]);
					gradientRow(gNext);
				}
				suppressRow(y, off, mask, sup, floor, low, high);
			}
			return sup != null ? null : Arrays.copyOf(strong, nStrong);
		}

		/** Sobel gradient of row g (borders replicated) into ring slot g % 3. */
		private void gradientRow(int g) {
			float[] up = blurred[Math.max(0, g - 1) % 3], mid = blurred[g % 3], dn = blurred[Math.min(h - 1, g + 1) % 3];
			float[] rx = gx[g % 3], ry = gy[g % 3], m = mag[g % 3];
			final float a = 1, c = 2, b = 1;
			for (int x = 0; x < w; x++) {
				sm[x] = a * up[x] + c * mid[x] + b * dn[x];
				dd[x] = dn[x] - up[x];
			}
			if (w > 1) {
				System.arraycopy(sm, 0, s0, 1, w - 1);
				System.arraycopy(sm, 1, s1, 0, w - 1);
				System.arraycopy(dd, 0, d0, 1, w - 1);
				System.arraycopy(dd, 1, d1, 0, w - 1);
			}
			s0[0] = sm[0];
			s1[w - 1] = sm[w - 1];
			d0[0] = dd[0];
			d1[w - 1] = dd[w - 1];
			for (int x = 0; x < w; x++) {
				rx[x] = s1[x] - s0[x];
				ry[x] = a * d0[x] + c * dd[x] + b * d1[x];
			}
			for (int x = 0; x < w; x++)
				m[x] = (float) Math.sqrt(rx[x] * rx[x] + ry[x] * ry[x]);
		}

		/**
		 * Non-maximum suppression of row y. The direction bin comes from comparing |gy| and |gx|
		 * scaled by tan 22.5° and the signs of gx and gy (no angle is computed): |gy| < tan(22.5°)
		 * |gx| is 0°, |gx| < tan(22.5°) |gy| is 90°, else 45° when gx and gy have the same sign and
		 * 135° when not. Pixels below {@code floor} are 0 without a test.
		 */
		private void suppressRow(int y, int off, byte[] mask, float[] sup, float floor, double low, double high) {
			float[] mu = mag[Math.max(0, y - 1) % 3], mm = mag[y % 3], md = mag[Math.min(h - 1, y + 1) % 3];
			float[] fxr = gx[y % 3], fyr = gy[y % 3];
			int row = off + y * w;
			for (int x = 0; x < w; x++) {
				float m = mm[x];
				if (!(m > 0) || m < floor)
					continue; // mask and sup are 0 already
				float fx = fxr[x], fy = fyr[x];
				float ax = Math.abs(fx), ay = Math.abs(fy);
				int xl = x > 0 ? x - 1 : 0, xr = x < w - 1 ? x + 1 : x;
				float fwd, bwd;
				if (ay < TAN_22_5 * ax) { // 0°: forward (x+1, y)
					fwd = mm[xr];
					bwd = mm[xl];
				} else if (ax < TAN_22_5 * ay) { // 90°: forward (x, y+1)
					fwd = md[x];
					bwd = mu[x];
				} else if ((fx > 0) == (fy > 0)) { // 45°: forward (x+1, y+1)
					fwd = md[xr];
					bwd = mu[xl];
				} else { // 135°: forward (x-1, y+1)
					fwd = md[xl];
					bwd = mu[xr];
				}
				if (!(m >= bwd && m > fwd))
					continue;
				if (sup != null)
					sup[row + x] = m;
				else if (m >= high && m >= low) {
					mask[row + x] = (byte) 255;
					if (nStrong == strong.length)
						strong = Arrays.copyOf(strong, 2 * nStrong);
					strong[nStrong++] = row + x;
				} else if (m >= low)
					mask[row + x] = 1;
			}
		}
	}

	/** Percentile thresholds known: the states of one plane from its suppressed magnitudes; returns the strong pixels. */
	private static int[] classify(float[] sup, int off, int plane, double low, double high, byte[] mask) {
		int[] strong = new int[256];
		int n = 0;
		for (int i = off; i < off + plane; i++) {
			float f = sup[i];
			if (!(f > 0) || f < low)
				continue;
			if (f >= high) {
				mask[i] = (byte) 255;
				if (n == strong.length)
					strong = Arrays.copyOf(strong, 2 * n);
				strong[n++] = i;
			} else
				mask[i] = 1;
		}
		return Arrays.copyOf(strong, n);
	}

	private static float[] nonZero(float[] v, int off, int len) {
		int k = 0;
		for (int i = off; i < off + len; i++)
			if (v[i] > 0)
				k++;
		float[] out = new float[k];
		k = 0;
		for (int i = off; i < off + len; i++)
			if (v[i] > 0)
				out[k++] = v[i];
		return out;
	}

	private static double percentile(float[] sorted, double p) {
		double r = p * (sorted.length - 1);
		int lo = (int) Math.floor(r);
		int hi = Math.min(sorted.length - 1, lo + 1);
		double f = r - lo;
		return sorted[lo] + f * (sorted[hi] - sorted[lo]);
	}

	/**
	 * Hysteresis: from every strong pixel (255), 8-connected weak pixels (1) of the same plane
	 * become edges (255), transitively, by a depth-first stack of (plane offset, x, y); then the
	 * weak pixels left are cleared (0): {@code (byte) (v >> 1)} maps 1 to 0 and keeps 0 and -1
	 * (255), a loop the JIT vectorises.
	 */
	private static void hysteresis(byte[] mask, int w, int h, int[][] seeds) {
		int plane = w * h;
		int[] sx = new int[1024], sy = new int[1024], so = new int[1024];
		for (int[] list : seeds) {
			if (list == null)
				continue;
			for (int s : list) {
				int off = s / plane * plane, local = s - off;
				int top = 0;
				sy[0] = local / w;
				sx[0] = local - sy[0] * w;
				so[0] = off;
				top = 1;
				while (top > 0) {
					top--;
					int x = sx[top], y = sy[top], o = so[top];
					int y0 = y > 0 ? y - 1 : 0, y1 = y < h - 1 ? y + 1 : y;
					int x0 = x > 0 ? x - 1 : 0, x1 = x < w - 1 ? x + 1 : x;
					for (int ny = y0; ny <= y1; ny++)
						for (int nx = x0, j = o + ny * w + x0; nx <= x1; nx++, j++)
							if (mask[j] == 1) {
								mask[j] = (byte) 255;
								if (top == sx.length) {
									sx = Arrays.copyOf(sx, 2 * top);
									sy = Arrays.copyOf(sy, 2 * top);
									so = Arrays.copyOf(so, 2 * top);
								}
								sx[top] = nx;
								sy[top] = ny;
								so[top] = o;
								top++;
							}
				}
			}
		}
		PixelArrays.parallel(mask.length, 1, (from, to) -> {
			for (int i = from; i < to; i++)
				mask[i] = (byte) (mask[i] >> 1);
		});
	}
}
