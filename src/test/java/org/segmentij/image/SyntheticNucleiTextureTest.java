package org.segmentij.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import net.imglib2.Cursor;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.UnsignedShortType;

/** The rim drop and the texture noise of generated nuclei, on noiseless, unblurred, evenly lit images. */
class SyntheticNucleiTextureTest {

	private static SyntheticNuclei.Params plain() {
		return SyntheticNuclei.Params.defaults2D(200, 200, 10, 17).noiseless().withBlurSigma(0).withIlluminationMin(1).withOffset(0)
				.withBrightness(10000, 10000).withBackground(100);
	}

	@Test
	void textureNoiseMultipliesTheNucleiOnly() {
		SyntheticNuclei.Sample a = SyntheticNuclei.generate(plain().withRimDrop(0));
		SyntheticNuclei.Sample b = SyntheticNuclei.generate(plain().withRimDrop(0).withTextureNoise(0.12));
		Cursor<UnsignedShortType> ca = a.image().cursor(), cb = b.image().cursor();
		Cursor<IntType> la = a.labels().cursor(), lb = b.labels().cursor();
		double sum = 0, sum2 = 0;
		long n = 0;
		while (ca.hasNext()) {
			int va = ca.next().get(), vb = cb.next().get(), l = la.next().get();
			assertEquals(l, lb.next().get(), "same labels");
			if (l == 0) {
				assertEquals(va, vb, "background untouched");
				continue;
			}
			double r = (vb - 100.0) / (va - 100.0); // the texture field where the plain image has the plane-wave texture only
			sum += r;
			sum2 += r * r;
			n++;
		}
		double mean = sum / n, sd = Math.sqrt(sum2 / n - mean * mean);
		assertEquals(1, mean, 0.03);
		assertEquals(0.12, sd, 0.03);
	}

	@Test
	void rimDropZeroGivesFlatNuclei() {
		SyntheticNuclei.Params p = plain().withRimDrop(0);
		// without the plane waves' texture a flat nucleus would be exactly background + brightness; with them the mean stays there
		SyntheticNuclei.Sample s = SyntheticNuclei.generate(p);
		double sum = 0;
		long n = 0;
		Cursor<UnsignedShortType> c = s.image().cursor();
		Cursor<IntType> l = s.labels().cursor();
		while (c.hasNext()) {
			int v = c.next().get();
			if (l.next().get() > 0) {
				sum += v;
				n++;
			}
		}
		assertEquals(10100, sum / n, 150);
		SyntheticNuclei.Sample d = SyntheticNuclei.generate(p.withRimDrop(0.3));
		double dsum = 0;
		c = d.image().cursor();
		l = d.labels().cursor();
		while (c.hasNext()) {
			int v = c.next().get();
			if (l.next().get() > 0)
				dsum += v;
		}
		// 1 - 0.3 rho^4 averaged over an ellipse (rho^2 uniform on [0, 1]): 1 - 0.3 / 3 = 0.9
		assertEquals(100 + 0.9 * 10000, dsum / n, 150);
		assertThrows(IllegalArgumentException.class, () -> p.withTextureNoise(-0.1));
		assertThrows(IllegalArgumentException.class, () -> p.withRimDrop(1.5));
	}
}
