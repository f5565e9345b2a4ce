package org.segmentij.command.deep;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.view.Views;

/**
 * Plane and axis helpers of the instance commands (deep-instances, star-convex-instances,
 * panoptic-instances): their networks' outputs carry a channel axis, their results do not.
 */
final class DeepPlanes {

	private DeepPlanes() {
	}

	/** Plane q (flat order of dimensions 2..n-1) of an image whose first two dimensions are X and Y. */
	static <T> RandomAccessibleInterval<T> plane(RandomAccessibleInterval<T> img, long q) {
		RandomAccessibleInterval<T> v = img;
		long rest = q;
		for (int d = 2; d < img.numDimensions(); d++) {
			long size = img.dimension(d);
			v = Views.hyperSlice(v, 2, img.min(d) + rest % size);
			rest /= size;
		}
		return v;
	}

	/** The values of all dimensions but {@code c} (the channel axis). */
	static double[] drop(double[] a, int c) {
		double[] o = new double[a.length - 1];
		for (int i = 0, j = 0; i < a.length; i++)
			if (i != c)
				o[j++] = a[i];
		return o;
	}

	/** The values of all dimensions but {@code c} (the channel axis). */
	static String[] drop(String[] a, int c) {
		String[] o = new String[a.length - 1];
		for (int i = 0, j = 0; i < a.length; i++)
			if (i != c)
				o[j++] = a[i];
		return o;
	}
}
