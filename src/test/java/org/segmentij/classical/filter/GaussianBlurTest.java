package org.segmentij.classical.filter;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

import net.imglib2.RandomAccess;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

class GaussianBlurTest {

	@Test
	void impulseResponseIsNormalisedGaussian() {
		Img<FloatType> img = ArrayImgs.floats(41, 41);
		RandomAccess<FloatType> ra = img.randomAccess();
		ra.setPositionAndGet(20, 20).set(1);
		Img<FloatType> out = ArrayImgs.floats(41, 41);
		GaussianBlur.blur(img, out, 2.0);
		double sum = 0;
		for (FloatType t : out)
			sum += t.get();
		assertEquals(1, sum, 1e-5);
		double norm = 0;
		for (int i = -8; i <= 8; i++)
			norm += Math.exp(-i * i / 8.0);
		RandomAccess<FloatType> o = out.randomAccess();
		for (int dy = -8; dy <= 8; dy += 3)
			for (int dx = -8; dx <= 8; dx += 2) {
				double expect = Math.exp(-(dx * dx + dy * dy) / 8.0) / (norm * norm);
				assertEquals(expect, o.setPositionAndGet(20 + dx, 20 + dy).get(), 1e-6);
			}
		assertEquals(0, o.setPositionAndGet(20 + 9, 20).get());
	}

	@Test
	void constantStaysConstantEvenOnTinyImages() {
		for (long[] dims : new long[][] { { 3, 2 }, { 1, 5 }, { 7, 4, 2 } }) {
			Img<FloatType> img = ArrayImgs.floats(dims);
			for (FloatType t : img)
				t.set(7);
			GaussianBlur.blur(img, img, 5.0);
			for (FloatType t : img)
				assertEquals(7, t.get(), 1e-4);
		}
	}

	@Test
	void inPlaceEqualsOutOfPlaceAndRespectsOffsets() {
		Img<FloatType> img = ArrayImgs.floats(30, 20, 5);
		java.util.Random r = new java.util.Random(1);
		for (FloatType t : img)
			t.set(r.nextFloat());
		Img<FloatType> out = ArrayImgs.floats(30, 20, 5);
		GaussianBlur.blur(img, out, 1.5, 1.0, 0.7);
		Img<FloatType> copy = img.copy();
		GaussianBlur.blur(Views.translate(copy, 5, -3, 2), Views.translate(copy, 5, -3, 2), 1.5, 1.0, 0.7);
		var a = out.cursor();
		var b = copy.cursor();
		while (a.hasNext())
			assertEquals(a.next().get(), b.next().get(), 0);
	}

	/** Brute force: the separable sum in double, mirrored borders, kernel as documented. */
	private static double[] reference(double[] v, int[] d, double[] sigma) {
		double[] a = v.clone();
		int stride = 1;
		for (int axis = 0; axis < d.length; axis++) {
			int len = d[axis];
			if (sigma[axis] > 0 && len > 1) {
				int r = Math.max(1, (int) Math.ceil(4 * sigma[axis]));
				double[] k = new double[r + 1];
				double sum = 0;
				for (int i = 0; i <= r; i++) {
					k[i] = Math.exp(-0.5 * i * i / (sigma[axis] * sigma[axis]));
					sum += i == 0 ? k[i] : 2 * k[i];
				}
				double[] b = new double[a.length];
				for (int idx = 0; idx < a.length; idx++) {
					int pos = idx / stride % len, base = idx - pos * stride;
					double acc = 0;
					for (int i = -r; i <= r; i++) {
						int q = Math.floorMod(pos + i, 2 * (len - 1));
						q = q < len ? q : 2 * (len - 1) - q;
						acc += k[Math.abs(i)] / sum * a[base + q * stride];
					}
					b[idx] = acc;
				}
				a = b;
			}
			stride *= len;
		}
		return a;
	}

	@Test
	void integerAndFloatImagesReadInPlaceMatchTheDirectSum() {
		// 8-bit, 16-bit and float ArrayImg and PlanarImg (read in place, no float copy), 2D and 3D,
		// against the brute-force separable sum; and bit for bit the same as the float-copy path
		java.util.Random r = new java.util.Random(5);
		int[][] sizes = { { 37, 23 }, { 600, 7 }, { 19, 140 }, { 31, 17, 6 } };
		double[][] sigmas = { { 2, 2 }, { 1.3, 0 }, { 0, 3 }, { 1, 2, 0.8 } };
		for (int c = 0; c < sizes.length; c++) {
			int[] d = sizes[c];
			long[] ld = java.util.Arrays.stream(d).asLongStream().toArray();
			int n = 1;
			for (int x : d)
				n *= x;
			double[] v = new double[n];
			for (int i = 0; i < n; i++)
				v[i] = r.nextInt(256);
			java.util.List<net.imglib2.img.Img<? extends net.imglib2.type.numeric.RealType<?>>> imgs = java.util.List.of(
					ArrayImgs.unsignedBytes(ld), ArrayImgs.unsignedShorts(ld), ArrayImgs.floats(ld),
					net.imglib2.img.planar.PlanarImgs.unsignedShorts(ld), net.imglib2.img.planar.PlanarImgs.unsignedBytes(ld));
			double[] ref = reference(v, d, sigmas[c]);
			float[] flat = new float[n];
			for (int i = 0; i < n; i++)
				flat[i] = (float) v[i];
			float[] viaCopy = GaussianBlur.blurred(flat, d, sigmas[c]);
			for (var img : imgs) {
				var cur = Views.flatIterable(img).cursor();
				for (int i = 0; i < n; i++)
					cur.next().setReal(v[i]);
				@SuppressWarnings({ "unchecked", "rawtypes" })
				Img<FloatType> out = GaussianBlur.blurred((net.imglib2.RandomAccessibleInterval) img, sigmas[c]);
				var o = Views.flatIterable(out).cursor();
				for (int i = 0; i < n; i++) {
					float got = o.next().get();
					assertEquals(ref[i], got, 1e-4 * 256, "case " + c + " " + img.getClass().getSimpleName() + " at " + i);
					assertEquals(viaCopy[i], got, 0, "case " + c + " in place vs copy at " + i);
				}
			}
		}
	}

	@Test
	void zeroSigmaLeavesAxisAlone() {
		Img<FloatType> img = ArrayImgs.floats(9, 9, 3);
		img.randomAccess().setPositionAndGet(4, 4, 1).set(1);
		GaussianBlur.blur(img, img, 1, 1, 0);
		RandomAccess<FloatType> ra = img.randomAccess();
		assertEquals(0, ra.setPositionAndGet(4, 4, 0).get());
		assertEquals(0, ra.setPositionAndGet(4, 4, 2).get());
		assertTrue(ra.setPositionAndGet(4, 4, 1).get() > 0.1);
	}

	@Test
	void badArguments() {
		Img<FloatType> a = ArrayImgs.floats(5, 5);
		assertThrows(IllegalArgumentException.class, () -> GaussianBlur.blur(a, ArrayImgs.floats(5, 6), 1));
		assertThrows(IllegalArgumentException.class, () -> GaussianBlur.blur(a, a, -1));
		assertThrows(IllegalArgumentException.class, () -> GaussianBlur.blur(a, a, Double.NaN));
		assertThrows(IllegalArgumentException.class, () -> GaussianBlur.blur(a, a, 1, 2, 3));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> GaussianBlur.blur(a, ArrayImgs.floats(5, 6), 1));
		assertTrue(e.getMessage().contains("5x5") && e.getMessage().contains("5x6"), e.getMessage());
	}
}
