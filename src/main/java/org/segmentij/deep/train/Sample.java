package org.segmentij.deep.train;

import org.segmentij.InputException;

/**
 * One training image and its per-pixel target, in the layout the networks take: the image as
 * channels x height x width floats (already normalised), the target as height x width class
 * indices ({@link #IGNORE} for pixels that take no part in the loss).
 *
 * @param name     where it came from (a file name, "roi:title", "synthetic-3"), for messages
 * @param image    {@code channels * height * width} values, channel-major
 * @param channels number of input channels
 * @param width    width in pixels
 * @param height   height in pixels
 * @param target   {@code height * width} class indices 0..classes-1 or {@link #IGNORE}
 */
public record Sample(String name, float[] image, int channels, int width, int height, int[] target) {

	/** Target value of pixels left out of the loss (as the ignore index of cross-entropy). */
	public static final int IGNORE = -1;

	public Sample {
		if (channels < 1 || width < 1 || height < 1)
			throw new InputException(name + ": empty training image (" + width + "x" + height + ", " + channels
					+ " channels).");
		if (image.length != (long) channels * width * height)
			throw new IllegalArgumentException(name + ": " + image.length + " values for " + channels + "x" + height + "x" + width);
		if (target.length != (long) width * height)
			throw new IllegalArgumentException(name + ": target has " + target.length + " pixels, image " + width * height);
	}

	/** Pixels per plane. */
	public int plane() {
		return width * height;
	}

	/** The largest class index in the target (-1 when all ignored). */
	public int maxClass() {
		int m = -1;
		for (int t : target)
			m = Math.max(m, t);
		return m;
	}
}
