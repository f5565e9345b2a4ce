package org.segmentij.classical.graph;

import java.util.stream.IntStream;

/**
 * sRGB (D65) to CIE L*a*b* conversion, with the constants of scikit-image's {@code rgb2lab}:
 * the sRGB transfer function (linear below 0.04045), the sRGB-to-XYZ matrix
 * [[0.412453, 0.357580, 0.180423], [0.212671, 0.715160, 0.072169], [0.019334, 0.119193, 0.950227]],
 * the D65 2&deg; white point (0.95047, 1, 1.08883) and f(t) = t<sup>1/3</sup> above 0.008856,
 * 7.787 t + 16/116 below. L* lies in 0..100.
 */
public final class CieLab {

	private static final double XN = 0.95047, YN = 1.0, ZN = 1.08883;
	/** Linear value of each 8-bit sRGB code. */
	private static final double[] LINEAR = new double[256];
	static {
		for (int i = 0; i < 256; i++)
			LINEAR[i] = linear(i / 255.0);
	}

	private CieLab() {
	}

	/** The sRGB transfer function inverted: a gamma-encoded value 0..1 to linear light 0..1. */
	public static double linear(double c) {
		return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
	}

	private static double f(double t) {
		return t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16.0 / 116.0;
	}

	/** L*, a*, b* of a colour given as linear-light R, G, B (0..1). */
	static void fromLinear(double r, double g, double b, double[] lab) {
		double x = (0.412453 * r + 0.357580 * g + 0.180423 * b) / XN;
		double y = (0.212671 * r + 0.715160 * g + 0.072169 * b) / YN;
		double z = (0.019334 * r + 0.119193 * g + 0.950227 * b) / ZN;
		double fx = f(x), fy = f(y), fz = f(z);
		lab[0] = 116 * fy - 16;
		lab[1] = 500 * (fx - fy);
		lab[2] = 200 * (fy - fz);
	}

	/**
	 * L*, a*, b* of an sRGB colour with components on a 0..255 scale (need not be integers).
	 *
	 * @return {L*, a*, b*}
	 */
	public static double[] fromRgb(double r, double g, double b) {
		double[] lab = new double[3];
		fromLinear(lin(r), lin(g), lin(b), lab);
		return lab;
	}

	private static double lin(double v) {
		int i = (int) v;
		return i == v && i >= 0 && i < 256 ? LINEAR[i] : linear(v / 255.0);
	}

	/**
	 * Converts flat R, G, B channels (0..255) to new L*, a*, b* channels, in parallel.
	 *
	 * @return {L, a, b}, each of the input's length
	 */
	public static float[][] convert(float[] r, float[] g, float[] b) {
		int n = r.length;
		float[] l = new float[n], a = new float[n], bb = new float[n];
		int chunk = 8192;
		IntStream.range(0, (n + chunk - 1) / chunk).parallel().forEach(t -> {
			double[] lab = new double[3];
			int end = Math.min(n, (t + 1) * chunk);
			for (int i = t * chunk; i < end; i++) {
				float ri = r[i], gi = g[i], bi = b[i];
				if (i > t * chunk && ri == r[i - 1] && gi == g[i - 1] && bi == b[i - 1]) { // runs of one colour
					l[i] = l[i - 1];
					a[i] = a[i - 1];
					bb[i] = bb[i - 1];
					continue;
				}
				fromLinear(lin(ri), lin(gi), lin(bi), lab);
				l[i] = (float) lab[0];
				a[i] = (float) lab[1];
				bb[i] = (float) lab[2];
			}
		});
		return new float[][] { l, a, bb };
	}
}
