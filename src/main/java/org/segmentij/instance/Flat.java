package org.segmentij.instance;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.view.Views;

/** Flat primitive copies (or the backing array itself, read only) of ImgLib2 images, in flat-iteration order. */
final class Flat {

	private Flat() {
	}

	static long size(RandomAccessibleInterval<?> img) {
		long n = 1;
		for (int d = 0; d < img.numDimensions(); d++)
			n *= img.dimension(d);
		return n;
	}

	static int checkedSize(String where, RandomAccessibleInterval<?> img) {
		long n = size(img);
		if (n > Integer.MAX_VALUE - 8)
			throw new IllegalArgumentException(where + ": the image has " + n + " pixels, too many for one array; process it in tiles");
		return (int) n;
	}

	/** The labels as an int array: the backing array of an ArrayImg (do not modify), else a copy. */
	static int[] ints(String where, RandomAccessibleInterval<IntType> img) {
		int n = checkedSize(where, img);
		if (img instanceof ArrayImg<?, ?> a && a.update(null) instanceof IntArray ia && ia.getCurrentStorageArray().length == n)
			return ia.getCurrentStorageArray();
		int[] out = new int[n];
		Cursor<IntType> c = Views.flatIterable(img).cursor();
		for (int i = 0; i < n; i++)
			out[i] = c.next().get();
		return out;
	}

	/** A float copy of a real image. */
	static <T extends RealType<T>> float[] floats(String where, RandomAccessibleInterval<T> img) {
		int n = checkedSize(where, img);
		float[] out = new float[n];
		Cursor<T> c = Views.flatIterable(img).cursor();
		for (int i = 0; i < n; i++)
			out[i] = c.next().getRealFloat();
		return out;
	}

	/** A double copy of a real image. */
	static <T extends RealType<T>> double[] doubles(String where, RandomAccessibleInterval<T> img) {
		int n = checkedSize(where, img);
		double[] out = new double[n];
		Cursor<T> c = Views.flatIterable(img).cursor();
		for (int i = 0; i < n; i++)
			out[i] = c.next().getRealDouble();
		return out;
	}

	static void checkSameSize(String where, String what, RandomAccessibleInterval<?> a, long[] dims) {
		if (a.numDimensions() != dims.length)
			throw new IllegalArgumentException(where + ": the " + what + " has " + a.numDimensions() + " dimensions, expected "
					+ dims.length + " (" + java.util.Arrays.toString(dims) + ")");
		for (int d = 0; d < dims.length; d++)
			if (a.dimension(d) != dims[d])
				throw new IllegalArgumentException(where + ": the " + what + " is " + java.util.Arrays.toString(a.dimensionsAsLongArray())
						+ ", expected " + java.util.Arrays.toString(dims) + "; give images of the same size");
	}
}
