package org.segmentij.classical.graph;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

/**
 * Flat copies (x fastest) of the images the graph algorithms read: one float array per channel.
 * Inputs are only read.
 */
final class FlatImage {

	final int[] dims;
	final int size;
	final float[][] channels;

	private FlatImage(int[] dims, float[][] channels) {
		this.dims = dims;
		this.channels = channels;
		int s = 1;
		for (int d : dims)
			s *= d;
		this.size = s;
	}

	static int[] dims(String where, RandomAccessibleInterval<?> image) {
		if (image == null)
			throw new IllegalArgumentException(where + ": the image must not be null");
		long n = Intervals.numElements(image);
		if (n < 1)
			throw new IllegalArgumentException(where + ": the image has no pixels");
		if (n > Integer.MAX_VALUE - 8)
			throw new IllegalArgumentException(where + ": the image has " + n + " pixels, too many for one flat copy; process it in tiles");
		int[] d = new int[image.numDimensions()];
		for (int i = 0; i < d.length; i++)
			d[i] = (int) image.dimension(i);
		return d;
	}

	/** Red, green, blue as channels 0..2 (0..255), alpha ignored. */
	static FlatImage rgb(String where, RandomAccessibleInterval<ARGBType> image) {
		int[] dims = dims(where, image);
		int n = (int) Intervals.numElements(image);
		float[] r = new float[n], g = new float[n], b = new float[n];
		Cursor<ARGBType> c = Views.flatIterable(image).cursor();
		for (int i = 0; i < n; i++) {
			int v = c.next().get();
			r[i] = (v >> 16) & 0xff;
			g[i] = (v >> 8) & 0xff;
			b[i] = v & 0xff;
		}
		return new FlatImage(dims, new float[][] { r, g, b });
	}

	/** One channel of intensities, scaled by {@code factor}; non-finite values are refused. */
	static <T extends RealType<T>> FlatImage gray(String where, RandomAccessibleInterval<T> image, double factor) {
		int[] dims = dims(where, image);
		int n = (int) Intervals.numElements(image);
		float[] a = new float[n];
		Cursor<T> c = Views.flatIterable(image).cursor();
		for (int i = 0; i < n; i++) {
			double v = c.next().getRealDouble();
			if (!Double.isFinite(v))
				throw new IllegalArgumentException(where + ": the image contains a non-finite value (" + v
						+ "); replace NaN/Infinity first (Process > Math > Remove NaNs...)");
			a[i] = (float) (v * factor);
		}
		return new FlatImage(dims, new float[][] { a });
	}

	/** Any number of channels given directly (all of {@code dims}' size). */
	static FlatImage of(int[] dims, float[][] channels) {
		return new FlatImage(dims, channels);
	}

	/**
	 * The factor that maps a type's values to 0..255 as scikit-image's {@code img_as_float} then
	 * {@code * 255} does: 255 / (type max) for integer types, 255 for floating-point types (taken as 0..1).
	 */
	static <T extends RealType<T>> double unitFactor(T type) {
		if (type instanceof net.imglib2.type.numeric.IntegerType<?> || type instanceof net.imglib2.type.logic.BitType) {
			double max = type.getMaxValue();
			return max > 0 ? 255.0 / max : 1;
		}
		return 255.0;
	}

	/** Flat labels (x fastest) of a label image. */
	static int[] labels(String where, RandomAccessibleInterval<IntType> labels) {
		dims(where, labels);
		int n = (int) Intervals.numElements(labels);
		int[] a = new int[n];
		Cursor<IntType> c = Views.flatIterable(labels).cursor();
		for (int i = 0; i < n; i++)
			a[i] = c.next().get();
		return a;
	}

	static Img<IntType> labelImage(int[] labels, int[] dims) {
		long[] d = new long[dims.length];
		for (int i = 0; i < d.length; i++)
			d[i] = dims[i];
		return ArrayImgs.ints(labels, d);
	}
}
