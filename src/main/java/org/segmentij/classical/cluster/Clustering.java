package org.segmentij.classical.cluster;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Shared pieces of the clustering algorithms: input validation, k-means++ seeding, the
 * chunked parallel loop and the deterministic ordering of clusters. Feature vectors are stored
 * flat ({@code x[i * dims + q]}); optional per-point weights (null: every point weighs 1) let
 * the image helpers cluster a histogram of distinct values instead of every pixel.
 */
final class Clustering {

	/** Points per parallel task; partial results are combined in chunk order (deterministic). */
	static final int CHUNK = 4096;

	private Clustering() {
	}

	static int chunks(int n) {
		return (n + CHUNK - 1) / CHUNK;
	}

	/** Runs {@code body} for every chunk index, in parallel when there is more than one. */
	static void forChunks(int n, java.util.function.IntConsumer body) {
		int c = chunks(n);
		if (c <= 1) {
			for (int i = 0; i < c; i++)
				body.accept(i);
		} else
			IntStream.range(0, c).parallel().forEach(body);
	}

	static void checkFeatures(float[] features, int dims) {
		if (features == null)
			throw new IllegalArgumentException("features must not be null");
		if (dims < 1)
			throw new IllegalArgumentException("dims must be >= 1, got " + dims);
		if (features.length == 0)
			throw new IllegalArgumentException("features must hold at least one point");
		if (features.length % dims != 0)
			throw new IllegalArgumentException(
					"features length " + features.length + " is not a multiple of dims " + dims);
		for (int i = 0; i < features.length; i++)
			if (!Float.isFinite(features[i]))
				throw new IllegalArgumentException(
						"feature " + (i % dims) + " of point " + (i / dims) + " is " + features[i] + " (must be finite)");
	}

	static void checkK(int k, long points) {
		if (k < 1)
			throw new IllegalArgumentException("k must be >= 1, got " + k);
		if (k > points)
			throw new IllegalArgumentException(k + " clusters asked for, but the image has only " + points
					+ (points == 1 ? " pixel" : " pixels") + "; use clusters=" + Math.max(1, points) + " or a larger image");
	}

	static void checkIterations(int maxIterations, double tolerance) {
		if (maxIterations < 0)
			throw new IllegalArgumentException("maxIterations must be >= 0, got " + maxIterations);
		if (!(tolerance >= 0) || Double.isInfinite(tolerance))
			throw new IllegalArgumentException("tolerance must be finite and >= 0, got " + tolerance);
	}

	/** Flattens rows of equal length (at least 1) into one array. */
	static float[] flatten(float[][] points) {
		if (points == null || points.length == 0)
			throw new IllegalArgumentException("points must hold at least one point");
		if (points[0] == null || points[0].length == 0)
			throw new IllegalArgumentException("points must have at least one feature");
		int d = points[0].length;
		float[] x = new float[points.length * d];
		for (int i = 0; i < points.length; i++) {
			if (points[i] == null || points[i].length != d)
				throw new IllegalArgumentException("point " + i + " does not have " + d + " features");
			System.arraycopy(points[i], 0, x, i * d, d);
		}
		return x;
	}

	static double dist2(float[] x, int i, int d, double[] c, int j) {
		double s = 0;
		int a = i * d, b = j * d;
		for (int q = 0; q < d; q++) {
			double t = x[a + q] - c[b + q];
			s += t * t;
		}
		return s;
	}

	/**
	 * k-means++ seeding: the first centre drawn with probability proportional to the weight, each
	 * further one proportional to weight times squared distance to the nearest chosen centre
	 * (by weight alone when every point already coincides with a centre).
	 */
	static double[] plusPlus(float[] x, int d, double[] w, int k, long seed) {
		int n = x.length / d;
		Random rnd = new Random(seed);
		double[] c = new double[k * d];
		double[] near = new double[n];
		Arrays.fill(near, Double.POSITIVE_INFINITY);
		for (int j = 0; j < k; j++) {
			int pick = -1;
			if (j > 0) {
				double total = 0;
				for (int i = 0; i < n; i++)
					total += weight(w, i) * near[i];
				if (total > 0)
					pick = draw(rnd, total, i -> weight(w, i) * near[i], n);
			}
			if (pick < 0) {
				double total = 0;
				for (int i = 0; i < n; i++)
					total += weight(w, i);
				pick = draw(rnd, total, i -> weight(w, i), n);
			}
			for (int q = 0; q < d; q++)
				c[j * d + q] = x[pick * d + q];
			final int jj = j;
			forChunks(n, ch -> {
				int end = Math.min(n, (ch + 1) * CHUNK);
				for (int i = ch * CHUNK; i < end; i++) {
					double dd = dist2(x, i, d, c, jj);
					if (dd < near[i])
						near[i] = dd;
				}
			});
		}
		return c;
	}

	static double weight(double[] w, int i) {
		return w == null ? 1 : w[i];
	}

	private static int draw(Random rnd, double total, java.util.function.IntToDoubleFunction p, int n) {
		double r = rnd.nextDouble() * total;
		int last = -1;
		double acc = 0;
		for (int i = 0; i < n; i++) {
			double v = p.applyAsDouble(i);
			if (v <= 0)
				continue;
			last = i;
			acc += v;
			if (r < acc)
				return i;
		}
		return last < 0 ? 0 : last;
	}

	/** Largest Euclidean distance any centre moved. */
	static double shift(double[] a, double[] b, int k, int d) {
		double m = 0;
		for (int j = 0; j < k; j++) {
			double s = 0;
			for (int q = 0; q < d; q++) {
				double t = a[j * d + q] - b[j * d + q];
				s += t * t;
			}
			m = Math.max(m, Math.sqrt(s));
		}
		return m;
	}

	/**
	 * The cluster order that sorts centres by their first coordinate (then the next ones, then the
	 * original index): {@code order[newIndex] = oldIndex}.
	 */
	static int[] order(double[] c, int k, int d) {
		Integer[] idx = new Integer[k];
		for (int j = 0; j < k; j++)
			idx[j] = j;
		Arrays.sort(idx, (a, b) -> {
			for (int q = 0; q < d; q++) {
				int r = Double.compare(c[a * d + q], c[b * d + q]);
				if (r != 0)
					return r;
			}
			return Integer.compare(a, b);
		});
		int[] o = new int[k];
		for (int j = 0; j < k; j++)
			o[j] = idx[j];
		return o;
	}

	/** The inverse permutation of {@code order}: {@code rank[oldIndex] = newIndex}. */
	static int[] rank(int[] order) {
		int[] r = new int[order.length];
		for (int j = 0; j < order.length; j++)
			r[order[j]] = j;
		return r;
	}

	static float[][] centres(double[] c, int k, int d, int[] order) {
		float[][] out = new float[k][d];
		for (int j = 0; j < k; j++)
			for (int q = 0; q < d; q++)
				out[j][q] = (float) c[order[j] * d + q];
		return out;
	}
}
