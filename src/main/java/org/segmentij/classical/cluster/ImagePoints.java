package org.segmentij.classical.cluster;

import java.util.Arrays;

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
 * The feature points of an image for the clustering helpers. Integer-valued intensity images
 * whose range spans at most {@link #MAX_BINS} values become one weighted point per distinct value
 * (the histogram: clustering it is exactly clustering the pixels, only faster); RGB images become
 * one weighted point per distinct colour; anything else one point per pixel. Intensities are
 * stored relative to the image minimum (translation does not change the clustering).
 */
final class ImagePoints {

	static final int MAX_BINS = 65536;

	final float[] features;
	final int dims;
	/** Pixels per point, or null: one point per pixel. */
	final double[] weights;
	final long pixels;

	private final double offset;
	/** Intensities: point of each histogram bin; RGB: point (colour index) of each pixel. */
	private final int[] binToPoint;
	private final int[] colours;

	private ImagePoints(float[] features, int dims, double[] weights, long pixels, double offset, int[] binToPoint,
			int[] colours) {
		this.features = features;
		this.dims = dims;
		this.weights = weights;
		this.pixels = pixels;
		this.offset = offset;
		this.binToPoint = binToPoint;
		this.colours = colours;
	}

	static long pixels(RandomAccessibleInterval<?> image) {
		if (image == null)
			throw new IllegalArgumentException("image must not be null");
		long n = Intervals.numElements(image);
		if (n < 1)
			throw new IllegalArgumentException("image has no pixels");
		if (n > Integer.MAX_VALUE - 8)
			throw new IllegalArgumentException("image has too many pixels (" + n + ") for clustering");
		return n;
	}

	static <T extends RealType<T>> ImagePoints intensities(RandomAccessibleInterval<T> image) {
		long n = pixels(image);
		double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
		boolean integral = true;
		for (T t : Views.flatIterable(image)) {
			double v = t.getRealDouble();
			if (!Double.isFinite(v))
				throw new IllegalArgumentException("the image contains a non-finite value (" + v
						+ "); replace NaN and Infinity first (Process > Math > Remove NaNs...)");
			if (v < min)
				min = v;
			if (v > max)
				max = v;
			if (integral && v != Math.rint(v))
				integral = false;
		}
		if (integral && max - min < MAX_BINS) {
			int bins = (int) (max - min) + 1;
			long[] counts = new long[bins];
			for (T t : Views.flatIterable(image))
				counts[(int) (t.getRealDouble() - min)]++;
			int p = 0;
			for (long c : counts)
				if (c > 0)
					p++;
			float[] f = new float[p];
			double[] w = new double[p];
			int[] map = new int[bins];
			p = 0;
			for (int b = 0; b < bins; b++)
				if (counts[b] > 0) {
					f[p] = b;
					w[p] = counts[b];
					map[b] = p++;
				}
			return new ImagePoints(f, 1, w, n, min, map, null);
		}
		float[] f = new float[(int) n];
		int i = 0;
		for (T t : Views.flatIterable(image))
			f[i++] = (float) (t.getRealDouble() - min);
		return new ImagePoints(f, 1, null, n, min, null, null);
	}

	static ImagePoints rgb(RandomAccessibleInterval<ARGBType> image) {
		long n = pixels(image);
		int[] px = new int[(int) n];
		if (image instanceof net.imglib2.img.array.ArrayImg<?, ?> a
				&& a.update(null) instanceof net.imglib2.img.basictypeaccess.array.IntArray ia
				&& ia.getCurrentStorageArray().length == px.length) {
			int[] src = ia.getCurrentStorageArray();
			for (int i = 0; i < px.length; i++)
				px[i] = src[i] & 0xffffff;
		} else {
			int i = 0;
			for (ARGBType t : Views.flatIterable(image))
				px[i++] = t.get() & 0xffffff;
		}
		// the distinct colours in increasing order, by a bit set over all 2^24 colours; a
		// colour's index is the number of colours below it (prefix counts per 64-bit word)
		long[] present = new long[1 << 18];
		for (int c : px)
			present[c >>> 6] |= 1L << (c & 63);
		int[] prefix = new int[present.length];
		int p = 0;
		for (int wd = 0; wd < present.length; wd++) {
			prefix[wd] = p;
			p += Long.bitCount(present[wd]);
		}
		int[] colours = new int[p];
		for (int wd = 0, j = 0; wd < present.length; wd++)
			for (long bits = present[wd]; bits != 0; bits &= bits - 1)
				colours[j++] = (wd << 6) | Long.numberOfTrailingZeros(bits);
		double[] w = new double[p];
		int[] index = new int[px.length];
		for (int i = 0; i < px.length; i++) {
			int c = px[i];
			int k = prefix[c >>> 6] + Long.bitCount(present[c >>> 6] & ((1L << (c & 63)) - 1));
			index[i] = k;
			w[k]++;
		}
		float[] f = new float[colours.length * 3];
		for (int j = 0; j < colours.length; j++) {
			f[3 * j] = (colours[j] >> 16) & 0xff;
			f[3 * j + 1] = (colours[j] >> 8) & 0xff;
			f[3 * j + 2] = colours[j] & 0xff;
		}
		return new ImagePoints(f, 3, w, n, 0, index, colours);
	}

	/** The label image (dimensions of {@code image}, origin 0): pixel gets {@code labelOfPoint[its point]}. */
	<T extends RealType<T>> Img<IntType> labelIntensities(RandomAccessibleInterval<T> image, int[] labelOfPoint) {
		int[] out = new int[(int) pixels];
		int i = 0;
		if (binToPoint != null) {
			for (T t : Views.flatIterable(image))
				out[i++] = labelOfPoint[binToPoint[(int) (t.getRealDouble() - offset)]];
		} else {
			for (; i < out.length; i++)
				out[i] = labelOfPoint[i];
		}
		return ArrayImgs.ints(out, Intervals.dimensionsAsLongArray(image));
	}

	/** The label image of an RGB image: pixel gets {@code labelOfPoint[index of its colour]}. */
	Img<IntType> labelRgb(RandomAccessibleInterval<ARGBType> image, int[] labelOfPoint) {
		int[] out = new int[(int) pixels];
		int[] index = binToPoint; // for RGB points: the colour index of every pixel
		for (int i = 0; i < out.length; i++)
			out[i] = labelOfPoint[index[i]];
		return ArrayImgs.ints(out, Intervals.dimensionsAsLongArray(image));
	}

	/** Rec. 601 luminance of an RGB centre. */
	static double luminance(float[] c) {
		return 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2];
	}
}
