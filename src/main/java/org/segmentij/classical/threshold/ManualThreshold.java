package org.segmentij.classical.threshold;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/** A fixed threshold range chosen by the user, as ImageJ's {@code setThreshold(lower, upper)}. */
public final class ManualThreshold {

	private ManualThreshold() {
	}

	/** Mask of the pixels with {@code lower <= value <= upper}. */
	public static <T extends RealType<T>> Img<UnsignedByteType> mask(RandomAccessibleInterval<T> image, double lower,
			double upper) {
		return new ThresholdRange(lower, upper).mask(image);
	}
}
