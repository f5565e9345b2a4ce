package org.segmentij.classical.threshold;

import java.util.function.IntToDoubleFunction;

/**
 * Huang, Huang2 and Shanbhag for long histograms (16-bit data at full resolution) without
 * evaluating every candidate's criterion in full. Each of these criteria costs O(k) per candidate
 * threshold (k occupied bins), O(k^2) in all, and for Huang and Shanbhag two logarithms per term.
 * Here candidates first get cheap lower bounds (rigorous, rounding allowed for); only the
 * candidates whose bound does not rule them out are then evaluated exactly, by the same code and in the same
 * order of operations as {@link HistogramMethods} uses for every candidate, and the first minimum in
 * candidate order wins, as there. So the result is the one the direct search gives, bit for bit.
 * <ul>
 * <li>Shanbhag: {@code -ln(1 - y)} with {@code 0 <= y <= 1/2} expanded as {@code sum y^n / n};
 * each class's sum then needs {@code sum_i p_i (P_i / P_t)^n}, which are carried from one candidate
 * to the next (scaled by {@code (P_t / P_t')^n}): O(N k) for N = {@value #SERIES_TERMS} terms, with
 * the truncation bounded by {@code 2^-N}.</li>
 * <li>Huang and Huang2: branch and bound over ranges of candidates. Both sum, over bins, the
 * membership entropy {@code f(d)} of the bin's distance {@code d} to its class mean; {@code f} is
 * increasing and, for {@code d > 0}, concave. As the threshold rises both class means rise, so for
 * a range of thresholds each class mean lies in a known interval, and each bin's term is at least
 * {@code f} at its distance to that interval (bins that change class within the range: the nearer
 * of the two). With {@code f} tabulated at whole distances, a range's bound is a few dot products
 * of the counts with tables, no logarithm: for Huang2 (means rounded to whole bins) the table
 * values themselves; for Huang (fractional means) the chord of {@code f} over {@code [j, j + 1]}
 * plus {@code x (1 - x) / 2} times the least curvature there ({@code f(j + x)} minus the chord is
 * {@code x (1 - x) |f''(s)| / 2} for some {@code s} in {@code [j, j + 1]}), and for a single Huang
 * candidate the same with the bins next to its mean exact. Ranges are halved in order of their
 * bounds; single candidates whose bound does not exceed the best exact value are evaluated.</li>
 * </ul>
 */
final class PrunedCriteria {

	/** Terms of the Shanbhag series: the remainder is below 2^-{@value}. */
	static final int SERIES_TERMS = 48;
	/** Relative allowance for rounding between two ways of summing the same positive terms. */
	private static final double REL = 1e-9;

	/** Huang: bins within this many whole distances of the class mean get exact terms. */
	private static final int NEAR = 3;

	private PrunedCriteria() {
	}

	// ------------------------------------------------------------------ selection

	/**
	 * The first candidate (in index order) with the smallest exact value, given lower bounds of the
	 * exact values: the candidate with the least bound is evaluated, then every candidate whose
	 * bound does not exceed that value (plus a relative allowance for rounding), in parallel when
	 * they are many. NaN values never win (as {@code value < best} is false for them); a NaN bound
	 * means "evaluate".
	 *
	 * @param work the cost of one exact evaluation (for the choice to run in parallel)
	 * @return the winning index, or -1 when every evaluated value is NaN
	 */
	static int argmin(double[] lower, IntToDoubleFunction exact, long work) {
		int n = lower.length, first = -1;
		for (int k = 0; k < n; k++)
			if (lower[k] == lower[k] && (first < 0 || lower[k] < lower[first]))
				first = k;
		double v0 = first < 0 ? Double.NaN : exact.applyAsDouble(first);
		double limit = v0 == v0 ? v0 + REL * Math.abs(v0) : Double.POSITIVE_INFINITY;
		int[] pick = new int[n];
		int np = 0;
		for (int k = 0; k < n; k++)
			if (k != first && !(lower[k] > limit))
				pick[np++] = k;
		double[] values = new double[np];
		int[] chosen = pick;
		HistogramMethods.parallelFor(np, np * work, r -> values[r] = exact.applyAsDouble(chosen[r]));
		double best = v0;
		int winner = v0 == v0 ? first : -1;
		for (int r = 0; r < np; r++) {
			int k = pick[r];
			double v = values[r];
			if (v < best || v == best && k < winner) {
				best = v;
				winner = k;
			}
		}
		return winner;
	}

	// ------------------------------------------------------------------ Shanbhag

	/**
	 * Shanbhag's criterion |back - obj| of every candidate by the series, with its error bound,
	 * as lower bounds of the exact values ({@code value - bound}).
	 *
	 * @param norm counts / total
	 * @param p1   cumulative sums of norm (ImageJ's P1)
	 * @param p2   1 - p1 (ImageJ's P2)
	 * @param occ  occupied bins, increasing
	 * @param cand candidate thresholds, increasing
	 */
	static double[] shanbhagLowerBounds(double[] norm, double[] p1, double[] p2, int[] occ, int[] cand) {
		int nc = cand.length, nt = SERIES_TERMS;
		double[] back = new double[nc], obj = new double[nc];
		double[] coef = new double[nt + 1]; // 0.5^n / n
		double half = 1;
		for (int n = 1; n <= nt; n++) {
			half *= 0.5;
			coef[n] = half / n;
		}
		double[] acc = new double[nt + 1], pw = new double[nt + 1];
		boolean[] direct = new boolean[nc];
		// background: A_n(t) = sum_{1 <= i <= t} norm_i (P1_{i-1} / P1_t)^n, t increasing
		int o = 0; // next occupied bin to add
		double prevP = Double.NaN;
		for (int k = 0; k < nc; k++) {
			int t = cand[k];
			double pt = p1[t];
			if (!(pt > 1e-300)) { // no usable scale: evaluated exactly
				direct[k] = true;
				continue;
			}
			if (prevP == prevP) // rescale the carried sums from the previous candidate's P1
				scalePowers(acc, prevP / pt, pw);
			for (; o < occ.length && occ[o] <= t; o++) {
				int i = occ[o];
				if (i < 1)
					continue;
				addPowers(acc, p1[i - 1] / pt, norm[i], pw);
			}
			prevP = pt;
			back[k] = weightedSum(coef, acc) * (0.5 / pt);
		}
		// object: B_n(t) = sum_{i > t} norm_i (P2_i / P2_t)^n, t decreasing
		java.util.Arrays.fill(acc, 0);
		o = occ.length - 1;
		prevP = Double.NaN;
		for (int k = nc - 1; k >= 0; k--) {
			int t = cand[k];
			double pt = p2[t];
			if (!(pt > 1e-12)) { // empty (or rounding-only) object class: evaluated exactly
				direct[k] = true;
				continue;
			}
			if (prevP == prevP)
				scalePowers(acc, prevP / pt, pw);
			for (; o >= 0 && occ[o] > t; o--) {
				int i = occ[o];
				addPowers(acc, p2[i] / pt, norm[i], pw);
			}
			prevP = pt;
			obj[k] = weightedSum(coef, acc) * (0.5 / pt);
		}
		double[] lower = new double[nc];
		double tail = 4 * Math.pow(0.5, nt); // series remainder of both sums, each at most 2^-N
		for (int k = 0; k < nc; k++) {
			if (direct[k]) {
				lower[k] = Double.NaN;
				continue;
			}
			double err = REL * (Math.abs(back[k]) + Math.abs(obj[k])) + tail + 1e-300;
			lower[k] = Math.abs(back[k] - obj[k]) - err;
		}
		return lower;
	}

	/**
	 * acc[n] += w x^n for n = 1..{@link #SERIES_TERMS} ({@link VectorBounds} when SIMD is on: the
	 * powers then come in a different order of multiplications, which changes rounding only).
	 */
	private static void addPowers(double[] acc, double x, double w, double[] scratch) {
		if (HistogramMethods.simd) {
			VectorBounds.addPowers(acc, x, w, scratch);
			return;
		}
		double xn = 1;
		for (int n = 1; n <= SERIES_TERMS; n++) {
			xn *= x;
			acc[n] += w * xn;
		}
	}

	/** acc[n] *= r^n for n = 1..{@link #SERIES_TERMS}, as {@link #addPowers}. */
	private static void scalePowers(double[] acc, double r, double[] scratch) {
		if (HistogramMethods.simd) {
			VectorBounds.scalePowers(acc, r, scratch);
			return;
		}
		double rn = 1;
		for (int n = 1; n <= SERIES_TERMS; n++) {
			rn *= r;
			acc[n] *= rn;
		}
	}

	/** The sum of coef[n] acc[n] for n = 1..{@link #SERIES_TERMS}. */
	private static double weightedSum(double[] coef, double[] acc) {
		if (HistogramMethods.simd)
			return VectorBounds.weightedSum(coef, acc, SERIES_TERMS);
		double s = 0;
		for (int n = 1; n <= SERIES_TERMS; n++)
			s += coef[n] * acc[n];
		return s;
	}

	// ------------------------------------------------------------------ branch and bound

	/** A lower bound of the exact values of the candidates k1..k2 (inclusive). */
	interface RangeBound {
		double lower(int k1, int k2);
	}

	/** Candidates per range at the start of {@link #branchAndBound}. */
	private static final int BLOCK = 32;

	/**
	 * The first candidate (in index order) with the smallest exact value, by branch and bound over
	 * ranges of candidates: ranges are taken in increasing order of their bound and halved, until
	 * single candidates remain, which get {@code leaf} (a finer lower bound, or null to go straight
	 * to the exact value) and then, unless that rules them out, {@code exact}. A range whose bound
	 * exceeds the best exact value (plus a relative allowance for rounding) is dropped. NaN values
	 * never win; a NaN bound is explored.
	 *
	 * @return the winning index, or -1 when every evaluated value is NaN
	 */
	static int branchAndBound(int n, RangeBound range, IntToDoubleFunction leaf, IntToDoubleFunction exact) {
		java.util.PriorityQueue<double[]> queue = new java.util.PriorityQueue<>(
				(x, y) -> x[0] != y[0] ? Double.compare(x[0], y[0]) : Double.compare(x[1], y[1]));
		int blocks = (n + BLOCK - 1) / BLOCK;
		double[] first = new double[blocks];
		HistogramMethods.parallelFor(blocks, (long) blocks * 4096, b -> first[b] = range.lower(b * BLOCK, Math.min(n, (b + 1) * BLOCK) - 1));
		for (int b = 0; b < blocks; b++)
			queue.add(new double[] { key(first[b]), b * BLOCK, Math.min(n, (b + 1) * BLOCK) - 1 });
		double best = Double.POSITIVE_INFINITY;
		int winner = -1;
		while (!queue.isEmpty()) {
			double[] r = queue.poll();
			if (r[0] > best + REL * Math.abs(best))
				break; // this range and all later ones are ruled out
			int k1 = (int) r[1], k2 = (int) r[2];
			if (k1 < k2) {
				int mid = (k1 + k2) >>> 1;
				queue.add(new double[] { key(range.lower(k1, mid)), k1, mid });
				queue.add(new double[] { key(range.lower(mid + 1, k2)), mid + 1, k2 });
				continue;
			}
			if (leaf != null) {
				double lo = leaf.applyAsDouble(k1);
				if (lo > best + REL * Math.abs(best))
					continue;
			}
			double v = exact.applyAsDouble(k1);
			if (v < best || v == best && k1 < winner) {
				best = v;
				winner = k1;
			}
		}
		return winner;
	}


	private static double[] reversed(double[] h) {
		double[] r = new double[h.length];
		for (int i = 0; i < h.length; i++)
			r[h.length - 1 - i] = h[i];
		return r;
	}

	private static double key(double lower) {
		return lower == lower ? lower : Double.NEGATIVE_INFINITY;
	}

	/**
	 * Lower bound of the sum over bins a..b of h[i] f(distance of i to [lo, hi]), for an
	 * increasing function f, concave for distances > 0, with f(0) >= 0, tabulated at whole
	 * distances: each bin's term at its least distance to a class mean that lies somewhere in
	 * [lo, hi]. Without {@code df} (whole means) the table value at the floor of the distance;
	 * with {@code df = f(j + 1) - f(j)} and {@code g} (least curvature on [j, j + 1]) the chord plus
	 * curvature bound at the fractional distance (0 below distance 1).
	 */
	private static double spanBound(double[] h, double[] hR, double[] f, double[] df, double[] g, int a, int b, double lo,
			double hi) {
		if (a > b)
			return 0;
		int n = h.length;
		int fl = (int) Math.floor(lo), ch = (int) Math.ceil(hi);
		double phi = lo - fl, x = ch - hi; // fractional parts of the distances left and right
		double[] sums = new double[3];
		int end = Math.min(b, (int) Math.ceil(lo) - 1); // i < lo: distance (fl - i) + phi
		if (df != null)
			end = Math.min(end, fl - 1); // the bin at distance phi < 1 counts 0
		// bins a..end at j = fl - i: h[fl - j] = hR[n - 1 - fl + j]
		dot3(hR, n - 1 - fl, f, df, g, fl - end, fl - a, sums);
		double left = sums[0];
		if (df != null)
			left += phi * sums[1] + phi * (1 - phi) / 2 * sums[2];
		int i = Math.max(a, (int) Math.floor(hi) + 1); // i > hi: distance (i - ch) + x
		if (df != null && x > 0)
			i = Math.max(i, ch + 1); // the bin at distance x < 1 counts 0
		dot3(h, ch, f, df, g, i - ch, b - ch, sums); // bins i..b at j = i - ch
		double right = sums[0];
		if (df != null)
			right += x * sums[1] + x * (1 - x) / 2 * sums[2];
		return left + right;
	}

	/**
	 * out = the sums over j = j0..j1 of x[xo + j] times f[j], df[j] and g[j] (0 for an empty
	 * range; only the first without df). The order of the additions differs between the SIMD and
	 * the plain loop by rounding only, which the bounds' relative allowance covers.
	 */
	static void dot3(double[] x, int xo, double[] f, double[] df, double[] g, int j0, int j1, double[] out) {
		if (j0 > j1) {
			out[0] = out[1] = out[2] = 0;
			return;
		}
		if (HistogramMethods.simd) {
			VectorBounds.dot3(x, xo, f, df, g, j0, j1, out);
			return;
		}
		double s0 = 0, s1 = 0, d0 = 0, d1 = 0, g0 = 0, g1 = 0;
		int j = j0;
		if (df == null) {
			for (; j + 1 <= j1; j += 2) {
				s0 += x[xo + j] * f[j];
				s1 += x[xo + j + 1] * f[j + 1];
			}
			for (; j <= j1; j++)
				s0 += x[xo + j] * f[j];
		}
		else {
			for (; j + 1 <= j1; j += 2) {
				double x0 = x[xo + j], x1 = x[xo + j + 1];
				s0 += x0 * f[j];
				s1 += x1 * f[j + 1];
				d0 += x0 * df[j];
				d1 += x1 * df[j + 1];
				g0 += x0 * g[j];
				g1 += x1 * g[j + 1];
			}
			for (; j <= j1; j++) {
				double x0 = x[xo + j];
				s0 += x0 * f[j];
				d0 += x0 * df[j];
				g0 += x0 * g[j];
			}
		}
		out[0] = s0 + s1;
		out[1] = d0 + d1;
		out[2] = g0 + g1;
	}

	/**
	 * Lower bound for the thresholds t1..t2 of a two-class criterion sum_i h[i] F(|i - mean of
	 * i's class|) whose class means rise with t: bins up to t1 are in the lower class, with its mean
	 * in [lo0, hi0]; bins above t2 in the upper class, mean in [lo1, hi1]; bins in between in either.
	 * A class that is empty for every t in the range has NaN bounds.
	 */
	private static double twoClassBound(double[] h, double[] hR, double[] F, double[] df, double[] g, int first, int last, int t1,
			int t2, double lo0, double hi0, double lo1, double hi1) {
		double lb = 0;
		boolean lower = lo0 == lo0, upper = lo1 == lo1;
		if (lower)
			lb += spanBound(h, hR, F, df, g, first, Math.min(t1, last), lo0, hi0);
		if (upper)
			lb += spanBound(h, hR, F, df, g, Math.max(t2 + 1, first), last, lo1, hi1);
		for (int i = Math.max(t1 + 1, first), end = Math.min(t2, last); i <= end; i++) {
			if (h[i] == 0)
				continue;
			double d0 = lower ? (i < lo0 ? lo0 - i : i > hi0 ? i - hi0 : 0) : Double.POSITIVE_INFINITY;
			double d1 = upper ? (i < lo1 ? lo1 - i : i > hi1 ? i - hi1 : 0) : Double.POSITIVE_INFINITY;
			double d = Math.min(d0, d1);
			if (d != Double.POSITIVE_INFINITY)
				lb += h[i] * F[(int) Math.floor(d)];
		}
		return lb * (1 - 1e-12);
	}

	// ------------------------------------------------------------------ Huang

	/**
	 * The winning candidate index of Huang's criterion by branch and bound, or
	 * {@code Integer.MIN_VALUE} when this search does not apply (use the direct one).
	 *
	 * @param data  counts
	 * @param mu0   mean of bins <= t (at t >= first occupied bin)
	 * @param mu1   mean of bins > t (at t < last occupied bin)
	 * @param cand  candidate thresholds, increasing
	 * @param term  1 / (last - first)
	 * @param exact a candidate's criterion as the direct search computes it
	 */
	static int huang(long[] data, double[] mu0, double[] mu1, int first, int last, int[] cand, double term,
			IntToDoubleFunction exact) {
		int span = last - first;
		// ImageJ skips memberships above 0.999999: for whole distances >= 1 that never happens
		// while 1 / (1 + 1 / span) <= 0.999999, i.e. span below about 10^6
		if (span < 2 || span > 500_000)
			return Integer.MIN_VALUE;
		double[] f = new double[span + 2], df = new double[span + 1], g = new double[span + 1];
		for (int j = 1; j <= span + 1; j++) {
			double mux = 1.0 / (1.0 + term * j);
			f[j] = -mux * Math.log(mux) - (1.0 - mux) * Math.log(1.0 - mux);
		}
		for (int j = 1; j <= span; j++) {
			df[j] = f[j + 1] - f[j];
			// -f''(j + 1): f'' = term^2 (-1 / (u (1 + u)^2) - 2 ln(1 / u) / (1 + u)^3) at u = term d;
			// |f''| decreases with d, so it is the least curvature on [j, j + 1]
			double u = term * (j + 1), v = 1 + u;
			g[j] = Math.max(0, term * term * (1 / (u * v * v) + 2 * Math.log(1 / u) / (v * v * v)) * (1 - 1e-9));
		}
		double[] h = new double[data.length];
		for (int i = first; i <= last; i++)
			h[i] = data[i];
		double[] hR = reversed(h);
		RangeBound range = (k1, k2) -> {
			int t1 = cand[k1], t2 = cand[k2];
			double lo0 = Double.NaN, hi0 = Double.NaN, lo1 = Double.NaN, hi1 = Double.NaN;
			if (t2 >= first) {
				lo0 = mu0[Math.max(t1, first)];
				hi0 = mu0[t2];
			}
			if (t1 < last) {
				lo1 = mu1[t1];
				hi1 = mu1[Math.min(t2, last - 1)];
			}
			return twoClassBound(h, hR, f, df, g, first, last, t1, t2, lo0, hi0, lo1, hi1);
		};
		IntToDoubleFunction leaf = k -> {
			int t = cand[k];
			double lb = 0;
			if (t >= first)
				lb += classBound(h, hR, data, first, Math.min(t, last), mu0[t], f, df, g, term);
			if (t < last)
				lb += classBound(h, hR, data, Math.max(t + 1, first), last, mu1[t], f, df, g, term);
			return lb * (1 - 1e-12);
		};
		return branchAndBound(cand.length, range, leaf, exact);
	}

	/**
	 * Lower bound of the sum over bins a..b of counts times f(|i - mu|): the two bins nearest the
	 * mean exactly, every other bin at distance j + x (whole j >= 1, 0 <= x <= 1) by the chord of f
	 * over [j, j + 1] plus x (1 - x) / 2 times the least curvature there (f(j + x) minus the chord is
	 * x (1 - x) |f''(s)| / 2 for some s in [j, j + 1]).
	 */
	private static double classBound(double[] h, double[] hR, long[] data, int a, int b, double mu, double[] f, double[] df,
			double[] g, double term) {
		if (a > b)
			return 0;
		int m = (int) Math.floor(mu);
		double phi = mu - m;
		double exact = 0;
		for (int i = Math.max(a, m - NEAR + 1); i <= Math.min(b, m + NEAR); i++) {
			if (data[i] == 0)
				continue;
			double mux = 1.0 / (1.0 + term * Math.abs(i - mu));
			if (!(mux < 1e-06 || mux > 0.999999))
				exact += data[i] * (-mux * Math.log(mux) - (1.0 - mux) * Math.log(1.0 - mux));
		}
		// bins a..m-1: distance (m - i) + phi; bins m+2..b: distance (i - m - 1) + (1 - phi)
		double[] sums = new double[3];
		// j = m - i for i = a..min(b, m-1), from NEAR: h[m - j] = hR[n - 1 - m + j]
		dot3(hR, h.length - 1 - m, f, df, g, Math.max(NEAR, m - b), m - a, sums);
		double curv = phi * (1 - phi) / 2;
		double left = sums[0] + phi * sums[1] + curv * sums[2];
		// j = i - m - 1 for i = m+2..b, from NEAR: h[m + 1 + j]
		dot3(h, m + 1, f, df, g, Math.max(NEAR, a - m - 1), b - m - 1, sums);
		double right = sums[0] + (1 - phi) * sums[1] + curv * sums[2];
		return exact + Math.max(0, left) + Math.max(0, right);
	}

	// ------------------------------------------------------------------ Huang2

	/**
	 * The winning index (into {@code occ}) of Huang2's criterion by branch and bound: with class
	 * means rounded to whole bins every term is a table value, so leaves go straight to the exact
	 * sum.
	 *
	 * @param s     cumulative counts (s[t] = count of bins <= t)
	 * @param w     cumulative i * count
	 * @param smu   the membership entropy at each whole distance
	 * @param exact a candidate's criterion as the direct search computes it
	 */
	static int huang2(long[] data, double[] s, double[] w, double[] smu, int[] occ, int last, IntToDoubleFunction exact) {
		int first = occ[0];
		double[] h = new double[last + 1];
		for (int i : occ)
			h[i] = data[i];
		double[] hR = reversed(h);
		RangeBound range = (k1, k2) -> {
			int t1 = occ[k1], t2 = occ[k2];
			double lo0 = Math.round(w[t1] / s[t1]), hi0 = Math.round(w[t2] / s[t2]);
			double lo1 = Double.NaN, hi1 = Double.NaN;
			if (t1 < last) {
				int u = t2 < last ? t2 : occ[k2 - 1 >= k1 ? k2 - 1 : k1];
				lo1 = Math.round((w[last] - w[t1]) / (s[last] - s[t1]));
				hi1 = Math.round((w[last] - w[u]) / (s[last] - s[u]));
			}
			return twoClassBound(h, hR, smu, null, null, first, last, t1, t2, lo0, hi0, lo1, hi1);
		};
		return branchAndBound(occ.length, range, null, exact);
	}
}
