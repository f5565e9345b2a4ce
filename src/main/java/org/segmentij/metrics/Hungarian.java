package org.segmentij.metrics;

import java.util.Arrays;

/** Minimum-cost assignment (Hungarian algorithm with potentials, O(n^2 m)) for n &le; m. */
final class Hungarian {

	private Hungarian() {
	}

	/**
	 * Assigns every row of an n x m cost matrix (n &le; m) to a distinct column with minimum
	 * total cost.
	 *
	 * @return for each row its column
	 */
	static int[] solve(double[][] cost) {
		int n = cost.length;
		if (n == 0)
			return new int[0];
		int m = cost[0].length;
		if (n > m)
			throw new IllegalArgumentException("Hungarian: more rows (" + n + ") than columns (" + m + ")");
		double[] u = new double[n + 1], v = new double[m + 1], minv = new double[m + 1];
		int[] p = new int[m + 1], way = new int[m + 1];
		boolean[] used = new boolean[m + 1];
		for (int i = 1; i <= n; i++) {
			p[0] = i;
			int j0 = 0;
			Arrays.fill(minv, Double.POSITIVE_INFINITY);
			Arrays.fill(used, false);
			do {
				used[j0] = true;
				int i0 = p[j0], j1 = 0;
				double delta = Double.POSITIVE_INFINITY;
				for (int j = 1; j <= m; j++)
					if (!used[j]) {
						double cur = cost[i0 - 1][j - 1] - u[i0] - v[j];
						if (cur < minv[j]) {
							minv[j] = cur;
							way[j] = j0;
						}
						if (minv[j] < delta) {
							delta = minv[j];
							j1 = j;
						}
					}
				for (int j = 0; j <= m; j++)
					if (used[j]) {
						u[p[j]] += delta;
						v[j] -= delta;
					} else
						minv[j] -= delta;
				j0 = j1;
			} while (p[j0] != 0);
			do {
				int j1 = way[j0];
				p[j0] = p[j1];
				j0 = j1;
			} while (j0 != 0);
		}
		int[] rowToCol = new int[n];
		Arrays.fill(rowToCol, -1);
		for (int j = 1; j <= m; j++)
			if (p[j] != 0)
				rowToCol[p[j] - 1] = j - 1;
		return rowToCol;
	}
}
