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

	/**
	 * This sample padded on the right and bottom to multiples of {@code multiple} (a network's
	 * size step): the image mirrored into the padding (so it looks like image content), the target
	 * {@link #IGNORE} there. The sample itself when no padding is needed.
	 */
	public Sample paddedTo(int multiple) {
		int pw = (width + multiple - 1) / multiple * multiple, ph = (height + multiple - 1) / multiple * multiple;
		if (pw == width && ph == height)
			return this;
		float[] x = new float[channels * pw * ph];
		for (int k = 0; k < channels; k++)
			for (int yy = 0; yy < ph; yy++) {
				int sy = reflect(yy, height);
				for (int xx = 0; xx < pw; xx++)
					x[(k * ph + yy) * pw + xx] = image[(k * height + sy) * width + reflect(xx, width)];
			}
		int[] t = new int[pw * ph];
		java.util.Arrays.fill(t, IGNORE);
		for (int yy = 0; yy < height; yy++)
			System.arraycopy(target, yy * width, t, yy * pw, width);
		return new Sample(name, x, channels, pw, ph, t);
	}

	/** Index i mirrored into 0..n-1 (..., 2, 1, 0, 1, 2, ..., n-1, n-2, ...). */
	private static int reflect(int i, int n) {
		if (n == 1)
			return 0;
		int p = 2 * (n - 1);
		i = Math.floorMod(i, p);
		return i < n ? i : p - i;
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
