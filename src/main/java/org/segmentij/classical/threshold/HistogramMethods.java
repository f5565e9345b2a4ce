package org.segmentij.classical.threshold;

/**
 * The bin-choosing rules behind {@link GlobalMethod}, on {@code long} counts and any number of
 * bins. Each follows the published method with the conventions of ImageJ 1's AutoThresholder
 * (initial values, tie breaking, the order of floating-point operations that decide ties), so
 * 256-bin results are identical; the code is organised for speed: prefix sums instead of
 * re-summing, and for the entropy criteria evaluation only where the criterion can change (at
 * occupied bins: across a run of empty bins every class sum, hence the criterion, is unchanged,
 * and the first bin of the run wins a tie). Results follow AutoThresholder: -1 for "not found"
 * (mapped to 0 by {@link GlobalMethod#threshold}).
 */
final class HistogramMethods {

	private static final double DBL_EPSILON = 2.220446049250313E-16;
	/** Above this many occupied bins MaxEntropy and RenyiEntropy use O(bins) cumulative formulas. */
	static int directLimit = 2048;
	/**
	 * Above this much work (candidates x occupied bins) Huang, Huang2 and Shanbhag evaluate only
	 * the candidates that bounds do not rule out ({@link PrunedCriteria}; same results).
	 */
	static long pruneLimit = 1 << 17;

	private HistogramMethods() {
	}

	// ------------------------------------------------------------------ helpers

	/** Prefix sums: out[i] = sum of h[0..i-1] (length n + 1). */
	private static long[] prefix(long[] h) {
		long[] p = new long[h.length + 1];
		for (int i = 0; i < h.length; i++)
			p[i + 1] = p[i] + h[i];
		return p;
	}

	/** Prefix sums of i * h[i] (length n + 1). */
	private static long[] prefixMoment(long[] h) {
		long[] p = new long[h.length + 1];
		for (int i = 0; i < h.length; i++)
			p[i + 1] = p[i] + i * h[i];
		return p;
	}

	private static long total(long[] h) {
		long t = 0;
		for (long c : h)
			t += c;
		return t;
	}

	/** Indices of occupied bins. */
	private static int[] occupied(long[] h) {
		int k = 0;
		for (long c : h)
			if (c != 0)
				k++;
		int[] idx = new int[k];
		k = 0;
		for (int i = 0; i < h.length; i++)
			if (h[i] != 0)
				idx[k++] = i;
		return idx;
	}

	// ------------------------------------------------------------------ IsoData family

	static int defaultIsoData(long[] data) {
		int n = data.length;
		long[] d = data.clone();
		int mode = 0;
		long maxCount = 0;
		for (int i = 0; i < n; i++)
			if (d[i] > maxCount) {
				maxCount = d[i];
				mode = i;
			}
		long maxCount2 = 0;
		for (int i = 0; i < n; i++)
			if (d[i] > maxCount2 && i != mode)
				maxCount2 = d[i];
		if (maxCount > maxCount2 * 2 && maxCount2 != 0)
			d[mode] = (long) (maxCount2 * 1.5);
		return ijIsoData(d);
	}

	/** ImageJ's original iterative intermeans on bins 1..n-2 (the end bins are left out). */
	static int ijIsoData(long[] data) {
		int n = data.length, maxValue = n - 1;
		if (n < 2)
			return n / 2;
		long[] d = data.clone();
		d[0] = 0;
		d[maxValue] = 0;
		int min = 0;
		while (d[min] == 0 && min < maxValue)
			min++;
		int max = maxValue;
		while (d[max] == 0 && max > 0)
			max--;
		if (min >= max)
			return n / 2;
		long[] c = prefix(d), m = prefixMoment(d);
		int moving = min;
		double result;
		do {
			double sum1 = m[moving + 1] - m[min], sum2 = c[moving + 1] - c[min];
			double sum3 = m[max + 1] - m[moving + 1], sum4 = c[max + 1] - c[moving + 1];
			result = (sum1 / sum2 + sum3 / sum4) / 2.0;
			moving++;
		} while (moving + 1 <= result && moving < max - 1);
		return (int) Math.round(result);
	}

	static int isoData(long[] data) {
		int n = data.length;
		int g = 0;
		for (int i = 1; i < n; i++)
			if (data[i] > 0) {
				g = i + 1;
				break;
			}
		long[] c = prefix(data), m = prefixMoment(data);
		while (true) {
			int gl = Math.min(g, n), gh = Math.min(g + 1, n);
			long totl = c[gl], l = m[gl];
			long toth = c[n] - c[gh], h = m[n] - m[gh];
			if (totl > 0 && toth > 0) {
				l /= totl;
				h /= toth;
				if (g == (int) Math.round((l + h) / 2.0))
					break;
			}
			g++;
			if (g > n - 2)
				return -1;
		}
		return g;
	}

	// ------------------------------------------------------------------ Li

	static int li(long[] data) {
		int n = data.length;
		long num = total(data);
		long[] c = prefix(data), m = prefixMoment(data);
		double mean = (double) m[n];
		mean /= num;
		double newThresh = mean, oldThresh;
		int threshold;
		int iterations = 0;
		do {
			oldThresh = newThresh;
			threshold = (int) (oldThresh + 0.5);
			int k = Math.max(-1, Math.min(n - 1, threshold)) + 1; // bins 0..threshold
			long sumBack = m[k], numBack = c[k];
			long sumObj = m[n] - m[k], numObj = c[n] - c[k];
			double meanBack = numBack == 0 ? 0.0 : sumBack / (double) numBack;
			double meanObj = numObj == 0 ? 0.0 : sumObj / (double) numObj;
			double temp = (meanBack - meanObj) / (Math.log(meanBack) - Math.log(meanObj));
			newThresh = temp < -DBL_EPSILON ? (int) (temp - 0.5) : (int) (temp + 0.5);
		} while (Math.abs(newThresh - oldThresh) > 0.5 && ++iterations < 10000);
		return threshold;
	}

	// ------------------------------------------------------------------ Mean, MinError, Percentile, Moments

	static int mean(long[] data) {
		long tot = 0, sum = 0;
		for (int i = 0; i < data.length; i++) {
			tot += data[i];
			sum += i * data[i];
		}
		if (tot == 0)
			return -1;
		return (int) Math.floor(sum / tot);
	}

	static int minError(long[] data) {
		int n = data.length;
		int threshold = mean(data);
		if (threshold < 0)
			return threshold;
		double[] a = new double[n], b = new double[n], c = new double[n];
		long sa = 0, sb = 0, sc = 0;
		for (int i = 0; i < n; i++) {
			sa += data[i];
			sb += i * data[i];
			sc += (long) i * i * data[i];
			a[i] = sa;
			b[i] = sb;
			c[i] = sc;
		}
		double aAll = a[n - 1], bAll = b[n - 1], cAll = c[n - 1];
		int tPrev = -2, iterations = 0;
		while (threshold != tPrev && iterations++ < 10000) {
			int t = Math.min(threshold, n - 1);
			double at = t < 0 ? 0 : a[t], bt = t < 0 ? 0 : b[t], ct = t < 0 ? 0 : c[t];
			double mu = bt / at;
			double nu = (bAll - bt) / (aAll - at);
			double p = at / aAll;
			double q = (aAll - at) / aAll;
			double sigma2 = ct / at - mu * mu;
			double tau2 = (cAll - ct) / (aAll - at) - nu * nu;
			double w0 = 1.0 / sigma2 - 1.0 / tau2;
			double w1 = mu / sigma2 - nu / tau2;
			double w2 = (mu * mu) / sigma2 - (nu * nu) / tau2 + Math.log10((sigma2 * (q * q)) / (tau2 * (p * p)));
			double sqterm = w1 * w1 - w0 * w2;
			if (sqterm < 0)
				return threshold; // the next threshold would be imaginary: keep this one
			tPrev = threshold;
			double temp = (w1 + Math.sqrt(sqterm)) / w0;
			threshold = Double.isNaN(temp) ? tPrev : (int) Math.floor(temp);
		}
		return threshold;
	}

	static int percentile(long[] data) {
		long[] c = prefix(data);
		double total = c[data.length];
		int threshold = -1;
		double best = 1.0;
		for (int i = 0; i < data.length; i++) {
			double dev = Math.abs(c[i + 1] / total - 0.5);
			if (dev < best) {
				best = dev;
				threshold = i;
			}
		}
		return threshold;
	}

	static int moments(long[] data) {
		int n = data.length;
		double total = 0;
		for (long c : data)
			total += c;
		double m0 = 1.0, m1 = 0.0, m2 = 0.0, m3 = 0.0;
		double[] histo = new double[n];
		for (int i = 0; i < n; i++) {
			histo[i] = data[i] / total;
			double di = i;
			m1 += di * histo[i];
			m2 += di * di * histo[i];
			m3 += di * di * di * histo[i];
		}
		double cd = m0 * m2 - m1 * m1;
		double c0 = (-m2 * m2 + m1 * m3) / cd;
		double c1 = (m0 * -m3 + m2 * m1) / cd;
		double z0 = 0.5 * (-c1 - Math.sqrt(c1 * c1 - 4.0 * c0));
		double z1 = 0.5 * (-c1 + Math.sqrt(c1 * c1 - 4.0 * c0));
		double p0 = (z1 - m1) / (z1 - z0); // fraction of object pixels in the moment-preserving binary image
		double sum = 0;
		for (int i = 0; i < n; i++) {
			sum += histo[i];
			if (sum > p0)
				return i;
		}
		return -1;
	}

	// ------------------------------------------------------------------ Otsu, Yen

	static int otsu(long[] data) {
		int n = data.length;
		double term = 1.0 / total(data);
		double cnh = 0, mean = 0, totalMean = 0;
		// the same running sum ImageJ forms: mean[0] = 0, then mean[i] = mean[i-1] + i * histo[i]
		for (int i = 1; i < n; i++)
			totalMean += i * (term * data[i]);
		int threshold = Integer.MIN_VALUE;
		double maxBcv = 0.0;
		for (int i = 0; i < n; i++) {
			// an empty bin adds 0 to both sums: its criterion equals the previous bin's, which
			// cannot beat the maximum so far (nor can NaN), so it is skipped (saves the divisions)
			if (i > 0 && data[i] == 0)
				continue;
			double p = term * data[i];
			cnh = i == 0 ? p : cnh + p;
			if (i > 0)
				mean += i * p;
			double bcv = totalMean * cnh - mean;
			bcv *= bcv / (cnh * (1.0 - cnh));
			if (maxBcv < bcv) {
				maxBcv = bcv;
				threshold = i;
			}
		}
		return threshold;
	}

	static int yen(long[] data) {
		int n = data.length;
		long total = total(data);
		double[] norm = new double[n];
		for (int i = 0; i < n; i++)
			norm[i] = (double) data[i] / total;
		double[] p2sq = new double[n];
		p2sq[n - 1] = 0.0;
		for (int i = n - 2; i >= 0; i--)
			p2sq[i] = p2sq[i + 1] + norm[i + 1] * norm[i + 1];
		int threshold = -1;
		double maxCrit = Double.MIN_VALUE;
		double p1 = 0, p1sq = 0;
		for (int it = 0; it < n; it++) {
			// an empty bin leaves P1, P1^2 and P2^2 as they were: the same criterion as the bin before,
			// which cannot be greater than the maximum so far, so it is skipped (saves two logarithms)
			if (it > 0 && data[it] == 0)
				continue;
			p1 = it == 0 ? norm[0] : p1 + norm[it];
			p1sq = it == 0 ? norm[0] * norm[0] : p1sq + norm[it] * norm[it];
			double a = p1sq * p2sq[it], b = p1 * (1.0 - p1);
			double crit = -1.0 * (a > 0.0 ? Math.log(a) : 0.0) + 2 * (b > 0.0 ? Math.log(b) : 0.0);
			if (crit > maxCrit) {
				maxCrit = crit;
				threshold = it;
			}
		}
		return threshold;
	}

	// ------------------------------------------------------------------ smoothing until bimodal

	/**
	 * Intermodes and Minimum use {@link VectorSmoothing} (same doubles) when this is true; tests
	 * set it to run both.
	 */
	static boolean simd = org.segmentij.image.Simd.enabled();

	private static boolean bimodal(double[] y, boolean simd) {
		return simd ? VectorSmoothing.bimodal(y) : bimodal(y);
	}

	private static void smooth3(double[] h, double[] t, double[] hm, double[] hp, boolean simd) {
		if (simd)
			VectorSmoothing.smooth3(h, t);
		else
			smooth3(h, t, hm, hp);
	}

	private static boolean bimodal(double[] y) {
		int modes = 0;
		for (int k = 1; k < y.length - 1; k++)
			if (y[k - 1] < y[k] && y[k + 1] < y[k] && ++modes > 2)
				return false;
		return modes == 2;
	}

	/**
	 * One pass of ImageJ's 3-point running mean, {@code (previous + current + next) / 3} with 0
	 * before the first bin and nothing after the last (adding 0 changes no sum), from {@code h}
	 * into {@code t}: the same sums in the same order as ImageJ's in-place loop, each divided by 3
	 * with the correctly rounded result ({@link #third}). The neighbours are shifted copies
	 * ({@code hm}, {@code hp}), so the loop reads its arrays at one index and the JIT vectorises it.
	 */
	private static void smooth3(double[] h, double[] t, double[] hm, double[] hp) {
		int n = h.length;
		hm[0] = 0;
		System.arraycopy(h, 0, hm, 1, n - 1);
		System.arraycopy(h, 1, hp, 0, n - 1);
		hp[n - 1] = 0;
		for (int i = 0; i < n; i++) {
			double s = hm[i] + h[i] + hp[i];
			double q = s * ONE_THIRD; // third(s), inline: the sums are finite
			t[i] = Math.fma(Math.fma(-q, 3.0, s), ONE_THIRD, q);
		}
	}

	private static final double ONE_THIRD = 1.0 / 3;

	/**
	 * {@code s / 3}, correctly rounded, without a division: q = s * RN(1/3), its exact remainder
	 * r = s - 3q by a fused multiply-add, then q + r * RN(1/3) rounded once (Markstein's
	 * correction; checked exhaustively on subnormals and on samples of every exponent); infinite
	 * and NaN values divide.
	 */
	static double third(double s) {
		if (!Double.isFinite(s))
			return s / 3;
		double q = s * ONE_THIRD;
		return Math.fma(Math.fma(-q, 3.0, s), ONE_THIRD, q);
	}

	static int intermodes(long[] data) {
		int n = data.length;
		double[] h = new double[n], t = new double[n], hm = new double[n], hp = new double[n];
		for (int i = 0; i < n; i++)
			h[i] = data[i];
		int iter = 0;
		while (!bimodal(h, simd)) {
			smooth3(h, t, hm, hp, simd);
			double[] swap = h;
			h = t;
			t = swap;
			if (++iter > 10000)
				return -1;
		}
		int tt = 0;
		for (int i = 1; i < n - 1; i++)
			if (h[i - 1] < h[i] && h[i + 1] < h[i])
				tt += i;
		return (int) Math.floor(tt / 2.0);
	}

	static int minimum(long[] data) {
		int n = data.length;
		if (n < 2)
			return 0;
		int max = -1;
		double[] h = new double[n], t = new double[n], hm = new double[n], hp = new double[n];
		for (int i = 0; i < n; i++) {
			h[i] = data[i];
			if (data[i] > 0)
				max = i;
		}
		int iter = 0;
		while (!bimodal(h, simd)) {
			smooth3(h, t, hm, hp, simd);
			double[] s = h;
			h = t;
			t = s;
			if (++iter > 10000)
				return -1;
		}
		for (int i = 1; i < max; i++)
			if (h[i - 1] > h[i] && h[i + 1] >= h[i])
				return i;
		return -1;
	}

	// ------------------------------------------------------------------ Triangle

	static int triangle(long[] data) {
		int n = data.length;
		int min = 0, min2 = 0, max = 0;
		long dmax = 0;
		for (int i = 0; i < n; i++)
			if (data[i] > 0) {
				min = i;
				break;
			}
		if (min > 0)
			min--; // the line goes to the empty bin next to the first occupied one
		for (int i = n - 1; i > 0; i--)
			if (data[i] > 0) {
				min2 = i;
				break;
			}
		if (min2 < n - 1)
			min2++;
		for (int i = 0; i < n; i++)
			if (data[i] > dmax) {
				max = i;
				dmax = data[i];
			}
		// work on the longer side of the peak: mirror the histogram when that is the right side
		boolean inverted = (max - min) < (min2 - max);
		long[] d = data;
		if (inverted) {
			d = new long[n];
			for (int i = 0; i < n; i++)
				d[i] = data[n - 1 - i];
			min = n - 1 - min2;
			max = n - 1 - max;
		}
		if (min == max)
			return min; // as ImageJ: in mirrored coordinates when mirrored
		double nx = d[max], ny = min - max;
		double len = Math.sqrt(nx * nx + ny * ny);
		nx /= len;
		ny /= len;
		double dist0 = nx * min + ny * d[min];
		int split = min;
		double splitDistance = 0;
		for (int i = min + 1; i <= max; i++) {
			double dist = nx * i + ny * d[i] - dist0;
			if (dist > splitDistance) {
				split = i;
				splitDistance = dist;
			}
		}
		split--;
		return inverted ? n - 1 - split : split;
	}

	// ------------------------------------------------------------------ entropy criteria

	/** Normalised histogram and its cumulative sums as ImageJ forms them: P1 (running sum) and P2 = 1 - P1. */
	private static final class Cumulative {
		final double[] norm, p1, p2;
		final int firstBin, lastBin;

		Cumulative(long[] data) {
			int n = data.length;
			long total = total(data);
			norm = new double[n];
			p1 = new double[n];
			p2 = new double[n];
			for (int i = 0; i < n; i++)
				norm[i] = (double) data[i] / total;
			p1[0] = norm[0];
			p2[0] = 1.0 - p1[0];
			for (int i = 1; i < n; i++) {
				p1[i] = p1[i - 1] + norm[i];
				p2[i] = 1.0 - p1[i];
			}
			int f = 0;
			for (int i = 0; i < n; i++)
				if (!(Math.abs(p1[i]) < DBL_EPSILON)) {
					f = i;
					break;
				}
			int l = n - 1;
			for (int i = n - 1; i >= f; i--)
				if (!(Math.abs(p2[i]) < DBL_EPSILON)) {
					l = i;
					break;
				}
			firstBin = f;
			lastBin = l;
		}

		/**
		 * The thresholds in firstBin..lastBin where a criterion summed over occupied bins can
		 * change: firstBin and every occupied bin after it (the first bin of each run).
		 */
		int[] candidates(long[] data) {
			int k = 1;
			for (int i = firstBin + 1; i <= lastBin; i++)
				if (data[i] != 0)
					k++;
			if (lastBin < firstBin)
				return new int[0];
			int[] c = new int[k];
			c[0] = firstBin;
			k = 1;
			for (int i = firstBin + 1; i <= lastBin; i++)
				if (data[i] != 0)
					c[k++] = i;
			return c;
		}
	}

	static int maxEntropy(long[] data) {
		Cumulative c = new Cumulative(data);
		return kapur(data, c, -1, Double.MIN_VALUE);
	}

	/** Kapur's total entropy maximised over thresholds (first strict maximum). */
	private static int kapur(long[] data, Cumulative c, int threshold, double maxEnt) {
		int[] occ = occupied(data);
		if (occ.length > directLimit)
			return kapurCumulative(data, c, threshold, maxEnt);
		double[] norm = c.norm;
		for (int it : c.candidates(data)) {
			double p1 = c.p1[it], p2 = c.p2[it];
			double back = 0.0, obj = 0.0;
			for (int i : occ) {
				if (i <= it)
					back -= (norm[i] / p1) * Math.log(norm[i] / p1);
				else
					obj -= (norm[i] / p2) * Math.log(norm[i] / p2);
			}
			double tot = back + obj;
			if (maxEnt < tot) {
				maxEnt = tot;
				threshold = it;
			}
		}
		return threshold;
	}

	/** Kapur's criterion in O(bins): H = ln P - (sum p ln p) / P for each class (0 for an empty class). */
	private static int kapurCumulative(long[] data, Cumulative c, int threshold, double maxEnt) {
		int n = data.length;
		double[] plogp = new double[n + 1];
		int lastOccupied = -1;
		for (int i = 0; i < n; i++) {
			plogp[i + 1] = plogp[i] + (data[i] == 0 ? 0 : c.norm[i] * Math.log(c.norm[i]));
			if (data[i] != 0)
				lastOccupied = i;
		}
		for (int it = c.firstBin; it <= c.lastBin; it++) {
			if (it > c.firstBin && data[it] == 0)
				continue;
			double p1 = c.p1[it], p2 = c.p2[it];
			double back = Math.log(p1) - plogp[it + 1] / p1;
			double obj = it < lastOccupied ? Math.log(p2) - (plogp[n] - plogp[it + 1]) / p2 : 0;
			double tot = back + obj;
			if (maxEnt < tot) {
				maxEnt = tot;
				threshold = it;
			}
		}
		return threshold;
	}

	static int renyiEntropy(long[] data) {
		Cumulative c = new Cumulative(data);
		int n = data.length;
		int tStar2 = kapur(data, c, 0, 0.0);
		int[] occ = occupied(data);
		boolean direct = occ.length <= directLimit;
		int[] cand = c.candidates(data);
		double[] sqrtSum = null, sqSum = null;
		if (!direct) {
			sqrtSum = new double[n + 1];
			sqSum = new double[n + 1];
			for (int i = 0; i < n; i++) {
				sqrtSum[i + 1] = sqrtSum[i] + Math.sqrt(c.norm[i]);
				sqSum[i + 1] = sqSum[i] + c.norm[i] * c.norm[i];
			}
		}
		// alpha = 0.5: term 1 / (1 - alpha) = 2
		int threshold = 0;
		double maxEnt = 0.0;
		for (int it : cand) {
			double p1 = c.p1[it], p2 = c.p2[it], back = 0.0, obj = 0.0;
			if (direct) {
				for (int i : occ) {
					if (i <= it)
						back += Math.sqrt(c.norm[i] / p1);
					else
						obj += Math.sqrt(c.norm[i] / p2);
				}
			}
			else {
				back = sqrtSum[it + 1] / Math.sqrt(p1);
				obj = (sqrtSum[n] - sqrtSum[it + 1]) / Math.sqrt(p2);
			}
			double tot = 2.0 * (back * obj > 0.0 ? Math.log(back * obj) : 0.0);
			if (tot > maxEnt) {
				maxEnt = tot;
				threshold = it;
			}
		}
		int tStar1 = threshold;
		// alpha = 2: term = -1
		threshold = 0;
		maxEnt = 0.0;
		for (int it : cand) {
			double p1 = c.p1[it], p2 = c.p2[it], back = 0.0, obj = 0.0;
			if (direct) {
				for (int i : occ) {
					if (i <= it)
						back += (c.norm[i] * c.norm[i]) / (p1 * p1);
					else
						obj += (c.norm[i] * c.norm[i]) / (p2 * p2);
				}
			}
			else {
				back = sqSum[it + 1] / (p1 * p1);
				obj = (sqSum[n] - sqSum[it + 1]) / (p2 * p2);
			}
			double tot = -1.0 * (back * obj > 0.0 ? Math.log(back * obj) : 0.0);
			if (tot > maxEnt) {
				maxEnt = tot;
				threshold = it;
			}
		}
		int tStar3 = threshold;
		// sort the three
		int t1 = Math.min(tStar1, Math.min(tStar2, tStar3)), t3 = Math.max(tStar1, Math.max(tStar2, tStar3));
		int t2 = tStar1 + tStar2 + tStar3 - t1 - t3;
		int beta1, beta2, beta3;
		if (Math.abs(t1 - t2) <= 5) {
			if (Math.abs(t2 - t3) <= 5) {
				beta1 = 1;
				beta2 = 2;
				beta3 = 1;
			}
			else {
				beta1 = 0;
				beta2 = 1;
				beta3 = 3;
			}
		}
		else if (Math.abs(t2 - t3) <= 5) {
			beta1 = 3;
			beta2 = 1;
			beta3 = 0;
		}
		else {
			beta1 = 1;
			beta2 = 2;
			beta3 = 1;
		}
		double omega = c.p1[t3] - c.p1[t1];
		return (int) (t1 * (c.p1[t1] + 0.25 * omega * beta1) + 0.25 * t2 * omega * beta2 + t3 * (c.p2[t3] + 0.25 * omega * beta3));
	}

	static int shanbhag(long[] data) {
		Cumulative c = new Cumulative(data);
		int[] occ = occupied(data);
		double[] norm = c.norm, p1 = c.p1, p2 = c.p2;
		int[] cand = c.candidates(data);
		// one candidate's criterion, as ImageJ sums it
		java.util.function.IntToDoubleFunction exact = k -> {
			int it = cand[k];
			double back = 0.0;
			double term = 0.5 / p1[it];
			for (int i : occ) {
				if (i > it)
					break;
				if (i >= 1)
					back -= norm[i] * Math.log(1.0 - term * p1[i - 1]);
			}
			back *= term;
			double obj = 0.0;
			term = 0.5 / p2[it];
			if (p2[it] > 0) {
				for (int i : occ)
					if (i > it)
						obj -= norm[i] * Math.log(1.0 - term * p2[i]);
			}
			else { // rounding left P2 negative: every bin counts, as in ImageJ (0 * NaN is NaN)
				for (int i = it + 1; i < data.length; i++)
					obj -= norm[i] * Math.log(1.0 - term * p2[i]);
			}
			obj *= term;
			return Math.abs(back - obj);
		};
		if ((long) cand.length * occ.length > pruneLimit) {
			int k = PrunedCriteria.argmin(PrunedCriteria.shanbhagLowerBounds(norm, p1, p2, occ, cand), exact, occ.length);
			return k < 0 ? -1 : cand[k];
		}
		double[] tots = new double[cand.length];
		// O(candidates x occupied) logarithms: every candidate's criterion on its own (same
		// arithmetic as one after another), in parallel when there is much to do
		parallelFor(cand.length, (long) cand.length * occ.length, k -> tots[k] = exact.applyAsDouble(k));
		int threshold = -1;
		double minEnt = Double.MAX_VALUE;
		for (int k = 0; k < cand.length; k++) {
			double tot = tots[k];
			if (tot < minEnt) {
				minEnt = tot;
				threshold = cand[k];
			}
		}
		return threshold;
	}

	/** Runs {@code body} for 0..n-1, in parallel (common pool) when {@code work} (inner iterations) is large. */
	static void parallelFor(int n, long work, java.util.function.IntConsumer body) {
		if (work >= 1 << 18 && n > 1)
			java.util.stream.IntStream.range(0, n).parallel().forEach(body);
		else
			for (int k = 0; k < n; k++)
				body.accept(k);
	}

	// ------------------------------------------------------------------ Huang

	static int huang(long[] data) {
		int n = data.length;
		int[] occ = occupied(data);
		if (occ.length <= 1)
			return -1; // ImageJ's criterion is NaN everywhere: nothing found
		int first = occ[0], last = occ[occ.length - 1];
		double term = 1.0 / (double) (last - first);
		// class means: below or at it (mu0), above it (mu1), as ImageJ forms them
		double[] mu0 = new double[n], mu1 = new double[n];
		long sum = 0, num = 0;
		for (int i = first; i < n; i++) {
			sum += i * data[i];
			num += data[i];
			mu0[i] = sum / (double) num;
		}
		sum = num = 0;
		for (int i = last; i > 0; i--) {
			sum += i * data[i];
			num += data[i];
			mu1[i - 1] = sum / (double) num;
		}
		// candidates: 0, then every occupied bin (the criterion is constant on runs of empty bins),
		// bin 0 once
		boolean zeroTwice = occ[0] == 0;
		int nc = occ.length + (zeroTwice ? 0 : 1);
		int[] cand = new int[nc];
		for (int k = 0; k < occ.length; k++)
			cand[k + nc - occ.length] = occ[k];
		// one candidate's criterion, as ImageJ sums it
		java.util.function.IntToDoubleFunction exact = k -> {
			int it = cand[k];
			double ent = 0.0;
			double m0 = mu0[it], m1 = mu1[it];
			for (int i : occ) {
				double mu = i <= it ? m0 : m1;
				double mux = 1.0 / (1.0 + term * Math.abs(i - mu));
				if (!(mux < 1e-06 || mux > 0.999999))
					ent += data[i] * (-mux * Math.log(mux) - (1.0 - mux) * Math.log(1.0 - mux));
			}
			return ent;
		};
		if ((long) nc * occ.length > pruneLimit) {
			int k = PrunedCriteria.huang(data, mu0, mu1, first, last, cand, term, exact);
			if (k != Integer.MIN_VALUE)
				return k < 0 ? -1 : cand[k];
		}
		double[] ents = new double[nc];
		parallelFor(nc, (long) nc * occ.length, k -> ents[k] = exact.applyAsDouble(k));
		int threshold = -1;
		double minEnt = Double.MAX_VALUE;
		for (int k = 0; k < nc; k++) {
			double ent = ents[k];
			if (ent < minEnt) {
				minEnt = ent;
				threshold = cand[k];
			}
		}
		return threshold;
	}

	static int huang2(long[] data) {
		int n = data.length;
		int first, last;
		for (first = 0; first < n && data[first] == 0; first++)
			;
		for (last = n - 1; last > first && data[last] == 0; last--)
			;
		if (first == last || first >= n)
			return 0;
		double[] s = new double[last + 1], w = new double[last + 1];
		s[0] = data[0];
		for (int i = Math.max(1, first); i <= last; i++) {
			s[i] = s[i - 1] + data[i];
			w[i] = w[i - 1] + (double) (i * data[i]);
		}
		double cc = last - first;
		double[] smu = new double[last + 1 - first];
		for (int i = 1; i < smu.length; i++) {
			double mu = 1 / (1 + i / cc);
			smu[i] = -mu * Math.log(mu) - (1 - mu) * Math.log(1 - mu);
		}
		int[] occ = occupied(data);
		int lst = last;
		// one candidate's criterion, as Fiji sums it
		java.util.function.IntToDoubleFunction exact = j -> {
			int t = occ[j];
			double entropy = 0;
			int mu = (int) Math.round(w[t] / s[t]);
			int k = 0;
			for (; k < occ.length && occ[k] <= t; k++)
				entropy += smu[Math.abs(occ[k] - mu)] * data[occ[k]];
			mu = (int) Math.round((w[lst] - w[t]) / (s[lst] - s[t]));
			for (; k < occ.length; k++)
				entropy += smu[Math.abs(occ[k] - mu)] * data[occ[k]];
			return entropy;
		};
		if ((long) occ.length * occ.length > pruneLimit) {
			int j = PrunedCriteria.huang2(data, s, w, smu, occ, last, exact);
			return j < 0 ? 0 : occ[j];
		}
		double[] ents = new double[occ.length];
		parallelFor(occ.length, (long) occ.length * occ.length, j -> ents[j] = exact.applyAsDouble(j));
		int best = 0;
		double bestEntropy = Double.MAX_VALUE;
		for (int j = 0; j < occ.length; j++) {
			if (bestEntropy > ents[j]) {
				bestEntropy = ents[j];
				best = occ[j];
			}
		}
		return best;
	}
}
