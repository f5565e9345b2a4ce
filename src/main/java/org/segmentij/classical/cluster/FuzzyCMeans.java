package org.segmentij.classical.cluster;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;

/**
 * Fuzzy c-means clustering (Bezdek) of feature vectors, and the image segmentation built on it.
 * <p>
 * With fuzzifier {@code m > 1}, the membership of point {@code i} in cluster {@code j} is
 * {@code u_ij = 1 / sum_l (d_ij / d_il)^(2 / (m - 1))} (d: Euclidean distance to the centres; a
 * point on one or more centres belongs to them in equal parts) and each centre is the
 * {@code u^m}-weighted mean {@code c_j = sum_i u_ij^m x_i / sum_i u_ij^m}. Centres are seeded with
 * k-means++ (seeded, deterministic); then memberships and centres are updated in turn until no
 * centre moves farther than the tolerance, or {@code maxIterations}. The memberships of the result
 * belong to its final centres. Clusters are sorted by their centre's first coordinate. As
 * {@code m -> 1} the memberships become hard and the method turns into k-means. Inputs are never
 * modified.
 */
public final class FuzzyCMeans {

	/** The usual fuzzifier. */
	public static final double DEFAULT_FUZZIFIER = 2;

	/** Iteration cap of the image helper. */
	public static final int DEFAULT_MAX_ITERATIONS = 300;

	/** Centre tolerance of the image helper, relative to the intensity range. */
	public static final double DEFAULT_RELATIVE_TOLERANCE = 1e-5;

	private FuzzyCMeans() {
	}

	/**
	 * A fuzzy clustering.
	 *
	 * @param centres        {@code k x dims} centres, sorted by first coordinate
	 * @param membership     {@code k x n}: {@code membership[j][i]} of point {@code i} in
	 *                       cluster {@code j}; each point's memberships sum to 1
	 * @param hardAssignment cluster of largest membership per point (ties to the lower index)
	 * @param iterations     centre updates run
	 */
	public record Result(float[][] centres, float[][] membership, int[] hardAssignment, int iterations) {
	}

	/**
	 * Clusters flat feature vectors.
	 *
	 * @param features      {@code n * dims} values, point-major; all finite
	 * @param dims          features per point, at least 1
	 * @param k             clusters, 1..n
	 * @param m             fuzzifier, finite and {@code > 1} ({@link #DEFAULT_FUZZIFIER} = 2)
	 * @param seed          seed of the k-means++ initialisation
	 * @param maxIterations most updates, at least 0
	 * @param tolerance     stop once no centre moves farther than this, at least 0
	 * @throws IllegalArgumentException for invalid features, {@code k} outside 1..n, {@code m <= 1}
	 *                                  or non-finite, negative iterations or tolerance
	 */
	public static Result cluster(float[] features, int dims, int k, double m, long seed, int maxIterations,
			double tolerance) {
		Clustering.checkFeatures(features, dims);
		Clustering.checkK(k, features.length / dims);
		checkM(m);
		Clustering.checkIterations(maxIterations, tolerance);
		return run(features, dims, null, k, m, seed, maxIterations, tolerance);
	}

	/**
	 * The membership update for given centres: {@code u_ij = 1 / sum_l (d_ij / d_il)^(2/(m-1))}.
	 *
	 * @param features flat features ({@code n * dims})
	 * @param dims     features per point
	 * @param centres  {@code k x dims} centres, all finite
	 * @param m        fuzzifier {@code > 1}
	 * @return {@code k x n} memberships, summing to 1 per point
	 */
	public static float[][] memberships(float[] features, int dims, float[][] centres, double m) {
		Clustering.checkFeatures(features, dims);
		checkM(m);
		double[] c = flatCentres(centres, dims);
		float[][] u = new float[centres.length][features.length / dims];
		memberships(features, dims, c, centres.length, m, u);
		return u;
	}

	/**
	 * The centre update for given memberships: {@code c_j = sum_i u_ij^m x_i / sum_i u_ij^m} (a
	 * cluster without any membership keeps centre 0).
	 *
	 * @param features   flat features ({@code n * dims})
	 * @param dims       features per point
	 * @param membership {@code k x n} memberships in [0, 1]
	 * @param m          fuzzifier {@code > 1}
	 * @return {@code k x dims} centres
	 */
	public static float[][] updateCentres(float[] features, int dims, float[][] membership, double m) {
		Clustering.checkFeatures(features, dims);
		checkM(m);
		int n = features.length / dims;
		if (membership == null || membership.length == 0)
			throw new IllegalArgumentException("membership must have at least one row");
		for (float[] row : membership)
			if (row == null || row.length != n)
				throw new IllegalArgumentException("every membership row must have " + n + " values");
		int k = membership.length;
		double[] c = new double[k * dims];
		centres(features, dims, null, membership, k, m, c);
		float[][] out = new float[k][dims];
		for (int j = 0; j < k; j++)
			for (int q = 0; q < dims; q++)
				out[j][q] = (float) c[j * dims + q];
		return out;
	}

	/**
	 * Segments an intensity image into {@code k} classes by fuzzy c-means on the pixel values,
	 * each pixel taking the class of largest membership. Integer-valued images spanning at most
	 * 65536 values are clustered through their histogram (the same clustering, faster).
	 *
	 * @param m fuzzifier {@code > 1} (2 is usual)
	 * @return labels 1..k (origin 0, same dimensions), sorted by centre intensity, 1 = darkest
	 * @throws IllegalArgumentException for a null or empty image, {@code k} outside 1..pixels,
	 *                                  {@code m <= 1}, or non-finite pixel values
	 */
	public static <T extends RealType<T>> Img<IntType> segment(RandomAccessibleInterval<T> image, int k, double m,
			long seed) {
		Clustering.checkK(k, ImagePoints.pixels(image));
		checkM(m);
		ImagePoints p = ImagePoints.intensities(image);
		float max = 0;
		for (float v : p.features)
			max = Math.max(max, v); // features are relative to the minimum
		Result r = run(p.features, 1, p.weights, k, m, seed, DEFAULT_MAX_ITERATIONS,
				DEFAULT_RELATIVE_TOLERANCE * max);
		int[] label = new int[r.hardAssignment.length];
		for (int i = 0; i < label.length; i++)
			label[i] = r.hardAssignment[i] + 1;
		return p.labelIntensities(image, label);
	}

	private static void checkM(double m) {
		if (!(m > 1) || Double.isInfinite(m))
			throw new IllegalArgumentException("fuzzifier m must be finite and > 1, got " + m);
	}

	private static double[] flatCentres(float[][] centres, int dims) {
		if (centres == null || centres.length == 0)
			throw new IllegalArgumentException("centres must hold at least one centre");
		double[] c = new double[centres.length * dims];
		for (int j = 0; j < centres.length; j++) {
			if (centres[j] == null || centres[j].length != dims)
				throw new IllegalArgumentException("centre " + j + " does not have " + dims + " coordinates");
			for (int q = 0; q < dims; q++) {
				if (!Float.isFinite(centres[j][q]))
					throw new IllegalArgumentException("centre " + j + " is not finite");
				c[j * dims + q] = centres[j][q];
			}
		}
		return c;
	}

	static Result run(float[] x, int d, double[] w, int k, double m, long seed, int maxIterations, double tolerance) {
		int n = x.length / d;
		double[] c = Clustering.plusPlus(x, d, w, k, seed);
		float[][] u = new float[k][n];
		memberships(x, d, c, k, m, u);
		int it = 0;
		while (it < maxIterations) {
			double[] nc = c.clone(); // a cluster without membership keeps its centre
			centres(x, d, w, u, k, m, nc);
			for (int j = 0; j < nc.length; j++)
				nc[j] = (float) nc[j]; // the reported precision
			double shift = Clustering.shift(c, nc, k, d);
			c = nc;
			memberships(x, d, c, k, m, u);
			it++;
			if (shift <= tolerance)
				break;
		}
		int[] order = Clustering.order(c, k, d);
		float[][] su = new float[k][];
		for (int j = 0; j < k; j++)
			su[j] = u[order[j]];
		int[] hard = new int[n];
		for (int i = 0; i < n; i++) {
			int best = 0;
			for (int j = 1; j < k; j++)
				if (su[j][i] > su[best][i])
					best = j;
			hard[i] = best;
		}
		return new Result(Clustering.centres(c, k, d, order), su, hard, it);
	}

	/** Memberships of every point for centres {@code c} into {@code u} (k x n). */
	private static void memberships(float[] x, int d, double[] c, int k, double m, float[][] u) {
		int n = x.length / d;
		double p = 1 / (m - 1);
		Clustering.forChunks(n, ch -> {
			double[] d2 = new double[k];
			int end = Math.min(n, (ch + 1) * Clustering.CHUNK);
			for (int i = ch * Clustering.CHUNK; i < end; i++) {
				double min = Double.POSITIVE_INFINITY;
				for (int j = 0; j < k; j++) {
					d2[j] = Clustering.dist2(x, i, d, c, j);
					min = Math.min(min, d2[j]);
				}
				if (min == 0) {
					int zeros = 0;
					for (int j = 0; j < k; j++)
						if (d2[j] == 0)
							zeros++;
					for (int j = 0; j < k; j++)
						u[j][i] = d2[j] == 0 ? 1f / zeros : 0f;
					continue;
				}
				// u_j = (min/d2_j)^p / sum_l (min/d2_l)^p: every term in (0, 1], no overflow
				double s = 0;
				for (int j = 0; j < k; j++) {
					d2[j] = Math.pow(min / d2[j], p);
					s += d2[j];
				}
				for (int j = 0; j < k; j++)
					u[j][i] = (float) (d2[j] / s);
			}
		});
	}

	/** Centres {@code sum w u^m x / sum w u^m} into {@code c}; a cluster with zero total keeps {@code c}. */
	private static void centres(float[] x, int d, double[] w, float[][] u, int k, double m, double[] c) {
		int n = x.length / d;
		int chunks = Clustering.chunks(n);
		double[][] sums = new double[chunks][];
		double[][] wts = new double[chunks][];
		Clustering.forChunks(n, ch -> {
			double[] s = new double[k * d];
			double[] ws = new double[k];
			int end = Math.min(n, (ch + 1) * Clustering.CHUNK);
			for (int i = ch * Clustering.CHUNK; i < end; i++) {
				double wi = Clustering.weight(w, i);
				for (int j = 0; j < k; j++) {
					double um = u[j][i];
					if (um == 0)
						continue;
					um = wi * Math.pow(um, m);
					ws[j] += um;
					for (int q = 0; q < d; q++)
						s[j * d + q] += um * x[i * d + q];
				}
			}
			sums[ch] = s;
			wts[ch] = ws;
		});
		for (int j = 0; j < k; j++) {
			double ws = 0;
			for (int ch = 0; ch < chunks; ch++)
				ws += wts[ch][j];
			if (!(ws > 0))
				continue;
			for (int q = 0; q < d; q++) {
				double s = 0;
				for (int ch = 0; ch < chunks; ch++)
					s += sums[ch][j * d + q];
				c[j * d + q] = s / ws;
			}
		}
	}
}
