package org.segmentij.classical.threshold;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import ij.ImagePlus;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/** Oracle: ImageJ 1's own setAutoThreshold("Otsu dark") and Convert to Mask rule (v >= lower && v <= upper in float). */
class OtsuThresholdTest {

	/** ImageJ 1's 256-bin histogram: the mode whose answers must equal ImageJ's. */
	private static final GlobalThreshold.Options IMAGEJ = GlobalThreshold.Options.defaults();

	/** Two noisy populations, as a fluorescence image has. */
	private static float[] bimodal(int n, long seed, double bg, double fg, double noise, double fgFraction) {
		SplittableRandom r = new SplittableRandom(seed);
		float[] v = new float[n];
		for (int i = 0; i < n; i++) {
			double g = r.nextDouble() < fgFraction ? fg : bg;
			double u1 = r.nextDouble(), u2 = r.nextDouble();
			v[i] = (float) (g + noise * Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2));
		}
		return v;
	}

	private static byte[] ij1Mask(ImageProcessor ip, String method) {
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

	private static byte[] ours(Img<UnsignedByteType> mask) {
		byte[] out = new byte[(int) mask.size()];
		int i = 0;
		for (UnsignedByteType t : mask)
			out[i++] = (byte) t.get();
		return out;
	}

	@Test
	void sixteenBitEqualsImageJ() {
		int w = 300, h = 200;
		for (long seed = 1; seed <= 5; seed++) {
			float[] v = bimodal(w * h, seed, 300 + 50 * seed, 1500 + 100 * seed, 120, 0.2 + 0.05 * seed);
			short[] px = new short[v.length];
			for (int i = 0; i < v.length; i++)
				px[i] = (short) Math.max(0, Math.min(65535, Math.round(v[i])));
			ShortProcessor ip = new ShortProcessor(w, h, px, null);
			for (boolean dark : new boolean[] { false, true }) {
				Img<UnsignedByteType> mask = GlobalThreshold.mask(ArrayImgs.unsignedShorts(px, w, h), GlobalMethod.OTSU, IMAGEJ.withDarkObjects(dark));
				assertArrayEquals(ij1Mask(ip, dark ? "Otsu" : "Otsu dark"), ours(mask), "seed " + seed + " dark " + dark);
			}
		}
	}

	@Test
	void eightBitEqualsImageJ() {
		int w = 256, h = 128;
		for (long seed = 1; seed <= 5; seed++) {
			float[] v = bimodal(w * h, seed, 40, 150 + seed * 10, 20, 0.3);
			byte[] px = new byte[v.length];
			for (int i = 0; i < v.length; i++)
				px[i] = (byte) Math.max(0, Math.min(255, Math.round(v[i])));
			ByteProcessor ip = new ByteProcessor(w, h, px);
			Img<UnsignedByteType> mask = GlobalThreshold.mask(ArrayImgs.unsignedBytes(px, w, h), GlobalMethod.OTSU, IMAGEJ.withDarkObjects(false));
			assertArrayEquals(ij1Mask(ip, "Otsu dark"), ours(mask));
			// 8-bit: foreground is value > t where t is AutoThresholder's bin
			int t = new ij.process.AutoThresholder().getThreshold(ij.process.AutoThresholder.Method.Otsu, ip.getHistogram());
			assertEquals(t + 1, GlobalThreshold.compute(ArrayImgs.unsignedBytes(px, w, h), GlobalMethod.OTSU, IMAGEJ.withDarkObjects(false)).range().lower());
		}
	}

	@Test
	void floatEqualsImageJ() {
		int w = 200, h = 150;
		float[] v = bimodal(w * h, 7, 0.1, 0.8, 0.07, 0.25);
		FloatProcessor ip = new FloatProcessor(w, h, v.clone());
		for (boolean dark : new boolean[] { false, true }) {
			Img<UnsignedByteType> mask = GlobalThreshold.mask(ArrayImgs.floats(v, w, h), GlobalMethod.OTSU, IMAGEJ.withDarkObjects(dark));
			assertArrayEquals(ij1Mask(ip, dark ? "Otsu" : "Otsu dark"), ours(mask), "dark " + dark);
		}
	}

	@Test
	void inputIsNotModifiedAndConstantImagesAreHandled() {
		short[] px = new short[100];
		java.util.Arrays.fill(px, (short) 500);
		short[] copy = px.clone();
		Img<UnsignedByteType> mask = GlobalThreshold.mask(ArrayImgs.unsignedShorts(px, 10, 10), GlobalMethod.OTSU, IMAGEJ.withDarkObjects(false));
		assertArrayEquals(copy, px);
		assertArrayEquals(ij1Mask(new ShortProcessor(10, 10, px, null), "Otsu dark"), ours(mask));
		assertThrows(IllegalArgumentException.class, () -> GlobalThreshold.compute(ArrayImgs.floats(new float[] { Float.NaN, Float.NaN }, 2, 1), GlobalMethod.OTSU, IMAGEJ.withDarkObjects(false)).range());
	}

	@Test
	void manualThresholdIsInclusive() {
		Img<UnsignedByteType> mask = ManualThreshold.mask(ArrayImgs.unsignedShorts(new short[] { 1, 2, 3, 4, 5 }, 5, 1), 2, 4);
		assertArrayEquals(new byte[] { 0, (byte) 255, (byte) 255, (byte) 255, 0 }, ours(mask));
		assertThrows(IllegalArgumentException.class, () -> new ThresholdRange(5, 2));
		// Stack: one histogram for all planes; the planes' mask equals that of the concatenated plane
		short[] two = new short[200];
		float[] v = bimodal(200, 3, 100, 900, 60, 0.3);
		for (int i = 0; i < 200; i++)
			two[i] = (short) Math.round(v[i]);
		byte[] flat = ours(GlobalThreshold.mask(ArrayImgs.unsignedShorts(two, 200), GlobalMethod.OTSU, IMAGEJ.withDarkObjects(false)));
		byte[] stack = ours(GlobalThreshold.mask(ArrayImgs.unsignedShorts(two, 10, 10, 2), GlobalMethod.OTSU, IMAGEJ.withDarkObjects(false)));
		assertArrayEquals(flat, stack);
		assertEquals(ImagePlus.GRAY16, new ImagePlus("", new ShortProcessor(2, 2)).getType());
	}
}
