package org.segmentij.classical.cluster;

import java.util.ArrayList;
import java.util.List;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;

/**
 * k-means clustering (Lloyd's algorithm with seeded k-means++ initialisation) of feature
 * vectors, and the image segmentations built on it.
 * <p>
 * Features are given flat: point {@code i} is {@code features[i * dims .. i * dims + dims)}.
 * Each iteration assigns every point to its nearest centre (squared Euclidean distance, ties to
 * the lower index) and moves each centre to the mean of its points; the assignment runs in
 * parallel over chunks of points with per-chunk partial sums, combined in a fixed order, so the
 * result depends only on the input and the seed. A cluster that loses all its points is re-seeded
 * with the point farthest from its centre. Iteration stops once no centre moves more than the
 * tolerance, or after {@code maxIterations}. One-dimensional features are seeded instead with the
 * centres of a globally optimal clustering (dynamic programming over the sorted distinct values,
 * used up to {@code k * distinct values} of 8 million), so there k-means is exact and the seed
 * does not matter; the image helpers on intensities rely on this. The clusters of the result are sorted by their
 * centre's first coordinate (then the following ones), so labels are deterministic.
 * Inputs are never modified.
 */
public final class KMeans {

	/** Iteration cap of the image helpers (which iterate until no centre moves). */
	public static final int DEFAULT_MAX_ITERATIONS = 300;

	private KMeans() {
	}

	/**
	 * A clustering.
	 *
	 * @param centres    {@code k x dims} cluster centres, sorted by first coordinate
	 * @param assignment cluster index (0..k-1) of each point
	 * @param inertia    sum of squared distances of the points to their assigned centres
	 * @param iterations Lloyd iterations run (0: the k-means++ seeds themselves)
	 */
	public record Result(float[][] centres, int[] assignment, double inertia, int iterations) {
	}

	/**
	 * Clusters flat feature vectors.
	 *
	 * @param features      {@code n * dims} values, point-major; all finite
	 * @param dims          features per point, at least 1
	 * @param k             clusters, 1..n
	 * @param seed          seed of the k-means++ draws (same seed, same result)
	 * @param maxIterations most Lloyd iterations, at least 0
	 * @param tolerance     stop once no centre moves farther than this (Euclidean), at least 0
	 * @return the clustering, clusters sorted by first centre coordinate
	 * @throws IllegalArgumentException for null or empty features, a length that is not a multiple
	 *                                  of {@code dims}, non-finite features, {@code k < 1},
	 *                                  {@code k > n}, negative iterations or tolerance
	 */
	public static Result cluster(float[] features, int dims, int k, long seed, int maxIterations, double tolerance) {
		Clustering.checkFeatures(features, dims);
		Clustering.checkK(k, features.length / dims);
		Clustering.checkIterations(maxIterations, tolerance);
		return lloyd(features, dims, null, k, seed, maxIterations, tolerance);
	}

	/**
	 * Clusters feature vectors given as rows ({@code points[i]} is point {@code i}, all of the same
	 * length); see {@link #cluster(float[], int, int, long, int, double)}.
	 */
	public static Result cluster(float[][] points, int k, long seed, int maxIterations, double tolerance) {
		float[] x = Clustering.flatten(points);
		return cluster(x, points[0].length, k, seed, maxIterations, tolerance);
	}

	/**
	 * Segments an intensity image into {@code k} classes by k-means on the pixel values.
	 * Integer-valued images spanning at most 65536 values are clustered through their histogram
	 * (exactly the same clustering, much faster).
	 *
	 * @return labels 1..k (origin 0, same dimensions), 1 = darkest class
	 * @throws IllegalArgumentException for a null or empty image, {@code k < 1}, {@code k} above
	 *                                  the number of pixels, or non-finite pixel values
	 */
	public static <T extends RealType<T>> Img<IntType> segment(RandomAccessibleInterval<T> image, int k, long seed) {
		Clustering.checkK(k, ImagePoints.pixels(image));
		ImagePoints p = ImagePoints.intensities(image);
		Result r = lloyd(p.features, 1, p.weights, k, seed, DEFAULT_MAX_ITERATIONS, 0);
		int[] label = new int[r.assignment.length];
		for (int i = 0; i < label.length; i++)
			label[i] = r.assignment[i] + 1;
		return p.labelIntensities(image, label);
	}

	/**
	 * Segments an RGB image into {@code k} classes by k-means on (R, G, B) (alpha ignored),
	 * clustering the distinct colours weighted by their pixel counts (the same clustering as on all
	 * pixels).
	 *
	 * @return labels 1..k (origin 0, same dimensions), sorted by the luminance
	 *         (0.299 R + 0.587 G + 0.114 B) of the class centre, 1 = darkest
	 * @throws IllegalArgumentException for a null or empty image, {@code k < 1} or {@code k} above
	 *                                  the number of pixels
	 */
	public static Img<IntType> segmentRgb(RandomAccessibleInterval<ARGBType> image, int k, long seed) {
		Clustering.checkK(k, ImagePoints.pixels(image));
		ImagePoints p = ImagePoints.rgb(image);
		Result r = lloyd(p.features, 3, p.weights, k, seed, DEFAULT_MAX_ITERATIONS, 0);
		int[] byLum = luminanceRanks(r.centres);
		int[] label = new int[r.assignment.length];
		for (int i = 0; i < label.length; i++)
			label[i] = byLum[r.assignment[i]] + 1;
		return p.labelRgb(image, label);
	}

	/** {@code rank[cluster]}: position of the cluster when sorted by centre luminance (stable). */
	static int[] luminanceRanks(float[][] centres) {
		int k = centres.length;
		double[] lum = new double[k];
		for (int j = 0; j < k; j++)
			lum[j] = ImagePoints.luminance(centres[j]);
		return Clustering.rank(Clustering.order(lum, k, 1));
	}

	/** The partial sums of one assignment pass. */
	private record Pass(double[] sums, double[] weights, double inertia) {
	}

	/** Lloyd's algorithm; {@code w}: weight per point or null; k may exceed the number of points. */
	static Result lloyd(float[] x, int d, double[] w, int k, long seed, int maxIterations, double tolerance) {
		int n = x.length / d;
		double[] c = d == 1 ? optimalSeeds(x, w, k) : null;
		if (c == null)
			c = Clustering.plusPlus(x, d, w, k, seed);
		int[] a = new int[n];
		double[] near = new double[n];
		Pass pass = assign(x, d, w, c, k, a, near);
		int it = 0;
		while (it < maxIterations) {
			double[] nc = new double[k * d];
			List<Integer> empty = new ArrayList<>();
			for (int j = 0; j < k; j++) {
				if (pass.weights[j] > 0)
					for (int q = 0; q < d; q++)
						nc[j * d + q] = (float) (pass.sums[j * d + q] / pass.weights[j]); // the reported precision
				else
					empty.add(j);
			}
			for (int j : empty) { // re-seed with the farthest point not used yet
				int far = 0;
				for (int i = 1; i < n; i++)
					if (near[i] > near[far])
						far = i;
				near[far] = -1;
				for (int q = 0; q < d; q++)
					nc[j * d + q] = x[far * d + q];
			}
			double shift = Clustering.shift(c, nc, k, d);
			c = nc;
			pass = assign(x, d, w, c, k, a, near);
			it++;
			if (shift <= tolerance)
				break;
		}
		int[] order = Clustering.order(c, k, d);
		int[] rank = Clustering.rank(order);
		for (int i = 0; i < n; i++)
			a[i] = rank[a[i]];
		return new Result(Clustering.centres(c, k, d, order), a, pass.inertia, it);
	}

	/**
	 * One-dimensional seeds: the centres of a globally optimal clustering (Lloyd then stops at
	 * once), padded with copies of the last when there are fewer distinct values than k; null when
	 * the problem is too large for the exact solver.
	 */
	private static double[] optimalSeeds(float[] x, double[] w, int k) {
		double[] o = Optimal1D.centres(x, w, k);
		if (o == null)
			return null;
		double[] c = new double[k];
		for (int j = 0; j < k; j++)
			c[j] = (float) o[Math.min(j, o.length - 1)];
		return c;
	}

	/** Nearest centre of every point (into {@code a}, its squared distance into {@code near}). */
	private static Pass assign(float[] x, int d, double[] w, double[] c, int k, int[] a, double[] near) {
		int n = x.length / d;
		int chunks = Clustering.chunks(n);
		double[][] sums = new double[chunks][];
		double[][] wts = new double[chunks][];
		double[] inert = new double[chunks];
		Clustering.forChunks(n, ch -> {
			double[] s = new double[k * d];
			double[] ws = new double[k];
			double in = 0;
			int end = Math.min(n, (ch + 1) * Clustering.CHUNK);
			for (int i = ch * Clustering.CHUNK; i < end; i++) {
				int best = 0;
				double bd = Double.POSITIVE_INFINITY;
				for (int j = 0; j < k; j++) {
					double dd = Clustering.dist2(x, i, d, c, j);
					if (dd < bd) {
						bd = dd;
						best = j;
					}
				}
				a[i] = best;
				near[i] = bd;
				double wi = Clustering.weight(w, i);
				ws[best] += wi;
				for (int q = 0; q < d; q++)
					s[best * d + q] += wi * x[i * d + q];
				in += wi * bd;
			}
			sums[ch] = s;
			wts[ch] = ws;
			inert[ch] = in;
		});
		double[] s = new double[k * d];
		double[] ws = new double[k];
		double in = 0;
		for (int ch = 0; ch < chunks; ch++) {
			for (int j = 0; j < k * d; j++)
				s[j] += sums[ch][j];
			for (int j = 0; j < k; j++)
				ws[j] += wts[ch][j];
			in += inert[ch];
		}
		return new Pass(s, ws, in);
	}
}
