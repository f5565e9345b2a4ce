package org.segmentij.classical.threshold;

import java.util.ArrayList;
import java.util.List;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.loops.LoopBuilder;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

/**
 * Global thresholds by any of Fiji's Auto Threshold methods ({@link GlobalMethod}), on any pixel
 * type, for an image, a stack (one histogram) or each plane of a stack.
 * <p>
 * In {@link Histogram.Mode#IMAGEJ_256} the foreground range is exactly ImageJ 1's
 * {@code setAutoThreshold("<Method> dark")} (bright objects) or {@code setAutoThreshold("<Method>")}
 * (dark objects) followed by Convert to Mask: {@code (float) lower <= v <= (float) upper}. In
 * {@link Histogram.Mode#FULL} the threshold is chosen on the full-resolution histogram and the
 * foreground is {@code v > threshold} (bright objects) or {@code v <= threshold} (dark objects).
 * 8-bit images give the same result in both modes except when the method puts the threshold at 255
 * (ImageJ then still selects 255 for bright objects).
 */
public final class GlobalThreshold {

	private GlobalThreshold() {
	}

	/**
	 * How to threshold.
	 *
	 * @param darkObjects objects darker than the background (foreground at or below the threshold)
	 * @param ignoreBlack leave value 0 out of the histogram (Fiji's "Ignore black")
	 * @param ignoreWhite leave the type's largest value (255, 65535) out of the histogram (Fiji's
	 *                    "Ignore white"); no effect on float images
	 * @param mode        the histogram: ImageJ's 256 bins, or full resolution
	 */
	public record Options(boolean darkObjects, boolean ignoreBlack, boolean ignoreWhite, Histogram.Mode mode) {
		/** @throws IllegalArgumentException for a null mode */
		public Options {
			if (mode == null)
				throw new IllegalArgumentException("Give a histogram mode (FULL or IMAGEJ_256), got null.");
		}

		/** Bright objects, nothing ignored, ImageJ's 256-bin histogram (ImageJ 1's results). */
		public static Options defaults() {
			return new Options(false, false, false, Histogram.Mode.IMAGEJ_256);
		}

		/** These options with another histogram mode. */
		public Options withMode(Histogram.Mode m) {
			return new Options(darkObjects, ignoreBlack, ignoreWhite, m);
		}

		/** These options for dark (true) or bright (false) objects. */
		public Options withDarkObjects(boolean dark) {
			return new Options(dark, ignoreBlack, ignoreWhite, mode);
		}
	}

	/**
	 * A threshold.
	 *
	 * @param method    the method
	 * @param bin       the threshold bin of the histogram (foreground bins {@code > bin} for bright
	 *                  objects, {@code <= bin} for dark ones), -1..bins-1
	 * @param threshold the threshold in image units: the foreground is {@code value > threshold}
	 *                  for bright objects, {@code value <= threshold} for dark objects (+/-Infinity
	 *                  when the range is empty)
	 * @param range     the inclusive foreground value range the mask uses
	 */
	public record Result(GlobalMethod method, int bin, double threshold, ThresholdRange range) {
	}

	/** The mask of {@link #maskPerSlice} and the threshold of each plane (flat order of dimensions 2..n-1). */
	public record SliceResults(Img<UnsignedByteType> mask, List<Result> planes) {
	}

	/** The threshold of a whole image or stack (one histogram of all pixels). */
	public static <T extends RealType<T>> Result compute(RandomAccessibleInterval<T> image, GlobalMethod method, Options o) {
		check(image, method, o);
		return fromHistogram(Histogram.compute(image, o.mode()), method, o);
	}

	/**
	 * The threshold for a histogram made by {@link Histogram#compute} (ignore black / white are
	 * applied here).
	 */
	public static Result fromHistogram(Histogram histogram, GlobalMethod method, Options o) {
		if (histogram == null || method == null || o == null)
			throw new IllegalArgumentException("Give a histogram, a method and options, got null.");
		Histogram h = o.ignoreBlack() || o.ignoreWhite() ? histogram.ignoring(o.ignoreBlack(), o.ignoreWhite()) : histogram;
		int t = method.threshold(h.counts());
		boolean imageJ = h.binning() == Histogram.Binning.INTEGER_SCALED || h.binning() == Histogram.Binning.FLOAT_SCALED
				|| (h.binning() == Histogram.Binning.IDENTITY_8BIT && o.mode() == Histogram.Mode.IMAGEJ_256);
		ThresholdRange range;
		double threshold;
		if (imageJ) {
			// ImageJ: dark background -> [t + 1 (at most 255), 255]; otherwise [0, t], then scaled
			range = o.darkObjects() ? h.valueRange(0, t) : h.valueRange(Math.min(t + 1, 255), 255);
			boolean empty = range.lower() == Double.POSITIVE_INFINITY;
			if (o.darkObjects())
				threshold = empty ? Double.NEGATIVE_INFINITY : range.upper();
			else if (empty)
				threshold = Double.POSITIVE_INFINITY;
			else if (h.binning() == Histogram.Binning.FLOAT_SCALED)
				threshold = Math.nextDown((float) range.lower());
			else
				threshold = range.lower() - 1;
		}
		else {
			range = o.darkObjects() ? h.valueRange(0, t) : h.valueRange(t + 1, h.bins() - 1);
			threshold = t < 0 && h.binning() == Histogram.Binning.FULL_FLOAT ? Math.nextDown(h.min()) : h.thresholdValue(t);
		}
		return new Result(method, t, threshold, range);
	}

	/** The mask (255 = foreground) of a whole image or stack, one threshold for all its pixels. */
	public static <T extends RealType<T>> Img<UnsignedByteType> mask(RandomAccessibleInterval<T> image, GlobalMethod method,
			Options o) {
		return computeAndMask(image, method, o).mask();
	}

	/** A threshold and its mask. */
	public record Masked(Result result, Img<UnsignedByteType> mask) {
	}

	/**
	 * {@link #compute} and then the mask of its range ({@link ThresholdRange#mask}), with the
	 * mask's memory allocated (and so cleared) on another core while the method searches the
	 * histogram on this one.
	 */
	public static <T extends RealType<T>> Masked computeAndMask(RandomAccessibleInterval<T> image, GlobalMethod method,
			Options o) {
		check(image, method, o);
		Histogram h = Histogram.compute(image, o.mode());
		java.util.concurrent.ForkJoinTask<ArrayImg<UnsignedByteType, ByteArray>> out = ThresholdRange.allocateInBackground(image);
		Result r = fromHistogram(h, method, o);
		return new Masked(r, r.range().mask(image, out));
	}

	/**
	 * Thresholds each 2D plane (dimensions 0, 1) of an image with its own histogram, as ImageJ's
	 * "calculate threshold for each image"; a 2D image is one plane.
	 */
	public static <T extends RealType<T>> SliceResults maskPerSlice(RandomAccessibleInterval<T> image, GlobalMethod method,
			Options o) {
		check(image, method, o);
		Histogram[] hs = Histogram.perPlane(image, o.mode());
		long[] dims = image.dimensionsAsLongArray();
		if (Intervals.numElements(dims) > Integer.MAX_VALUE - 8)
			throw new IllegalArgumentException("The image has " + Intervals.numElements(dims)
					+ " pixels, more than one mask array can hold (2^31); process it in parts.");
		ArrayImg<UnsignedByteType, ByteArray> out = ArrayImgs.unsignedBytes(dims);
		byte[] o8 = out.update(null).getCurrentStorageArray();
		long planeSize = dims.length < 2 ? Intervals.numElements(dims) : dims[0] * dims[1];
		PrimitivePixels px = PrimitivePixels.of(image);
		List<Result> results = new ArrayList<>(hs.length);
		for (int p = 0; p < hs.length; p++) {
			Result r = fromHistogram(hs[p], method, o);
			results.add(r);
			if (px != null)
				r.range().maskInto(hs.length == 1 ? px : px.plane(p, planeSize), o8);
			else {
				RandomAccessibleInterval<T> in = hs.length == 1 ? image : Histogram.planeView(image, p);
				RandomAccessibleInterval<UnsignedByteType> dst = hs.length == 1 ? out : Histogram.planeView(out, p);
				ThresholdRange range = r.range();
				LoopBuilder.setImages(Views.zeroMin(in), Views.zeroMin(dst)).forEachPixel((v, m) -> m
						.setInteger(range.contains(v.getRealDouble()) ? 255 : 0));
			}
		}
		return new SliceResults(out, List.copyOf(results));
	}

	private static void check(RandomAccessibleInterval<?> image, GlobalMethod method, Options o) {
		if (image == null || method == null || o == null)
			throw new IllegalArgumentException("Give an image, a method and options, got null"
					+ (image == null ? " for the image." : method == null ? " for the method." : " for the options."));
	}
}
