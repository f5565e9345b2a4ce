package org.segmentij.classical.graph;

/**
 * Eigen-decomposition of a dense symmetric matrix: Householder reduction to tridiagonal form
 * (accumulating the orthogonal transform), then the implicit QL algorithm with Wilkinson-type
 * shifts on the tridiagonal matrix, rotating the accumulated vectors along. O(n&sup3;), accurate
 * to about machine precision relative to the matrix norm.
 */
public final class SymmetricEigen {

	/** Eigenvalues ascending; {@code vectors[i][k]} is component i of the k-th eigenvector (unit length). */
	public record Result(double[] values, double[][] vectors) {
	}

	private SymmetricEigen() {
	}

	/**
	 * @param matrix symmetric n x n matrix (not modified)
	 * @throws IllegalArgumentException if it is not square, or QL fails to converge
	 */
	public static Result decompose(double[][] matrix) {
		int n = matrix.length;
		double[][] a = new double[n][];
		for (int i = 0; i < n; i++) {
			if (matrix[i].length != n)
				throw new IllegalArgumentException("the matrix must be square (row " + i + " has " + matrix[i].length + " entries, expected " + n + ")");
			a[i] = matrix[i].clone();
		}
		double[][] z = new double[n][n]; // accumulated transform, z[i][k]: row i, column k
		for (int i = 0; i < n; i++)
			z[i][i] = 1;
		// Householder: for each column k, reflect rows/columns k+1.. so that a[k+2..][k] = 0
		double[] v = new double[n], p = new double[n];
		for (int k = 0; k + 2 < n; k++) {
			double norm = 0;
			for (int i = k + 1; i < n; i++)
				norm += a[i][k] * a[i][k];
			norm = Math.sqrt(norm);
			if (norm == 0)
				continue;
			double alpha = a[k + 1][k] > 0 ? -norm : norm;
			double vn = 0;
			for (int i = k + 1; i < n; i++) {
				v[i] = a[i][k] - (i == k + 1 ? alpha : 0);
				vn += v[i] * v[i];
			}
			if (vn == 0)
				continue;
			vn = Math.sqrt(vn);
			for (int i = k + 1; i < n; i++)
				v[i] /= vn;
			// trailing block S <- H S H, H = I - 2 v v^T: S - 2 v q^T - 2 q v^T, q = S v - (v^T S v) v
			double vp = 0;
			for (int i = k + 1; i < n; i++) {
				double s = 0;
				double[] ai = a[i];
				for (int j = k + 1; j < n; j++)
					s += ai[j] * v[j];
				p[i] = s;
				vp += v[i] * s;
			}
			for (int i = k + 1; i < n; i++)
				p[i] -= vp * v[i];
			for (int i = k + 1; i < n; i++) {
				double[] ai = a[i];
				double vi = v[i], pi = p[i];
				for (int j = k + 1; j < n; j++)
					ai[j] -= 2 * (vi * p[j] + pi * v[j]);
			}
			a[k + 1][k] = a[k][k + 1] = alpha;
			for (int i = k + 2; i < n; i++)
				a[i][k] = a[k][i] = 0;
			// z <- z H on columns k+1..
			for (int r = 0; r < n; r++) {
				double[] zr = z[r];
				double s = 0;
				for (int j = k + 1; j < n; j++)
					s += zr[j] * v[j];
				s *= 2;
				for (int j = k + 1; j < n; j++)
					zr[j] -= s * v[j];
			}
		}
		double[] d = new double[n], e = new double[n]; // e[i] couples i and i+1
		for (int i = 0; i < n; i++) {
			d[i] = a[i][i];
			if (i + 1 < n)
				e[i] = a[i + 1][i];
		}
		// implicit QL on the tridiagonal matrix
		double anorm = 0;
		for (int i = 0; i < n; i++)
			anorm = Math.max(anorm, Math.abs(d[i]) + Math.abs(e[i]));
		for (int l = 0; l < n; l++) {
			int iter = 0;
			int m;
			do {
				for (m = l; m < n - 1; m++) {
					double dd = Math.abs(d[m]) + Math.abs(d[m + 1]);
					if (Math.abs(e[m]) <= 1e-16 * dd || Math.abs(e[m]) <= 1e-300 + 1e-18 * anorm)
						break;
				}
				if (m != l) {
					if (++iter > 60)
						throw new IllegalArgumentException("the eigenvalue iteration did not converge");
					double g = (d[l + 1] - d[l]) / (2 * e[l]);
					double r = Math.hypot(g, 1);
					g = d[m] - d[l] + e[l] / (g + (g >= 0 ? r : -r));
					double s = 1, c = 1, pp = 0;
					int i;
					boolean underflow = false;
					for (i = m - 1; i >= l; i--) {
						double f = s * e[i], b = c * e[i];
						r = Math.hypot(f, g);
						e[i + 1] = r;
						if (r == 0) {
							d[i + 1] -= pp;
							e[m] = 0;
							underflow = true;
							break;
						}
						s = f / r;
						c = g / r;
						g = d[i + 1] - pp;
						r = (d[i] - g) * s + 2 * c * b;
						pp = s * r;
						d[i + 1] = g + pp;
						g = c * r - b;
						for (int k = 0; k < n; k++) {
							double[] zk = z[k];
							double zf = zk[i + 1];
							zk[i + 1] = s * zk[i] + c * zf;
							zk[i] = c * zk[i] - s * zf;
						}
					}
					if (underflow)
						continue;
					d[l] -= pp;
					e[l] = g;
					e[m] = 0;
				}
			} while (m != l);
		}
		Integer[] order = new Integer[n];
		for (int i = 0; i < n; i++)
			order[i] = i;
		java.util.Arrays.sort(order, (x, y) -> Double.compare(d[x], d[y]));
		double[] values = new double[n];
		double[][] vectors = new double[n][n];
		for (int k = 0; k < n; k++) {
			values[k] = d[order[k]];
			for (int i = 0; i < n; i++)
				vectors[i][k] = z[i][order[k]];
		}
		return new Result(values, vectors);
	}
}
