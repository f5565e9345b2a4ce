package org.segmentij.classical.threshold;

import ij.process.AutoThresholder;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * Otsu's threshold (minimum within-class variance), chosen by ImageJ 1's
 * {@link AutoThresholder} on ImageJ's 256-bin histogram, so the mask equals ImageJ 1's
 * {@code setAutoThreshold("Otsu dark"); run("Convert to Mask")} on the same plane. For a stack
 * the histogram is that of all its pixels (one threshold for the whole stack).
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
		return rangeFor(Histogram.imageJ(image), AutoThresholder.Method.Otsu, darkObjects);
	}

	/** Mask of the foreground (255) and background (0). */
	public static <T extends RealType<T>> Img<UnsignedByteType> mask(RandomAccessibleInterval<T> image, boolean darkObjects) {
		return range(image, darkObjects).mask(image);
	}

	/** ImageJ 1's rule from a bin threshold to a value range ("dark" background means bright objects). */
	static ThresholdRange rangeFor(Histogram h, AutoThresholder.Method method, boolean darkObjects) {
		AutoThresholder thresholder = new AutoThresholder();
		thresholder.setBilevelSubractOne(true);
		int t = thresholder.getThreshold(method, h.countsAsInt());
		if (darkObjects)
			return h.valueRange(0, t);
		return h.valueRange(Math.min(t + 1, 255), 255);
	}
}
