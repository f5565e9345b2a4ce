package org.segmentij.classical.threshold;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.loops.LoopBuilder;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.util.Intervals;

/**
 * An inclusive range of pixel values, {@code lower <= v <= upper}, as ImageJ 1's
 * {@code setThreshold(lower, upper)} selects; pixels inside are foreground.
 */
public record ThresholdRange(double lower, double upper) {

	public ThresholdRange {
		if (Double.isNaN(lower) || Double.isNaN(upper))
			throw new IllegalArgumentException("Threshold levels must be numbers, got " + lower + " and " + upper + ".");
		if (lower > upper)
			throw new IllegalArgumentException("The lower threshold (" + lower + ") is above the upper one (" + upper
					+ "); swap them.");
	}

	public boolean contains(double v) {
		return v >= lower && v <= upper;
	}

	/**
	 * A new 8-bit mask, 255 where the pixel is in range and 0 elsewhere (ImageJ's binary
	 * convention). The input is only read.
	 */
	public <T extends RealType<T>> Img<UnsignedByteType> mask(RandomAccessibleInterval<T> image) {
		long[] dims = image.dimensionsAsLongArray();
		if (Intervals.numElements(dims) > Integer.MAX_VALUE - 8)
			throw new IllegalArgumentException("The image has " + Intervals.numElements(dims)
					+ " pixels, more than one mask array can hold (2^31); process it slice by slice.");
		Img<UnsignedByteType> out = ArrayImgs.unsignedBytes(dims);
		RandomAccessibleInterval<T> zeroMin = net.imglib2.view.Views.zeroMin(image);
		final double lo = lower, hi = upper;
		LoopBuilder.setImages(zeroMin, out).multiThreaded().forEachPixel((in, o) -> {
			double v = in.getRealDouble();
			o.setInteger(v >= lo && v <= hi ? 255 : 0);
		});
		return out;
	}
}
