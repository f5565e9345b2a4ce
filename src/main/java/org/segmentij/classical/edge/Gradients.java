package org.segmentij.classical.edge;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

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
			Img<FloatType> out = ArrayImgs.floats(gx.dimensionsAsLongArray());
			net.imglib2.loops.LoopBuilder.setImages(gx, gy, out).multiThreaded()
					.forEachPixel((x, y, o) -> o.setReal(Math.atan2(y.getRealDouble(), x.getRealDouble())));
			return out;
		}
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

	private static <T extends RealType<T>> Gradient gradient2d(RandomAccessibleInterval<T> image, float[] w,
			String method) {
		if (image == null)
			throw new IllegalArgumentException("Gradients." + method + ": the image is null");
		if (image.numDimensions() < 2)
			throw new IllegalArgumentException("Gradients." + method + ": the image has " + image.numDimensions()
					+ " dimension(s); it needs at least x and y");
		long[] dims = image.dimensionsAsLongArray();
		float[] v = read(image, method);
		// the array as a stack of planes: x, y, and all higher dimensions folded into one
		int[] d = { (int) dims[0], (int) dims[1], v.length / (int) Math.max(1, dims[0] * dims[1]) };
		if (dims[0] * dims[1] == 0)
			d[2] = 0;
		float[] gx = smooth(diff(v, d, 0), d, 1, w);
		float[] gy = smooth(diff(v, d, 1), d, 0, w);
		float[] mag = new float[v.length];
		for (int i = 0; i < v.length; i++)
			mag[i] = (float) Math.sqrt((double) gx[i] * gx[i] + (double) gy[i] * gy[i]);
		return new Gradient(ArrayImgs.floats(gx, dims), ArrayImgs.floats(gy, dims), ArrayImgs.floats(mag, dims));
	}

	private static <T extends RealType<T>> float[] read(RandomAccessibleInterval<T> image, String method) {
		long total = Intervals.numElements(image);
		if (total > Integer.MAX_VALUE - 8)
			throw new IllegalArgumentException("Gradients." + method + ": the image has " + total
					+ " pixels, more than the " + (Integer.MAX_VALUE - 8) + " supported; process it in tiles");
		float[] v = new float[(int) total];
		Cursor<T> c = Views.flatIterable(image).cursor();
		for (int i = 0; i < v.length; i++)
			v[i] = c.next().getRealFloat();
		return v;
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
