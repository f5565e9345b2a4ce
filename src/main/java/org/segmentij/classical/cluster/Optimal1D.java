package org.segmentij.classical.cluster;

import java.util.Arrays;

/**
 * Globally optimal k-means in one dimension: in sorted order the clusters of an optimum are
 * contiguous runs, found by dynamic programming over the distinct values (weighted by their
 * counts), {@code D[c][j] = min_i D[c-1][i-1] + cost(i..j)}, each layer by divide and conquer on
 * the monotone split point ({@code O(k B log B)} for {@code B} distinct values).
 */
final class Optimal1D {

	/** Largest {@code k * distinct values} solved (the split table is an int per entry). */
	static final long MAX_TABLE = 8_000_000L;

	private Optimal1D() {
	}

	/**
	 * Centres (ascending, {@code min(k, distinct values)} of them) of an optimal clustering of the
	 * weighted values ({@code w} null: weight 1 each), or null when the problem is too large.
	 */
	static double[] centres(float[] x, double[] w, int k) {
		int n = x.length;
		double[] v;
		double[] wt;
		boolean sorted = true;
		for (int i = 1; i < n && sorted; i++)
			sorted = x[i - 1] <= x[i];
		float[] s;
		double[] sw;
		if (sorted) {
			s = x;
			sw = w;
		} else if (w == null) {
			s = x.clone();
			Arrays.sort(s);
			sw = null;
		} else {
			Integer[] idx = new Integer[n];
			for (int i = 0; i < n; i++)
				idx[i] = i;
			Arrays.sort(idx, (a, b) -> Float.compare(x[a], x[b]));
			s = new float[n];
			sw = new double[n];
			for (int i = 0; i < n; i++) {
				s[i] = x[idx[i]];
				sw[i] = w[idx[i]];
			}
		}
		int b = 0;
		for (int i = 0; i < n; i++)
			if (i == 0 || s[i] != s[i - 1])
				b++;
		int kk = Math.min(k, b);
		if ((long) kk * b > MAX_TABLE)
			return null;
		v = new double[b];
		wt = new double[b];
		int p = -1;
		for (int i = 0; i < n; i++) {
			if (i == 0 || s[i] != s[i - 1])
				v[++p] = s[i];
			wt[p] += sw == null ? 1 : sw[i];
		}
		double total = 0, mean = 0;
		for (int i = 0; i < b; i++) {
			total += wt[i];
			mean += wt[i] * v[i];
		}
		mean /= total;
		Solver d = new Solver(v, wt, mean, kk);
		return d.solve();
	}

	private static final class Solver {
		final double[] pw, ps, pq;
		final double mean;
		final int b, k;
		final int[][] arg;
		double[] prev, cur;

		Solver(double[] v, double[] w, double mean, int k) {
			this.b = v.length;
			this.k = k;
			this.mean = mean;
			pw = new double[b + 1];
			ps = new double[b + 1];
			pq = new double[b + 1];
			for (int i = 0; i < b; i++) {
				double c = v[i] - mean; // centred: less cancellation in Q - S^2/W
				pw[i + 1] = pw[i] + w[i];
				ps[i + 1] = ps[i] + w[i] * c;
				pq[i + 1] = pq[i] + w[i] * c * c;
			}
			arg = new int[k][b];
		}

		/** Weighted squared deviation of values i..j from their mean. */
		double cost(int i, int j) {
			double w = pw[j + 1] - pw[i], s = ps[j + 1] - ps[i];
			return Math.max(0, pq[j + 1] - pq[i] - s * s / w);
		}

		double[] solve() {
			prev = new double[b];
			for (int j = 0; j < b; j++)
				prev[j] = cost(0, j);
			for (int c = 1; c < k; c++) {
				cur = new double[b];
				Arrays.fill(cur, Double.POSITIVE_INFINITY);
				layer(c, c, b - 1, c, b - 1);
				prev = cur;
			}
			double[] centres = new double[k];
			int j = b - 1;
			for (int c = k - 1; c >= 0; c--) {
				int i = c == 0 ? 0 : arg[c][j];
				centres[c] = (ps[j + 1] - ps[i]) / (pw[j + 1] - pw[i]) + mean;
				j = i - 1;
			}
			return centres;
		}

		/** cur[lo..hi] for cluster count c + 1, the first index of the last cluster in optLo..optHi. */
		private void layer(int c, int lo, int hi, int optLo, int optHi) {
			if (lo > hi)
				return;
			int mid = (lo + hi) >>> 1;
			double best = Double.POSITIVE_INFINITY;
			int bi = Math.max(optLo, c);
			for (int i = Math.max(optLo, c); i <= Math.min(mid, optHi); i++) {
				double t = prev[i - 1] + cost(i, mid);
				if (t < best) {
					best = t;
					bi = i;
				}
			}
			cur[mid] = best;
			arg[c][mid] = bi;
			layer(c, lo, mid - 1, optLo, bi);
			layer(c, mid + 1, hi, bi, optHi);
		}
	}
}
