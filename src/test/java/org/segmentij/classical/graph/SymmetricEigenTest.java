package org.segmentij.classical.graph;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;

import org.junit.jupiter.api.Test;

class SymmetricEigenTest {

	/** The Laplacian of a path of n nodes has eigenvalues 2 - 2 cos(k pi / n), k = 0..n-1. */
	@Test
	void pathLaplacianHasAnalyticSpectrum() {
		for (int n : new int[] { 1, 2, 5, 17, 40 }) {
			double[][] l = new double[n][n];
			for (int i = 0; i + 1 < n; i++) {
				l[i][i + 1] = l[i + 1][i] = -1;
				l[i][i]++;
				l[i + 1][i + 1]++;
			}
			SymmetricEigen.Result r = SymmetricEigen.decompose(l);
			for (int k = 0; k < n; k++)
				assertEquals(2 - 2 * Math.cos(k * Math.PI / n), r.values()[k], 1e-12, "n=" + n + " k=" + k);
			checkDecomposition(l, r);
		}
	}

	/** Q diag(d) Q^T with Q a Householder reflection has eigenvalues d. */
	@Test
	void reflectedDiagonalMatrix() {
		Random rnd = new Random(3);
		int n = 12;
		double[] u = new double[n];
		double s = 0;
		for (int i = 0; i < n; i++) {
			u[i] = rnd.nextGaussian();
			s += u[i] * u[i];
		}
		double[] d = new double[n];
		for (int i = 0; i < n; i++)
			d[i] = i * 1.5 - 7 + (i == 3 ? 1.5 : 0); // includes a repeated eigenvalue
		double[][] q = new double[n][n];
		for (int i = 0; i < n; i++)
			for (int j = 0; j < n; j++)
				q[i][j] = (i == j ? 1 : 0) - 2 * u[i] * u[j] / s;
		double[][] m = new double[n][n];
		for (int i = 0; i < n; i++)
			for (int j = 0; j < n; j++)
				for (int k = 0; k < n; k++)
					m[i][j] += q[i][k] * d[k] * q[j][k];
		SymmetricEigen.Result r = SymmetricEigen.decompose(m);
		double[] sorted = d.clone();
		java.util.Arrays.sort(sorted);
		assertArrayEquals(sorted, r.values(), 1e-10);
		checkDecomposition(m, r);
	}

	private static void checkDecomposition(double[][] m, SymmetricEigen.Result r) {
		int n = m.length;
		double[][] v = r.vectors();
		for (int k = 0; k < n; k++)
			for (int i = 0; i < n; i++) {
				double mv = 0;
				for (int j = 0; j < n; j++)
					mv += m[i][j] * v[j][k];
				assertEquals(r.values()[k] * v[i][k], mv, 1e-10);
			}
		for (int a = 0; a < n; a++)
			for (int b = 0; b < n; b++) {
				double dot = 0;
				for (int i = 0; i < n; i++)
					dot += v[i][a] * v[i][b];
				assertEquals(a == b ? 1 : 0, dot, 1e-10);
			}
	}
}
