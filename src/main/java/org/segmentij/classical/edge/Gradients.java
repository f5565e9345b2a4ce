package org.segmentij.classical.edge;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Intervals;

import org.segmentij.classical.PixelArrays;

/**
 * Image gradients by the 3x3 Sobel and Scharr operators.
 * <p>
 * <b>Kernels</b> (unnormalised, oriented as in OpenCV and scikit-image: {@code gx} is
 * positive where the intensity increases with x, {@code gy} where it increases with y, i.e.
 * downwards in an ImageJ image). Each is a smoothing kernel across the derivative direction
 * times the central difference {@code [-1 0 1]} along it:
 * <ul>
 * <li>Sobel: smoothing {@code [1 2 1]}, so {@code gx(x,y) = sum_j w_j (v(x+1,y+j) - v(x-1,y+j))}
 * with {@code w = 1, 2, 1}. For a ramp {@code v = a*x}, {@code gx = 8a} (divide by 8 for the
 * derivative per pixel).</li>
 * <li>Scharr: smoothing {@code [3 10 3]} (OpenCV's {@code Scharr}); for a ramp {@code v = a*x},
 * {@code gx = 32a} (divide by 32 for the derivative per pixel).</li>
 * <li>3D Sobel ({@link #sobel3d}): smoothing {@code [1 2 1] x [1 2 1]} across, central
 * difference along; a ramp {@code v = a*x} gives {@code gx = 32a}.</li>
 * </ul>
 * No normalisation is applied. The magnitude is {@code sqrt(gx² + gy²)} (the same as ImageJ's
 * <i>Process › Find Edges</i> for Sobel), the direction {@code atan2(gy, gx)} in radians, in
 * [-π, π] (0 where both components are 0).
 * <p>
 * <b>Borders</b> replicate the edge pixels (OpenCV's {@code BORDER_REPLICATE}; ImageJ's Find
 * Edges does the same), so a constant image has zero gradient everywhere and a ramp has half the
 * interior gradient on the first and last column.
 * <p>
 * <b>Dimensions</b>: a 2D image is processed as such; an image with more dimensions is treated
 * as a stack of XY planes (dimensions 0 and 1), each processed on its own. Outputs are new
 * {@link FloatType} images with the input's dimensions and minimum 0; the input is not modified.
 */
public final class Gradients {

	/**
	 * The gradient of an image.
	 *
	 * @param gx        derivative along x (dimension 0)
	 * @param gy        derivative along y (dimension 1)
	 * @param magnitude {@code sqrt(gx² + gy²)}
	 */
	public record Gradient(Img<FloatType> gx, Img<FloatType> gy, Img<FloatType> magnitude) {

		/**
		 * {@code atan2(gy, gx)} in radians, computed when asked for (it costs more than the
		 * gradient itself, and most callers need only the magnitude).
		 */
		public Img<FloatType> direction() {
			float[] x = flatOf(gx), y = flatOf(gy);
			float[] out = new float[x.length];
			PixelArrays.parallel(out.length, 20, (from, to) -> {
				for (int i = from; i < to; i++)
					out[i] = (float) Math.atan2(y[i], x[i]);
			});
			return ArrayImgs.floats(out, gx.dimensionsAsLongArray());
		}
	}

	/** The array of an ArrayImg of floats, or a flat copy. */
	private static float[] flatOf(Img<FloatType> img) {
		if (img instanceof net.imglib2.img.array.ArrayImg<?, ?> a
				&& a.update(null) instanceof net.imglib2.img.basictypeaccess.array.FloatArray fa
				&& fa.getCurrentStorageArray().length == Intervals.numElements(img))
			return fa.getCurrentStorageArray();
		return PixelArrays.floats(img, "Gradients");
	}

	/**
	 * A 3D gradient.
	 *
	 * @param gx        derivative along x (dimension 0)
	 * @param gy        derivative along y (dimension 1)
	 * @param gz        derivative along z (dimension 2)
	 * @param magnitude {@code sqrt(gx² + gy² + gz²)}
	 */
	public record Gradient3D(Img<FloatType> gx, Img<FloatType> gy, Img<FloatType> gz, Img<FloatType> magnitude) {
	}

	private static final float[] SOBEL = { 1, 2, 1 };
	private static final float[] SCHARR = { 3, 10, 3 };

	private Gradients() {
	}

	/**
	 * The 3x3 Sobel gradient of a 2D image, or of each XY plane of a stack (see the class
	 * description for kernels, normalisation and borders).
	 *
	 * @param image any real-valued image of at least 2 dimensions (not modified)
	 * @throws IllegalArgumentException for a null image, fewer than 2 dimensions or more than
	 *                                  {@code Integer.MAX_VALUE - 8} pixels
	 */
	public static <T extends RealType<T>> Gradient sobel(RandomAccessibleInterval<T> image) {
		return gradient2d(image, SOBEL, "sobel");
	}

	/**
	 * The 3x3 Scharr gradient (smoothing {@code [3 10 3]}) of a 2D image, or of each XY plane
	 * of a stack (see the class description).
	 *
	 * @param image any real-valued image of at least 2 dimensions (not modified)
	 * @throws IllegalArgumentException for a null image, fewer than 2 dimensions or more than
	 *                                  {@code Integer.MAX_VALUE - 8} pixels
	 */
	public static <T extends RealType<T>> Gradient scharr(RandomAccessibleInterval<T> image) {
		return gradient2d(image, SCHARR, "scharr");
	}

	/**
	 * The 3x3x3 Sobel gradient of a 3D image: for each axis the central difference
	 * {@code [-1 0 1]} along it times {@code [1 2 1]} along each of the two others; borders
	 * replicate.
	 *
	 * @param image a real-valued 3D image (not modified)
	 * @throws IllegalArgumentException for a null image, one that is not 3-dimensional, or more
	 *                                  than {@code Integer.MAX_VALUE - 8} pixels
	 */
	public static <T extends RealType<T>> Gradient3D sobel3d(RandomAccessibleInterval<T> image) {
		if (image == null || image.numDimensions() != 3)
			throw new IllegalArgumentException("Gradients.sobel3d: needs a 3D image (x, y, z), got "
					+ (image == null ? "null" : image.numDimensions() + " dimensions")
					+ "; use sobel for 2D images or stacks of 2D planes");
		long[] dims = image.dimensionsAsLongArray();
		float[] v = read(image, "sobel3d");
		int[] d = { (int) dims[0], (int) dims[1], (int) dims[2] };
		float[][] g = new float[3][];
		for (int axis = 0; axis < 3; axis++) {
			float[] t = v;
			for (int other = 0; other < 3; other++)
				t = other == axis ? diff(t, d, other) : smooth(t, d, other, SOBEL);
			g[axis] = t;
		}
		float[] mag = new float[v.length];
		for (int i = 0; i < mag.length; i++)
			mag[i] = (float) Math.sqrt((double) g[0][i] * g[0][i] + (double) g[1][i] * g[1][i] + (double) g[2][i] * g[2][i]);
		return new Gradient3D(ArrayImgs.floats(g[0], dims), ArrayImgs.floats(g[1], dims), ArrayImgs.floats(g[2], dims),
				ArrayImgs.floats(mag, dims));
	}

	/**
	 * The magnitude {@code sqrt(gx² + gy²)} of the 3x3 Sobel gradient of a 2D image or of each
	 * XY plane of a stack, without keeping gx and gy (see the class description).
	 *
	 * @param image any real-valued image of at least 2 dimensions (not modified)
	 * @throws IllegalArgumentException as {@link #sobel}
	 */
	public static <T extends RealType<T>> Img<FloatType> sobelMagnitude(RandomAccessibleInterval<T> image) {
		return magnitude2d(image, SOBEL, "sobel");
	}

	/**
	 * The magnitude of the 3x3 Scharr gradient, without keeping gx and gy (see
	 * {@link #scharr}).
	 *
	 * @param image any real-valued image of at least 2 dimensions (not modified)
	 * @throws IllegalArgumentException as {@link #scharr}
	 */
	public static <T extends RealType<T>> Img<FloatType> scharrMagnitude(RandomAccessibleInterval<T> image) {
		return magnitude2d(image, SCHARR, "scharr");
	}

	private static <T extends RealType<T>> Img<FloatType> magnitude2d(RandomAccessibleInterval<T> image, float[] w,
			String method) {
		checkImage(image, method);
		long[] dims = image.dimensionsAsLongArray();
		float[] v = read(image, method);
		float[] mag = new float[v.length];
		gradient2d(v, (int) dims[0], (int) dims[1], w, null, null, mag);
		return ArrayImgs.floats(mag, dims);
	}

	private static void checkImage(RandomAccessibleInterval<?> image, String method) {
		if (image == null)
			throw new IllegalArgumentException("Gradients." + method + ": the image is null");
		if (image.numDimensions() < 2)
			throw new IllegalArgumentException("Gradients." + method + ": the image has " + image.numDimensions()
					+ " dimension(s); it needs at least x and y");
	}

	private static <T extends RealType<T>> Gradient gradient2d(RandomAccessibleInterval<T> image, float[] w,
			String method) {
		checkImage(image, method);
		long[] dims = image.dimensionsAsLongArray();
		float[] v = read(image, method);
		float[] gx = new float[v.length], gy = new float[v.length], mag = new float[v.length];
		gradient2d(v, (int) dims[0], (int) dims[1], w, gx, gy, mag);
		return new Gradient(ArrayImgs.floats(gx, dims), ArrayImgs.floats(gy, dims), ArrayImgs.floats(mag, dims));
	}

	/** The 3x3 Sobel kernel's smoothing weights, for {@link #gradient2d(float[], int, int, float[], float[], float[], float[])}. */
	static float[] sobelWeights() {
		return SOBEL.clone();
	}

	/** Rows per unit of parallel work. */
	private static final int BAND = 32;

	/**
	 * The 2D gradient of every XY plane of a flat array (x fastest, planes of {@code w * h}),
	 * smoothing weights {@code wt} across the derivative direction, central difference along
	 * it, edges replicated. Any of gx, gy, mag may be null (not computed). Row by row: the
	 * three input rows are combined into a smoothed and a differenced row, whose shifted copies
	 * give gx and gy, all in loops that read arrays at the same index (vectorised by the JIT).
	 */
	static void gradient2d(float[] v, int w, int h, float[] wt, float[] gx, float[] gy, float[] mag) {
		int plane = w * h;
		if (plane == 0)
			return;
		int planes = v.length / plane;
		int bands = (h + BAND - 1) / BAND;
		float a = wt[0], c = wt[1], b = wt[2];
		PixelArrays.parallel(planes * bands, (long) BAND * w * 4, (from, to) -> {
			float[] up = new float[w], mid = new float[w], dn = new float[w];
			float[] sm = new float[w], dd = new float[w];
			float[] s0 = new float[w], s1 = new float[w], d0 = new float[w], d1 = new float[w];
			float[] rx = new float[w], ry = new float[w];
			for (int u = from; u < to; u++) {
				int p = u / bands;
				int y0 = (u % bands) * BAND, y1 = Math.min(h, y0 + BAND);
				int base = p * plane;
				for (int y = y0; y < y1; y++) {
					System.arraycopy(v, base + Math.max(0, y - 1) * w, up, 0, w);
					System.arraycopy(v, base + y * w, mid, 0, w);
					System.arraycopy(v, base + Math.min(h - 1, y + 1) * w, dn, 0, w);
					// smoothed across y (for gx) and differenced along y (for gy)
					for (int x = 0; x < w; x++) {
						sm[x] = a * up[x] + c * mid[x] + b * dn[x];
						dd[x] = dn[x] - up[x];
					}
					// neighbours at x-1 and x+1, edges replicated
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
					int o = base + y * w;
					if (gx != null)
						System.arraycopy(rx, 0, gx, o, w);
					if (gy != null)
						System.arraycopy(ry, 0, gy, o, w);
					if (mag != null) {
						for (int x = 0; x < w; x++)
							sm[x] = (float) Math.sqrt(rx[x] * rx[x] + ry[x] * ry[x]);
						System.arraycopy(sm, 0, mag, o, w);
					}
				}
			}
		});
	}

	private static <T extends RealType<T>> float[] read(RandomAccessibleInterval<T> image, String method) {
		return PixelArrays.floats(image, "Gradients." + method);
	}

	/** Central difference v(p+1) - v(p-1) along axis of a 3D array, edges replicated. */
	private static float[] diff(float[] v, int[] d, int axis) {
		return line(v, d, axis, 0, -1, 1);
	}

	/** Smoothing w[0] v(p-1) + w[1] v(p) + w[2] v(p+1) along axis, edges replicated. */
	private static float[] smooth(float[] v, int[] d, int axis, float[] w) {
		return line(v, d, axis, w[1], w[0], w[2]);
	}

	/**
	 * {@code a v(p-1) + c v(p) + b v(p+1)} along one axis of a 3D array (x, y, planes), edges
	 * replicated; the position along the axis is tracked with counters, not divisions.
	 */
	private static float[] line(float[] v, int[] d, int axis, float c, float a, float b) {
		float[] out = new float[v.length];
		int stride = axis == 0 ? 1 : axis == 1 ? d[0] : d[0] * d[1];
		int len = d[axis];
		if (len == 0)
			return out;
		int outer = v.length / (stride * len); // blocks above the axis
		if (stride == 1) { // along x: each row in turn
			for (int o = 0; o < outer; o++) {
				int r = o * len;
				for (int p = 0; p < len; p++) {
					int i = r + p;
					out[i] = a * v[p > 0 ? i - 1 : i] + c * v[i] + b * v[p < len - 1 ? i + 1 : i];
				}
			}
			return out;
		}
		// along y or z: whole rows at a time, so memory is read in order
		for (int o = 0; o < outer; o++)
			for (int p = 0; p < len; p++) {
				int row = (o * len + p) * stride;
				int lo = p > 0 ? -stride : 0, hi = p < len - 1 ? stride : 0;
				for (int i = row, end = row + stride; i < end; i++)
					out[i] = a * v[i + lo] + c * v[i] + b * v[i + hi];
			}
		return out;
	}
}
