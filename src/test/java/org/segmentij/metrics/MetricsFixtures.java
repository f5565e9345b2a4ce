package org.segmentij.metrics;

import java.util.Random;

import net.imglib2.RandomAccess;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.view.Views;

/** Small label images for the metrics tests, and flat access to their pixels. */
final class MetricsFixtures {

	private MetricsFixtures() {
	}

	/** A 2D label image from rows of text: digits / letters are labels, '.' is 0. */
	static Img<IntType> parse(String... rows) {
		int h = rows.length, w = rows[0].length();
		int[] data = new int[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				char c = rows[y].charAt(x);
				data[y * w + x] = c == '.' ? 0 : Character.isDigit(c) ? c - '0' : 10 + (c - 'a');
			}
		return ArrayImgs.ints(data, w, h);
	}

	static void rect(Img<IntType> img, int label, int x0, int y0, int w, int h) {
		RandomAccess<IntType> ra = img.randomAccess();
		for (int y = y0; y < y0 + h; y++)
			for (int x = x0; x < x0 + w; x++)
				ra.setPositionAndGet(x, y).set(label);
	}

	/**
	 * Random boxes with random, non-consecutive labels drawn over each other (so objects touch,
	 * get cut, and get holes), on a 2D or 3D image.
	 */
	static Img<IntType> randomLabels(Random rnd, long[] dims, int boxes, int maxLabel) {
		Img<IntType> img = ArrayImgs.ints(dims);
		RandomAccess<IntType> ra = img.randomAccess();
		long[] lo = new long[dims.length], hi = new long[dims.length], pos = new long[dims.length];
		for (int b = 0; b < boxes; b++) {
			int label = rnd.nextInt(5) == 0 ? 0 : 1 + rnd.nextInt(maxLabel);
			for (int d = 0; d < dims.length; d++) {
				lo[d] = rnd.nextInt((int) dims[d]);
				hi[d] = Math.min(dims[d] - 1, lo[d] + rnd.nextInt(Math.max(1, (int) dims[d] / 2)));
			}
			fill(ra, lo, hi, pos, 0, label);
		}
		return img;
	}

	private static void fill(RandomAccess<IntType> ra, long[] lo, long[] hi, long[] pos, int d, int label) {
		if (d == lo.length) {
			ra.setPositionAndGet(pos).set(label);
			return;
		}
		for (long v = lo[d]; v <= hi[d]; v++) {
			pos[d] = v;
			fill(ra, lo, hi, pos, d + 1, label);
		}
	}

	/** The pixels in flat iteration order. */
	static int[] pixels(net.imglib2.RandomAccessibleInterval<IntType> img) {
		int[] out = new int[(int) Views.iterable(img).size()];
		int i = 0;
		for (IntType t : Views.flatIterable(img))
			out[i++] = t.get();
		return out;
	}
}
