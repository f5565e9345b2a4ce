package org.segmentij.classical.cluster;

/**
 * sRGB (8 bits per channel, D65) to and from CIE L*a*b*, with the standard formulas: sRGB
 * gamma removed, linear RGB to XYZ with the sRGB matrix, XYZ normalised by the D65 white
 * (0.95047, 1, 1.08883), then the CIE 1976 L*a*b* function (threshold (6/29)^3).
 */
final class Lab {

	private static final double XN = 0.95047, YN = 1.0, ZN = 1.08883;
	private static final double DELTA = 6.0 / 29.0;
	private static final double[] LINEAR = new double[256];
	static {
		for (int i = 0; i < 256; i++) {
			double c = i / 255.0;
			LINEAR[i] = c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
		}
	}

	private Lab() {
	}

	static void fromRgb(int r, int g, int b, double[] lab) {
		double rl = LINEAR[r], gl = LINEAR[g], bl = LINEAR[b];
		double x = 0.4124564 * rl + 0.3575761 * gl + 0.1804375 * bl;
		double y = 0.2126729 * rl + 0.7151522 * gl + 0.0721750 * bl;
		double z = 0.0193339 * rl + 0.1191920 * gl + 0.9503041 * bl;
		double fx = f(x / XN), fy = f(y / YN), fz = f(z / ZN);
		lab[0] = 116 * fy - 16;
		lab[1] = 500 * (fx - fy);
		lab[2] = 200 * (fy - fz);
	}

	static int[] toRgb(double l, double a, double bb) {
		double fy = (l + 16) / 116, fx = fy + a / 500, fz = fy - bb / 200;
		double x = XN * finv(fx), y = YN * finv(fy), z = ZN * finv(fz);
		double rl = 3.2404542 * x - 1.5371385 * y - 0.4985314 * z;
		double gl = -0.9692660 * x + 1.8760108 * y + 0.0415560 * z;
		double bl = 0.0556434 * x - 0.2040259 * y + 1.0572252 * z;
		return new int[] { gamma(rl), gamma(gl), gamma(bl) };
	}

	private static double f(double t) {
		return t > DELTA * DELTA * DELTA ? Math.cbrt(t) : t / (3 * DELTA * DELTA) + 4.0 / 29.0;
	}

	private static double finv(double t) {
		return t > DELTA ? t * t * t : 3 * DELTA * DELTA * (t - 4.0 / 29.0);
	}

	private static int gamma(double c) {
		c = Math.max(0, Math.min(1, c));
		double s = c <= 0.0031308 ? 12.92 * c : 1.055 * Math.pow(c, 1 / 2.4) - 0.055;
		return MeanShift.clamp8(255 * s);
	}
}
