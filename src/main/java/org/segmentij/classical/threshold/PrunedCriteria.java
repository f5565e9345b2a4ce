package org.segmentij.classical.threshold;

import java.util.function.IntToDoubleFunction;

/**
 * Huang, Huang2 and Shanbhag for long histograms (16-bit data at full resolution) without
 * evaluating every candidate's criterion in full. Each of these criteria costs O(k) per candidate
 * threshold (k occupied bins), O(k^2) in all, and for Huang and Shanbhag two logarithms per term.
 * Here every candidate first gets a cheap value with a rigorous error bound; only the candidates
 * whose bound does not rule them out are then evaluated exactly, by the same code and in the same
 * order of operations as {@link HistogramMethods} uses for every candidate, and the first minimum in
 * candidate order wins, as there. So the result is the one the direct search gives, bit for bit.
 * <ul>
 * <li>Shanbhag: {@code -ln(1 - y)} with {@code 0 <= y <= 1/2} expanded as {@code sum y^n / n};
 * each class's sum then needs {@code sum_i p_i (P_i / P_t)^n}, which are carried from one candidate
 * to the next (scaled by {@code (P_t / P_t')^n}): O(N k) for N = {@value #SERIES_TERMS} terms, with
 * the truncation bounded by {@code 2^-N}.</li>
 * <li>Huang: the membership entropy {@code f(d)} of a bin at distance {@code d} from its class
 * mean is increasing and concave in {@code d} (for {@code d > 0}); the class mean is fractional,
 * so a bin's distance lies between two whole distances {@code j, j + 1}, and the chord of
 * {@code f} between them is a lower bound of its term. With {@code f(j)} and
 * {@code f(j + 1) - f(j)} tabulated, a candidate's lower bound is two dot products of the counts
 * with those tables (no logarithm; the two bins within one bin of the mean are exact). Candidates
 * are evaluated exactly in increasing order of their bound until the bound exceeds the best exact
 * value.</li>
 * <li>Huang2: class means rounded to whole bins make every term a table value, so the criterion is
 * a dot product; it is summed with independent partial sums (fast, different rounding), and the
 * candidates within the rounding bound of the minimum are summed again in the direct order.</li>
 * </ul>
 */
final class PrunedCriteria {

	/** Terms of the Shanbhag series: the remainder is below 2^-{@value}. */
	static final int SERIES_TERMS = 48;
	/** Relative allowance for rounding between two ways of summing the same positive terms. */
	private static final double REL = 1e-9;

	/** Huang: bins within this many whole distances of the class mean get exact terms. */
	static int NEAR = 3;

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
			if (prevP == prevP) { // rescale the carried sums from the previous candidate's P1
				double r = prevP / pt, rn = 1;
				for (int n = 1; n <= nt; n++) {
					rn *= r;
					acc[n] *= rn;
				}
			}
			for (; o < occ.length && occ[o] <= t; o++) {
				int i = occ[o];
				if (i < 1)
					continue;
				double x = p1[i - 1] / pt, xn = 1, w = norm[i];
				for (int n = 1; n <= nt; n++) {
					xn *= x;
					acc[n] += w * xn;
				}
			}
			prevP = pt;
			double s = 0;
			for (int n = 1; n <= nt; n++)
				s += coef[n] * acc[n];
			back[k] = s * (0.5 / pt);
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
			if (prevP == prevP) {
				double r = prevP / pt, rn = 1;
				for (int n = 1; n <= nt; n++) {
					rn *= r;
					acc[n] *= rn;
				}
			}
			for (; o >= 0 && occ[o] > t; o--) {
				int i = occ[o];
				double x = p2[i] / pt, xn = 1, w = norm[i];
				for (int n = 1; n <= nt; n++) {
					xn *= x;
					acc[n] += w * xn;
				}
			}
			prevP = pt;
			double s = 0;
			for (int n = 1; n <= nt; n++)
				s += coef[n] * acc[n];
			obj[k] = s * (0.5 / pt);
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

	// ------------------------------------------------------------------ Huang

	/**
	 * Lower bounds of Huang's criterion (ImageJ's sums) at every candidate threshold.
	 *
	 * @param data counts
	 * @param mu0  mean of bins <= t (at t >= first occupied bin)
	 * @param mu1  mean of bins > t (at t < last occupied bin)
	 * @param cand candidate thresholds
	 * @param term 1 / (last - first)
	 * @return the bounds, or null when the tables would be too large (use the direct search)
	 */
	static double[] huangLowerBounds(long[] data, double[] mu0, double[] mu1, int first, int last, int[] cand, double term) {
		int span = last - first;
		// ImageJ skips memberships above 0.999999: for whole distances >= 1 that never happens
		// while 1 / (1 + 1 / span) <= 0.999999, i.e. span below about 10^6
		if (span < 2 || span > 500_000)
			return null;
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
		double[] lower = new double[cand.length];
		HistogramMethods.parallelFor(cand.length, (long) cand.length * span, k -> {
			int t = cand[k];
			double lb = 0;
			if (t >= first)
				lb += classBound(h, data, first, Math.min(t, last), mu0[t], f, df, g, term);
			if (t < last)
				lb += classBound(h, data, Math.max(t + 1, first), last, mu1[t], f, df, g, term);
			lower[k] = lb * (1 - 1e-12);
		});
		return lower;
	}

	/**
	 * Lower bound of the sum over bins a..b of counts times f(|i - mu|): the two bins nearest the
	 * mean exactly, every other bin at distance j + x (whole j >= 1, 0 <= x <= 1) by the chord of f
	 * over [j, j + 1] plus x (1 - x) / 2 times the least curvature there (f(j + x) minus the chord is
	 * x (1 - x) |f''(s)| / 2 for some s in [j, j + 1]).
	 */
	private static double classBound(double[] h, long[] data, int a, int b, double mu, double[] f, double[] df, double[] g,
			double term) {
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
		double sf = 0, sd = 0, sg = 0, sf1 = 0, sd1 = 0, sg1 = 0;
		int jl = m - a; // j = m - i for i = a..min(b, m-1): j from max(1, m - b) to m - a
		int j = Math.max(NEAR, m - b);
		for (; j + 1 <= jl; j += 2) {
			double h0 = h[m - j], h1 = h[m - j - 1];
			sf += h0 * f[j];
			sd += h0 * df[j];
			sg += h0 * g[j];
			sf1 += h1 * f[j + 1];
			sd1 += h1 * df[j + 1];
			sg1 += h1 * g[j + 1];
		}
		for (; j <= jl; j++) {
			double h0 = h[m - j];
			sf += h0 * f[j];
			sd += h0 * df[j];
			sg += h0 * g[j];
		}
		double curv = phi * (1 - phi) / 2;
		double left = (sf + sf1) + phi * (sd + sd1) + curv * (sg + sg1);
		sf = sd = sg = sf1 = sd1 = sg1 = 0;
		int jr = b - m - 1; // j = i - m - 1 for i = m+2..b -> j = 1..b-m-1
		j = Math.max(NEAR, a - m - 1);
		for (; j + 1 <= jr; j += 2) {
			double h0 = h[m + 1 + j], h1 = h[m + 2 + j];
			sf += h0 * f[j];
			sd += h0 * df[j];
			sg += h0 * g[j];
			sf1 += h1 * f[j + 1];
			sd1 += h1 * df[j + 1];
			sg1 += h1 * g[j + 1];
		}
		for (; j <= jr; j++) {
			double h0 = h[m + 1 + j];
			sf += h0 * f[j];
			sd += h0 * df[j];
			sg += h0 * g[j];
		}
		double right = (sf + sf1) + (1 - phi) * (sd + sd1) + curv * (sg + sg1);
		return exact + Math.max(0, left) + Math.max(0, right);
	}

	// ------------------------------------------------------------------ Huang2

	/**
	 * Huang2's criterion at every occupied threshold, summed with independent partial sums, as
	 * lower bounds of the directly summed values (all terms are >= 0, so both sums are within
	 * k ulps of each other).
	 */
	static double[] huang2LowerBounds(long[] data, double[] s, double[] w, double[] smu, int[] occ, int last) {
		int first = occ[0];
		double[] h = new double[last + 1];
		for (int i : occ)
			h[i] = data[i];
		double[] lower = new double[occ.length];
		double rel = Math.max(REL, 64.0 * occ.length * 0x1.0p-52);
		HistogramMethods.parallelFor(occ.length, (long) occ.length * (last - first + 1), k -> {
			int t = occ[k];
			int mu = (int) Math.round(w[t] / s[t]);
			double e = dot(h, smu, first, t, mu);
			if (t < last) {
				mu = (int) Math.round((w[last] - w[t]) / (s[last] - s[t]));
				e += dot(h, smu, t + 1, last, mu);
			}
			lower[k] = e * (1 - rel);
		});
		return lower;
	}

	/** sum over i = a..b of h[i] * smu[|i - mu|] (mu may lie outside a..b). */
	private static double dot(double[] h, double[] smu, int a, int b, int mu) {
		double s0 = 0, s1 = 0;
		int hiLeft = Math.min(b, mu - 1); // i < mu: index mu - i
		int i = a;
		for (; i + 1 <= hiLeft; i += 2) {
			s0 += h[i] * smu[mu - i];
			s1 += h[i + 1] * smu[mu - i - 1];
		}
		for (; i <= hiLeft; i++)
			s0 += h[i] * smu[mu - i];
		i = Math.max(a, mu); // i >= mu: index i - mu
		for (; i + 1 <= b; i += 2) {
			s0 += h[i] * smu[i - mu];
			s1 += h[i + 1] * smu[i + 1 - mu];
		}
		for (; i <= b; i++)
			s0 += h[i] * smu[i - mu];
		return s0 + s1;
	}
}
