package org.segmentij.deep.prompt;

/**
 * How a {@link Prompt} becomes the input of SegmentIJ's promptable network: a square window of
 * {@code size x size} pixels placed around the prompt, and five channels on it.
 * <ol>
 * <li>{@link #IMAGE}: the normalised image, sampled in the window (0 outside the image);</li>
 * <li>{@link #POSITIVE}: positive points as Gaussians, {@code max_k exp(-d_k^2 / (2 sigma^2))}
 * with {@code d_k} the distance in window pixels to point k (1 at a point);</li>
 * <li>{@link #NEGATIVE}: negative points, the same way;</li>
 * <li>{@link #BOX}: 1 where the pixel centre lies in the box {@code [x0 - 0.5, x1 + 0.5] x
 * [y0 - 0.5, y1 + 0.5]} (inclusive pixel corners), else 0;</li>
 * <li>{@link #PREVIOUS}: the previous probability map of the same object (a refining click),
 * sampled in the window, or 0.</li>
 * </ol>
 * <p>
 * The window ({@link #window}) is centred on the bounding box of the positive points, the box
 * and the previous mask (pixels of probability &gt; 0.5); negative points do not move it. Its
 * side in image pixels is {@code size} for points alone (grown to the points' extent plus
 * {@code size / 2}), and {@code max(size, 2 * extent)} when a box or a previous mask says how
 * large the object is: an object larger than half the window is seen at a coarser scale
 * ({@code scale} image pixels per window pixel). At scale 1 the window starts on whole pixels, so
 * no interpolation happens; at other scales the image is averaged over each window pixel's
 * footprint and the previous mask sampled bilinearly. Training ({@code deep.train.PromptTraining})
 * and inference ({@link PromptNet}) use these same functions.
 */
public final class PromptEncoding {

	/** Channel indices of the network input. */
	public static final int IMAGE = 0, POSITIVE = 1, NEGATIVE = 2, BOX = 3, PREVIOUS = 4, CHANNELS = 5;
	/** Channel names, in order (written to model.json). */
	public static final java.util.List<String> CHANNEL_NAMES = java.util.List.of("image", "positive", "negative", "box", "previous");
	/** Default window side in pixels. */
	public static final int DEFAULT_WINDOW = 96;
	/** Default standard deviation of the point Gaussians, in window pixels. */
	public static final double DEFAULT_SIGMA = 3;

	private PromptEncoding() {
	}

	/**
	 * A square window: window pixel (u, v) has its centre at image position
	 * {@code (x0 + u * scale, y0 + v * scale)}.
	 */
	public record Window(double x0, double y0, double scale, int size) {

		public Window {
			if (size < 1 || !(scale > 0))
				throw new IllegalArgumentException("window size " + size + ", scale " + scale);
		}

		public double imageX(double u) {
			return x0 + u * scale;
		}

		public double imageY(double v) {
			return y0 + v * scale;
		}

		public double windowX(double x) {
			return (x - x0) / scale;
		}

		public double windowY(double y) {
			return (y - y0) / scale;
		}

		/** The image pixels the window covers, {x0, y0, x1, y1} inclusive, clipped to a w x h image; null when none. */
		public int[] imageBounds(int w, int h) {
			int ax = (int) Math.max(0, Math.ceil(x0 - 0.5 * scale)), ay = (int) Math.max(0, Math.ceil(y0 - 0.5 * scale));
			int bx = (int) Math.min(w - 1, Math.floor(imageX(size - 1) + 0.5 * scale - 1e-9));
			int by = (int) Math.min(h - 1, Math.floor(imageY(size - 1) + 0.5 * scale - 1e-9));
			return ax > bx || ay > by ? null : new int[] { ax, ay, bx, by };
		}
	}

	/**
	 * The window for a prompt.
	 *
	 * @param previousBox bounding box {x0, y0, x1, y1} of the previous mask, or null
	 */
	public static Window window(Prompt p, double[] previousBox, int size) {
		double minX = Double.POSITIVE_INFINITY, minY = Double.POSITIVE_INFINITY, maxX = Double.NEGATIVE_INFINITY,
				maxY = Double.NEGATIVE_INFINITY;
		java.util.List<double[]> pts = new java.util.ArrayList<>(p.positives());
		if (p.box() != null) {
			pts.add(new double[] { p.box()[0], p.box()[1] });
			pts.add(new double[] { p.box()[2], p.box()[3] });
		}
		if (previousBox != null) {
			pts.add(new double[] { previousBox[0], previousBox[1] });
			pts.add(new double[] { previousBox[2], previousBox[3] });
		}
		if (pts.isEmpty())
			pts.addAll(p.negatives());
		for (double[] q : pts) {
			minX = Math.min(minX, q[0]);
			maxX = Math.max(maxX, q[0]);
			minY = Math.min(minY, q[1]);
			maxY = Math.max(maxY, q[1]);
		}
		boolean sized = p.box() != null || previousBox != null;
		double extent = Math.max(maxX - minX, maxY - minY) + (sized ? 1 : 0);
		double side = sized ? Math.max(size, 2 * extent) : Math.max(size, extent + size / 2.0);
		double scale = side / size;
		double cx = (minX + maxX) / 2, cy = (minY + maxY) / 2;
		double x0 = cx - (size - 1) / 2.0 * scale, y0 = cy - (size - 1) / 2.0 * scale;
		if (scale == 1) {
			x0 = Math.round(x0);
			y0 = Math.round(y0);
		}
		return new Window(x0, y0, scale, size);
	}

	/**
	 * The positive, negative and box channels ({@code 3 * size * size} floats, in that order) of
	 * a prompt in a window.
	 */
	public static float[] promptChannels(Prompt p, Window win, double sigma) {
		int s = win.size(), plane = s * s;
		float[] out = new float[3 * plane];
		gaussians(p.positives(), win, sigma, out, 0);
		gaussians(p.negatives(), win, sigma, out, plane);
		if (p.box() != null) {
			double[] b = p.box();
			for (int v = 0; v < s; v++) {
				double y = win.imageY(v);
				if (y < b[1] - 0.5 || y > b[3] + 0.5)
					continue;
				for (int u = 0; u < s; u++) {
					double x = win.imageX(u);
					if (x >= b[0] - 0.5 && x <= b[2] + 0.5)
						out[2 * plane + v * s + u] = 1;
				}
			}
		}
		return out;
	}

	private static void gaussians(java.util.List<double[]> points, Window win, double sigma, float[] out, int off) {
		int s = win.size();
		double k = 1 / (2 * sigma * sigma);
		int reach = (int) Math.ceil(4 * sigma);
		for (double[] q : points) {
			double pu = win.windowX(q[0]), pv = win.windowY(q[1]);
			int u0 = (int) Math.max(0, Math.floor(pu - reach)), u1 = (int) Math.min(s - 1, Math.ceil(pu + reach));
			int v0 = (int) Math.max(0, Math.floor(pv - reach)), v1 = (int) Math.min(s - 1, Math.ceil(pv + reach));
			for (int v = v0; v <= v1; v++)
				for (int u = u0; u <= u1; u++) {
					double du = u - pu, dv = v - pv;
					float g = (float) Math.exp(-(du * du + dv * dv) * k);
					int i = off + v * s + u;
					if (g > out[i])
						out[i] = g;
				}
		}
	}

	/**
	 * Samples a w x h image into the window: a straight copy at scale 1 on whole pixels, else the
	 * mean of bilinear samples over each window pixel's footprint; 0 outside the image.
	 */
	public static void sampleImage(float[] img, int w, int h, Window win, float[] dst, int off) {
		int s = win.size();
		double sc = win.scale();
		if (sc == 1 && win.x0() == Math.rint(win.x0()) && win.y0() == Math.rint(win.y0())) {
			int ox = (int) win.x0(), oy = (int) win.y0();
			for (int v = 0; v < s; v++) {
				int y = oy + v;
				if (y < 0 || y >= h) {
					java.util.Arrays.fill(dst, off + v * s, off + (v + 1) * s, 0f);
					continue;
				}
				for (int u = 0; u < s; u++) {
					int x = ox + u;
					dst[off + v * s + u] = x >= 0 && x < w ? img[y * w + x] : 0f;
				}
			}
			return;
		}
		int n = Math.max(1, (int) Math.ceil(sc));
		for (int v = 0; v < s; v++)
			for (int u = 0; u < s; u++) {
				double cx = win.imageX(u), cy = win.imageY(v);
				if (cx < -0.5 || cy < -0.5 || cx > w - 0.5 || cy > h - 0.5) {
					dst[off + v * s + u] = 0;
					continue;
				}
				double sum = 0;
				for (int j = 0; j < n; j++)
					for (int i = 0; i < n; i++)
						sum += bilinear(img, w, h, cx + ((i + 0.5) / n - 0.5) * sc, cy + ((j + 0.5) / n - 0.5) * sc);
				dst[off + v * s + u] = (float) (sum / (n * n));
			}
	}

	/** Bilinear sample with the border pixels repeated outside the image. */
	static double bilinear(float[] a, int w, int h, double x, double y) {
		x = Math.max(0, Math.min(w - 1, x));
		y = Math.max(0, Math.min(h - 1, y));
		int x0 = Math.min((int) x, w - 1), y0 = Math.min((int) y, h - 1);
		int x1 = Math.min(x0 + 1, w - 1), y1 = Math.min(y0 + 1, h - 1);
		double fx = x - x0, fy = y - y0;
		return (1 - fy) * ((1 - fx) * a[y0 * w + x0] + fx * a[y0 * w + x1]) + fy * ((1 - fx) * a[y1 * w + x0] + fx * a[y1 * w + x1]);
	}

	/**
	 * A probability map given on a sub-rectangle of the image ({@code w x h} values whose pixel
	 * (0, 0) is image pixel (ox, oy)), 0 elsewhere; sampled bilinearly into a window.
	 */
	public static void sampleMap(float[] map, int ox, int oy, int w, int h, Window win, float[] dst, int off) {
		int s = win.size();
		for (int v = 0; v < s; v++)
			for (int u = 0; u < s; u++) {
				double x = win.imageX(u) - ox, y = win.imageY(v) - oy;
				dst[off + v * s + u] = x < -0.5 || y < -0.5 || x > w - 0.5 || y > h - 0.5 ? 0f : (float) bilinear(map, w, h, x, y);
			}
	}

	/** The five input channels ({@code 5 * size * size}): image, positive, negative, box, previous. */
	public static float[] input(float[] image, int w, int h, Prompt p, Window win, double sigma, float[] previous, int prevX,
			int prevY, int prevW, int prevH) {
		int plane = win.size() * win.size();
		float[] x = new float[CHANNELS * plane];
		sampleImage(image, w, h, win, x, IMAGE * plane);
		System.arraycopy(promptChannels(p, win, sigma), 0, x, POSITIVE * plane, 3 * plane);
		if (previous != null)
			sampleMap(previous, prevX, prevY, prevW, prevH, win, x, PREVIOUS * plane);
		return x;
	}

	/**
	 * The window's probabilities back on the image grid, on the window's image bounds
	 * ({@link Window#imageBounds}): bilinear in window coordinates (a straight copy at scale 1).
	 * Returns {x0, y0, x1, y1} of the region written into {@code dst} ({@code (x1-x0+1) *
	 * (y1-y0+1)} values), or null when the window misses the image.
	 */
	public static int[] toImage(float[] windowProb, Window win, int w, int h, float[][] dst) {
		int[] b = win.imageBounds(w, h);
		if (b == null)
			return null;
		int rw = b[2] - b[0] + 1, rh = b[3] - b[1] + 1, s = win.size();
		float[] out = new float[rw * rh];
		for (int y = b[1]; y <= b[3]; y++)
			for (int x = b[0]; x <= b[2]; x++)
				out[(y - b[1]) * rw + x - b[0]] = (float) bilinear(windowProb, s, s, win.windowX(x), win.windowY(y));
		dst[0] = out;
		return b;
	}
}
