package org.segmentij.classical.cluster;

import java.util.Arrays;
import java.util.stream.IntStream;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgFactory;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.util.Intervals;
import net.imglib2.util.Util;
import net.imglib2.view.Views;

/**
 * Mean-shift filtering and segmentation of images in the joint spatial-range domain
 * (Comaniciu &amp; Meer, "Mean shift: a robust approach toward feature space analysis", PAMI 2002),
 * with flat kernels, on gray or colour (RGB or CIE L*a*b*) 2D images; an image with more
 * dimensions is processed as a stack of independent XY planes.
 * <p>
 * <b>Filtering.</b> Every pixel {@code (x, y)} with value {@code v} starts a mean-shift
 * trajectory at the point {@code (x, y, v)}. One step takes the pixels {@code (i, j)} of the
 * square window {@code |i - round(x)| <= sp}, {@code |j - round(y)| <= sp} (clipped to the image;
 * {@code round(t) = floor(t + 0.5)}) whose value lies within the range ball
 * {@code ||v(i, j) - c|| <= sr} (Euclidean over the channels) of the current value {@code c}, and
 * moves the point to their mean position and mean value. Iteration stops after
 * {@code maxIterations} steps, when no pixel qualifies, or once a step moved the point by at most
 * {@code eps} (Euclidean length of the joint shift: squared position shift plus squared value
 * shift). The filtered value of the pixel is the value {@code c} of the point where it stopped
 * (its mode). Sums are accumulated in double precision in raster order, so the result is
 * deterministic and independent of the number of threads. This is the flat-kernel filter of
 * OpenCV's {@code pyrMeanShiftFiltering} (square window of half-width {@code sp}, range ball of
 * radius {@code sr}); unlike OpenCV, positions and values are not rounded to integers between
 * steps, so with {@code maxLevel = 0} the results agree up to that rounding.
 * <p>
 * <b>Pyramid ({@code maxLevel > 0}).</b> As in OpenCV, the filter can be run on a Gaussian
 * pyramid: the image is reduced {@code maxLevel} times (5-tap binomial filter
 * {@code [1 4 6 4 1] / 16}, mirrored borders, every second pixel kept), filtered at the coarsest
 * level, and the result is carried up one level at a time: each pixel takes the mode of its
 * parent pixel (nearest neighbour), and the mean shift is rerun, from the pixel's own value at
 * that level, only where the carried-up modes change: pixels that have an 8-neighbour whose mode
 * is farther than {@code sr / 2} from their own, and the pixels next to those (3x3 dilation).
 * The same {@code sp} and {@code sr} are used at every level. This is our own refinement rule
 * (OpenCV uses its own mask); it is much faster than {@code maxLevel = 0} and gives nearly the
 * same modes except near thin structures.
 * <p>
 * <b>Segmentation.</b> After filtering, 4-connected pixels whose modes are within {@code sr / 2}
 * of each other are grouped (transitively, by union-find) into regions. Then every region smaller
 * than {@code minSize} pixels is merged into the adjacent region whose mean mode is closest
 * (ties: the region found first in raster order), smallest regions first, repeated until no
 * region below {@code minSize} has a neighbour. Regions are numbered 1..n in raster order of
 * their first pixel.
 * <p>
 * Rows are processed in parallel. Inputs are never modified.
 */
public final class MeanShift {

	/** The colour space in which RGB images are filtered. */
	public enum ColourSpace {
		/** R, G, B in 0..255. */
		RGB,
		/** CIE L*a*b* (D65, sRGB primaries): L* in 0..100, a*, b* about -128..127. */
		LAB
	}

	/**
	 * The filter's parameters.
	 *
	 * @param spatial       half-width {@code sp} of the square spatial window, in pixels, &ge; 1
	 * @param range         radius {@code sr} of the range ball, in the image's value units (RGB:
	 *                      0..255 per channel; Lab: L*a*b* units), &gt; 0
	 * @param maxIterations most mean-shift steps per pixel, &ge; 1
	 * @param eps           stop once a step moves the point by at most this, &ge; 0
	 * @param maxLevel      pyramid levels above the image, 0..8 (0 = no pyramid)
	 */
	public record Params(int spatial, double range, int maxIterations, double eps, int maxLevel) {
		public Params {
			if (spatial < 1)
				throw new IllegalArgumentException("spatial bandwidth sp must be >= 1 pixel (got " + spatial + "); use e.g. sp=10");
			if (!(range > 0) || Double.isInfinite(range))
				throw new IllegalArgumentException("range bandwidth sr must be finite and > 0 (got " + range + "); use e.g. sr=20");
			if (maxIterations < 1)
				throw new IllegalArgumentException("max_iter must be >= 1 (got " + maxIterations + "); use e.g. max_iter=5");
			if (!(eps >= 0) || Double.isInfinite(eps))
				throw new IllegalArgumentException("eps must be finite and >= 0 (got " + eps + "); use e.g. eps=1");
			if (maxLevel < 0 || maxLevel > 8)
				throw new IllegalArgumentException("max_level must be in 0..8 (got " + maxLevel + "); use 0 (no pyramid) or 1");
		}

		/** OpenCV's defaults for {@code pyrMeanShiftFiltering}: 5 steps, eps 1, no pyramid. */
		public static Params of(int spatial, double range) {
			return new Params(spatial, range, 5, 1, 0);
		}
	}

	private MeanShift() {
	}

	// ------------------------------------------------------------------ image API

	/**
	 * Mean-shift filters a gray image.
	 *
	 * @return a new image of the input's type and dimensions (min 0): each pixel's mode, rounded
	 *         and clamped by the type when it is an integer type
	 */
	public static <T extends RealType<T> & NativeType<T>> Img<T> filter(RandomAccessibleInterval<T> image, Params p) {
		check(image, p);
		long[] dims = image.dimensionsAsLongArray();
		float[] f = grayValues(image);
		boolean integer = isInteger(image, f);
		int w = (int) dims[0], h = (int) dims[1], plane = w * h;
		float[] out = new float[f.length];
		for (int z = 0; z < f.length / plane; z++) {
			float[] m = filterPlane(Arrays.copyOfRange(f, z * plane, (z + 1) * plane), w, h, 1, integer, p);
			System.arraycopy(m, 0, out, z * plane, plane);
		}
		T type = Util.getTypeFromInterval(image).createVariable();
		Img<T> img = new ArrayImgFactory<>(type).create(dims);
		Cursor<T> c = Views.flatIterable(img).cursor();
		boolean integerType = type instanceof net.imglib2.type.numeric.IntegerType;
		for (float v : out) {
			T t = c.next();
			if (integerType) {
				double r = Math.round((double) v);
				t.setReal(Math.max(t.getMinValue(), Math.min(t.getMaxValue(), r)));
			}
			else
				t.setReal(v);
		}
		return img;
	}

	/** Mean-shift filters an RGB image (alpha dropped); modes are rounded to 8 bits per channel. */
	public static Img<ARGBType> filterRgb(RandomAccessibleInterval<ARGBType> image, Params p, ColourSpace space) {
		check(image, p);
		long[] dims = image.dimensionsAsLongArray();
		float[] f = rgbValues(image, space);
		int w = (int) dims[0], h = (int) dims[1], plane = w * h;
		int[] argb = new int[plane * (f.length / (3 * plane))];
		for (int z = 0; z < argb.length / plane; z++) {
			float[] m = filterPlane(Arrays.copyOfRange(f, 3 * z * plane, 3 * (z + 1) * plane), w, h, 3,
					space == ColourSpace.RGB, p);
			for (int i = 0; i < plane; i++)
				argb[z * plane + i] = toArgb(m, i, space);
		}
		return ArrayImgs.argbs(argb, dims);
	}

	/**
	 * Mean-shift segmentation of a gray image.
	 *
	 * @param minSize regions smaller than this many pixels are merged into a neighbour; &ge; 0
	 * @return labels 1..n (n over the whole image; planes of a stack are segmented separately and
	 *         numbered consecutively)
	 */
	public static <T extends RealType<T>> Img<IntType> segment(RandomAccessibleInterval<T> image, Params p, int minSize) {
		check(image, p);
		checkMinSize(minSize);
		float[] f = grayValues(image);
		return segmentValues(f, image.dimensionsAsLongArray(), 1, isInteger(image, f), p, minSize);
	}

	/** Mean-shift segmentation of an RGB image; see {@link #segment}. */
	public static Img<IntType> segmentRgb(RandomAccessibleInterval<ARGBType> image, Params p, ColourSpace space, int minSize) {
		check(image, p);
		checkMinSize(minSize);
		return segmentValues(rgbValues(image, space), image.dimensionsAsLongArray(), 3, space == ColourSpace.RGB, p,
				minSize);
	}

	private static Img<IntType> segmentValues(float[] f, long[] dims, int c, boolean integer, Params p, int minSize) {
		int w = (int) dims[0], h = (int) dims[1], plane = w * h;
		int[] labels = new int[plane * (f.length / (c * plane))];
		int offset = 0;
		for (int z = 0; z < labels.length / plane; z++) {
			float[] m = filterPlane(Arrays.copyOfRange(f, c * z * plane, c * (z + 1) * plane), w, h, c, integer, p);
			int[] l = cluster(m, w, h, c, p.range() / 2, minSize);
			int max = 0;
			for (int i = 0; i < plane; i++) {
				labels[z * plane + i] = l[i] + offset;
				max = Math.max(max, l[i]);
			}
			offset += max;
		}
		return ArrayImgs.ints(labels, dims);
	}

	private static void check(RandomAccessibleInterval<?> image, Params p) {
		if (image == null)
			throw new IllegalArgumentException("MeanShift: image must not be null");
		if (p == null)
			throw new IllegalArgumentException("MeanShift: parameters must not be null");
		if (image.numDimensions() < 2)
			throw new IllegalArgumentException("MeanShift: the image must have at least 2 dimensions (X, Y), got "
					+ image.numDimensions());
		if (Intervals.numElements(image) * 3 > Integer.MAX_VALUE - 8)
			throw new IllegalArgumentException("MeanShift: the image has too many pixels (" + Intervals.numElements(image)
					+ ") for a flat copy; process it in tiles");
	}

	private static void checkMinSize(int minSize) {
		if (minSize < 0)
			throw new IllegalArgumentException("min_size must be >= 0 (got " + minSize + "); use e.g. min_size=20");
	}

	/** An integer type whose values all lie within +-2^24 (exact as floats): the integer kernel applies. */
	private static <T extends RealType<T>> boolean isInteger(RandomAccessibleInterval<T> image, float[] f) {
		if (!(Util.getTypeFromInterval(image) instanceof net.imglib2.type.numeric.IntegerType))
			return false;
		for (float v : f)
			if (Math.abs(v) > (1 << 24))
				return false;
		return true;
	}

	private static <T extends RealType<T>> float[] grayValues(RandomAccessibleInterval<T> image) {
		float[] f = new float[(int) Intervals.numElements(image)];
		Cursor<T> c = Views.flatIterable(image).cursor();
		for (int i = 0; i < f.length; i++) {
			double v = c.next().getRealDouble();
			if (!Double.isFinite(v))
				throw new IllegalArgumentException("the image has the value " + v + " at x=" + i % image.dimension(0) + ", y="
						+ i / image.dimension(0) % image.dimension(1) + (image.numDimensions() > 2 ? ", plane " + (1 + i / (image.dimension(0) * image.dimension(1))) : "")
						+ "; mean shift needs finite values: replace NaN and Infinity first (Process > Math > Remove NaNs...)");
			f[i] = (float) v;
		}
		return f;
	}

	private static float[] rgbValues(RandomAccessibleInterval<ARGBType> image, ColourSpace space) {
		int n = (int) Intervals.numElements(image);
		float[] f = new float[3 * n];
		Cursor<ARGBType> c = Views.flatIterable(image).cursor();
		double[] lab = new double[3];
		for (int i = 0; i < n; i++) {
			int v = c.next().get();
			int r = (v >> 16) & 0xff, g = (v >> 8) & 0xff, b = v & 0xff;
			if (space == ColourSpace.LAB) {
				Lab.fromRgb(r, g, b, lab);
				f[3 * i] = (float) lab[0];
				f[3 * i + 1] = (float) lab[1];
				f[3 * i + 2] = (float) lab[2];
			}
			else {
				f[3 * i] = r;
				f[3 * i + 1] = g;
				f[3 * i + 2] = b;
			}
		}
		return f;
	}

	private static int toArgb(float[] m, int i, ColourSpace space) {
		int r, g, b;
		if (space == ColourSpace.LAB) {
			int[] rgb = Lab.toRgb(m[3 * i], m[3 * i + 1], m[3 * i + 2]);
			r = rgb[0];
			g = rgb[1];
			b = rgb[2];
		}
		else {
			r = clamp8(m[3 * i]);
			g = clamp8(m[3 * i + 1]);
			b = clamp8(m[3 * i + 2]);
		}
		return 0xff000000 | (r << 16) | (g << 8) | b;
	}

	static int clamp8(double v) {
		return (int) Math.max(0, Math.min(255, Math.round(v)));
	}

	// ------------------------------------------------------------------ flat core

	/**
	 * Filters one plane of {@code c}-channel values (pixel-interleaved, x fastest), with the
	 * pyramid when {@code p.maxLevel() > 0}; {@code integer}: the values are integers and the
	 * integer kernel is used (values rounded between steps; reduced pyramid levels rounded).
	 *
	 * @return the modes, same layout
	 */
	static float[] filterPlane(float[] f, int w, int h, int c, boolean integer, Params p) {
		int levels = p.maxLevel();
		// build the pyramid, stopping where a level would be smaller than 1 pixel
		float[][] pyr = new float[levels + 1][];
		int[] ws = new int[levels + 1], hs = new int[levels + 1];
		pyr[0] = f;
		ws[0] = w;
		hs[0] = h;
		int top = 0;
		while (top < levels && ws[top] > 1 && hs[top] > 1) {
			pyr[top + 1] = reduce(pyr[top], ws[top], hs[top], c);
			if (integer)
				for (int i = 0; i < pyr[top + 1].length; i++)
					pyr[top + 1][i] = (float) Math.floor(pyr[top + 1][i] + 0.5);
			ws[top + 1] = (ws[top] + 1) / 2;
			hs[top + 1] = (hs[top] + 1) / 2;
			top++;
		}
		float[] modes = new float[pyr[top].length];
		run(pyr[top], ws[top], hs[top], c, integer, p, null, modes);
		float[] coarse = modes;
		for (int l = top - 1; l >= 0; l--) {
			int lw = ws[l], lh = hs[l], cw = ws[l + 1];
			float[] up = new float[lw * lh * c];
			float[] cm = coarse;
			for (int y = 0; y < lh; y++)
				for (int x = 0; x < lw; x++)
					System.arraycopy(cm, ((y / 2) * cw + x / 2) * c, up, (y * lw + x) * c, c);
			boolean[] redo = changing(up, lw, lh, c, p.range() / 2);
			run(pyr[l], lw, lh, c, integer, p, redo, up);
			coarse = up;
		}
		return coarse;
	}

	/** Mean shift of every pixel (or those with {@code only[i]}), rows in parallel. */
	private static void run(float[] f, int w, int h, int c, boolean integer, Params p, boolean[] only, float[] out) {
		if (integer) {
			int[] iv = new int[f.length];
			int lo = Integer.MAX_VALUE, hi = Integer.MIN_VALUE;
			for (int i = 0; i < f.length; i++) {
				iv[i] = (int) f[i];
				lo = Math.min(lo, iv[i]);
				hi = Math.max(hi, iv[i]);
			}
			int span = hi - lo;
			long window = (2L * p.spatial() + 1);
			// small value ranges (8-bit, 12-bit): int arithmetic, the window test as a mask, sums
			// per row in int (exact: the bounds are checked here)
			boolean small = (c == 1 || c == 3) && f.length > 0 && span <= 4096
					&& window * (Math.max(w, Math.abs((long) hi) + Math.abs((long) lo))) < Integer.MAX_VALUE / 4;
			// small: the channels as planes, and the x coordinate of every pixel, so that the
			// window's inner loop reads consecutive ints (the JIT vectorises it)
			int[][] planes = small ? planar(iv, w, h, c) : null;
			IntStream.range(0, h).parallel().forEach(y -> {
				long[] v = new long[c], s = new long[c];
				for (int x = 0; x < w; x++)
					if (only == null || only[y * w + x]) {
						if (small)
							shiftSmall(planes, w, h, c, x, y, p, out, span, v, s);
						else
							shiftInt(iv, w, h, c, x, y, p, out, v, s);
					}
			});
		}
		else
			IntStream.range(0, h).parallel().forEach(y -> {
				for (int x = 0; x < w; x++)
					if (only == null || only[y * w + x])
						shift(f, w, h, c, x, y, p, out);
			});
	}

	/**
	 * Mean shift of pixel (x0, y0) of integer values: as {@link #shift} but the value is
	 * rounded (half up) to an integer after every step, so all range arithmetic is exact.
	 */
	static void shiftInt(int[] f, int w, int h, int c, int x0, int y0, Params p, float[] out, long[] v, long[] s) {
		int sp = p.spatial();
		long sr2 = (long) Math.floor(p.range() * p.range());
		double eps2 = p.eps() * p.eps();
		double x = x0, y = y0;
		int i0 = (y0 * w + x0) * c;
		for (int q = 0; q < c; q++)
			v[q] = f[i0 + q];
		for (int it = 0; it < p.maxIterations(); it++) {
			int cx = (int) Math.floor(x + 0.5), cy = (int) Math.floor(y + 0.5);
			int xa = Math.max(0, cx - sp), xb = Math.min(w - 1, cx + sp);
			int ya = Math.max(0, cy - sp), yb = Math.min(h - 1, cy + sp);
			long n = 0, sx = 0, sy = 0;
			if (c == 3) {
				long v0 = v[0], v1 = v[1], v2 = v[2], s0 = 0, s1 = 0, s2 = 0;
				for (int yy = ya; yy <= yb; yy++) {
					int k = (yy * w + xa) * 3;
					long rn = 0, rx = 0;
					for (int xx = xa; xx <= xb; xx++, k += 3) {
						long a = f[k], b = f[k + 1], e = f[k + 2];
						long d0 = a - v0, d1 = b - v1, d2 = e - v2;
						long in = d0 * d0 + d1 * d1 + d2 * d2 <= sr2 ? 1 : 0;
						rn += in;
						rx += in * xx;
						s0 += in * a;
						s1 += in * b;
						s2 += in * e;
					}
					n += rn;
					sx += rx;
					sy += yy * rn;
				}
				s[0] = s0;
				s[1] = s1;
				s[2] = s2;
			}
			else if (c == 1) {
				long v0 = v[0], s0 = 0;
				for (int yy = ya; yy <= yb; yy++) {
					int k = yy * w + xa;
					long rn = 0, rx = 0;
					for (int xx = xa; xx <= xb; xx++, k++) {
						long a = f[k];
						long d0 = a - v0;
						long in = d0 * d0 <= sr2 ? 1 : 0;
						rn += in;
						rx += in * xx;
						s0 += in * a;
					}
					n += rn;
					sx += rx;
					sy += yy * rn;
				}
				s[0] = s0;
			}
			else {
				Arrays.fill(s, 0);
				for (int yy = ya; yy <= yb; yy++)
					for (int xx = xa; xx <= xb; xx++) {
						int k = (yy * w + xx) * c;
						long d = 0;
						for (int q = 0; q < c; q++) {
							long t = f[k + q] - v[q];
							d += t * t;
						}
						if (d <= sr2) {
							n++;
							sx += xx;
							sy += yy;
							for (int q = 0; q < c; q++)
								s[q] += f[k + q];
						}
					}
			}
			if (n == 0)
				break;
			double nx = (double) sx / n, ny = (double) sy / n;
			double s2 = (nx - x) * (nx - x) + (ny - y) * (ny - y);
			boolean same = Math.floor(nx + 0.5) == cx && Math.floor(ny + 0.5) == cy;
			for (int q = 0; q < c; q++) {
				long nv = Math.floorDiv(2 * s[q] + n, 2 * n);
				s2 += (double) (nv - v[q]) * (nv - v[q]);
				same &= nv == v[q];
				v[q] = nv;
			}
			x = nx;
			y = ny;
			// a fixed point: the next step would see the same window and value, and change nothing
			if (s2 <= eps2 || same)
				break;
		}
		for (int q = 0; q < c; q++)
			out[(y0 * w + x0) * c + q] = v[q];
	}

	/** Channel planes of interleaved values, then a plane of each pixel's x coordinate. */
	static int[][] planar(int[] f, int w, int h, int c) {
		int n = w * h;
		int[][] planes = new int[c + 1][n];
		for (int q = 0; q < c; q++) {
			int[] pl = planes[q];
			for (int i = 0, k = q; i < n; i++, k += c)
				pl[i] = f[k];
		}
		int[] xs = planes[c];
		for (int y = 0, i = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				xs[i++] = x;
		return planes;
	}

	/**
	 * {@link #shiftInt} for one or three channels of a small value range ({@code span}): the
	 * same steps and results, in int arithmetic with the window test turned into a mask (no
	 * branch per window pixel), sums per row in int.
	 */
	static void shiftSmall(int[][] planes, int w, int h, int c, int x0, int y0, Params p, float[] out, int span, long[] v, long[] s) {
		int sp = p.spatial();
		long sr2l = (long) Math.floor(p.range() * p.range());
		int sr2 = (int) Math.min(sr2l, 3L * span * span + 1); // every squared distance is at most 3 span^2
		double eps2 = p.eps() * p.eps();
		double x = x0, y = y0;
		int i0 = y0 * w + x0;
		for (int q = 0; q < c; q++)
			v[q] = planes[q][i0];
		int[] fa = planes[0], fb = c == 3 ? planes[1] : null, fe = c == 3 ? planes[2] : null, xs = planes[c];
		for (int it = 0; it < p.maxIterations(); it++) {
			int cx = (int) Math.floor(x + 0.5), cy = (int) Math.floor(y + 0.5);
			int xa = Math.max(0, cx - sp), xb = Math.min(w - 1, cx + sp);
			int ya = Math.max(0, cy - sp), yb = Math.min(h - 1, cy + sp);
			long n = 0, sx = 0, sy = 0, s0 = 0, s1 = 0, s2 = 0;
			if (c == 3) {
				int c0 = (int) v[0], c1 = (int) v[1], c2 = (int) v[2];
				for (int yy = ya; yy <= yb; yy++) {
					int rn = 0, rx = 0, r0 = 0, r1 = 0, r2 = 0;
					for (int k = yy * w + xa, end = yy * w + xb; k <= end; k++) {
						int a = fa[k], b = fb[k], e = fe[k];
						int d0 = a - c0, d1 = b - c1, d2 = e - c2;
						int m = (d0 * d0 + d1 * d1 + d2 * d2 - sr2 - 1) >> 31; // -1: inside the range ball
						rn += m;
						rx += xs[k] & m;
						r0 += a & m;
						r1 += b & m;
						r2 += e & m;
					}
					n -= rn;
					sx += rx;
					sy -= (long) yy * rn;
					s0 += r0;
					s1 += r1;
					s2 += r2;
				}
				s[0] = s0;
				s[1] = s1;
				s[2] = s2;
			}
			else {
				int c0 = (int) v[0];
				for (int yy = ya; yy <= yb; yy++) {
					int rn = 0, rx = 0, r0 = 0;
					for (int k = yy * w + xa, end = yy * w + xb; k <= end; k++) {
						int a = fa[k], d0 = a - c0;
						int m = (d0 * d0 - sr2 - 1) >> 31;
						rn += m;
						rx += xs[k] & m;
						r0 += a & m;
					}
					n -= rn;
					sx += rx;
					sy -= (long) yy * rn;
					s0 += r0;
				}
				s[0] = s0;
			}
			if (n == 0)
				break;
			double nx = (double) sx / n, ny = (double) sy / n;
			double d2 = (nx - x) * (nx - x) + (ny - y) * (ny - y);
			boolean same = Math.floor(nx + 0.5) == cx && Math.floor(ny + 0.5) == cy;
			for (int q = 0; q < c; q++) {
				long nv = Math.floorDiv(2 * s[q] + n, 2 * n);
				d2 += (double) (nv - v[q]) * (nv - v[q]);
				same &= nv == v[q];
				v[q] = nv;
			}
			x = nx;
			y = ny;
			// a fixed point: the next step would see the same window and value, and change nothing
			if (d2 <= eps2 || same)
				break;
		}
		for (int q = 0; q < c; q++)
			out[(y0 * w + x0) * c + q] = v[q];
	}

	/** Pixels having an 8-neighbour whose mode is farther than {@code d}, dilated by 3x3. */
	private static boolean[] changing(float[] m, int w, int h, int c, double d) {
		double d2 = d * d;
		boolean[] edge = new boolean[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				int i = y * w + x;
				// forward neighbours: right, down-left, down, down-right (each pair checked once)
				if (x + 1 < w && dist2(m, i, i + 1, c) > d2)
					edge[i] = edge[i + 1] = true;
				if (y + 1 < h) {
					int j = i + w;
					if (dist2(m, i, j, c) > d2)
						edge[i] = edge[j] = true;
					if (x > 0 && dist2(m, i, j - 1, c) > d2)
						edge[i] = edge[j - 1] = true;
					if (x + 1 < w && dist2(m, i, j + 1, c) > d2)
						edge[i] = edge[j + 1] = true;
				}
			}
		boolean[] out = new boolean[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				if (!edge[y * w + x])
					continue;
				for (int yy = Math.max(0, y - 1); yy <= Math.min(h - 1, y + 1); yy++)
					for (int xx = Math.max(0, x - 1); xx <= Math.min(w - 1, x + 1); xx++)
						out[yy * w + xx] = true;
			}
		return out;
	}

	private static double dist2(float[] m, int i, int j, int c) {
		double s = 0;
		for (int q = 0; q < c; q++) {
			double t = m[i * c + q] - m[j * c + q];
			s += t * t;
		}
		return s;
	}

	/** One pyramid reduction: binomial 5-tap filter (mirrored borders), every second pixel. */
	static float[] reduce(float[] f, int w, int h, int c) {
		int nw = (w + 1) / 2, nh = (h + 1) / 2;
		float[] tmp = new float[nw * h * c];
		final float[] k = { 1 / 16f, 4 / 16f, 6 / 16f, 4 / 16f, 1 / 16f };
		for (int y = 0; y < h; y++)
			for (int x = 0; x < nw; x++)
				for (int q = 0; q < c; q++) {
					double s = 0;
					for (int t = -2; t <= 2; t++)
						s += k[t + 2] * f[(y * w + mirror(2 * x + t, w)) * c + q];
					tmp[(y * nw + x) * c + q] = (float) s;
				}
		float[] out = new float[nw * nh * c];
		for (int y = 0; y < nh; y++)
			for (int x = 0; x < nw; x++)
				for (int q = 0; q < c; q++) {
					double s = 0;
					for (int t = -2; t <= 2; t++)
						s += k[t + 2] * tmp[(mirror(2 * y + t, h) * nw + x) * c + q];
					out[(y * nw + x) * c + q] = (float) s;
				}
		return out;
	}

	/** Mirror index into 0..n-1 without repeating the edge pixel (n &ge; 1). */
	private static int mirror(int i, int n) {
		if (n == 1)
			return 0;
		int period = 2 * (n - 1);
		i = Math.floorMod(i, period);
		return i < n ? i : period - i;
	}

	/** Runs the mean shift of pixel (x0, y0) of {@code f} and writes its mode into {@code out}. */
	static void shift(float[] f, int w, int h, int c, int x0, int y0, Params p, float[] out) {
		int sp = p.spatial();
		double sr2 = p.range() * p.range();
		double eps2 = p.eps() * p.eps();
		double x = x0, y = y0;
		int i0 = (y0 * w + x0) * c;
		if (c == 1) {
			double v = f[i0];
			for (int it = 0; it < p.maxIterations(); it++) {
				int cx = (int) Math.floor(x + 0.5), cy = (int) Math.floor(y + 0.5);
				int xa = Math.max(0, cx - sp), xb = Math.min(w - 1, cx + sp);
				int ya = Math.max(0, cy - sp), yb = Math.min(h - 1, cy + sp);
				double sx = 0, sy = 0, sv = 0;
				long n = 0;
				for (int yy = ya; yy <= yb; yy++) {
					int row = yy * w;
					long rn = 0;
					double rx = 0;
					for (int xx = xa; xx <= xb; xx++) {
						double fv = f[row + xx];
						double d = fv - v;
						if (d * d <= sr2) {
							rn++;
							rx += xx;
							sv += fv;
						}
					}
					n += rn;
					sx += rx;
					sy += (double) yy * rn;
				}
				if (n == 0)
					break;
				double nx = sx / n, ny = sy / n, nv = sv / n;
				double s2 = (nx - x) * (nx - x) + (ny - y) * (ny - y) + (nv - v) * (nv - v);
				boolean same = Math.floor(nx + 0.5) == cx && Math.floor(ny + 0.5) == cy && nv == v;
				x = nx;
				y = ny;
				v = nv;
				if (s2 <= eps2 || same)
					break;
			}
			out[y0 * w + x0] = (float) v;
			return;
		}
		double[] v = new double[c];
		double[] s = new double[c];
		for (int q = 0; q < c; q++)
			v[q] = f[i0 + q];
		for (int it = 0; it < p.maxIterations(); it++) {
			int cx = (int) Math.floor(x + 0.5), cy = (int) Math.floor(y + 0.5);
			int xa = Math.max(0, cx - sp), xb = Math.min(w - 1, cx + sp);
			int ya = Math.max(0, cy - sp), yb = Math.min(h - 1, cy + sp);
			double sx = 0, sy = 0;
			Arrays.fill(s, 0);
			long n = 0;
			if (c == 3) {
				double v0 = v[0], v1 = v[1], v2 = v[2], s0 = 0, s1 = 0, s2 = 0;
				for (int yy = ya; yy <= yb; yy++) {
					int row = yy * w;
					double rn = 0, rx = 0;
					for (int xx = xa; xx <= xb; xx++) {
						int k = (row + xx) * 3;
						double a = f[k], b = f[k + 1], e = f[k + 2];
						double d0 = a - v0, d1 = b - v1, d2 = e - v2;
						// branch-free: adding 0 leaves the sums exactly as skipping would
						double in = d0 * d0 + d1 * d1 + d2 * d2 <= sr2 ? 1 : 0;
						rn += in;
						rx += in * xx;
						s0 += in * a;
						s1 += in * b;
						s2 += in * e;
					}
					n += (long) rn;
					sx += rx;
					sy += yy * rn;
				}
				s[0] = s0;
				s[1] = s1;
				s[2] = s2;
			}
			else {
				for (int yy = ya; yy <= yb; yy++) {
					for (int xx = xa; xx <= xb; xx++) {
						int k = (yy * w + xx) * c;
						double d = 0;
						for (int q = 0; q < c; q++) {
							double t = f[k + q] - v[q];
							d += t * t;
						}
						if (d <= sr2) {
							n++;
							sx += xx;
							sy += yy;
							for (int q = 0; q < c; q++)
								s[q] += f[k + q];
						}
					}
				}
			}
			if (n == 0)
				break;
			double nx = sx / n, ny = sy / n;
			double s2 = (nx - x) * (nx - x) + (ny - y) * (ny - y);
			boolean same = Math.floor(nx + 0.5) == cx && Math.floor(ny + 0.5) == cy;
			for (int q = 0; q < c; q++) {
				double nv = s[q] / n;
				s2 += (nv - v[q]) * (nv - v[q]);
				same &= nv == v[q];
				v[q] = nv;
			}
			x = nx;
			y = ny;
			if (s2 <= eps2 || same)
				break;
		}
		for (int q = 0; q < c; q++)
			out[(y0 * w + x0) * c + q] = (float) v[q];
	}

	// ------------------------------------------------------------------ clustering

	/**
	 * Groups 4-connected pixels whose modes are within {@code join} of each other and merges
	 * regions smaller than {@code minSize}.
	 *
	 * @return labels 1..n in raster order of first pixel
	 */
	static int[] cluster(float[] m, int w, int h, int c, double join, int minSize) {
		int n = w * h;
		double j2 = join * join;
		int[] parent = new int[n];
		for (int i = 0; i < n; i++)
			parent[i] = i;
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				int i = y * w + x;
				if (x + 1 < w && dist2(m, i, i + 1, c) <= j2)
					union(parent, i, i + 1);
				if (y + 1 < h && dist2(m, i, i + w, c) <= j2)
					union(parent, i, i + w);
			}
		// regions: compact ids in raster order
		int[] region = new int[n];
		int[] idOfRoot = new int[n];
		Arrays.fill(idOfRoot, -1);
		int count = 0;
		for (int i = 0; i < n; i++) {
			int r = find(parent, i);
			if (idOfRoot[r] < 0)
				idOfRoot[r] = count++;
			region[i] = idOfRoot[r];
		}
		if (minSize > 1 && count > 1)
			mergeSmall(m, w, h, c, region, count, minSize);
		// final numbering in raster order of first pixel, from 1
		int[] map = new int[n];
		int next = 0;
		int[] out = new int[n];
		for (int i = 0; i < n; i++) {
			int r = region[i];
			if (map[r] == 0)
				map[r] = ++next;
			out[i] = map[r];
		}
		return out;
	}

	/** Merges regions smaller than {@code minSize} into their closest neighbour (mean mode). */
	private static void mergeSmall(float[] m, int w, int h, int c, int[] region, int count, int minSize) {
		long[] size = new long[count];
		double[] mean = new double[count * c];
		for (int i = 0; i < region.length; i++) {
			int r = region[i];
			size[r]++;
			for (int q = 0; q < c; q++)
				mean[r * c + q] += m[i * c + q];
		}
		for (int r = 0; r < count; r++)
			for (int q = 0; q < c; q++)
				mean[r * c + q] /= size[r];
		// region adjacency, as sorted unique pairs (a < b)
		long[] pairs = new long[2 * region.length];
		int np = 0;
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				int i = y * w + x, a = region[i];
				if (x + 1 < w && region[i + 1] != a)
					pairs[np++] = pair(a, region[i + 1]);
				if (y + 1 < h && region[i + w] != a)
					pairs[np++] = pair(a, region[i + w]);
			}
		long[] edges = Arrays.stream(pairs, 0, np).sorted().distinct().toArray();
		int[] parent = new int[count];
		for (int r = 0; r < count; r++)
			parent[r] = r;
		while (true) {
			// best neighbour of every small root, over the current (merged) adjacency
			int[] best = new int[count];
			double[] bestD = new double[count];
			Arrays.fill(best, -1);
			Arrays.fill(bestD, Double.POSITIVE_INFINITY);
			for (long e : edges) {
				int a = find(parent, (int) (e >>> 32)), b = find(parent, (int) e);
				if (a == b)
					continue;
				double d = 0;
				for (int q = 0; q < c; q++) {
					double t = mean[a * c + q] - mean[b * c + q];
					d += t * t;
				}
				if (size[a] < minSize && (d < bestD[a] || d == bestD[a] && b < best[a])) {
					bestD[a] = d;
					best[a] = b;
				}
				if (size[b] < minSize && (d < bestD[b] || d == bestD[b] && a < best[b])) {
					bestD[b] = d;
					best[b] = a;
				}
			}
			Integer[] small = IntStream.range(0, count).filter(r -> best[r] >= 0).boxed().toArray(Integer[]::new);
			if (small.length == 0)
				break;
			Arrays.sort(small, (a, b) -> size[a] != size[b] ? Long.compare(size[a], size[b]) : Integer.compare(a, b));
			boolean merged = false;
			for (int r : small) {
				int a = find(parent, r);
				if (a != r || size[a] >= minSize)
					continue; // already absorbed, or grown, this pass
				int b = find(parent, best[r]);
				if (a == b)
					continue;
				// merge a into b
				long s = size[a] + size[b];
				for (int q = 0; q < c; q++)
					mean[b * c + q] = (mean[a * c + q] * size[a] + mean[b * c + q] * size[b]) / s;
				size[b] = s;
				parent[a] = b;
				merged = true;
			}
			if (!merged)
				break;
		}
		for (int i = 0; i < region.length; i++)
			region[i] = find(parent, region[i]);
	}

	private static long pair(int a, int b) {
		return a < b ? ((long) a << 32) | b : ((long) b << 32) | a;
	}

	static int find(int[] parent, int i) {
		while (parent[i] != i) {
			parent[i] = parent[parent[i]];
			i = parent[i];
		}
		return i;
	}

	private static void union(int[] parent, int a, int b) {
		int ra = find(parent, a), rb = find(parent, b);
		if (ra == rb)
			return;
		if (ra < rb)
			parent[rb] = ra;
		else
			parent[ra] = rb;
	}
}
