package org.segmentij.classical.threshold;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * Otsu's threshold (maximum between-class variance) on ImageJ's 256-bin histogram, so the mask
 * equals ImageJ 1's {@code setAutoThreshold("Otsu dark"); run("Convert to Mask")} on the same
 * plane. For a stack the histogram is that of all its pixels (one threshold for the whole stack).
 * A shortcut for {@link GlobalThreshold} with {@link GlobalMethod#OTSU} in
 * {@link Histogram.Mode#IMAGEJ_256}.
 */
public final class OtsuThreshold {

	private OtsuThreshold() {
	}

	/**
	 * The foreground value range.
	 *
	 * @param darkObjects false: objects are brighter than the background (values above the
	 *                    threshold are foreground); true: objects are darker
	 */
	public static <T extends RealType<T>> ThresholdRange range(RandomAccessibleInterval<T> image, boolean darkObjects) {
		return GlobalThreshold.compute(image, GlobalMethod.OTSU, GlobalThreshold.Options.defaults().withDarkObjects(darkObjects))
				.range();
	}

	/** Mask of the foreground (255) and background (0). */
	public static <T extends RealType<T>> Img<UnsignedByteType> mask(RandomAccessibleInterval<T> image, boolean darkObjects) {
		return range(image, darkObjects).mask(image);
	}
}
