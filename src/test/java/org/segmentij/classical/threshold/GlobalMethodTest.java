package org.segmentij.classical.threshold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import ij.process.AutoThresholder;

/** Oracle: ImageJ 1's own AutoThresholder (getThreshold, and its static Huang2). */
class GlobalMethodTest {

	/** Random multimodal and pathological 256-bin histograms (counts small enough for ImageJ's int sums). */
	static List<int[]> histograms256() {
		List<int[]> out = new ArrayList<>();
		SplittableRandom r = new SplittableRandom(42);
		for (int k = 0; k < 170; k++) { // mixtures of 1..4 Gaussians, some with gaps and spikes
			int[] h = new int[256];
			int modes = 1 + r.nextInt(4);
			for (int m = 0; m < modes; m++) {
				double mu = r.nextDouble() * 255, sd = 2 + r.nextDouble() * 30, amp = 50 + r.nextInt(3000);
				for (int i = 0; i < 256; i++)
					h[i] += (int) Math.round(amp * Math.exp(-0.5 * (i - mu) * (i - mu) / (sd * sd)) + (r.nextDouble() < 0.3 ? r.nextInt(5) : 0));
			}
			if (k % 4 == 1) // empty bins, as an 8-bit image stretched from fewer levels has
				for (int i = 0; i < 256; i++)
					if (i % (2 + k % 5) != 0)
						h[i] = 0;
			if (k % 7 == 3) { // spikes at the ends (saturation, black background)
				h[0] += 20000;
				h[255] += 5000;
			}
			if (k % 9 == 5) // narrow support
				for (int i = 0; i < 256; i++)
					if (i < 100 || i > 120)
						h[i] = 0;
			out.add(h);
		}
		for (int v : new int[] { 0, 1, 17, 128, 254, 255 }) { // constant images
			int[] h = new int[256];
			h[v] = 1000;
			out.add(h);
		}
		for (int[] ab : new int[][] { { 0, 255 }, { 0, 1 }, { 10, 200 }, { 254, 255 }, { 100, 101 } }) { // two values
			int[] h = new int[256];
			h[ab[0]] = 300;
			h[ab[1]] = 700;
			out.add(h);
		}
		for (int[] abc : new int[][] { { 50, 100, 150 }, { 0, 128, 255 }, { 1, 2, 3 }, { 10, 11, 250 } }) { // three values
			for (int[] counts : new int[][] { { 10, 20, 10 }, { 100, 1, 100 }, { 5, 5, 5 } }) {
				int[] h = new int[256];
				for (int i = 0; i < 3; i++)
					h[abc[i]] = counts[i];
				out.add(h);
			}
		}
		out.add(new int[256]); // empty
		int[] flat = new int[256];
		java.util.Arrays.fill(flat, 37);
		out.add(flat);
		int[] ramp = new int[256];
		for (int i = 0; i < 256; i++)
			ramp[i] = i;
		out.add(ramp);
		for (int k = 0; k < 10; k++) { // sparse random
			int[] h = new int[256];
			for (int j = 0; j < 4 + k; j++)
				h[r.nextInt(256)] += 1 + r.nextInt(1000);
			out.add(h);
		}
		return out;
	}

	static long[] toLong(int[] h) {
		long[] l = new long[h.length];
		for (int i = 0; i < h.length; i++)
			l[i] = h[i];
		return l;
	}

	private static AutoThresholder.Method ijMethod(GlobalMethod m) {
		return switch (m) {
		case DEFAULT -> AutoThresholder.Method.Default;
		case HUANG -> AutoThresholder.Method.Huang;
		case INTERMODES -> AutoThresholder.Method.Intermodes;
		case ISODATA -> AutoThresholder.Method.IsoData;
		case LI -> AutoThresholder.Method.Li;
		case MAX_ENTROPY -> AutoThresholder.Method.MaxEntropy;
		case MEAN -> AutoThresholder.Method.Mean;
		case MIN_ERROR -> AutoThresholder.Method.MinError;
		case MINIMUM -> AutoThresholder.Method.Minimum;
		case MOMENTS -> AutoThresholder.Method.Moments;
		case OTSU -> AutoThresholder.Method.Otsu;
		case PERCENTILE -> AutoThresholder.Method.Percentile;
		case RENYI_ENTROPY -> AutoThresholder.Method.RenyiEntropy;
		case SHANBHAG -> AutoThresholder.Method.Shanbhag;
		case TRIANGLE -> AutoThresholder.Method.Triangle;
		case YEN -> AutoThresholder.Method.Yen;
		case HUANG2 -> null;
		};
	}

	/** ImageJ's answer, clamped into -1..n-1 as documented; null when ImageJ throws. */
	static Integer imageJ(GlobalMethod m, int[] h) {
		AutoThresholder at = new AutoThresholder();
		try {
			int t;
			if (m == GlobalMethod.HUANG2) { // not in the Method enum: getThreshold's steps around the static Huang2
				t = at.bilevel(h);
				if (t < 0) {
					t = AutoThresholder.Huang2(h.clone());
					if (t == -1)
						t = 0;
				}
			}
			else
				t = at.getThreshold(ijMethod(m), h.clone());
			return Math.max(-1, Math.min(h.length - 1, t));
		}
		catch (RuntimeException e) {
			return null;
		}
	}

	@Test
	void everyMethodEqualsImageJOn256Bins() {
		List<int[]> hs = histograms256();
		assertTrue(hs.size() >= 200, "at least 200 histograms, got " + hs.size());
		int compared = 0;
		for (GlobalMethod m : GlobalMethod.values()) {
			for (int k = 0; k < hs.size(); k++) {
				int[] h = hs.get(k);
				long[] copy = toLong(h);
				int ours = m.threshold(copy);
				assertEquals(toLong(h)[0], copy[0]);
				Integer ij = imageJ(m, h);
				if (ij == null) { // ImageJ fails (the empty histogram for Mean, MinError): ours still answers
					assertTrue(ours >= -1 && ours <= 255);
					continue;
				}
				assertEquals(ij.intValue(), ours, m + " on histogram " + k);
				compared++;
			}
		}
		assertTrue(compared >= 200 * GlobalMethod.values().length - 40);
	}

	/**
	 * Intermodes and Minimum, whose smoothing loops have a SIMD and a plain form: both equal
	 * ImageJ on every histogram (the other tests run whichever form the JVM uses).
	 */
	@Test
	void intermodesAndMinimumEqualImageJWithAndWithoutSimd() {
		assertTrue(org.segmentij.image.Simd.enabled(), "the tests run with the Vector API module (pom.xml): " + org.segmentij.image.Simd.describe());
		List<int[]> hs = new java.util.ArrayList<>(histograms256());
		SplittableRandom r = new SplittableRandom(5);
		for (int k = 0; k < 20; k++) { // long, noisy histograms: hundreds of smoothing passes
			int n = 1000 + r.nextInt(2000);
			int[] h = new int[n];
			for (int i = 0; i < n; i++)
				h[i] = (int) Math.round(900 * Math.exp(-0.5 * Math.pow((i - n * 0.3) / (n * 0.05), 2))
						+ 300 * Math.exp(-0.5 * Math.pow((i - n * 0.7) / (n * 0.1), 2))) + r.nextInt(40);
			hs.add(h);
		}
		boolean saved = HistogramMethods.simd;
		try {
			for (boolean simd : new boolean[] { true, false }) {
				HistogramMethods.simd = simd;
				for (GlobalMethod m : new GlobalMethod[] { GlobalMethod.INTERMODES, GlobalMethod.MINIMUM })
					for (int k = 0; k < hs.size(); k++) {
						Integer ij = imageJ(m, hs.get(k));
						int ours = m.threshold(toLong(hs.get(k)));
						if (ij == null)
							assertTrue(ours >= -1 && ours < hs.get(k).length);
						else
							assertEquals(ij.intValue(), ours, m + (simd ? " SIMD" : " plain") + " on histogram " + k);
					}
			}
		}
		finally {
			HistogramMethods.simd = saved;
		}
	}

	@Test
	void everyMethodEqualsImageJOnLongerHistograms() {
		// ImageJ's getThreshold takes more than 256 bins too (it cuts them to the occupied span)
		SplittableRandom r = new SplittableRandom(7);
		for (int k = 0; k < 16; k++) {
			int n = 300 + r.nextInt(500);
			int[] h = new int[n];
			int modes = 1 + r.nextInt(3);
			for (int m = 0; m < modes; m++) {
				double mu = 50 + r.nextDouble() * (n - 100), sd = 5 + r.nextDouble() * n / 10, amp = 20 + r.nextInt(600);
				for (int i = 0; i < n; i++)
					h[i] += (int) Math.round(amp * Math.exp(-0.5 * (i - mu) * (i - mu) / (sd * sd)));
			}
			if (k % 3 == 0)
				for (int i = 0; i < n; i++)
					if (i % 3 != 0)
						h[i] = 0;
			for (GlobalMethod m : GlobalMethod.values()) {
				Integer ij = imageJ(m, h);
				if (ij != null)
					assertEquals(ij.intValue(), m.threshold(toLong(h)), m + " on " + n + " bins, case " + k);
			}
		}
	}

	@Test
	void cumulativeEntropyFormulasEqualTheDirectSums() {
		SplittableRandom r = new SplittableRandom(11);
		int saved = HistogramMethods.directLimit;
		try {
			for (int k = 0; k < 10; k++) {
				long[] h = new long[500 + r.nextInt(1500)];
				for (int m = 0; m < 3; m++) {
					double mu = r.nextDouble() * h.length, sd = 10 + r.nextDouble() * h.length / 8;
					for (int i = 0; i < h.length; i++)
						h[i] += Math.round(1000 * r.nextDouble() * Math.exp(-0.5 * (i - mu) * (i - mu) / (sd * sd)));
				}
				for (GlobalMethod m : new GlobalMethod[] { GlobalMethod.MAX_ENTROPY, GlobalMethod.RENYI_ENTROPY }) {
					HistogramMethods.directLimit = Integer.MAX_VALUE;
					int direct = m.threshold(h);
					HistogramMethods.directLimit = 0;
					assertEquals(direct, m.threshold(h), m + " case " + k);
				}
			}
		}
		finally {
			HistogramMethods.directLimit = saved;
		}
	}

	@Test
	void huangAndHuang2MinimiseTheirCriteria() {
		// brute force of Fiji's Huang2 criterion (Shannon fuzziness with class means rounded to bins)
		SplittableRandom r = new SplittableRandom(3);
		for (int k = 0; k < 30; k++) {
			long[] h = new long[64 + r.nextInt(200)];
			for (int m = 0; m < 2; m++) {
				double mu = r.nextDouble() * h.length, sd = 3 + r.nextDouble() * 15;
				for (int i = 0; i < h.length; i++)
					h[i] += Math.round(500 * Math.exp(-0.5 * (i - mu) * (i - mu) / (sd * sd)));
			}
			int first = 0, last = h.length - 1;
			while (h[first] == 0)
				first++;
			while (h[last] == 0)
				last--;
			if (last - first < 3)
				continue;
			double best = Double.MAX_VALUE;
			for (int t = first; t <= last; t++)
				best = Math.min(best, huangEntropy(h, t, first, last, true));
			int t2 = GlobalMethod.HUANG2.threshold(h);
			assertEquals(best, huangEntropy(h, t2, first, last, true), 1e-9 * best);
			// Huang (exact class means) minimises the criterion with exact means (up to ImageJ's
			// cut-off of memberships within 1e-6 of 0 or 1)
			double bestExact = Double.MAX_VALUE;
			for (int t = first; t <= last; t++)
				bestExact = Math.min(bestExact, huangEntropy(h, t, first, last, false));
			assertEquals(bestExact, huangEntropy(h, GlobalMethod.HUANG.threshold(h), first, last, false), 1e-4 * bestExact, "case " + k);
		}
	}

	private static double huangEntropy(long[] h, int t, int first, int last, boolean rounded) {
		double c = last - first, e = 0;
		for (int side = 0; side < 2; side++) {
			double w = 0, s = 0;
			for (int i = first; i <= last; i++)
				if ((i <= t) == (side == 0)) {
					w += h[i];
					s += (double) i * h[i];
				}
			if (w == 0)
				continue;
			double mu = rounded ? Math.round(s / w) : s / w;
			for (int i = first; i <= last; i++)
				if ((i <= t) == (side == 0) && h[i] > 0 && Math.abs(i - mu) > 0) {
					double x = 1 / (1 + Math.abs(i - mu) / c);
					e += h[i] * (-x * Math.log(x) - (1 - x) * Math.log(1 - x));
				}
		}
		return e;
	}

	private static final GlobalMethod[] PRUNED = { GlobalMethod.HUANG, GlobalMethod.HUANG2, GlobalMethod.SHANBHAG };

	@Test
	void prunedSearchEqualsImageJOn256Bins() {
		// the bounded search (PrunedCriteria) forced on every 256-bin histogram: ImageJ's answers
		// with the SIMD and the plain loops of the bounds
		long saved = HistogramMethods.pruneLimit;
		boolean savedSimd = HistogramMethods.simd;
		try {
			HistogramMethods.pruneLimit = 0;
			List<int[]> hs = histograms256();
			for (boolean simd : new boolean[] { true, false }) {
				HistogramMethods.simd = simd;
				for (GlobalMethod m : PRUNED)
					for (int k = 0; k < hs.size(); k++) {
						Integer ij = imageJ(m, hs.get(k));
						if (ij != null)
							assertEquals(ij.intValue(), m.threshold(toLong(hs.get(k))), m + " on histogram " + k + (simd ? " (SIMD)" : ""));
					}
			}
		}
		finally {
			HistogramMethods.pruneLimit = saved;
			HistogramMethods.simd = savedSimd;
		}
	}

	/**
	 * Long histograms shaped like 16-bit data at full resolution: a background peak, object
	 * modes, a sparse bright tail, gaps, spikes, and mirror-symmetric ones (equal criteria on both
	 * sides, where the first must win).
	 */
	static List<long[]> longHistograms(long seed, int count) {
		SplittableRandom r = new SplittableRandom(seed);
		List<long[]> out = new ArrayList<>();
		for (int k = 0; k < count; k++) {
			int n = 400 + r.nextInt(1400);
			long[] h = new long[n];
			double bg = r.nextDouble() * n / 4, sdb = 3 + r.nextDouble() * n / 30;
			for (int i = 0; i < n; i++)
				h[i] += Math.round(200000 * Math.exp(-0.5 * (i - bg) * (i - bg) / (sdb * sdb)));
			for (int m = 0; m < 1 + r.nextInt(3); m++) {
				double mu = n / 4 + r.nextDouble() * n * 0.7, sd = 5 + r.nextDouble() * n / 8, amp = 50 + r.nextInt(20000);
				for (int i = 0; i < n; i++)
					h[i] += Math.round(amp * Math.exp(-0.5 * (i - mu) * (i - mu) / (sd * sd)));
			}
			for (int i = 0; i < n; i++) // sparse tail: a few counts scattered everywhere
				if (r.nextDouble() < 0.3)
					h[i] += r.nextInt(3);
			if (k % 4 == 1)
				for (int i = 0; i < n; i++)
					if (i % (2 + k % 3) != 0)
						h[i] = 0;
			if (k % 5 == 2)
				h[r.nextInt(n)] += 500000;
			if (k % 6 == 3) // mirror symmetric
				for (int i = 0; i < n / 2; i++)
					h[n - 1 - i] = h[i];
			out.add(h);
		}
		long[] two = new long[900]; // two equal spikes and nothing else between them but one count
		two[100] = two[800] = 1000;
		two[450] = 1;
		out.add(two);
		return out;
	}

	@Test
	void prunedSearchEqualsTheDirectSearchOnLongHistograms() {
		long saved = HistogramMethods.pruneLimit;
		boolean savedSimd = HistogramMethods.simd;
		try {
			int k = 0;
			for (long[] h : longHistograms(5, 14)) {
				for (GlobalMethod m : PRUNED) {
					HistogramMethods.pruneLimit = Long.MAX_VALUE;
					int direct = m.threshold(h);
					HistogramMethods.pruneLimit = 0;
					for (boolean simd : new boolean[] { true, false }) {
						HistogramMethods.simd = simd;
						assertEquals(direct, m.threshold(h), m + " on long histogram " + k + " (" + h.length + " bins)" + (simd ? " (SIMD)" : ""));
					}
				}
				k++;
			}
		}
		finally {
			HistogramMethods.pruneLimit = saved;
			HistogramMethods.simd = savedSimd;
		}
	}

	@Test
	void divisionByThreeWithoutDividingIsCorrectlyRounded() {
		// the smoothing of Intermodes / Minimum must give ImageJ's values bit for bit
		SplittableRandom r = new SplittableRandom(13);
		for (int k = 0; k < 500_000; k++) {
			double s = r.nextDouble() * Math.scalb(1.0, r.nextInt(-1100, 1000));
			if (k % 3 == 0) // sums of three counts / 3^n as the smoothing forms them
				s = (r.nextInt(1 << 20) + r.nextInt(1 << 20) + (double) r.nextInt(1 << 20)) / Math.pow(3, r.nextInt(60));
			assertEquals(s / 3, HistogramMethods.third(s), "s = " + s);
		}
		for (double s : new double[] { 0, Double.MIN_VALUE, Double.MAX_VALUE, 3, 1, 0x1.0p-900, 0x1.0p-901, Double.POSITIVE_INFINITY,
				Double.NaN, Double.MIN_NORMAL, Math.nextDown(Double.MIN_NORMAL) })
			assertEquals(s / 3, HistogramMethods.third(s), "s = " + s);
		for (long bits = 0; bits < 200_000; bits++) { // the smallest subnormals
			double s = Double.longBitsToDouble(bits * 7919);
			assertEquals(s / 3, HistogramMethods.third(s), "s = " + s);
		}
	}

	@Test
	void labelsIdsAndBadInput() {
		String[] labels = { "Default", "Huang", "Huang2", "Intermodes", "IsoData", "Li", "MaxEntropy", "Mean", "MinError",
				"Minimum", "Moments", "Otsu", "Percentile", "RenyiEntropy", "Shanbhag", "Triangle", "Yen" };
		String[] ids = { "default", "huang", "huang2", "intermodes", "isodata", "li", "max-entropy", "mean", "min-error",
				"minimum", "moments", "otsu", "percentile", "renyi-entropy", "shanbhag", "triangle", "yen" };
		assertEquals(labels.length, GlobalMethod.values().length);
		for (int i = 0; i < labels.length; i++) {
			assertEquals(labels[i], GlobalMethod.values()[i].label());
			assertEquals(ids[i], GlobalMethod.values()[i].id());
			assertEquals(GlobalMethod.values()[i], GlobalMethod.fromName(ids[i]));
			assertEquals(GlobalMethod.values()[i], GlobalMethod.fromName(labels[i]));
		}
		assertThrows(IllegalArgumentException.class, () -> GlobalMethod.fromName("nope"));
		assertThrows(IllegalArgumentException.class, () -> GlobalMethod.OTSU.threshold(new long[0]));
		assertThrows(IllegalArgumentException.class, () -> GlobalMethod.OTSU.threshold(new long[] { 1, -1, 3 }));
		// tiny and degenerate histograms of any length never fail and stay in range
		for (GlobalMethod m : GlobalMethod.values())
			for (long[] h : new long[][] { { 5 }, { 0 }, { 1, 2 }, { 0, 0, 0 }, { 3, 0, 4 }, new long[1000], { 1, 1, 1, 1 } }) {
				int t = m.threshold(h);
				assertTrue(t >= -1 && t < h.length, m + " " + t);
			}
	}
}
