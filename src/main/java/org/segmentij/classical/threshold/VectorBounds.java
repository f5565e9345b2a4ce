package org.segmentij.classical.threshold;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link PrunedCriteria#dot3} with Java's Vector API (several bins per instruction, one partial
 * sum per lane). Loaded only when {@link org.segmentij.image.Simd} says the module is in use.
 */
final class VectorBounds {

	private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

	private VectorBounds() {
	}

	static void dot3(double[] x, int xo, double[] f, double[] df, double[] g, int j0, int j1, double[] out) {
		int lanes = D.length(), j = j0, end = j0 + D.loopBound(j1 - j0 + 1);
		DoubleVector sf = DoubleVector.zero(D), sd = sf, sg = sf;
		if (df == null) {
			for (; j < end; j += lanes)
				sf = DoubleVector.fromArray(D, x, xo + j).fma(DoubleVector.fromArray(D, f, j), sf);
		}
		else {
			for (; j < end; j += lanes) {
				DoubleVector xv = DoubleVector.fromArray(D, x, xo + j);
				sf = xv.fma(DoubleVector.fromArray(D, f, j), sf);
				sd = xv.fma(DoubleVector.fromArray(D, df, j), sd);
				sg = xv.fma(DoubleVector.fromArray(D, g, j), sg);
			}
		}
		double a = sf.reduceLanes(VectorOperators.ADD), b = 0, c = 0;
		if (df != null) {
			b = sd.reduceLanes(VectorOperators.ADD);
			c = sg.reduceLanes(VectorOperators.ADD);
		}
		for (; j <= j1; j++) {
			double v = x[xo + j];
			a += v * f[j];
			if (df != null) {
				b += v * df[j];
				c += v * g[j];
			}
		}
		out[0] = a;
		out[1] = b;
		out[2] = c;
	}

	/** Terms of the series (a multiple of every lane count up to 16). */
	private static final int TERMS = PrunedCriteria.SERIES_TERMS;

	/** scratch[j] = x^(j + 1), j = 0..lanes-1, in a tree of multiplications (depth log2 lanes). */
	private static void firstPowers(double x, double[] scratch, int lanes) {
		scratch[0] = x;
		for (int j = 1; j < lanes; j++)
			scratch[j] = scratch[(j - 1) / 2] * scratch[j / 2];
	}

	/** acc[n] += w x^n, n = 1..TERMS. */
	static void addPowers(double[] acc, double x, double w, double[] scratch) {
		int lanes = D.length();
		firstPowers(x, scratch, lanes);
		DoubleVector p = DoubleVector.fromArray(D, scratch, 0);
		double step = scratch[lanes - 1];
		for (int b = 1; b <= TERMS; b += lanes) {
			p.mul(w).add(DoubleVector.fromArray(D, acc, b)).intoArray(acc, b);
			p = p.mul(step);
		}
	}

	/** acc[n] *= r^n, n = 1..TERMS. */
	static void scalePowers(double[] acc, double r, double[] scratch) {
		int lanes = D.length();
		firstPowers(r, scratch, lanes);
		DoubleVector p = DoubleVector.fromArray(D, scratch, 0);
		double step = scratch[lanes - 1];
		for (int b = 1; b <= TERMS; b += lanes) {
			DoubleVector.fromArray(D, acc, b).mul(p).intoArray(acc, b);
			p = p.mul(step);
		}
	}

	/** The sum of coef[n] acc[n], n = 1..terms. */
	static double weightedSum(double[] coef, double[] acc, int terms) {
		int lanes = D.length();
		DoubleVector s = DoubleVector.zero(D);
		for (int b = 1; b <= terms; b += lanes)
			s = DoubleVector.fromArray(D, coef, b).fma(DoubleVector.fromArray(D, acc, b), s);
		return s.reduceLanes(VectorOperators.ADD);
	}
}
