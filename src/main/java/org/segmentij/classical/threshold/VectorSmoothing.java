package org.segmentij.classical.threshold;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The loops of Intermodes and Minimum (ImageJ's 3-point smoothing until the histogram has two
 * maxima) with Java's Vector API: the same operations in the same order per bin as
 * {@link HistogramMethods}' plain loops, so the same doubles. Loaded only when
 * {@link org.segmentij.image.Simd} says the module is in use.
 */
final class VectorSmoothing {

	private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
	private static final double ONE_THIRD = 1.0 / 3;
	private static final DoubleVector THREE = DoubleVector.broadcast(D, 3.0), THIRDS = DoubleVector.broadcast(D, ONE_THIRD);

	private VectorSmoothing() {
	}

	/** True when y has exactly two strict local maxima among its inner bins (stops counting at three). */
	static boolean bimodal(double[] y) {
		int n = y.length, modes = 0, k = 1, lanes = D.length();
		for (; k + lanes <= n - 1; k += lanes) {
			DoubleVector a = DoubleVector.fromArray(D, y, k - 1), b = DoubleVector.fromArray(D, y, k),
					c = DoubleVector.fromArray(D, y, k + 1);
			modes += a.lt(b).and(c.lt(b)).trueCount();
			if (modes > 2)
				return false;
		}
		for (; k < n - 1; k++)
			if (y[k - 1] < y[k] && y[k + 1] < y[k] && ++modes > 2)
				return false;
		return modes == 2;
	}

	/**
	 * t[i] = (h[i-1] + h[i] + h[i+1]) / 3 correctly rounded (h[-1] = h[n] = 0), summed left to
	 * right as ImageJ does, divided as {@link HistogramMethods#third}.
	 */
	static void smooth3(double[] h, double[] t) {
		int n = h.length, lanes = D.length();
		if (n == 1) {
			t[0] = HistogramMethods.third(0 + h[0]);
			return;
		}
		t[0] = HistogramMethods.third((0 + h[0]) + h[1]);
		int i = 1;
		for (; i + lanes <= n - 1; i += lanes) {
			DoubleVector s = DoubleVector.fromArray(D, h, i - 1).add(DoubleVector.fromArray(D, h, i))
					.add(DoubleVector.fromArray(D, h, i + 1));
			DoubleVector q = s.mul(ONE_THIRD);
			q.neg().fma(THREE, s).fma(THIRDS, q).intoArray(t, i);
		}
		for (; i < n - 1; i++)
			t[i] = HistogramMethods.third((h[i - 1] + h[i]) + h[i + 1]);
		t[n - 1] = HistogramMethods.third((h[n - 2] + h[n - 1]) + 0);
	}
}
