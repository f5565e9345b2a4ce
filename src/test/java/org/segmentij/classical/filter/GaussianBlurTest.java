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
