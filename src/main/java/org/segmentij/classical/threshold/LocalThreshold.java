package org.segmentij.classical.threshold;

import java.util.Arrays;
import java.util.stream.IntStream;

import org.segmentij.classical.filter.GaussianBlur;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * Local (adaptive) thresholding: each pixel is compared with a statistic of its window, as in
 * Fiji's Auto Local Threshold (G. Landini), plus OpenCV / scikit-image's Gaussian method.
 *
 * <h2>Rules</h2> With v the pixel, and over the window: n pixels, S = sum, Q = sum of squares,
 * mean = S / n, var = Q / n - mean&sup2; (population variance), sd = sqrt(var), min, max, median
 * (the middle value; n is always odd); all intensities are first mapped to the 0..255 scale by
 * u(x) = (x - lo) scale (see below), so u = v for 8-bit data:
 * <ul>
 * <li>BERNSEN (p1 = contrast, 15): mid = (min + max) / 2; if max - min &lt; p1 object iff mid &ge; 128,
 * else object iff v &ge; mid;</li>
 * <li>CONTRAST: object iff |max - v| &le; |v - min|;</li>
 * <li>MEAN (p1 = c): v &gt; mean - c; MEDIAN (p1 = c): v &gt; median - c; MIDGREY (p1 = c):
 * v &gt; (min + max) / 2 - c;</li>
 * <li>NIBLACK (p1 = k = 0.2, p2 = c = 0): v &gt; mean + k sd - c;</li>
 * <li>OTSU: the window's 256-bin histogram is thresholded by Otsu's method exactly as
 * {@code ij.process.AutoThresholder.Otsu(int[])} does (bin t), object iff bin(v) &gt; t; a window
 * with a single grey level has no threshold and is background. 8-bit: bin = v; other types:
 * bin = min(255, floor((v - lo) 256 / (hi - lo))). Cost O(window height + 256) per pixel;</li>
 * <li>PHANSALKAR (p1 = k = 0.25, p2 = r = 0.5, p = 2, q = 10), on m = mean/255, s = sd/255:
 * v/255 &gt; m (1 + p exp(-q m) + k (s / r - 1));</li>
 * <li>SAUVOLA (p1 = k = 0.5, p2 = r = 128): v &gt; mean (1 + k (sd / r - 1));</li>
 * <li>GAUSSIAN (p1 = c, p2 = sigma, 0 = radius / 3 as scikit-image's block_size/6): v &gt; g - c
 * where g is {@link GaussianBlur} of the image (float, mirror borders, kernel to 4 sigma); with
 * 3D windows sigma_z = radiusZ / 3 (or p2 radiusZ / radius when p2 &gt; 0). The window shape is
 * ignored.</li>
 * </ul>
 * Dark objects: the mask is the complement of the bright-object mask.
 * <p>
 * Arithmetic: for 8- and 16-bit data with square windows of at most {@value #MAX_INT_WINDOW}
 * pixels, MEAN, NIBLACK and SAUVOLA use exact integer window sums and compare without division or
 * square root (e.g. NIBLACK as a|a| &gt; k|k| D with a = n v - S + n c', D = n Q - S&sup2;), so ties
 * such as v = mean are decided exactly, as ImageJ does; other paths work in double precision and
 * can differ from exact arithmetic only for a pixel within rounding error of its threshold.
 *
 * <h2>Scaling for 16-bit and float images</h2> Parameters in intensity units (Bernsen's contrast,
 * the 128 mid level, c, Sauvola's r) are given for the 0..255 range. 8-bit images
 * ({@link UnsignedByteType}) use them as they are (lo = 0, scale = 1), which reproduces Fiji. Every
 * other type is mapped by its dynamic range: lo = image minimum, hi = image maximum over all
 * planes, scale = 255 / (hi - lo) (1 for a constant image); so a 16-bit image with values
 * 1000..5000 and c = 10 uses c = 10 (4000 / 255) in raw units. Phansalkar normalises to [0, 1]
 * the same way. Images containing NaN or infinite values are rejected.
 *
 * <h2>Windows and borders</h2> {@code square}: a box of (2 floor(radius) + 1) pixels per side
 * (and 2 floor(radiusZ) + 1 planes for 3D windows). {@code circle}: ImageJ's circular kernel
 * ({@code ij.plugin.filter.RankFilters}' line radii for the radius, including its 1.5 and 2.5
 * adjustments), 2D only. Outside the image, pixels take the value of the nearest edge pixel
 * (replicate), in x, y and z, as RankFilters does, so every window has n pixels. The circle mode
 * gives the same statistics as RankFilters (MEAN, VARIANCE, MEDIAN, MIN, MAX).
 *
 * <h2>Cost</h2> square MEAN/NIBLACK/SAUVOLA/PHANSALKAR: O(1) per pixel whatever the radius
 * (running column and row sums; O(radiusZ) per voxel for 3D windows). square MIN/MAX methods
 * (BERNSEN, CONTRAST, MIDGREY): van Herk / Gil-Werman, O(1) per pixel and axis. MEDIAN and circle
 * MIN/MAX: a sliding two-level histogram, O(window height) per pixel (float data is ranked
 * first). circle MEAN-type methods: O(window height) per pixel from row prefix sums. Planes and
 * bands of rows run in parallel on the common fork-join pool; results do not depend on the
 * number of threads.
 */
public final class LocalThreshold {

	/** Phansalkar's p. */
	public static final double PHANSALKAR_P = 2;
	/** Phansalkar's q. */
	public static final double PHANSALKAR_Q = 10;

	/** Largest window (pixels) for exact integer sums of 8/16-bit data: n * 65535 and n^2 * 65535^2 fit. */
	static final int MAX_INT_WINDOW = 32767;

	/**
	 * Niblack and Sauvola on 8/16-bit data use {@link VectorLocal} (same masks) when this is true;
	 * tests set it to run both.
	 */
	static boolean simd = org.segmentij.image.Simd.enabled() && VectorLocal.usable();

	private LocalThreshold() {
	}

	/**
	 * The local threshold mask of a 2D image or a 3D stack.
	 *
	 * @param image  2D (x, y) or 3D (x, y, z) image of any real type; not modified
	 * @param method the rule
	 * @param params window and parameters; radiusZ = 0 thresholds a stack plane by plane with 2D
	 *               windows, radiusZ &ge; 1 uses 3D box windows
	 * @return a new mask with the image's dimensions (starting at 0): 255 for objects, 0 elsewhere
	 * @throws IllegalArgumentException for a null argument, an image that is not 2D or 3D or has
	 *                                  no pixels or NaN values, a circle window with radiusZ &gt; 0,
	 *                                  r &le; 0 for Sauvola / Phansalkar, or sigma &lt; 0 for Gaussian
	 */
	public static <T extends RealType<T>> Img<UnsignedByteType> mask(RandomAccessibleInterval<T> image,
			LocalMethod method, LocalParams params) {
		if (image == null)
			throw new IllegalArgumentException("Local threshold: image must not be null");
		if (method == null)
			throw new IllegalArgumentException("Local threshold: method must not be null; use one of "
					+ Arrays.toString(LocalMethod.values()));
		if (params == null)
			throw new IllegalArgumentException("Local threshold: params must not be null; use LocalParams.defaults(method)");
		boolean circle = LocalParams.CIRCLE.equals(params.window());
		if (circle && params.radiusZ() > 0)
			throw new IllegalArgumentException("Local threshold: the circle window is 2D only; use window \"square\" for 3D windows (radiusZ > 0) or set radiusZ = 0");
		if ((method == LocalMethod.SAUVOLA || method == LocalMethod.PHANSALKAR) && !(params.p2() > 0))
			throw new IllegalArgumentException("Local threshold: " + method.label() + "'s r (p2) must be > 0, got "
					+ params.p2() + "; the default is " + method.defaultP2());
		if (method == LocalMethod.GAUSSIAN && params.p2() < 0)
			throw new IllegalArgumentException("Local threshold: Gaussian's sigma (p2) must be >= 0 (0 = radius / 3), got " + params.p2());
		if (image.numDimensions() == 2 && params.radiusZ() > 0)
			params = params.withRadiusZ(0);
		LocalSource src = LocalSource.of(image, needsRange(method, params));
		byte[] out = new byte[src.w * src.h * src.d];
		Rule rule = new Rule(method, params, src);
		int r = (int) Math.floor(params.radius());
		int rz = (int) Math.floor(params.radiusZ());
		switch (method) {
		case MEAN, NIBLACK, SAUVOLA, PHANSALKAR -> {
			if (circle)
				circleMoments(src, rule, Kernel.circle(params.radius()), out);
			else if ((src.kind == LocalSource.U8 || src.kind == LocalSource.U16)
					&& (long) (2 * r + 1) * (2 * r + 1) * (2 * rz + 1) <= MAX_INT_WINDOW)
				boxMomentsInt(src, rule, r, rz, out);
			else
				boxMoments(src, rule, r, rz, out);
		}
		case BERNSEN, CONTRAST, MIDGREY -> {
			if (circle)
				histogramEngine(src, rule, Kernel.circle(params.radius()), out);
			else
				boxMinMax(src, rule, r, rz, out);
		}
		case MEDIAN, OTSU -> histogramEngine(src, rule, circle ? Kernel.circle(params.radius()) : Kernel.box(r, rz), out);
		case GAUSSIAN -> gaussian(src, rule, params, out);
		}
		long[] dims = image.dimensionsAsLongArray();
		return ArrayImgs.unsignedBytes(out, dims);
	}

	/**
	 * Whether the decision depends on the value range (lo, scale). 16-bit images skip the range
	 * scan where it does not: MEAN with c = 0, NIBLACK with c = 0 (both invariant under
	 * v -&gt; a v + b, a &gt; 0) and square-window CONTRAST.
	 */
	static boolean needsRange(LocalMethod m, LocalParams p) {
		return switch (m) {
		case MEAN -> p.p1() != 0;
		case NIBLACK -> p.p2() != 0;
		case CONTRAST -> LocalParams.CIRCLE.equals(p.window());
		default -> true;
		};
	}

	// ------------------------------------------------------------------ rules

	/** The per-pixel decision, in the 0..255 scale. */
	static final class Rule {
		final LocalMethod method;
		final double p1, p2, lo, s;
		final boolean dark;

		Rule(LocalMethod method, LocalParams p, LocalSource src) {
			this.method = method;
			this.p1 = p.p1();
			this.p2 = p.p2();
			this.lo = src.lo;
			this.s = src.scale;
			this.dark = p.darkObjects();
		}

		/** Decision from window sums S, Q (n pixels) for pixel values V, into out[o..o+w). */
		void moments(double[] sum, double[] sq, double[] val, int w, double invN, byte[] out, int o) {
			final double lo = this.lo, s = this.s;
			final byte fg = dark ? 0 : (byte) 255, bg = dark ? (byte) 255 : 0;
			switch (method) {
			case MEAN -> {
				final double c = p1;
				for (int x = 0; x < w; x++) {
					double m = sum[x] * invN;
					out[o + x] = (val[x] - lo) * s > (m - lo) * s - c ? fg : bg;
				}
			}
			case NIBLACK -> {
				final double k = p1, c = p2;
				for (int x = 0; x < w; x++) {
					double m = sum[x] * invN;
					double var = sq[x] * invN - m * m;
					if (var < 0)
						var = 0;
					double su = Math.sqrt(var) * s;
					out[o + x] = (val[x] - lo) * s > (m - lo) * s + k * su - c ? fg : bg;
				}
			}
			case SAUVOLA -> {
				final double k = p1, rr = p2;
				for (int x = 0; x < w; x++) {
					double m = sum[x] * invN;
					double var = sq[x] * invN - m * m;
					if (var < 0)
						var = 0;
					double su = Math.sqrt(var) * s;
					double mu = (m - lo) * s;
					out[o + x] = (val[x] - lo) * s > mu * (1 + k * (su / rr - 1)) ? fg : bg;
				}
			}
			case PHANSALKAR -> {
				final double k = p1, rr = p2;
				for (int x = 0; x < w; x++) {
					double m = sum[x] * invN;
					double var = sq[x] * invN - m * m;
					if (var < 0)
						var = 0;
					double mn = (m - lo) * s / 255;
					double sn = Math.sqrt(var) * s / 255;
					double t = mn * (1 + PHANSALKAR_P * Math.exp(-PHANSALKAR_Q * mn) + k * (sn / rr - 1));
					out[o + x] = (val[x] - lo) * s / 255 > t ? fg : bg;
				}
			}
			default -> throw new IllegalStateException(method.toString());
			}
		}

		/**
		 * The same decisions from exact integer sums, rearranged in raw units without division
		 * or square root (v' = v - lo, M = S - n lo, D = n Q - S^2 = n^2 var, C = c / scale):
		 * MEAN n v - S &gt; -n C; NIBLACK n v - S + n C &gt; k sqrt(D); SAUVOLA
		 * n v' - M (1 - k) &gt; (k scale / (r n)) M sqrt(D); "a &gt; f sqrt(D)" is evaluated
		 * exactly as a |a| &gt; f |f| D.
		 */
		void momentsInt(int[] sum, long[] sq, int[] val, int from, int to, int n, byte[] out, int o) {
			final byte fg = dark ? 0 : (byte) 255, bg = dark ? (byte) 255 : 0;
			switch (method) {
			case MEAN -> {
				final double nc = n * (p1 / s);
				for (int x = from; x < to; x++)
					out[o + x] = (double) (n * val[x] - sum[x]) + nc > 0 ? fg : bg;
			}
			case NIBLACK -> {
				final double kk = p1 * Math.abs(p1), nc = n * (p2 / s);
				for (int x = from; x < to; x++) {
					long S = sum[x];
					double a = (n * val[x] - sum[x]) + nc;
					double dd = (double) (n * sq[x] - S * S);
					out[o + x] = a * Math.abs(a) > kk * dd ? fg : bg;
				}
			}
			case SAUVOLA -> {
				final double f0 = p1 * s / (p2 * n), ff0 = f0 * Math.abs(f0), nlo = n * lo, om = 1 - p1;
				for (int x = from; x < to; x++) {
					long S = sum[x];
					double m = S - nlo;
					double a = (n * (double) val[x] - nlo) - m * om;
					double dd = (double) (n * sq[x] - S * S);
					out[o + x] = a * Math.abs(a) > ff0 * (m * m) * dd ? fg : bg;
				}
			}
			case PHANSALKAR -> {
				final double k = p1, rr = p2, invN = 1.0 / n;
				for (int x = from; x < to; x++) {
					long S = sum[x];
					double m = S * invN;
					double var = (n * sq[x] - S * S) * invN * invN;
					double mn = (m - lo) * s / 255;
					double sn = Math.sqrt(var) * s / 255;
					double t = mn * (1 + PHANSALKAR_P * Math.exp(-PHANSALKAR_Q * mn) + k * (sn / rr - 1));
					out[o + x] = (val[x] - lo) * s / 255 > t ? fg : bg;
				}
			}
			default -> throw new IllegalStateException(method.toString());
			}
		}

		/** MEAN for one row from the column sums cs: prefix sums over the padded row, then n v - S + n c' &gt; 0. */
		void meanFromColumns(int[] cs, int[] pre, int[] tmp, int[] val, int r, int n, byte[] out, int o) {
			final int w = cs.length, k = 2 * r + 1, c0 = cs[0], cw = cs[w - 1];
			int acc = 0, j = 1;
			for (int i = 0; i < r; i++)
				pre[j++] = acc += c0;
			for (int i = 0; i < w; i++)
				pre[j++] = acc += cs[i];
			for (int i = 0; i < r; i++)
				pre[j++] = acc += cw;
			for (int x = 0; x < w; x++)
				tmp[x] = n * val[x] - (pre[x + k] - pre[x]);
			final double nc = n * (p1 / s);
			if (nc == 0) {
				final int flip = dark ? 0 : -1;
				// t = n v - S > 0 <=> t - 1 >= 0: branch-free from the sign bit of t - 1
				for (int x = 0; x < w; x++)
					out[o + x] = (byte) ((((tmp[x] - 1) >> 31)) ^ flip);
			} else {
				final byte fg = dark ? 0 : (byte) 255, bg = dark ? (byte) 255 : 0;
				for (int x = 0; x < w; x++)
					out[o + x] = tmp[x] + nc > 0 ? fg : bg;
			}
		}

		/**
		 * Running window sums fused with the decision for x in [xs, xe), where x - r - 1 &ge; 0 and
		 * x + r &lt; w; a, b are the sums at xs - 1; leaves the sums at xe - 1 in sum, sq.
		 */
		void momentsIntMiddle(int[] cs, long[] cq, int[] val, int xs, int xe, int r, int a, long b, int n, byte[] out,
				int o, int[] sum, long[] sq) {
			final byte fg = dark ? 0 : (byte) 255, bg = dark ? (byte) 255 : 0;
			switch (method) {
			case MEAN -> {
				final double nc = n * (p1 / s);
				sum[xe - 1] = nc == 0 ? meanMiddleExact(cs, val, xs, xe, r, a, n, out, o, dark)
						: meanMiddle(cs, val, xs, xe, r, a, n, out, o, nc, fg, bg);
			}
			case NIBLACK -> niblackMiddle(cs, cq, val, xs, xe, r, a, b, n, out, o, sum, sq, p1 * Math.abs(p1), n * (p2 / s),
					fg, bg);
			case SAUVOLA -> {
				final double f0 = p1 * s / (p2 * n);
				sauvolaMiddle(cs, cq, val, xs, xe, r, a, b, n, out, o, sum, sq, f0 * Math.abs(f0), n * lo, 1 - p1, fg, bg);
			}
			default -> {
				for (int x = xs; x < xe; x++) {
					sum[x] = a += cs[x + r] - cs[x - r - 1];
					sq[x] = b += cq[x + r] - cq[x - r - 1];
				}
				momentsInt(sum, sq, val, xs, xe, n, out, o);
			}
			}
		}

		/** NIBLACK and SAUVOLA over [xs, xe) with {@link VectorLocal}, from prefix sums of the column sums. */
		void momentsVector(int[] pre, long[] preq, int[] val, int xs, int xe, int r, int n, byte[] out, int o) {
			if (method == LocalMethod.NIBLACK)
				VectorLocal.niblack(pre, preq, val, xs, xe, r, n, p1 * Math.abs(p1), n * (p2 / s), dark, out, o);
			else {
				final double f0 = p1 * s / (p2 * n);
				VectorLocal.sauvola(pre, preq, val, xs, xe, r, n, f0 * Math.abs(f0), n * lo, 1 - p1, dark, out, o);
			}
		}

		private static int meanMiddleExact(int[] cs, int[] val, int xs, int xe, int r, int a, int n, byte[] out, int o,
				boolean dark) {
			final int flip = dark ? -1 : 0;
			for (int x = xs; x < xe; x++) {
				a += cs[x + r] - cs[x - r - 1];
				out[o + x] = (byte) (((a - n * val[x]) >> 31) ^ flip);
			}
			return a;
		}

		private static int meanMiddle(int[] cs, int[] val, int xs, int xe, int r, int a, int n, byte[] out, int o,
				double nc, byte fg, byte bg) {
			for (int x = xs; x < xe; x++) {
				a += cs[x + r] - cs[x - r - 1];
				out[o + x] = (double) (n * val[x] - a) + nc > 0 ? fg : bg;
			}
			return a;
		}

		private static void niblackMiddle(int[] cs, long[] cq, int[] val, int xs, int xe, int r, int a, long b, int n,
				byte[] out, int o, int[] sum, long[] sq, double kk, double nc, byte fg, byte bg) {
			for (int x = xs; x < xe; x++) {
				a += cs[x + r] - cs[x - r - 1];
				b += cq[x + r] - cq[x - r - 1];
				long S = a;
				double av = (n * val[x] - a) + nc;
				double dd = (double) (n * b - S * S);
				out[o + x] = av * Math.abs(av) > kk * dd ? fg : bg;
			}
			sum[xe - 1] = a;
			sq[xe - 1] = b;
		}

		private static void sauvolaMiddle(int[] cs, long[] cq, int[] val, int xs, int xe, int r, int a, long b, int n,
				byte[] out, int o, int[] sum, long[] sq, double ff0, double nlo, double om, byte fg, byte bg) {
			for (int x = xs; x < xe; x++) {
				a += cs[x + r] - cs[x - r - 1];
				b += cq[x + r] - cq[x - r - 1];
				long S = a;
				double m = S - nlo;
				double av = (n * (double) val[x] - nlo) - m * om;
				double dd = (double) (n * b - S * S);
				out[o + x] = av * Math.abs(av) > ff0 * (m * m) * dd ? fg : bg;
			}
			sum[xe - 1] = a;
			sq[xe - 1] = b;
		}

		/** Decision from window min and max (raw values). */
		boolean minMax(double mn, double mx, double v) {
			double umin = (mn - lo) * s, umax = (mx - lo) * s, u = (v - lo) * s;
			boolean obj = switch (method) {
			case BERNSEN -> {
				double mid = (umin + umax) / 2;
				yield umax - umin < p1 ? mid >= 128 : u >= mid;
			}
			case CONTRAST -> Math.abs(umax - u) <= Math.abs(u - umin);
			case MIDGREY -> u > (umin + umax) / 2 - p1;
			default -> throw new IllegalStateException(method.toString());
			};
			return obj != dark;
		}

		byte minMaxByte(double mn, double mx, double v) {
			return minMax(mn, mx, v) ? (byte) 255 : 0;
		}
	}

	// ------------------------------------------------------------------ kernels

	/** A window as horizontal runs: row offsets (dz, dy) and half-widths. */
	static final class Kernel {
		final int[] dz, dy, hw;
		final int n;

		Kernel(int[] dz, int[] dy, int[] hw) {
			this.dz = dz;
			this.dy = dy;
			this.hw = hw;
			int c = 0;
			for (int h : hw)
				c += 2 * h + 1;
			n = c;
		}

		static Kernel box(int r, int rz) {
			int rows = (2 * r + 1) * (2 * rz + 1);
			int[] dz = new int[rows], dy = new int[rows], hw = new int[rows];
			int i = 0;
			for (int z = -rz; z <= rz; z++)
				for (int y = -r; y <= r; y++) {
					dz[i] = z;
					dy[i] = y;
					hw[i++] = r;
				}
			return new Kernel(dz, dy, hw);
		}

		/** ImageJ's circular kernel (same line radii as RankFilters). */
		static Kernel circle(double radius) {
			if (radius >= 1.5 && radius < 1.75)
				radius = 1.75;
			else if (radius >= 2.5 && radius < 2.85)
				radius = 2.85;
			int r2 = (int) (radius * radius) + 1;
			int kr = (int) Math.sqrt(r2 + 1e-10);
			int rows = 2 * kr + 1;
			int[] dz = new int[rows], dy = new int[rows], hw = new int[rows];
			for (int y = -kr; y <= kr; y++) {
				dy[y + kr] = y;
				hw[y + kr] = (int) Math.sqrt(r2 - y * y + 1e-10);
			}
			return new Kernel(dz, dy, hw);
		}
	}

	static int clamp(int i, int len) {
		return i < 0 ? 0 : i >= len ? len - 1 : i;
	}

	/** Tasks (plane, first row, end row) that cover the image. */
	private static int[][] bands(LocalSource src, int minRows) {
		int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
		int per = src.d >= 2 * threads ? 1 : Math.max(1, (4 * threads + src.d - 1) / src.d);
		per = Math.max(1, Math.min(per, src.h / Math.max(1, minRows)));
		int[][] t = new int[src.d * per][];
		int i = 0;
		for (int z = 0; z < src.d; z++)
			for (int b = 0; b < per; b++)
				t[i++] = new int[] { z, (int) ((long) src.h * b / per), (int) ((long) src.h * (b + 1) / per) };
		return t;
	}

	// ------------------------------------------------------------------ box moments

	private static void boxMoments(LocalSource src, Rule rule, int r, int rz, byte[] out) {
		final int w = src.w, h = src.h, d = src.d;
		final double invN = 1.0 / ((double) (2 * r + 1) * (2 * r + 1) * (2 * rz + 1));
		int[][] tasks = bands(src, Math.min(4 * r + 4, 256));
		IntStream.range(0, tasks.length).parallel().forEach(ti -> {
			int z = tasks[ti][0], y0 = tasks[ti][1], y1 = tasks[ti][2];
			double[] cs = new double[w], cq = new double[w], sum = new double[w], sq = new double[w],
					val = new double[w];
			for (int dz = -rz; dz <= rz; dz++) {
				int zz = clamp(z + dz, d);
				for (int dy = -r; dy <= r; dy++) {
					src.row(zz, clamp(y0 + dy, h), val);
					for (int x = 0; x < w; x++) {
						double v = val[x];
						cs[x] += v;
						cq[x] += v * v;
					}
				}
			}
			for (int y = y0; y < y1; y++) {
				if (y > y0) {
					int yi = clamp(y + r, h), yo = clamp(y - r - 1, h);
					if (yi != yo)
						for (int dz = -rz; dz <= rz; dz++)
							src.addSubRow(clamp(z + dz, d), yi, yo, cs, cq);
				}
				double a = 0, b = 0;
				for (int i = -r; i <= r; i++) {
					int c = clamp(i, w);
					a += cs[c];
					b += cq[c];
				}
				final int wm = w - 1;
				for (int x = 0; x < w; x++) {
					sum[x] = a;
					sq[x] = b;
					int xi = x + r + 1, xo = x - r;
					if (xi > wm)
						xi = wm;
					if (xo < 0)
						xo = 0;
					a += cs[xi] - cs[xo];
					b += cq[xi] - cq[xo];
				}
				src.row(z, y, val);
				rule.moments(sum, sq, val, w, invN, out, (z * h + y) * w);
			}
		});
	}

	/**
	 * Box moments of 8/16-bit data with exact integer sums (n &le; {@link #MAX_INT_WINDOW}); the
	 * decisions avoid division and square roots (see {@link Rule#momentsInt}).
	 */
	private static void boxMomentsInt(LocalSource src, Rule rule, int r, int rz, byte[] out) {
		final int w = src.w, h = src.h, d = src.d;
		final int n = (2 * r + 1) * (2 * r + 1) * (2 * rz + 1);
		final boolean needSq = rule.method != LocalMethod.MEAN;
		int[][] tasks = bands(src, Math.min(4 * r + 4, 256));
		IntStream.range(0, tasks.length).parallel().forEach(ti -> {
			int z = tasks[ti][0], y0 = tasks[ti][1], y1 = tasks[ti][2];
			// SIMD decisions for Niblack and Sauvola (the same masks as the plain loops)
			final boolean vector = simd && (rule.method == LocalMethod.NIBLACK || rule.method == LocalMethod.SAUVOLA);
			int[] cs = new int[w], sum = new int[w], val = new int[w], pre = vector ? new int[w + 1] : needSq ? null : new int[w + 2 * r + 1];
			long[] cq = needSq ? new long[w] : null, sq = needSq ? new long[w] : null, preq = vector ? new long[w + 1] : null;
			for (int dz = -rz; dz <= rz; dz++) {
				int zz = clamp(z + dz, d);
				for (int dy = -r; dy <= r; dy++) {
					src.rowInt(zz, clamp(y0 + dy, h), val);
					for (int x = 0; x < w; x++) {
						int v = val[x];
						cs[x] += v;
						if (needSq)
							cq[x] += (long) v * v;
					}
				}
			}
			final int wm = w - 1;
			for (int y = y0; y < y1; y++) {
				if (y > y0) {
					int yi = clamp(y + r, h), yo = clamp(y - r - 1, h);
					if (yi != yo)
						for (int dz = -rz; dz <= rz; dz++)
							src.addSubRowInt(clamp(z + dz, d), yi, yo, cs, cq, simd);
				}
				if (!needSq) {
					// MEAN: box sums as differences of prefix sums of the edge-padded column sums (int
					// prefixes may wrap around; their differences, < 2^31, are exact), then the decision
					src.rowInt(z, y, val);
					rule.meanFromColumns(cs, pre, sum, val, r, n, out, (z * h + y) * w);
					continue;
				}
				// window sums at x = 0, then running sums: clamped in the border regions [0, xs) and
				// [xe, w), fused with the decision in the middle [xs, xe) where no clamping is needed
				final int xs = Math.min(r + 1, w), xe = Math.max(xs, w - r);
				int a = 0;
				long b = 0;
				for (int i = -r; i <= r; i++)
					a += cs[clamp(i, w)];
				if (needSq)
					for (int i = -r; i <= r; i++)
						b += cq[clamp(i, w)];
				sum[0] = a;
				if (needSq)
					sq[0] = b;
				for (int x = 1; x < xs; x++) {
					int xi = Math.min(x + r, wm), xo = Math.max(x - r - 1, 0);
					sum[x] = a += cs[xi] - cs[xo];
					if (needSq)
						sq[x] = b += cq[xi] - cq[xo];
				}
				src.rowInt(z, y, val);
				int o = (z * h + y) * w;
				rule.momentsInt(sum, sq, val, 0, xs, n, out, o);
				if (xe > xs && vector) {
					// window sums as differences of prefix sums (ints may wrap; differences are exact)
					for (int i = 0; i < w; i++) {
						pre[i + 1] = pre[i] + cs[i];
						preq[i + 1] = preq[i] + cq[i];
					}
					rule.momentsVector(pre, preq, val, xs, xe, r, n, out, o);
					a = pre[xe + r] - pre[xe - 1 - r];
					b = preq[xe + r] - preq[xe - 1 - r];
				}
				else if (xe > xs) {
					rule.momentsIntMiddle(cs, cq, val, xs, xe, r, a, b, n, out, o, sum, sq);
					a = sum[xe - 1];
					if (needSq)
						b = sq[xe - 1];
				}
				for (int x = xe; x < w; x++) {
					int xi = Math.min(x + r, wm), xo = Math.max(x - r - 1, 0);
					sum[x] = a += cs[xi] - cs[xo];
					if (needSq)
						sq[x] = b += cq[xi] - cq[xo];
				}
				rule.momentsInt(sum, sq, val, xe, w, n, out, o);
			}
		});
	}

	// ------------------------------------------------------------------ circle moments

	private static void circleMoments(LocalSource src, Rule rule, Kernel k, byte[] out) {
		final int w = src.w, h = src.h;
		final double invN = 1.0 / k.n;
		for (int z = 0; z < src.d; z++) {
			final int zf = z;
			final double[] ps = new double[(w + 1) * h], pq = new double[(w + 1) * h], vals = src.planeAsDouble(z);
			IntStream.range(0, h).parallel().forEach(y -> {
				double a = 0, b = 0;
				int o = y * (w + 1);
				for (int x = 0; x < w; x++) {
					double v = vals[y * w + x];
					a += v;
					b += v * v;
					ps[o + x + 1] = a;
					pq[o + x + 1] = b;
				}
			});
			IntStream.range(0, h).parallel().forEach(y -> {
				double[] sum = new double[w], sq = new double[w], val = new double[w];
				System.arraycopy(vals, y * w, val, 0, w);
				for (int x = 0; x < w; x++) {
					double a = 0, b = 0;
					for (int j = 0; j < k.dy.length; j++) {
						int yy = clamp(y + k.dy[j], h);
						int x0 = x - k.hw[j], x1 = x + k.hw[j];
						int l = Math.max(x0, 0), u = Math.min(x1, w - 1);
						int o = yy * (w + 1);
						a += ps[o + u + 1] - ps[o + l];
						b += pq[o + u + 1] - pq[o + l];
						if (l > x0) {
							double v = vals[yy * w];
							a += (l - x0) * v;
							b += (l - x0) * v * v;
						}
						if (u < x1) {
							double v = vals[yy * w + w - 1];
							a += (x1 - u) * v;
							b += (x1 - u) * v * v;
						}
					}
					sum[x] = a;
					sq[x] = b;
				}
				rule.moments(sum, sq, val, w, invN, out, (zf * h + y) * w);
			});
		}
	}

	// ------------------------------------------------------------------ box min / max (van Herk / Gil-Werman)

	private static void boxMinMax(LocalSource src, Rule rule, int r, int rz, byte[] out) {
		final int w = src.w, h = src.h, d = src.d, plane = w * h;
		double[] mn = new double[plane * d];
		IntStream.range(0, d * h).parallel().forEach(zy -> src.row(zy / h, zy % h, mn, zy * w));
		double[] mx = mn.clone();
		// x: rows, contiguous; y: lines (z, x) with stride w; z: lines (x, y) with stride plane
		vhgwLines(mn, mx, w, 1, h * d, i -> i * w, Math.min(r, w - 1));
		vhgwStrips(mn, mx, d, plane, h, w, w, Math.min(r, h - 1));
		if (rz > 0 && d > 1)
			vhgwStrips(mn, mx, 1, 0, d, plane, plane, Math.min(rz, d - 1));
		int[][] tasks = bands(src, 1);
		IntStream.range(0, tasks.length).parallel().forEach(ti -> {
			int z = tasks[ti][0];
			double[] val = new double[w];
			for (int y = tasks[ti][1]; y < tasks[ti][2]; y++) {
				src.row(z, y, val);
				int o = z * plane + y * w;
				for (int x = 0; x < w; x++)
					out[o + x] = rule.minMaxByte(mn[o + x], mx[o + x], val[x]);
			}
		});
	}

	/**
	 * Running min and max (in place) along a strided axis, many lines at once: for each of
	 * {@code blocks} blocks (starting at b * blockStep), lines of length len with stride
	 * {@code stride}, one per column c &lt; cols, processed in strips of columns so that every
	 * access is contiguous.
	 */
	private static void vhgwStrips(double[] mn, double[] mx, int blocks, int blockStep, int len, int stride, int cols,
			int r) {
		if (r <= 0 || len <= 1)
			return;
		final int cw = Math.min(cols, 64), strips = (cols + cw - 1) / cw, pl = len + 2 * r;
		final int units = blocks * strips;
		final int groups = Math.min(units, 2 * Math.max(1, Runtime.getRuntime().availableProcessors()));
		IntStream.range(0, groups).parallel().forEach(gr -> {
			double[] gmin = new double[pl * cw], gmax = new double[pl * cw], hmin = new double[pl * cw],
					hmax = new double[pl * cw];
			for (int t = (int) ((long) units * gr / groups); t < (int) ((long) units * (gr + 1) / groups); t++)
				strip(mn, mx, (t / strips) * blockStep, (t % strips) * cw, Math.min(cw, cols - (t % strips) * cw), len,
						stride, r, gmin, gmax, hmin, hmax);
		});
	}

	private static void strip(double[] mn, double[] mx, int base, int c0, int nc, int len, int stride, int r,
			double[] gmin, double[] gmax, double[] hmin, double[] hmax) {
		{
			final int k = 2 * r + 1, pl = len + 2 * r;
			for (int i = 0; i < pl; i++) {
				int src = base + clamp(i - r, len) * stride + c0, gi = i * nc;
				if (i % k == 0)
					for (int c = 0; c < nc; c++) {
						gmin[gi + c] = mn[src + c];
						gmax[gi + c] = mx[src + c];
					}
				else
					for (int c = 0; c < nc; c++) {
						gmin[gi + c] = Math.min(gmin[gi - nc + c], mn[src + c]);
						gmax[gi + c] = Math.max(gmax[gi - nc + c], mx[src + c]);
					}
			}
			for (int i = pl - 1; i >= 0; i--) {
				int src = base + clamp(i - r, len) * stride + c0, hi = i * nc;
				if (i == pl - 1 || i % k == k - 1)
					for (int c = 0; c < nc; c++) {
						hmin[hi + c] = mn[src + c];
						hmax[hi + c] = mx[src + c];
					}
				else
					for (int c = 0; c < nc; c++) {
						hmin[hi + c] = Math.min(hmin[hi + nc + c], mn[src + c]);
						hmax[hi + c] = Math.max(hmax[hi + nc + c], mx[src + c]);
					}
			}
			for (int x = 0; x < len; x++) {
				int dst = base + x * stride + c0, hi = x * nc, gi = (x + 2 * r) * nc;
				for (int c = 0; c < nc; c++) {
					mn[dst + c] = Math.min(hmin[hi + c], gmin[gi + c]);
					mx[dst + c] = Math.max(hmax[hi + c], gmax[gi + c]);
				}
			}
		}
	}

	/** Running min and max (in place) along lines of length len, stride stride, starting at start(i). */
	private static void vhgwLines(double[] mn, double[] mx, int len, int stride, int lines,
			java.util.function.IntUnaryOperator start, int r) {
		if (r <= 0 || len <= 1)
			return;
		int chunk = Math.max(1, 65536 / len);
		int tasks = (lines + chunk - 1) / chunk;
		IntStream.range(0, tasks).parallel().forEach(t -> {
			final int k = 2 * r + 1, pl = len + 2 * r;
			final double[] p = new double[pl], q = new double[pl], gmin = new double[pl], gmax = new double[pl],
					hmin = new double[pl], hmax = new double[pl];
			int end = Math.min(lines, (t + 1) * chunk);
			for (int line = t * chunk; line < end; line++) {
				final int s0 = start.applyAsInt(line);
				for (int i = 0; i < pl; i++) {
					int j = s0 + clamp(i - r, len) * stride;
					p[i] = mn[j];
					q[i] = mx[j];
				}
				// blocks of k: prefix (g) and suffix (h) extremes within each block
				for (int b0 = 0; b0 < pl; b0 += k) {
					int b1 = Math.min(b0 + k, pl);
					gmin[b0] = p[b0];
					gmax[b0] = q[b0];
					for (int i = b0 + 1; i < b1; i++) {
						gmin[i] = Math.min(gmin[i - 1], p[i]);
						gmax[i] = Math.max(gmax[i - 1], q[i]);
					}
					hmin[b1 - 1] = p[b1 - 1];
					hmax[b1 - 1] = q[b1 - 1];
					for (int i = b1 - 2; i >= b0; i--) {
						hmin[i] = Math.min(hmin[i + 1], p[i]);
						hmax[i] = Math.max(hmax[i + 1], q[i]);
					}
				}
				// window [x, x + 2r] of the padded line spans at most two blocks
				for (int x = 0, j = s0; x < len; x++, j += stride) {
					mn[j] = Math.min(hmin[x], gmin[x + 2 * r]);
					mx[j] = Math.max(hmax[x], gmax[x + 2 * r]);
				}
			}
		});
	}

	// ------------------------------------------------------------------ sliding histogram (median, Otsu, circle min/max)

	private static void histogramEngine(LocalSource src, Rule rule, Kernel k, byte[] out) {
		final int w = src.w, h = src.h, d = src.d, plane = w * h;
		final LocalMethod method = rule.method;
		// levels
		final int[][] lev = new int[d][];
		final double[] levelValue;
		final int nLevels;
		if (method == LocalMethod.OTSU) {
			nLevels = 256;
			levelValue = null;
			double f = src.hi > src.lo ? 256.0 / (src.hi - src.lo) : 0;
			IntStream.range(0, d).parallel().forEach(z -> {
				double[] v = src.planeAsDouble(z);
				int[] l = new int[plane];
				for (int i = 0; i < plane; i++)
					l[i] = src.kind == LocalSource.U8 ? (int) v[i] : Math.min(255, (int) ((v[i] - src.lo) * f));
				lev[z] = l;
			});
		} else if (src.kind == LocalSource.U8 || src.kind == LocalSource.U16) {
			nLevels = (int) src.hi + 1;
			levelValue = null;
			IntStream.range(0, d).parallel().forEach(z -> {
				double[] v = src.planeAsDouble(z);
				int[] l = new int[plane];
				for (int i = 0; i < plane; i++)
					l[i] = (int) v[i];
				lev[z] = l;
			});
		} else {
			levelValue = src.distinctValues();
			nLevels = levelValue.length;
			IntStream.range(0, d).parallel().forEach(z -> {
				double[] v = src.planeAsDouble(z);
				int[] l = new int[plane];
				for (int i = 0; i < plane; i++)
					l[i] = Arrays.binarySearch(levelValue, v[i]);
				lev[z] = l;
			});
		}
		int bs = 1;
		while ((1L << (2 * bs)) < nLevels)
			bs++;
		final int shift = bs;
		final int n = k.n, rows = k.dy.length;
		int[][] tasks = bands(src, 1);
		IntStream.range(0, tasks.length).parallel().forEach(ti -> {
			int z = tasks[ti][0];
			int[] hist = new int[nLevels], coarse = new int[(nLevels >> shift) + 1];
			int[][] rowArr = new int[rows][];
			int[] rowOff = new int[rows];
			int[] otsuBuf = method == LocalMethod.OTSU ? new int[1] : null;
			for (int y = tasks[ti][1]; y < tasks[ti][2]; y++) {
				for (int j = 0; j < rows; j++) {
					rowArr[j] = lev[clamp(z + k.dz[j], d)];
					rowOff[j] = clamp(y + k.dy[j], h) * w;
				}
				for (int j = 0; j < rows; j++)
					for (int i = -k.hw[j]; i <= k.hw[j]; i++) {
						int l = rowArr[j][rowOff[j] + clamp(i, w)];
						hist[l]++;
						coarse[l >> shift]++;
					}
				int o = z * plane + y * w;
				int[] self = lev[z];
				for (int x = 0; x < w; x++) {
					if (x > 0)
						for (int j = 0; j < rows; j++) {
							int[] a = rowArr[j];
							int lr = a[rowOff[j] + clamp(x - 1 - k.hw[j], w)];
							hist[lr]--;
							coarse[lr >> shift]--;
							int la = a[rowOff[j] + clamp(x + k.hw[j], w)];
							hist[la]++;
							coarse[la >> shift]++;
						}
					boolean obj;
					double v = src.get(z, y * w + x);
					switch (method) {
					case MEDIAN -> {
						int lm = kth(hist, coarse, shift, (n - 1) / 2);
						double med = levelValue == null ? lm : levelValue[lm];
						obj = (v - rule.lo) * rule.s > (med - rule.lo) * rule.s - rule.p1;
						obj ^= rule.dark;
					}
					case OTSU -> {
						int lmin = kth(hist, coarse, shift, 0), lmax = kth(hist, coarse, shift, n - 1);
						int t = otsu(hist, lmin, lmax, n);
						obj = t != Integer.MIN_VALUE && self[y * w + x] > t;
						obj ^= rule.dark;
					}
					default -> {
						int lmin = kth(hist, coarse, shift, 0), lmax = kth(hist, coarse, shift, n - 1);
						double vmin = levelValue == null ? lmin : levelValue[lmin];
						double vmax = levelValue == null ? lmax : levelValue[lmax];
						obj = rule.minMax(vmin, vmax, v);
					}
					}
					out[o + x] = obj ? (byte) 255 : 0;
				}
				// empty the histogram (window at x = w - 1)
				for (int j = 0; j < rows; j++)
					for (int i = w - 1 - k.hw[j]; i <= w - 1 + k.hw[j]; i++) {
						int l = rowArr[j][rowOff[j] + clamp(i, w)];
						hist[l]--;
						coarse[l >> shift]--;
					}
			}
		});
	}

	/** Smallest level l with more than kk entries at levels &le; l. */
	private static int kth(int[] hist, int[] coarse, int shift, int kk) {
		int acc = 0, c = 0;
		while (acc + coarse[c] <= kk)
			acc += coarse[c++];
		int l = c << shift;
		while (acc + hist[l] <= kk)
			acc += hist[l++];
		return l;
	}

	/**
	 * Otsu's threshold of hist (total n, occupied levels lmin..lmax) with the arithmetic of
	 * ij.process.AutoThresholder.Otsu; Integer.MIN_VALUE when no level separates two classes.
	 */
	static int otsu(int[] hist, int lmin, int lmax, int n) {
		double term = 1.0 / (double) n;
		double totalMean = 0;
		for (int i = lmin; i <= lmax; i++)
			totalMean = totalMean + i * (term * hist[i]);
		double cnh = 0, mean = 0, maxBcv = 0.0;
		int t = Integer.MIN_VALUE;
		for (int i = lmin; i <= lmax; i++) {
			double hi = term * hist[i];
			cnh = i == 0 ? hi : cnh + hi;
			mean = i == 0 ? 0.0 : mean + i * hi;
			double bcv = totalMean * cnh - mean;
			bcv *= bcv / (cnh * (1.0 - cnh));
			if (maxBcv < bcv) {
				maxBcv = bcv;
				t = i;
			}
		}
		return t;
	}

	// ------------------------------------------------------------------ Gaussian

	private static void gaussian(LocalSource src, Rule rule, LocalParams p, byte[] out) {
		final int w = src.w, h = src.h, d = src.d, plane = w * h;
		double sxy = p.p2() > 0 ? p.p2() : p.radius() / 3;
		double sz = p.radiusZ() == 0 ? 0 : p.p2() > 0 ? p.p2() * p.radiusZ() / p.radius() : p.radiusZ() / 3;
		float[] g = new float[plane * d];
		IntStream.range(0, d).parallel().forEach(z -> {
			double[] v = src.planeAsDouble(z);
			for (int i = 0; i < plane; i++)
				g[z * plane + i] = (float) v[i];
		});
		GaussianBlur.blur(g, d == 1 ? new int[] { w, h } : new int[] { w, h, d },
				d == 1 ? new double[] { sxy, sxy } : new double[] { sxy, sxy, sz });
		final double lo = rule.lo, s = rule.s, c = rule.p1;
		final boolean dark = rule.dark;
		IntStream.range(0, d).parallel().forEach(z -> {
			for (int i = 0; i < plane; i++) {
				double v = src.get(z, i);
				boolean obj = (v - lo) * s > (g[z * plane + i] - lo) * s - c;
				out[z * plane + i] = obj != dark ? (byte) 255 : 0;
			}
		});
	}
}
