package org.segmentij.classical.threshold;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.segmentij.classical.threshold.GlobalThreshold.Options;
import org.segmentij.image.SyntheticNuclei;

import ij.process.AutoThresholder;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

class GlobalThresholdTest {

	private static final Options FULL = new Options(false, false, false, Histogram.Mode.FULL);

	static float[] bimodal(int n, long seed, double bg, double fg, double noise, double fgFraction) {
		SplittableRandom r = new SplittableRandom(seed);
		float[] v = new float[n];
		for (int i = 0; i < n; i++) {
			double g = r.nextDouble() < fgFraction ? fg : bg;
			double u1 = r.nextDouble(), u2 = r.nextDouble();
			v[i] = (float) (g + noise * Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2));
		}
		return v;
	}

	static short[] toShorts(float[] v) {
		short[] s = new short[v.length];
		for (int i = 0; i < v.length; i++)
			s[i] = (short) Math.max(0, Math.min(65535, Math.round(v[i])));
		return s;
	}

	static byte[] bytes(RandomAccessibleInterval<UnsignedByteType> mask) {
		byte[] out = new byte[(int) Views.iterable(mask).size()];
		int i = 0;
		for (UnsignedByteType t : Views.flatIterable(mask))
			out[i++] = (byte) t.get();
		return out;
	}

	/** ImageJ 1: setAutoThreshold(method) then Convert to Mask's rule, v >= (float) min && v <= (float) max. */
	static byte[] ij1Mask(ImageProcessor ip, String method) {
		ImageProcessor copy = ip.duplicate();
		copy.setAutoThreshold(method);
		float t1 = (float) copy.getMinThreshold(), t2 = (float) copy.getMaxThreshold();
		byte[] m = new byte[ip.getPixelCount()];
		for (int i = 0; i < m.length; i++) {
			float v = ip.getf(i);
			m[i] = (byte) (v >= t1 && v <= t2 ? 255 : 0);
		}
		return m;
	}

	// (b) 16-bit Otsu in FULL mode = exhaustive search of the between-class variance over the pixel values

	@Test
	void sixteenBitOtsuFullEqualsExhaustiveSearch() {
		for (int k = 0; k < 4; k++) {
			Img<UnsignedShortType> img;
			if (k < 2) {
				img = SyntheticNuclei.generate(SyntheticNuclei.Params.defaults2D(128, 128, 8, 5 + k)).image();
			}
			else {
				float[] v = bimodal(150 * 100, k, 800 + 300 * k, 3000, 250, 0.3);
				img = ArrayImgs.unsignedShorts(toShorts(v), 150, 100);
			}
			TreeMap<Integer, Long> counts = new TreeMap<>();
			for (UnsignedShortType t : img)
				counts.merge(t.get(), 1L, Long::sum);
			double n = img.size(), sumAll = 0;
			for (var e : counts.entrySet())
				sumAll += (double) e.getKey() * e.getValue();
			double bestBcv = -1;
			int bestT = -1;
			double w0 = 0, s0 = 0;
			for (var e : counts.entrySet()) { // threshold T = this value: background v <= T
				w0 += e.getValue();
				s0 += (double) e.getKey() * e.getValue();
				double w1 = n - w0;
				if (w1 == 0)
					break;
				double m0 = s0 / w0, m1 = (sumAll - s0) / w1;
				double bcv = w0 * w1 * (m0 - m1) * (m0 - m1);
				if (bcv > bestBcv * (1 + 1e-12)) {
					bestBcv = bcv;
					bestT = e.getKey();
				}
			}
			GlobalThreshold.Result r = GlobalThreshold.compute(img, GlobalMethod.OTSU, FULL);
			assertEquals(bestT, r.threshold(), "case " + k);
			Img<UnsignedByteType> mask = GlobalThreshold.mask(img, GlobalMethod.OTSU, FULL);
			Cursor<UnsignedShortType> c = img.cursor();
			Cursor<UnsignedByteType> m = mask.cursor();
			while (c.hasNext())
				assertEquals(c.next().get() > bestT ? 255 : 0, m.next().get());
		}
	}

	// (c) IMAGEJ_256 = ImageJ 1's setAutoThreshold("<Method> dark") + Convert to Mask, 16-bit and float

	@Test
	void imageJModeEqualsImageJ1On16BitAndFloat() {
		int w = 160, h = 120;
		for (long seed = 1; seed <= 3; seed++) {
			float[] v = bimodal(w * h, seed, 300 + 50 * seed, 1500 + 400 * seed, 150, 0.15 + 0.1 * seed);
			short[] px = toShorts(v);
			float[] fv = new float[v.length];
			for (int i = 0; i < v.length; i++)
				fv[i] = v[i] / 1000f - 0.3f;
			for (GlobalMethod m : GlobalMethod.values()) {
				if (m == GlobalMethod.HUANG2)
					continue; // not an ImageJ 1 method
				for (boolean dark : new boolean[] { false, true }) {
					Options o = Options.defaults().withDarkObjects(dark);
					String macro = m.label() + (dark ? "" : " dark");
					assertArrayEquals(ij1Mask(new ShortProcessor(w, h, px, null), macro),
							bytes(GlobalThreshold.mask(ArrayImgs.unsignedShorts(px, w, h), m, o)), "16-bit " + macro);
					assertArrayEquals(ij1Mask(new FloatProcessor(w, h, fv.clone()), macro),
							bytes(GlobalThreshold.mask(ArrayImgs.floats(fv, w, h), m, o)), "float " + macro);
				}
			}
		}
	}

	@Test
	void eightBitBothModesEqualImageJ1() {
		int w = 128, h = 96;
		float[] v = bimodal(w * h, 9, 60, 170, 25, 0.3);
		byte[] px = new byte[v.length];
		for (int i = 0; i < v.length; i++)
			px[i] = (byte) Math.max(0, Math.min(255, Math.round(v[i])));
		for (GlobalMethod m : new GlobalMethod[] { GlobalMethod.DEFAULT, GlobalMethod.OTSU, GlobalMethod.LI, GlobalMethod.TRIANGLE }) {
			byte[] ij = ij1Mask(new ByteProcessor(w, h, px), m.label() + " dark");
			assertArrayEquals(ij, bytes(GlobalThreshold.mask(ArrayImgs.unsignedBytes(px, w, h), m, Options.defaults())));
			assertArrayEquals(ij, bytes(GlobalThreshold.mask(ArrayImgs.unsignedBytes(px, w, h), m, FULL)));
		}
	}

	// (d) ignore black / white, dark objects, per slice, MultiOtsu

	@Test
	void ignoreBlackAndWhiteLeaveThoseBinsOut() {
		int w = 100, h = 80;
		float[] v = bimodal(w * h, 4, 70, 160, 20, 0.3);
		byte[] px = new byte[v.length];
		SplittableRandom r = new SplittableRandom(1);
		for (int i = 0; i < v.length; i++)
			px[i] = (byte) (r.nextDouble() < 0.2 ? 0 : r.nextDouble() < 0.1 ? 255 : Math.max(1, Math.min(254, Math.round(v[i]))));
		int[] hist = new ByteProcessor(w, h, px).getHistogram();
		for (GlobalMethod m : new GlobalMethod[] { GlobalMethod.OTSU, GlobalMethod.HUANG, GlobalMethod.TRIANGLE, GlobalMethod.MEAN }) {
			for (int mode = 0; mode < 3; mode++) {
				int[] h2 = hist.clone();
				if (mode != 1)
					h2[0] = 0;
				if (mode != 0)
					h2[255] = 0;
				int expected = new AutoThresholder().getThreshold(AutoThresholder.Method.valueOf(m.label()), h2);
				Options o = new Options(false, mode != 1, mode != 0, Histogram.Mode.FULL);
				GlobalThreshold.Result res = GlobalThreshold.compute(ArrayImgs.unsignedBytes(px, w, h), m, o);
				assertEquals(expected, res.bin(), m + " mode " + mode);
			}
		}
		// 16-bit full resolution: 0 and 65535 leave; the histogram is one bin per value
		short[] s = toShorts(bimodal(w * h, 5, 1000, 5000, 300, 0.4));
		for (int i = 0; i < s.length; i += 7)
			s[i] = 0;
		for (int i = 3; i < s.length; i += 11)
			s[i] = (short) 65535;
		Histogram full = Histogram.compute(ArrayImgs.unsignedShorts(s, w, h), Histogram.Mode.FULL);
		assertEquals(65536, full.bins());
		Histogram ignored = full.ignoring(true, true);
		long zeros = 0, whites = 0;
		for (short x : s) {
			zeros += x == 0 ? 1 : 0;
			whites += x == (short) 65535 ? 1 : 0;
		}
		assertEquals(full.total() - zeros - whites, ignored.total());
		long[] c = ignored.counts();
		assertEquals(0, c[0]);
		assertEquals(0, c[65535]);
		GlobalThreshold.Result a = GlobalThreshold.compute(ArrayImgs.unsignedShorts(s, w, h), GlobalMethod.OTSU, new Options(false, true, true, Histogram.Mode.FULL));
		assertEquals(GlobalMethod.OTSU.threshold(c), a.bin());
		assertTrue(a.threshold() > 1500 && a.threshold() < 4500, "threshold between the populations: " + a.threshold());
	}

	@Test
	void darkObjectsSelectTheComplementInFullMode() {
		float[] v = bimodal(90 * 70, 8, 0.2, 0.7, 0.08, 0.4);
		for (GlobalMethod m : GlobalMethod.values()) {
			byte[] bright = bytes(GlobalThreshold.mask(ArrayImgs.floats(v, 90, 70), m, FULL));
			GlobalThreshold.Result dark = GlobalThreshold.compute(ArrayImgs.floats(v, 90, 70), m, FULL.withDarkObjects(true));
			byte[] darkMask = bytes(dark.range().mask(ArrayImgs.floats(v, 90, 70)));
			for (int i = 0; i < v.length; i++) {
				assertEquals(bright[i] == 0, darkMask[i] != 0, m + " pixel " + i);
				assertEquals(v[i] <= dark.threshold(), darkMask[i] != 0);
			}
		}
	}

	@Test
	void perSliceThresholdsEachPlaneOnItsOwn() {
		int w = 64, h = 48, d = 4;
		short[] all = new short[w * h * d];
		for (int z = 0; z < d; z++) {
			short[] plane = toShorts(bimodal(w * h, z, 200 + 500 * z, 2000 + 900 * z, 100, 0.3));
			System.arraycopy(plane, 0, all, z * w * h, w * h);
		}
		Img<UnsignedShortType> stack = ArrayImgs.unsignedShorts(all, w, h, d);
		PlanarImg<UnsignedShortType, ?> planar = PlanarImgs.unsignedShorts(w, h, d);
		copy(stack, planar);
		for (Options o : new Options[] { Options.defaults(), FULL, FULL.withDarkObjects(true) }) {
			for (GlobalMethod m : new GlobalMethod[] { GlobalMethod.OTSU, GlobalMethod.DEFAULT, GlobalMethod.MIN_ERROR }) {
				GlobalThreshold.SliceResults sr = GlobalThreshold.maskPerSlice(stack, m, o);
				assertEquals(d, sr.planes().size());
				for (int z = 0; z < d; z++) {
					RandomAccessibleInterval<UnsignedShortType> plane = Views.hyperSlice(stack, 2, z);
					short[] copy = new short[w * h];
					System.arraycopy(all, z * w * h, copy, 0, w * h);
					GlobalThreshold.Result alone = GlobalThreshold.compute(ArrayImgs.unsignedShorts(copy, w, h), m, o);
					assertEquals(alone, sr.planes().get(z));
					assertArrayEquals(bytes(alone.range().mask(plane)), bytes(Views.hyperSlice(sr.mask(), 2, z)));
				}
				// the same through the PlanarImg fast path and the generic path
				assertArrayEquals(bytes(sr.mask()), bytes(GlobalThreshold.maskPerSlice(planar, m, o).mask()));
				assertArrayEquals(bytes(sr.mask()), bytes(GlobalThreshold.maskPerSlice(Views.interval(stack, stack), m, o).mask()));
			}
		}
		// 16-bit, ImageJ 1: each slice its own setAutoThreshold
		for (int z = 0; z < d; z++) {
			short[] copy = new short[w * h];
			System.arraycopy(all, z * w * h, copy, 0, w * h);
			byte[] ij = ij1Mask(new ShortProcessor(w, h, copy, null), "Otsu dark");
			assertArrayEquals(ij, bytes(Views.hyperSlice(GlobalThreshold.maskPerSlice(stack, GlobalMethod.OTSU, Options.defaults()).mask(), 2, z)));
		}
	}

	@Test
	void multiOtsuEqualsBruteForceForThreeClasses() {
		SplittableRandom r = new SplittableRandom(5);
		for (int k = 0; k < 40; k++) {
			long[] h = new long[8 + r.nextInt(40)];
			for (int i = 0; i < h.length; i++)
				h[i] = r.nextDouble() < 0.25 ? 0 : r.nextInt(1 + (k % 3 == 0 ? 5 : 1000));
			double best = -1;
			for (int a = 0; a < h.length - 2; a++)
				for (int b = a + 1; b < h.length - 1; b++)
					best = Math.max(best, between(h, a, b));
			int[] t = MultiOtsu.thresholds(h, 3);
			assertEquals(2, t.length);
			assertTrue(t[0] < t[1] && t[0] >= 0 && t[1] < h.length - 1);
			assertEquals(best, between(h, t[0], t[1]), 1e-9 * Math.max(1, best), "case " + k);
		}
		// two classes: Otsu's criterion
		long[] h = GlobalMethodTest.toLong(GlobalMethodTest.histograms256().get(3));
		int[] t = MultiOtsu.thresholds(h, 2);
		assertEquals(between(h, GlobalMethod.OTSU.threshold(h), h.length - 1), between(h, t[0], h.length - 1), 1e-6);
		assertThrows(IllegalArgumentException.class, () -> MultiOtsu.thresholds(new long[] { 1, 2 }, 3));
		assertThrows(IllegalArgumentException.class, () -> MultiOtsu.thresholds(new long[] { 1, 2, 3 }, 1));
	}

	/** Between-class variance sum w_j mu_j^2 - N mu^2 (times N) of classes [0..a], (a..b], (b..n). */
	private static double between(long[] h, int a, int b) {
		double[] w = new double[3], s = new double[3];
		double n = 0, tot = 0;
		for (int i = 0; i < h.length; i++) {
			int c = i <= a ? 0 : i <= b ? 1 : 2;
			w[c] += h[i];
			s[c] += (double) i * h[i];
			n += h[i];
			tot += (double) i * h[i];
		}
		double v = 0;
		for (int c = 0; c < 3; c++)
			if (w[c] > 0)
				v += s[c] * s[c] / w[c];
		return v - tot * tot / n;
	}

	@Test
	void multiOtsuLabelsFollowTheThresholds() {
		short[] px = new short[3000];
		SplittableRandom r = new SplittableRandom(2);
		for (int i = 0; i < px.length; i++)
			px[i] = (short) (new int[] { 100, 900, 3000 }[i % 3] + r.nextInt(60));
		Img<IntType> labels = MultiOtsu.labels(ArrayImgs.unsignedShorts(px, 50, 60), 3, Histogram.Mode.FULL);
		int i = 0;
		for (IntType l : labels)
			assertEquals(i++ % 3, l.get());
		Img<IntType> ij = MultiOtsu.labels(ArrayImgs.unsignedShorts(px, 50, 60), 3, Histogram.Mode.IMAGEJ_256);
		i = 0;
		for (IntType l : ij)
			assertEquals(i++ % 3, l.get());
	}

	// (e) fast paths = generic path

	@Test
	void fastPathsEqualTheGenericPath() {
		int w = 257, h = 301, d = 3; // > one parallel chunk, odd sizes
		float[] v = bimodal(w * h * d, 12, 100, 180, 30, 0.3);
		Img<UnsignedByteType> u8 = ArrayImgs.unsignedBytes(w, h, d);
		Img<UnsignedShortType> u16 = ArrayImgs.unsignedShorts(w, h, d);
		Img<FloatType> f32 = ArrayImgs.floats(w, h, d);
		Cursor<UnsignedByteType> c8 = u8.cursor();
		Cursor<UnsignedShortType> c16 = u16.cursor();
		Cursor<FloatType> c32 = f32.cursor();
		for (float x : v) {
			c8.next().set(Math.max(0, Math.min(255, Math.round(x))));
			c16.next().set(Math.max(0, Math.round(x * 37)));
			c32.next().set(x / 7f);
		}
		f32.firstElement().set(Float.NaN); // NaN is not counted
		checkPaths(u8, PlanarImgs.unsignedBytes(w, h, d));
		checkPaths(u16, PlanarImgs.unsignedShorts(w, h, d));
		checkPaths(f32, PlanarImgs.floats(w, h, d));
	}

	private static <T extends RealType<T>> void checkPaths(Img<T> array, Img<T> planar) {
		copy(array, planar);
		RandomAccessibleInterval<T> view = Views.interval(array, array); // not an ArrayImg: the cursor path
		RandomAccessibleInterval<T> crop = Views.interval(array, new long[] { 3, 5, 1 }, new long[] { 200, 250, 2 });
		Img<T> cropCopy = array.factory().create(crop);
		copy(crop, cropCopy);
		for (Histogram.Mode mode : Histogram.Mode.values()) {
			Histogram a = Histogram.compute(array, mode), p = Histogram.compute(planar, mode), g = Histogram.compute(view, mode);
			for (Histogram x : new Histogram[] { p, g }) {
				assertArrayEquals(a.counts(), x.counts(), mode.toString());
				assertEquals(a.min(), x.min());
				assertEquals(a.max(), x.max());
				assertEquals(a.binning(), x.binning());
			}
			assertArrayEquals(Histogram.compute(cropCopy, mode).counts(), Histogram.compute(crop, mode).counts());
			Histogram[] pa = Histogram.perPlane(array, mode), pp = Histogram.perPlane(planar, mode), pg = Histogram.perPlane(view, mode);
			for (int z = 0; z < pa.length; z++) {
				assertArrayEquals(pa[z].counts(), pp[z].counts());
				assertArrayEquals(pa[z].counts(), pg[z].counts());
			}
			for (GlobalMethod m : new GlobalMethod[] { GlobalMethod.OTSU, GlobalMethod.TRIANGLE }) {
				Options o = new Options(false, false, false, mode);
				byte[] ma = bytes(GlobalThreshold.mask(array, m, o));
				assertArrayEquals(ma, bytes(GlobalThreshold.mask(planar, m, o)));
				assertArrayEquals(ma, bytes(GlobalThreshold.mask(view, m, o)));
				ThresholdRange range = GlobalThreshold.compute(crop, m, o).range();
				assertArrayEquals(bytes(range.mask(cropCopy)), bytes(range.mask(crop)));
			}
		}
	}

	private static <T extends RealType<T>> void copy(RandomAccessibleInterval<T> from, RandomAccessibleInterval<T> to) {
		Cursor<T> a = Views.flatIterable(from).cursor();
		Cursor<T> b = Views.flatIterable(to).cursor();
		while (a.hasNext())
			b.next().set(a.next());
	}

	@Test
	void badInputAndUntouchedInput() {
		short[] px = toShorts(bimodal(400, 1, 100, 900, 50, 0.5));
		short[] before = px.clone();
		GlobalThreshold.mask(ArrayImgs.unsignedShorts(px, 20, 20), GlobalMethod.LI, FULL);
		GlobalThreshold.maskPerSlice(ArrayImgs.unsignedShorts(px, 20, 10, 2), GlobalMethod.LI, FULL);
		assertArrayEquals(before, px);
		assertThrows(IllegalArgumentException.class, () -> new Options(false, false, false, null));
		assertThrows(IllegalArgumentException.class, () -> GlobalThreshold.compute(ArrayImgs.floats(new float[] { Float.NaN }, 1, 1), GlobalMethod.OTSU, FULL));
		assertThrows(IllegalArgumentException.class, () -> GlobalThreshold.compute(ArrayImgs.floats(0, 3), GlobalMethod.OTSU, FULL));
		assertThrows(IllegalArgumentException.class, () -> GlobalThreshold.compute(ArrayImgs.floats(2, 3), null, FULL));
		// constant images: every method answers, in both modes
		for (GlobalMethod m : GlobalMethod.values())
			for (Options o : new Options[] { FULL, Options.defaults(), FULL.withDarkObjects(true) }) {
				GlobalThreshold.compute(ArrayImgs.unsignedShorts(new short[] { 7, 7, 7, 7 }, 2, 2), m, o);
				GlobalThreshold.compute(ArrayImgs.floats(new float[] { 7, 7, 7, 7 }, 2, 2), m, o);
				GlobalThreshold.compute(ArrayImgs.unsignedBytes(new byte[4], 2, 2), m, o);
			}
	}

	/**
	 * computeAndMask (the mask's array allocated on another core while the method runs, for
	 * images of a million pixels or more) gives compute's threshold and the cursor loop's mask of
	 * its range, on 16-bit, 8-bit and float images, bright and dark objects.
	 */
	@Test
	void computeAndMaskEqualsComputeThenTheCursorMask() {
		SplittableRandom r = new SplittableRandom(21);
		Img<UnsignedShortType> u16 = ArrayImgs.unsignedShorts(1100, 1000);
		Img<UnsignedByteType> u8 = ArrayImgs.unsignedBytes(1024, 1024);
		Img<FloatType> f32 = ArrayImgs.floats(1030, 1020);
		for (UnsignedShortType t : u16)
			t.set(r.nextInt(4) == 0 ? 2000 + r.nextInt(900) : 300 + r.nextInt(400));
		for (UnsignedByteType t : u8)
			t.set(r.nextInt(4) == 0 ? 150 + r.nextInt(100) : 20 + r.nextInt(60));
		for (FloatType t : f32)
			t.set((float) (r.nextInt(4) == 0 ? 5 + r.nextGaussian() : r.nextGaussian()));
		for (GlobalMethod m : new GlobalMethod[] { GlobalMethod.OTSU, GlobalMethod.HUANG, GlobalMethod.MINIMUM })
			for (boolean dark : new boolean[] { false, true }) {
				Options o = new Options(dark, false, false, Histogram.Mode.FULL);
				for (RandomAccessibleInterval<?> img : java.util.List.<RandomAccessibleInterval<?>>of(u16, u8, f32)) {
					@SuppressWarnings({ "unchecked", "rawtypes" })
					GlobalThreshold.Masked got = GlobalThreshold.computeAndMask((RandomAccessibleInterval) img, m, o);
					@SuppressWarnings({ "unchecked", "rawtypes" })
					GlobalThreshold.Result want = GlobalThreshold.compute((RandomAccessibleInterval) img, m, o);
					assertEquals(want, got.result(), m + " " + dark);
					@SuppressWarnings({ "unchecked", "rawtypes" })
					Img<UnsignedByteType> oracle = want.range().mask((RandomAccessibleInterval) Views.interval(img, img));
					assertArrayEquals(bytes(oracle), bytes(got.mask()), m + " dark=" + dark + " " + img.getClass().getSimpleName());
				}
			}
	}
}
