package org.segmentij.classical.threshold;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.segmentij.classical.filter.GaussianBlur;

import ij.plugin.filter.RankFilters;
import ij.process.AutoThresholder;
import ij.process.FloatProcessor;
import net.imglib2.Cursor;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * LocalThreshold against independent oracles: a brute-force windowed reference written here
 * (explicit loops over each window, replicate borders), ImageJ 1's RankFilters for the circle
 * window, ImageJ 1's AutoThresholder.Otsu for the local Otsu, and GaussianBlur for GAUSSIAN.
 */
class LocalThresholdTest {

	static final LocalMethod[] WINDOWED = { LocalMethod.BERNSEN, LocalMethod.CONTRAST, LocalMethod.MEAN,
			LocalMethod.MEDIAN, LocalMethod.MIDGREY, LocalMethod.NIBLACK, LocalMethod.OTSU, LocalMethod.PHANSALKAR,
			LocalMethod.SAUVOLA };

	// ------------------------------------------------------------------ images

	/** Smooth pattern plus noise on 0..255, so that every rule meets both outcomes. */
	static double pattern(Random rnd, int x, int y, int z) {
		double v = 120 + 70 * Math.sin(x / 2.7 + z) * Math.cos(y / 3.1) + rnd.nextGaussian() * 25;
		if (rnd.nextInt(9) == 0)
			v = 128 + rnd.nextInt(6); // low-contrast bits for Bernsen
		if (x % 13 < 5 && y % 11 < 5) // flat patches: zero variance, mid-grey exactly 128, exact ties
			v = rnd.nextInt(4) == 0 ? 127 + rnd.nextInt(3) : 128;
		return Math.max(0, Math.min(255, v));
	}

	static Img<UnsignedByteType> bytes(long seed, int... dims) {
		Img<UnsignedByteType> img = ArrayImgs.unsignedBytes(Arrays.stream(dims).asLongStream().toArray());
		fill(img, seed, v -> Math.round(v));
		return img;
	}

	static Img<UnsignedShortType> shorts(long seed, int... dims) {
		Img<UnsignedShortType> img = ArrayImgs.unsignedShorts(Arrays.stream(dims).asLongStream().toArray());
		fill(img, seed, v -> Math.round(1000 + v * 15.7));
		return img;
	}

	static Img<FloatType> floats(long seed, int... dims) {
		Img<FloatType> img = ArrayImgs.floats(Arrays.stream(dims).asLongStream().toArray());
		fill(img, seed, v -> -3 + v / 97.0);
		return img;
	}

	static <T extends RealType<T>> void fill(Img<T> img, long seed, java.util.function.DoubleUnaryOperator f) {
		Random rnd = new Random(seed);
		Cursor<T> c = img.localizingCursor();
		while (c.hasNext()) {
			c.fwd();
			int z = img.numDimensions() > 2 ? c.getIntPosition(2) : 0;
			c.get().setReal(f.applyAsDouble(pattern(rnd, c.getIntPosition(0), c.getIntPosition(1), z)));
		}
	}

	/** [z][y][x] values. */
	static <T extends RealType<T>> double[][][] values(RandomAccessibleInterval<T> img) {
		int w = (int) img.dimension(0), h = (int) img.dimension(1), d = img.numDimensions() > 2 ? (int) img.dimension(2) : 1;
		double[][][] v = new double[d][h][w];
		RandomAccess<T> ra = img.randomAccess();
		for (int z = 0; z < d; z++)
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					if (img.numDimensions() > 2)
						ra.setPosition(new int[] { x, y, z });
					else
						ra.setPosition(new int[] { x, y });
					v[z][y][x] = ra.get().getRealDouble();
				}
		return v;
	}

	static int clamp(int i, int n) {
		return Math.max(0, Math.min(n - 1, i));
	}

	static boolean[][][] maskOf(Img<UnsignedByteType> m, int w, int h, int d) {
		boolean[][][] b = new boolean[d][h][w];
		double[][][] v = values(m);
		for (int z = 0; z < d; z++)
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					assertTrue(v[z][y][x] == 0 || v[z][y][x] == 255);
					b[z][y][x] = v[z][y][x] == 255;
				}
		return b;
	}

	// ------------------------------------------------------------------ brute-force reference

	/** Decision and |lhs - rhs| of the comparison (a measure of how close to a tie the pixel is). */
	record Ref(boolean obj, double margin) {
	}

	/** Brute-force square/box window with replicate borders, straight from the documented formulas. */
	static Ref[][][] reference(double[][][] v, boolean eightBit, LocalMethod m, int r, int rz, double p1, double p2) {
		int d = v.length, h = v[0].length, w = v[0][0].length;
		double lo = 0, s = 1;
		if (!eightBit) {
			double mn = Double.POSITIVE_INFINITY, mx = Double.NEGATIVE_INFINITY;
			for (double[][] pl : v)
				for (double[] row : pl)
					for (double x : row) {
						mn = Math.min(mn, x);
						mx = Math.max(mx, x);
					}
			lo = mn;
			s = mx > mn ? 255 / (mx - mn) : 1;
		}
		Ref[][][] out = new Ref[d][h][w];
		for (int z = 0; z < d; z++)
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					double[] win = new double[(2 * r + 1) * (2 * r + 1) * (2 * rz + 1)];
					int i = 0;
					for (int dz = -rz; dz <= rz; dz++)
						for (int dy = -r; dy <= r; dy++)
							for (int dx = -r; dx <= r; dx++)
								win[i++] = v[clamp(z + dz, d)][clamp(y + dy, h)][clamp(x + dx, w)];
					out[z][y][x] = decide(win, v[z][y][x], eightBit, lo, s, m, p1, p2);
				}
		return out;
	}

	static Ref decide(double[] win, double val, boolean eightBit, double lo, double s, LocalMethod m, double p1, double p2) {
		int n = win.length;
		double sum = 0, sq = 0;
		for (double x : win) {
			sum += x;
			sq += x * x;
		}
		double[] sorted = win.clone();
		Arrays.sort(sorted);
		double mean = sum / n;
		double var = Math.max(0, sq / n - mean * mean);
		double mu = (mean - lo) * s, su = Math.sqrt(var) * s, u = (val - lo) * s;
		double umin = (sorted[0] - lo) * s, umax = (sorted[n - 1] - lo) * s;
		switch (m) {
		case MEAN:
			return new Ref(u > mu - p1, Math.abs(u - (mu - p1)));
		case NIBLACK:
			return new Ref(u > mu + p1 * su - p2, Math.abs(u - (mu + p1 * su - p2)));
		case SAUVOLA: {
			double t = mu * (1 + p1 * (su / p2 - 1));
			return new Ref(u > t, Math.abs(u - t));
		}
		case PHANSALKAR: {
			double mn = mu / 255, sn = su / 255;
			double t = mn * (1 + 2 * Math.exp(-10 * mn) + p1 * (sn / p2 - 1));
			return new Ref(u / 255 > t, Math.abs(u / 255 - t));
		}
		case MEDIAN: {
			double t = (sorted[(n - 1) / 2] - lo) * s - p1;
			return new Ref(u > t, Math.abs(u - t));
		}
		case MIDGREY: {
			double t = (umin + umax) / 2 - p1;
			return new Ref(u > t, Math.abs(u - t));
		}
		case BERNSEN: {
			double mid = (umin + umax) / 2;
			if (umax - umin < p1)
				return new Ref(mid >= 128, Math.min(Math.abs(mid - 128), Math.abs(umax - umin - p1)));
			return new Ref(u >= mid, Math.min(Math.abs(u - mid), Math.abs(umax - umin - p1)));
		}
		case CONTRAST:
			return new Ref(Math.abs(umax - u) <= Math.abs(u - umin), Math.abs(Math.abs(umax - u) - Math.abs(u - umin)));
		case OTSU: {
			int[] hist = new int[256];
			for (double x : win)
				hist[bin(x, eightBit, lo, s)]++;
			int t = AutoThresholder.Otsu(hist);
			return new Ref(t != Integer.MIN_VALUE && bin(val, eightBit, lo, s) > t, 1);
		}
		default:
			throw new AssertionError(m);
		}
	}

	static int bin(double x, boolean eightBit, double lo, double s) {
		if (eightBit)
			return (int) x;
		return Math.min(255, (int) ((x - lo) * (256.0 / (255 / s))));
	}

	/**
	 * Asserts equality; for float data a disagreement is tolerated only at a near-tie (the two
	 * sides of the comparison within 1e-9), where the order of floating-point sums decides.
	 */
	static void assertMatches(String what, Ref[][][] ref, boolean[][][] got, boolean exact) {
		int diff = 0, ties = 0, fg = 0, total = 0;
		for (int z = 0; z < ref.length; z++)
			for (int y = 0; y < ref[0].length; y++)
				for (int x = 0; x < ref[0][0].length; x++) {
					total++;
					if (got[z][y][x])
						fg++;
					if (ref[z][y][x].obj() != got[z][y][x]) {
						if (!exact && ref[z][y][x].margin() < 1e-9)
							ties++;
						else {
							diff++;
							if (diff == 1)
								System.err.println(what + ": first difference at " + x + "," + y + "," + z + " expected "
										+ ref[z][y][x]);
						}
					}
				}
		assertEquals(0, diff, what + ": pixels differing from the reference");
		assertTrue(ties <= total / 1000, what + ": too many near-tie differences " + ties);
		assertTrue(fg > 0 || what.contains("rbig") || what.contains("big window"), what + ": empty mask");
	}

	static <T extends RealType<T>> void checkAgainstBruteForce(String name, Img<T> img, boolean eightBit, boolean exact,
			int[] radii, int rz) {
		double[][][] v = values(img);
		int d = v.length, h = v[0].length, w = v[0][0].length;
		for (LocalMethod m : WINDOWED)
			for (int r : radii) {
				List<double[]> ps = new ArrayList<>();
				ps.add(new double[] { m.defaultP1(), m.defaultP2() });
				switch (m) {
				case MEAN, MEDIAN, MIDGREY -> ps.add(new double[] { 7.5, 0 });
				case NIBLACK -> ps.add(new double[] { -0.4, 3 });
				case BERNSEN -> ps.add(new double[] { 40, 0 });
				case SAUVOLA -> ps.add(new double[] { 0.2, 40 });
				case PHANSALKAR -> ps.add(new double[] { 0.5, 0.3 });
				default -> {
				}
				}
				for (double[] p : ps) {
					LocalParams params = new LocalParams(r, rz, "square", p[0], p[1], false);
					boolean[][][] got = maskOf(LocalThreshold.mask(img, m, params), w, h, d);
					Ref[][][] ref = reference(v, eightBit, m, r, rz, p[0], p[1]);
					boolean sd = m == LocalMethod.NIBLACK || m == LocalMethod.SAUVOLA || m == LocalMethod.PHANSALKAR;
					assertMatches(name + " " + m + " r=" + r + (r > w ? " rbig" : "") + " rz=" + rz + " p=" + Arrays.toString(p),
							ref, got, exact && !sd);
				}
			}
	}

	// ------------------------------------------------------------------ square windows vs brute force

	@Test
	void squareWindows8bit2D() {
		checkAgainstBruteForce("8-bit", bytes(1, 23, 17), true, true, new int[] { 1, 2, 4, 30 }, 0);
	}

	@Test
	void squareWindows16bit2D() {
		checkAgainstBruteForce("16-bit", shorts(2, 19, 21), false, false, new int[] { 1, 3, 25 }, 0);
	}

	@Test
	void squareWindowsFloat2D() {
		checkAgainstBruteForce("float", floats(3, 20, 15), false, false, new int[] { 1, 3 }, 0);
	}

	/**
	 * Niblack and Sauvola on 8/16-bit data have SIMD loops (column sums, decisions from prefix
	 * sums) beside the plain ones, which the brute-force tests above check: both give the same
	 * mask, bit for bit, on wide random images (vector bodies and tails), bright and dark objects,
	 * several parameters, 2D and 3D windows, including 16-bit values that fill the whole range.
	 */
	@Test
	void simdAndPlainNiblackSauvolaGiveTheSameMask() {
		assertTrue(org.segmentij.image.Simd.enabled(), "the tests run with the Vector API module (pom.xml): " + org.segmentij.image.Simd.describe());
		java.util.SplittableRandom rnd = new java.util.SplittableRandom(17);
		Img<UnsignedShortType> full = ArrayImgs.unsignedShorts(203, 77);
		for (UnsignedShortType t : full)
			t.set(rnd.nextInt(8) == 0 ? 65535 : rnd.nextInt(65536));
		List<Img<? extends RealType<?>>> images = List.of(shorts(5, 301, 90), bytes(6, 257, 64), full, shorts(7, 129, 40, 5));
		boolean saved = LocalThreshold.simd;
		try {
			for (Img<? extends RealType<?>> img : images)
				for (LocalMethod m : new LocalMethod[] { LocalMethod.NIBLACK, LocalMethod.SAUVOLA })
					for (double[] p : new double[][] { { m.defaultP1(), m.defaultP2() }, { -0.4, 3 }, { 0.2, 40 }, { 0.5, 0.3 } })
						for (int r : new int[] { 1, 7, 25 })
							for (boolean dark : new boolean[] { false, true }) {
								int rz = img.numDimensions() > 2 ? 1 : 0;
								LocalParams params = new LocalParams(r, rz, "square", p[0], p[1], dark);
								LocalThreshold.simd = true;
								byte[] vec = maskBytes(img, m, params);
								LocalThreshold.simd = false;
								byte[] plain = maskBytes(img, m, params);
								assertArrayEquals(plain, vec, m + " r=" + r + " p=" + Arrays.toString(p) + " dark=" + dark + " "
										+ Arrays.toString(img.dimensionsAsLongArray()));
							}
		}
		finally {
			LocalThreshold.simd = saved;
		}
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static byte[] maskBytes(Img<?> img, LocalMethod m, LocalParams p) {
		return GlobalThresholdTest.bytes(LocalThreshold.mask((RandomAccessibleInterval) img, m, p));
	}

	/** A wider image: several parallel bands, long unclamped middle runs, r = 12 (box moments and min/max). */
	@Test
	void mediumImageManyBands() {
		Img<UnsignedShortType> img = shorts(81, 120, 101);
		double[][][] v = values(img);
		for (LocalMethod m : new LocalMethod[] { LocalMethod.MEAN, LocalMethod.NIBLACK, LocalMethod.SAUVOLA,
				LocalMethod.BERNSEN, LocalMethod.MIDGREY }) {
			LocalParams p = LocalParams.defaults(m).withRadius(12);
			boolean[][][] got = maskOf(LocalThreshold.mask(img, m, p), 120, 101, 1);
			assertMatches("medium " + m, reference(v, false, m, 12, 0, p.p1(), p.p2()), got, false);
		}
	}

	@Test
	void otherTypesUseTheGenericPath() {
		Img<IntType> img = ArrayImgs.ints(16, 13);
		fill(img, 4, v -> Math.round(v * 3 - 100));
		checkAgainstBruteForce("int", img, false, false, new int[] { 2 }, 0);
	}

	@Test
	void boxWindows3D() {
		checkAgainstBruteForce("8-bit 3D", bytes(5, 11, 9, 5), true, true, new int[] { 1, 2 }, 1);
		checkAgainstBruteForce("16-bit 3D", shorts(6, 9, 8, 4), false, false, new int[] { 1 }, 2);
		checkAgainstBruteForce("float 3D", floats(7, 8, 7, 4), false, false, new int[] { 1 }, 1);
	}

	@Test
	void stackWithRadiusZZeroIsPlaneByPlane() {
		checkAgainstBruteForce("16-bit stack", shorts(8, 10, 9, 3), false, false, new int[] { 2 }, 0);
		Img<UnsignedByteType> st = bytes(9, 14, 12, 3);
		for (LocalMethod m : LocalMethod.values()) {
			Img<UnsignedByteType> all = LocalThreshold.mask(st, m, LocalParams.defaults(m).withRadius(3));
			for (int z = 0; z < 3; z++) {
				Img<UnsignedByteType> plane = ArrayImgs.unsignedBytes(14, 12);
				copy(Views.hyperSlice(st, 2, z), plane);
				assertSame(LocalThreshold.mask(plane, m, LocalParams.defaults(m).withRadius(3)), Views.hyperSlice(all, 2, z), m + " plane " + z);
			}
		}
	}

	static <T extends RealType<T>, U extends RealType<U>> void copy(RandomAccessibleInterval<T> a, RandomAccessibleInterval<U> b) {
		Cursor<T> ca = Views.flatIterable(a).cursor();
		Cursor<U> cb = Views.flatIterable(b).cursor();
		while (ca.hasNext())
			cb.next().setReal(ca.next().getRealDouble());
	}

	static <T extends RealType<T>, U extends RealType<U>> void assertSame(RandomAccessibleInterval<T> a,
			RandomAccessibleInterval<U> b, String what) {
		assertArrayEquals(a.dimensionsAsLongArray(), b.dimensionsAsLongArray(), what);
		Cursor<T> ca = Views.flatIterable(a).cursor();
		Cursor<U> cb = Views.flatIterable(b).cursor();
		while (ca.hasNext())
			assertEquals(ca.next().getRealDouble(), cb.next().getRealDouble(), what);
	}

	/** lo and scale of the documented 0..255 mapping. */
	static double[] loScale(double[][][] v, boolean eightBit) {
		if (eightBit)
			return new double[] { 0, 1 };
		double mn = Double.POSITIVE_INFINITY, mx = Double.NEGATIVE_INFINITY;
		for (double[][] pl : v)
			for (double[] row : pl)
				for (double x : row) {
					mn = Math.min(mn, x);
					mx = Math.max(mx, x);
				}
		return new double[] { mn, mx > mn ? 255 / (mx - mn) : 1 };
	}

	/** ImageJ 1's own circular kernel: RankFilters.makeLineRadii (protected, reached by a subclass). */
	static int[] imageJLineRadii(double radius) {
		class Radii extends RankFilters {
			int[] get(double r) {
				return makeLineRadii(r);
			}
		}
		return new Radii().get(radius);
	}

	/** Brute force over ImageJ's circular kernel, replicate borders, for every windowed method (Otsu too). */
	@Test
	void circleWindowEqualsBruteForceOnImageJKernel() {
		for (int kind = 0; kind < 3; kind++) {
			@SuppressWarnings("rawtypes")
			Img img = kind == 0 ? bytes(13, 21, 18) : kind == 1 ? shorts(14, 19, 17) : floats(15, 18, 16);
			@SuppressWarnings({ "unchecked", "rawtypes" })
			double[][][] v = values((Img<RealType>) img);
			int h = v[0].length, w = v[0][0].length;
			double[] ls = loScale(v, kind == 0);
			for (double radius : kind == 0 ? new double[] { 1, 2.5, 4, 25 } : new double[] { 1.5, 3, 11 }) {
				int[] k = imageJLineRadii(radius);
				int kh = (k.length - 2) / 2, kr = k[k.length - 1];
				for (LocalMethod m : WINDOWED) {
					LocalParams p = LocalParams.defaults(m).withRadius(radius).withWindow("circle");
					@SuppressWarnings({ "unchecked", "rawtypes" })
					boolean[][][] got = maskOf(LocalThreshold.mask((Img<RealType>) img, m, p), w, h, 1);
					Ref[][][] ref = new Ref[1][h][w];
					for (int y = 0; y < h; y++)
						for (int x = 0; x < w; x++) {
							double[] win = new double[k[k.length - 2]];
							int i = 0;
							for (int j = 0; j < kh; j++)
								for (int dx = k[2 * j]; dx <= k[2 * j + 1]; dx++)
									win[i++] = v[0][clamp(y + j - kr, h)][clamp(x + dx, w)];
							assertEquals(win.length, i);
							ref[0][y][x] = decide(win, v[0][y][x],
									kind == 0, ls[0], ls[1], m, p.p1(), p.p2());
						}
					boolean sd = m == LocalMethod.NIBLACK || m == LocalMethod.SAUVOLA || m == LocalMethod.PHANSALKAR;
					assertMatches("circle kind " + kind + " " + m + " radius " + radius + (radius > w ? " rbig" : ""), ref, got,
							kind == 0 && !sd);
				}
			}
		}
	}

	@Test
	void windowsAboveTheIntegerSumLimitUseDoubleSums() {
		// (2 * 91 + 1)^2 = 33489 pixels > LocalThreshold.MAX_INT_WINDOW
		assertTrue(183 * 183 > LocalThreshold.MAX_INT_WINDOW);
		checkAgainstBruteForce("8-bit big window", bytes(16, 9, 7), true, true, new int[] { 91 }, 0);
		checkAgainstBruteForce("16-bit big window", shorts(17, 8, 6), false, false, new int[] { 91 }, 0);
	}

	// ------------------------------------------------------------------ circle windows vs ImageJ 1's RankFilters

	static FloatProcessor rank(double[][] plane, double radius, int type) {
		int h = plane.length, w = plane[0].length;
		FloatProcessor fp = new FloatProcessor(w, h);
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				fp.setf(x, y, (float) plane[y][x]);
		new RankFilters().rank(fp, radius, type);
		return fp;
	}

	@Test
	void circleWindowEqualsRankFilters() {
		for (int kind = 0; kind < 2; kind++) {
			Img<? extends RealType<?>> img = kind == 0 ? bytes(11, 41, 33) : shorts(12, 37, 29);
			circleCase(kind == 0 ? "8-bit" : "16-bit", img, kind == 0);
		}
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private void circleCase(String name, Img img, boolean eightBit) {
		double[][] v = values((Img<RealType>) img)[0];
		int h = v.length, w = v[0].length;
		double lo = 0, s = 1;
		if (!eightBit) {
			double mn = Arrays.stream(v).flatMapToDouble(Arrays::stream).min().getAsDouble();
			double mx = Arrays.stream(v).flatMapToDouble(Arrays::stream).max().getAsDouble();
			lo = mn;
			s = 255 / (mx - mn);
		}
		for (double radius : new double[] { 1, 1.5, 2, 2.5, 3.3, 6 }) {
			FloatProcessor mean = rank(v, radius, RankFilters.MEAN), var = rank(v, radius, RankFilters.VARIANCE),
					med = rank(v, radius, RankFilters.MEDIAN), min = rank(v, radius, RankFilters.MIN),
					max = rank(v, radius, RankFilters.MAX);
			for (LocalMethod m : WINDOWED) {
				if (m == LocalMethod.OTSU)
					continue;
				LocalParams p = LocalParams.defaults(m).withRadius(radius).withWindow("circle");
				if (m == LocalMethod.MEAN || m == LocalMethod.MEDIAN || m == LocalMethod.MIDGREY)
					p = p.withP(4, 0);
				boolean[][] got = maskOf(LocalThreshold.mask((Img<RealType>) img, m, p), w, h, 1)[0];
				int diff = 0, ties = 0;
				for (int y = 0; y < h; y++)
					for (int x = 0; x < w; x++) {
						List<Double> win = new ArrayList<>();
						// the decision from RankFilters' statistics: pass a fake window with the same
						// statistics to the reference decision is not possible, so the formulas are
						// applied to RankFilters' outputs directly
						double u = (v[y][x] - lo) * s;
						double mu = (mean.getf(x, y) - lo) * s, su = Math.sqrt(Math.max(0, var.getf(x, y))) * s;
						double umin = (min.getf(x, y) - lo) * s, umax = (max.getf(x, y) - lo) * s,
								umed = (med.getf(x, y) - lo) * s;
						Ref ref = switch (m) {
						case MEAN -> new Ref(u > mu - p.p1(), Math.abs(u - mu + p.p1()));
						case NIBLACK -> new Ref(u > mu + p.p1() * su - p.p2(), Math.abs(u - (mu + p.p1() * su - p.p2())));
						case SAUVOLA -> {
							double t = mu * (1 + p.p1() * (su / p.p2() - 1));
							yield new Ref(u > t, Math.abs(u - t));
						}
						case PHANSALKAR -> {
							double mn = mu / 255, sn = su / 255;
							double t = mn * (1 + 2 * Math.exp(-10 * mn) + p.p1() * (sn / p.p2() - 1));
							yield new Ref(u / 255 > t, Math.abs(u / 255 - t) * 255);
						}
						case MEDIAN -> new Ref(u > umed - p.p1(), 1);
						case MIDGREY -> new Ref(u > (umin + umax) / 2 - p.p1(), 1);
						case BERNSEN -> {
							double mid = (umin + umax) / 2;
							yield new Ref(umax - umin < p.p1() ? mid >= 128 : u >= mid, 1);
						}
						case CONTRAST -> new Ref(Math.abs(umax - u) <= Math.abs(u - umin), 1);
						default -> throw new AssertionError();
						};
						assertTrue(win.isEmpty());
						if (ref.obj() != got[y][x]) {
							// RankFilters keeps mean and variance as float: allow a flip only that close to a tie
							if (ref.margin() < 1e-3 * s * 10)
								ties++;
							else
								diff++;
						}
					}
				assertEquals(0, diff, name + " circle " + m + " radius " + radius);
				assertTrue(ties <= 2, name + " circle " + m + " radius " + radius + " near-ties " + ties);
			}
		}
	}

	// ------------------------------------------------------------------ Gaussian

	@Test
	void gaussianEqualsGaussianBlurReference() {
		for (int kind = 0; kind < 3; kind++) {
			Img<? extends RealType<?>> img = kind == 0 ? bytes(21, 30, 26) : kind == 1 ? shorts(22, 25, 21) : bytes(23, 16, 14, 5);
			gaussianCase(img, kind != 1);
		}
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private void gaussianCase(Img img, boolean eightBit) {
		double[][][] v = values((Img<RealType>) img);
		int d = v.length, h = v[0].length, w = v[0][0].length;
		double lo = 0, s = 1;
		if (!eightBit) {
			double mn = Double.POSITIVE_INFINITY, mx = Double.NEGATIVE_INFINITY;
			for (double[][] pl : v)
				for (double[] row : pl)
					for (double x : row) {
						mn = Math.min(mn, x);
						mx = Math.max(mx, x);
					}
			lo = mn;
			s = 255 / (mx - mn);
		}
		for (double[] prm : new double[][] { { 6, 0, 0, 0 }, { 4, 0, 3, 2.5 }, { 5, 2, -2, 1.2 } }) {
			double radius = prm[0], rz = d > 1 ? prm[1] : 0, c = prm[2], sigma = prm[3];
			double sxy = sigma > 0 ? sigma : radius / 3;
			double sz = rz == 0 ? 0 : sigma > 0 ? sigma * rz / radius : rz / 3;
			Img<FloatType> f = ArrayImgs.floats(img.dimensionsAsLongArray());
			copy((Img<RealType>) img, f);
			Img<FloatType> g = ArrayImgs.floats(img.dimensionsAsLongArray());
			GaussianBlur.blur(f, g, d > 1 ? new double[] { sxy, sxy, sz } : new double[] { sxy, sxy });
			double[][][] gv = values(g);
			LocalParams p = new LocalParams(radius, rz, "square", c, sigma, false);
			boolean[][][] got = maskOf(LocalThreshold.mask((Img<RealType>) img, LocalMethod.GAUSSIAN, p), w, h, d);
			for (int z = 0; z < d; z++)
				for (int y = 0; y < h; y++)
					for (int x = 0; x < w; x++)
						assertEquals((v[z][y][x] - lo) * s > (gv[z][y][x] - lo) * s - c, got[z][y][x],
								"gaussian " + Arrays.toString(prm) + " at " + x + "," + y + "," + z);
		}
	}

	// ------------------------------------------------------------------ options, access paths, validation

	@Test
	void darkObjectsIsTheComplement() {
		Img<UnsignedShortType> img = shorts(31, 24, 19);
		for (LocalMethod m : LocalMethod.values())
			for (String win : new String[] { "square", "circle" }) {
				LocalParams p = LocalParams.defaults(m).withRadius(3).withWindow(win);
				Img<UnsignedByteType> bright = LocalThreshold.mask(img, m, p);
				Img<UnsignedByteType> dark = LocalThreshold.mask(img, m, p.withDarkObjects(true));
				Cursor<UnsignedByteType> a = bright.cursor(), b = dark.cursor();
				while (a.hasNext())
					assertEquals(255, a.next().get() + b.next().get(), m + " " + win);
			}
	}

	@Test
	void inputIsUnchangedAndAllStoragesAgree() {
		Img<UnsignedShortType> arr = shorts(41, 26, 22, 3);
		Img<UnsignedShortType> before = arr.copy();
		Img<UnsignedShortType> planar = PlanarImgs.unsignedShorts(26, 22, 3);
		copy(arr, planar);
		RandomAccessibleInterval<UnsignedShortType> view = Views.translate(arr, 5, -2, 7);
		Img<UnsignedByteType> arr8 = bytes(42, 26, 22);
		Img<UnsignedByteType> planar8 = PlanarImgs.unsignedBytes(26, 22);
		copy(arr8, planar8);
		Img<FloatType> arrF = floats(43, 26, 22);
		Img<FloatType> planarF = PlanarImgs.floats(26, 22);
		copy(arrF, planarF);
		for (LocalMethod m : LocalMethod.values())
			for (double rz : new double[] { 0, 1 }) {
				LocalParams p = LocalParams.defaults(m).withRadius(4).withRadiusZ(rz);
				Img<UnsignedByteType> a = LocalThreshold.mask(arr, m, p);
				assertSame(a, LocalThreshold.mask(planar, m, p), m + " planar");
				assertSame(a, LocalThreshold.mask(view, m, p), m + " view");
				if (rz == 0) {
					assertSame(LocalThreshold.mask(arr8, m, p), LocalThreshold.mask(planar8, m, p), m + " planar 8-bit");
					assertSame(LocalThreshold.mask(arr8, m, p), LocalThreshold.mask(Views.interval(arr8, arr8), m, p), m + " view 8-bit");
					assertSame(LocalThreshold.mask(arrF, m, p), LocalThreshold.mask(planarF, m, p), m + " planar float");
				}
			}
		assertSame(before, arr, "input changed");
	}

	@Test
	void sixteenBitUsesTheDynamicRange() {
		// the same picture as 8-bit and stretched to 16-bit 300 + 40 v: identical masks
		Img<UnsignedByteType> b = bytes(51, 30, 24);
		b.firstElement().set(0);
		b.cursor().next();
		Cursor<UnsignedByteType> cc = b.cursor();
		cc.fwd();
		cc.fwd();
		cc.get().set(255);
		Img<UnsignedShortType> s = ArrayImgs.unsignedShorts(30, 24);
		Cursor<UnsignedByteType> cb = b.cursor();
		for (UnsignedShortType t : s)
			t.set(300 + 40 * cb.next().get());
		for (LocalMethod m : LocalMethod.values()) {
			if (m == LocalMethod.OTSU || m == LocalMethod.GAUSSIAN)
				continue; // different binning / float rounding of the blur
			LocalParams p = LocalParams.defaults(m).withRadius(4);
			if (m == LocalMethod.MEAN || m == LocalMethod.MEDIAN || m == LocalMethod.MIDGREY)
				p = p.withP(5, 0);
			Img<UnsignedByteType> m8 = LocalThreshold.mask(b, m, p), m16 = LocalThreshold.mask(s, m, p);
			int diff = 0;
			Cursor<UnsignedByteType> x = m8.cursor(), y = m16.cursor();
			while (x.hasNext())
				if (x.next().get() != y.next().get())
					diff++;
			// values are exact multiples, only floating-point ties may differ
			assertTrue(diff <= 3, m + ": " + diff + " pixels differ between 8-bit and stretched 16-bit");
		}
	}

	/** Sanity on the project's synthetic nuclei: bright blobs on a noisy background are found. */
	@Test
	void syntheticNucleiAreSegmented() {
		var sample = org.segmentij.image.SyntheticNuclei.generate(
				org.segmentij.image.SyntheticNuclei.Params.defaults2D(192, 160, 10, 5));
		var truth = org.segmentij.image.SyntheticNuclei.mask(sample.labels());
		for (LocalMethod m : new LocalMethod[] { LocalMethod.MEAN, LocalMethod.GAUSSIAN, LocalMethod.MEDIAN }) {
			LocalParams p = LocalParams.defaults(m).withRadius(20).withP(-10, 0);
			double dice = org.segmentij.metrics.SemanticMetrics.binary(LocalThreshold.mask(sample.image(), m, p), truth).dice();
			assertTrue(dice > 0.6, m + " Dice " + dice);
		}
	}

	@Test
	void enumIdsLabelsAndDefaults() {
		assertEquals("local-bernsen", LocalMethod.BERNSEN.id());
		assertEquals("local-midgrey", LocalMethod.MIDGREY.id());
		assertEquals("local-phansalkar", LocalMethod.PHANSALKAR.id());
		assertEquals("Gaussian", LocalMethod.GAUSSIAN.label());
		assertEquals("Sauvola", LocalMethod.SAUVOLA.label());
		assertEquals(LocalMethod.NIBLACK, LocalMethod.fromName("local-niblack"));
		assertEquals(LocalMethod.OTSU, LocalMethod.fromName("Otsu"));
		LocalParams p = LocalParams.defaults(LocalMethod.SAUVOLA);
		assertEquals(new LocalParams(15, 0, "square", 0.5, 128, false), p);
		assertEquals(15, LocalParams.defaults(LocalMethod.BERNSEN).p1());
		assertEquals(0.25, LocalParams.defaults(LocalMethod.PHANSALKAR).p1());
		assertEquals(0.5, LocalParams.defaults(LocalMethod.PHANSALKAR).p2());
		assertEquals(0.2, LocalParams.defaults(LocalMethod.NIBLACK).p1());
		assertEquals("circle", new LocalParams(2, 0, " Circle ", 0, 0, false).window());
	}

	@Test
	void badParametersSayWhatIsWrong() {
		Img<UnsignedByteType> img = bytes(61, 10, 10);
		msg(() -> new LocalParams(0.5, 0, "square", 0, 0, false), "radius");
		msg(() -> new LocalParams(-3, 0, "square", 0, 0, false), "radius");
		msg(() -> new LocalParams(Double.NaN, 0, "square", 0, 0, false), "radius");
		msg(() -> new LocalParams(3, 0.5, "square", 0, 0, false), "radiusZ");
		msg(() -> new LocalParams(3, Double.NaN, "square", 0, 0, false), "radiusZ");
		msg(() -> new LocalParams(3, 0, "hexagon", 0, 0, false), "window");
		msg(() -> new LocalParams(3, 0, null, 0, 0, false), "window");
		msg(() -> new LocalParams(3, 0, "square", Double.NaN, 0, false), "p1");
		msg(() -> new LocalParams(3, 0, "square", 0, Double.POSITIVE_INFINITY, false), "p2");
		msg(() -> LocalThreshold.mask(img, LocalMethod.SAUVOLA, LocalParams.defaults(LocalMethod.SAUVOLA).withP(0.5, 0)), "r (p2)");
		msg(() -> LocalThreshold.mask(img, LocalMethod.PHANSALKAR, LocalParams.defaults(LocalMethod.PHANSALKAR).withP(0.5, -1)), "r (p2)");
		msg(() -> LocalThreshold.mask(img, LocalMethod.GAUSSIAN, LocalParams.defaults(LocalMethod.GAUSSIAN).withP(0, -1)), "sigma");
		msg(() -> LocalThreshold.mask(bytes(1, 5, 5, 3), LocalMethod.MEAN,
				LocalParams.defaults(LocalMethod.MEAN).withWindow("circle").withRadiusZ(1)), "circle");
		msg(() -> LocalThreshold.mask(ArrayImgs.unsignedBytes(4, 4, 2, 2), LocalMethod.MEAN, LocalParams.defaults(LocalMethod.MEAN)), "dimensions");
		msg(() -> LocalThreshold.mask(Views.interval(img, new long[] { 0, 0 }, new long[] { -1, 3 }), LocalMethod.MEAN, LocalParams.defaults(LocalMethod.MEAN)), "no pixels");
		msg(() -> LocalThreshold.mask(img, null, LocalParams.defaults(LocalMethod.MEAN)), "method");
		msg(() -> LocalThreshold.mask(img, LocalMethod.MEAN, null), "params");
		Img<FloatType> nan = floats(3, 6, 6);
		nan.firstElement().set(Float.NaN);
		msg(() -> LocalThreshold.mask(nan, LocalMethod.MEAN, LocalParams.defaults(LocalMethod.MEAN)), "NaN");
		msg(() -> LocalMethod.fromName("local-foo"), "local-sauvola");
	}

	static void msg(org.junit.jupiter.api.function.Executable e, String part) {
		IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
		assertTrue(ex.getMessage().contains(part), "message '" + ex.getMessage() + "' should mention " + part);
	}

	@Test
	void constantImageAndOneRowImage() {
		for (LocalMethod m : LocalMethod.values()) {
			Img<UnsignedShortType> c = ArrayImgs.unsignedShorts(9, 7);
			for (UnsignedShortType t : c)
				t.set(700);
			for (UnsignedByteType t : LocalThreshold.mask(c, m, LocalParams.defaults(m).withRadius(2)))
				assertTrue(t.get() == 0 || t.get() == 255);
			Img<UnsignedByteType> row = bytes(71, 12, 1);
			checkOne(row, m);
		}
	}

	private static void checkOne(Img<UnsignedByteType> img, LocalMethod m) {
		if (m == LocalMethod.GAUSSIAN)
			return;
		double[][][] v = values(img);
		LocalParams p = LocalParams.defaults(m).withRadius(3);
		Ref[][][] ref = reference(v, true, m, 3, 0, p.p1(), p.p2());
		boolean[][][] got = maskOf(LocalThreshold.mask(img, m, p), 12, 1, 1);
		for (int x = 0; x < 12; x++)
			assertEquals(ref[0][0][x].obj(), got[0][0][x], m + " one-row at " + x);
	}
}
