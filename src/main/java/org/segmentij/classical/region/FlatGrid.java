package org.segmentij.classical.region;

import java.util.Arrays;

import org.segmentij.classical.region.ConnectedComponents.Connectivity;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

/**
 * A flat, padded copy layout shared by the flooding algorithms of this package: the image is
 * stored x fastest with one extra pixel on each side of every axis, so that every neighbour
 * of an image pixel is a valid array index and no border test is needed. Padding pixels are
 * never "inside".
 */
final class FlatGrid {

	/** Dimensions of the image (without padding). */
	final long[] dims;
	/** Number of image pixels. */
	final int total;
	/** Number of padded pixels. */
	final int size;
	/** Padded index of every image pixel, in raster order. */
	final int[] pidx;
	/** Flat offsets of all neighbours for the connectivity, in raster order of the offsets. */
	final int[] offsets;

	FlatGrid(String where, long[] dims, Connectivity connectivity) {
		int n = dims.length;
		if (n < 1)
			throw new IllegalArgumentException(where + ": the image has no dimensions");
		this.dims = dims.clone();
		long t = Intervals.numElements(dims);
		long padded = 1;
		for (long d : dims)
			padded *= d + 2;
		if (padded > Integer.MAX_VALUE - 8)
			throw new IllegalArgumentException(where + ": the image has " + t
					+ " pixels, too many for a flat copy (at most about " + (Integer.MAX_VALUE - 8)
					+ " with a one-pixel border); process it in tiles");
		total = (int) t;
		size = (int) padded;
		int[] pd = new int[n];
		int[] stride = new int[n];
		for (int d = 0; d < n; d++) {
			pd[d] = (int) dims[d] + 2;
			stride[d] = d == 0 ? 1 : stride[d - 1] * pd[d - 1];
		}
		// neighbour offsets
		int combos = 1;
		for (int d = 0; d < n; d++)
			combos *= 3;
		int[] off = new int[combos];
		int k = 0;
		for (int m = 0; m < combos; m++) {
			int r = m, nonzero = 0, o = 0;
			for (int d = 0; d < n; d++) {
				int delta = r % 3 - 1;
				r /= 3;
				if (delta != 0)
					nonzero++;
				o += delta * stride[d];
			}
			if (nonzero == 0 || (connectivity == Connectivity.FACE && nonzero != 1))
				continue;
			off[k++] = o;
		}
		offsets = Arrays.copyOf(off, k);
		Arrays.sort(offsets);
		// padded index of each image pixel
		pidx = new int[total];
		int[] pos = new int[n];
		int w = (int) dims[0];
		int lines = w == 0 ? 0 : total / w;
		int i = 0;
		for (int line = 0; line < lines; line++) {
			int base = 1;
			for (int d = 1; d < n; d++)
				base += (pos[d] + 1) * stride[d];
			for (int x = 0; x < w; x++)
				pidx[i++] = base + x;
			for (int d = 1; d < n; d++) {
				if (++pos[d] < dims[d])
					break;
				pos[d] = 0;
			}
		}
	}

	/** The offsets of neighbours visited before a pixel in a raster scan. */
	int[] backward() {
		return Arrays.stream(offsets).filter(o -> o < 0).toArray();
	}

	/** The offsets of neighbours visited after a pixel in a raster scan. */
	int[] forward() {
		return Arrays.stream(offsets).filter(o -> o > 0).toArray();
	}

	/**
	 * A padded copy of an image's values (0 on the padding), optionally negated.
	 */
	<T extends RealType<T>> double[] values(RandomAccessibleInterval<T> image, boolean negate) {
		double[] v = new double[size];
		Cursor<T> c = Views.flatIterable(image).cursor();
		for (int i = 0; i < total; i++) {
			double x = c.next().getRealDouble();
			v[pidx[i]] = negate ? -x : x;
		}
		return v;
	}

	/**
	 * Which padded pixels take part: image pixels whose value is not NaN and, when a mask is
	 * given, whose mask value is nonzero and not NaN.
	 */
	<M extends RealType<M>> boolean[] inside(double[] values, RandomAccessibleInterval<M> mask) {
		boolean[] in = new boolean[size];
		if (mask == null) {
			for (int i = 0; i < total; i++) {
				int p = pidx[i];
				in[p] = values == null || !Double.isNaN(values[p]);
			}
			return in;
		}
		Cursor<M> c = Views.flatIterable(mask).cursor();
		for (int i = 0; i < total; i++) {
			double m = c.next().getRealDouble();
			int p = pidx[i];
			in[p] = m != 0 && m == m && (values == null || !Double.isNaN(values[p]));
		}
		return in;
	}

	/** An image of the original dimensions (min 0) from padded labels; negative values become 0. */
	Img<IntType> toImg(int[] padded) {
		int[] out = new int[total];
		for (int i = 0; i < total; i++) {
			int l = padded[pidx[i]];
			out[i] = l > 0 ? l : 0;
		}
		return ArrayImgs.ints(out, dims);
	}

	/** Checks that an image has the given dimensions. */
	static void checkSameSize(String where, String what, RandomAccessibleInterval<?> img, long[] dims) {
		if (!Arrays.equals(img.dimensionsAsLongArray(), dims))
			throw new IllegalArgumentException(where + ": the " + what + " has dimensions "
					+ Arrays.toString(img.dimensionsAsLongArray()) + " but the image has " + Arrays.toString(dims)
					+ "; give a " + what + " of the same size (pixels are paired by position relative to each min)");
	}
}
