package org.segmentij.image;

import java.awt.image.IndexColorModel;

import ij.process.LUT;

/**
 * A 256-colour lookup table for label images in the manner of Glasbey et al. (2007): entry 0
 * (background) is black, and each further entry is the colour that is farthest, in CIELAB
 * (CIE76 distance), from all entries before it, so that neighbouring labels are easy to tell
 * apart.
 * <p>
 * Candidates are the colours of a regular RGB grid of {@value #LEVELS} levels per channel whose
 * lightness L* lies in [{@value #MIN_L}, {@value #MAX_L}]: too dark or too light colours are left
 * out so that every label stays visible against a black background and white annotations. Ties
 * go to the first candidate in grid order (red slowest, blue fastest), so the table is the same
 * on every run. It is computed once, on first use (a few milliseconds).
 */
public final class GlasbeyLut {

	/** Levels per RGB channel of the candidate grid. */
	static final int LEVELS = 32;
	/** Smallest lightness L* of a candidate colour. */
	static final double MIN_L = 20;
	/** Largest lightness L* of a candidate colour. */
	static final double MAX_L = 90;

	private static volatile int[] table;

	private GlasbeyLut() {
	}

	/** The 256 colours as packed RGB ints {@code 0xRRGGBB} (no alpha); a fresh copy. */
	public static int[] rgb() {
		return table().clone();
	}

	/** The table as an 8-bit {@link IndexColorModel} with 256 entries. */
	public static IndexColorModel colorModel() {
		return lut();
	}

	/** The table as an ImageJ {@link LUT} with 256 entries; a new instance on every call. */
	public static LUT lut() {
		int[] t = table();
		byte[] r = new byte[256], g = new byte[256], b = new byte[256];
		for (int i = 0; i < 256; i++) {
			r[i] = (byte) (t[i] >> 16);
			g[i] = (byte) (t[i] >> 8);
			b[i] = (byte) t[i];
		}
		return new LUT(r, g, b);
	}

	private static int[] table() {
		int[] t = table;
		if (t == null) {
			synchronized (GlasbeyLut.class) {
				t = table;
				if (t == null)
					table = t = compute();
			}
		}
		return t;
	}

	static int[] compute() {
		int n = LEVELS * LEVELS * LEVELS;
		int[] rgb = new int[n];
		double[] cl = new double[n], ca = new double[n], cb = new double[n];
		double[] lab = new double[3];
		int m = 0;
		for (int ri = 0; ri < LEVELS; ri++)
			for (int gi = 0; gi < LEVELS; gi++)
				for (int bi = 0; bi < LEVELS; bi++) {
					int r = level(ri), g = level(gi), b = level(bi);
					lab(r, g, b, lab);
					if (lab[0] < MIN_L || lab[0] > MAX_L)
						continue;
					rgb[m] = (r << 16) | (g << 8) | b;
					cl[m] = lab[0];
					ca[m] = lab[1];
					cb[m] = lab[2];
					m++;
				}
		// minimum squared distance of each candidate to the colours chosen so far
		double[] minDist = new double[m];
		int[] out = new int[256];
		out[0] = 0; // black background
		lab(0, 0, 0, lab);
		double pl = lab[0], pa = lab[1], pb = lab[2];
		for (int i = 0; i < m; i++)
			minDist[i] = sq(cl[i] - pl, ca[i] - pa, cb[i] - pb);
		for (int k = 1; k < 256; k++) {
			int best = 0;
			double bestD = -1;
			for (int i = 0; i < m; i++)
				if (minDist[i] > bestD) {
					bestD = minDist[i];
					best = i;
				}
			out[k] = rgb[best];
			pl = cl[best];
			pa = ca[best];
			pb = cb[best];
			for (int i = 0; i < m; i++) {
				double d = sq(cl[i] - pl, ca[i] - pa, cb[i] - pb);
				if (d < minDist[i])
					minDist[i] = d;
			}
		}
		return out;
	}

	private static int level(int i) {
		return (int) Math.round(i * 255.0 / (LEVELS - 1));
	}

	private static double sq(double a, double b, double c) {
		return a * a + b * b + c * c;
	}

	/** CIELAB of an sRGB colour (D65 white). */
	static void lab(int r, int g, int b, double[] out) {
		double rl = linear(r), gl = linear(g), bl = linear(b);
		double x = (0.4124564 * rl + 0.3575761 * gl + 0.1804375 * bl) / 0.95047;
		double y = 0.2126729 * rl + 0.7151522 * gl + 0.0721750 * bl;
		double z = (0.0193339 * rl + 0.1191920 * gl + 0.9503041 * bl) / 1.08883;
		double fx = f(x), fy = f(y), fz = f(z);
		out[0] = 116 * fy - 16;
		out[1] = 500 * (fx - fy);
		out[2] = 200 * (fy - fz);
	}

	/** CIE76 distance between two sRGB colours packed as {@code 0xRRGGBB}. */
	static double distance(int rgb1, int rgb2) {
		double[] a = new double[3], b = new double[3];
		lab((rgb1 >> 16) & 255, (rgb1 >> 8) & 255, rgb1 & 255, a);
		lab((rgb2 >> 16) & 255, (rgb2 >> 8) & 255, rgb2 & 255, b);
		return Math.sqrt(sq(a[0] - b[0], a[1] - b[1], a[2] - b[2]));
	}

	private static double linear(int c) {
		double v = c / 255.0;
		return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
	}

	private static double f(double t) {
		return t > 216.0 / 24389 ? Math.cbrt(t) : (24389.0 / 27 * t + 16) / 116;
	}
}
