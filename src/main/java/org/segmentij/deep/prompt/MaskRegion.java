package org.segmentij.deep.prompt;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * A probability map of one object on a rectangle of the image: {@code w x h} values, value
 * (0, 0) at image pixel (x, y); 0 outside the rectangle.
 */
public record MaskRegion(int x, int y, int w, int h, float[] prob) {

	public MaskRegion {
		if (w < 0 || h < 0 || prob.length != w * h)
			throw new IllegalArgumentException("mask region " + w + "x" + h + " with " + prob.length + " values");
	}

	/** The probability at image pixel (px, py); 0 outside the region. */
	public float at(int px, int py) {
		int u = px - x, v = py - y;
		return u < 0 || v < 0 || u >= w || v >= h ? 0f : prob[v * w + u];
	}

	/** Bounding box {x0, y0, x1, y1} (image pixels, inclusive) of the values above {@code threshold}, or null. */
	public double[] box(double threshold) {
		int x0 = Integer.MAX_VALUE, y0 = Integer.MAX_VALUE, x1 = -1, y1 = -1;
		for (int v = 0; v < h; v++)
			for (int u = 0; u < w; u++)
				if (prob[v * w + u] > threshold) {
					x0 = Math.min(x0, u);
					x1 = Math.max(x1, u);
					y0 = Math.min(y0, v);
					y1 = Math.max(y1, v);
				}
		return x1 < 0 ? null : new double[] { x + x0, y + y0, x + x1, y + y1 };
	}

	/** Number of values above {@code threshold}. */
	public long area(double threshold) {
		long n = 0;
		for (float p : prob)
			if (p > threshold)
				n++;
		return n;
	}

	/** The map on the whole {@code width x height} image. */
	public Img<FloatType> toImage(int width, int height) {
		float[] a = new float[width * height];
		for (int v = 0; v < h; v++) {
			int yy = y + v;
			if (yy < 0 || yy >= height)
				continue;
			for (int u = 0; u < w; u++) {
				int xx = x + u;
				if (xx >= 0 && xx < width)
					a[yy * width + xx] = prob[v * w + u];
			}
		}
		return ArrayImgs.floats(a, width, height);
	}

	/** A whole-image map as a region (the image's own size). */
	public static MaskRegion of(RandomAccessibleInterval<FloatType> map) {
		if (map.numDimensions() != 2)
			throw new IllegalArgumentException("a previous mask is 2D, got " + map.numDimensions() + " dimensions");
		int w = (int) map.dimension(0), h = (int) map.dimension(1);
		float[] a = new float[w * h];
		Cursor<FloatType> c = Views.flatIterable(map).cursor();
		for (int i = 0; c.hasNext(); i++)
			a[i] = c.next().get();
		return new MaskRegion((int) map.min(0), (int) map.min(1), w, h, a);
	}
}
