package org.segmentij.classical.graph;

import java.util.Arrays;
import java.util.HashSet;
import java.util.PriorityQueue;
import java.util.Set;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;

/**
 * Split-and-merge segmentation (Horowitz &amp; Pavlidis 1974) of 2D images and 3D stacks.
 * <p>
 * Split: starting from the whole image, a block that is not homogeneous is cut in halves along
 * every axis longer than one pixel (a quadtree in 2D, an octree in 3D), as long as its longest
 * side exceeds {@code minSize}. Merge: on the {@link RegionAdjacencyGraph} of the leaf blocks,
 * adjacent regions are merged greedily, the pair with the closest means first (ties: smaller
 * labels first), whenever their union is still homogeneous; a pair whose union is not homogeneous
 * is reconsidered only after one of the two has grown. At the end no two adjacent regions can
 * be merged. Homogeneity: {@link Predicate#RANGE} max - min &le; threshold, {@link Predicate#STD}
 * population standard deviation &le; threshold. With {@code minSize = 1} every region is
 * homogeneous (single pixels are). Labels 1..n in raster order. The input is never modified.
 */
public final class SplitMerge {

	/** Homogeneity predicate. */
	public enum Predicate {
		/** max - min &le; threshold */
		RANGE,
		/** standard deviation &le; threshold */
		STD;

		/** The predicate of a parameter value "range" or "std" (any case). */
		public static Predicate of(String name) {
			for (Predicate p : values())
				if (p.name().equalsIgnoreCase(name))
					return p;
			throw new IllegalArgumentException("predicate must be range or std (got " + name + ")");
		}

		boolean holds(long n, double sum, double sumSq, double min, double max, double threshold) {
			if (this == RANGE)
				return max - min <= threshold;
			double mu = sum / n;
			double var = Math.max(0, sumSq / n - mu * mu);
			return Math.sqrt(var) <= threshold * (1 + 1e-12) + 1e-12;
		}
	}

	private SplitMerge() {
	}

	/**
	 * Segments a 2D image or 3D stack.
	 *
	 * @param threshold homogeneity threshold, &ge; 0, in intensity units
	 * @param minSize   blocks whose longest side is at most this are not split, &ge; 1
	 * @return labels 1..n (origin 0, dimensions of the image)
	 */
	public static <T extends RealType<T>> Img<IntType> segment(RandomAccessibleInterval<T> image, Predicate predicate,
			double threshold, int minSize) {
		FlatImage f = FlatImage.gray("Split and merge", image, 1);
		for (int d = 3; d < f.dims.length; d++)
			if (f.dims[d] != 1)
				throw new IllegalArgumentException("Split and merge works on 2D images and 3D stacks; size is " + Arrays.toString(f.dims));
		int[] d3 = { f.dims[0], f.dims.length > 1 ? f.dims[1] : 1, f.dims.length > 2 ? f.dims[2] : 1 };
		return FlatImage.labelImage(segment(f.channels[0], d3, predicate, threshold, minSize), f.dims);
	}

	/** Split and merge of flat data (x fastest), {@code dims = {w, h, d}}; labels 1..n. */
	public static int[] segment(float[] v, int[] dims, Predicate predicate, double threshold, int minSize) {
		if (predicate == null)
			throw new IllegalArgumentException("predicate must be range or std");
		if (!(threshold >= 0) || Double.isInfinite(threshold))
			throw new IllegalArgumentException("threshold must be >= 0 (got " + threshold + "); use e.g. threshold=10 (intensity units)");
		if (minSize < 1)
			throw new IllegalArgumentException("min_size must be >= 1 (got " + minSize + "); use 1 to split down to single pixels");
		int[] leaf = new int[v.length];
		int[] next = { 0 };
		split(v, dims, predicate, threshold, minSize, 0, 0, 0, dims[0], dims[1], dims[2], leaf, next);
		RegionAdjacencyGraph g = RegionAdjacencyGraph.build(leaf, dims, new float[][] { v }, null);
		int nodes = g.maxLabel();
		int[] parent = new int[nodes + 1];
		int[] version = new int[nodes + 1];
		long[] cnt = new long[nodes + 1];
		double[] sum = new double[nodes + 1], sq = new double[nodes + 1], mn = new double[nodes + 1], mx = new double[nodes + 1];
		@SuppressWarnings("unchecked")
		Set<Integer>[] nb = new Set[nodes + 1];
		for (int i = 1; i <= nodes; i++) {
			parent[i] = i;
			cnt[i] = g.count(i);
			sum[i] = g.sum(i, 0);
			sq[i] = g.sumOfSquares(i, 0);
			mn[i] = g.min(i, 0);
			mx[i] = g.max(i, 0);
			nb[i] = new HashSet<>();
			for (int u : g.neighbours(i))
				nb[i].add(u);
		}
		PriorityQueue<double[]> queue = new PriorityQueue<>((x, y) -> {
			int c = Double.compare(x[0], y[0]);
			if (c != 0)
				return c;
			c = Double.compare(x[1], y[1]);
			return c != 0 ? c : Double.compare(x[2], y[2]);
		});
		for (int e = 0; e < g.edgeCount(); e++) {
			int a = g.a(e), b = g.b(e);
			queue.add(new double[] { Math.abs(sum[a] / cnt[a] - sum[b] / cnt[b]), a, b, 0, 0 });
		}
		while (!queue.isEmpty()) {
			double[] q = queue.poll();
			int a = (int) q[1], b = (int) q[2];
			if (parent[a] != a || parent[b] != b || version[a] != (int) q[3] || version[b] != (int) q[4])
				continue;
			long n = cnt[a] + cnt[b];
			double s = sum[a] + sum[b], ss = sq[a] + sq[b], lo = Math.min(mn[a], mn[b]), hi = Math.max(mx[a], mx[b]);
			if (!predicate.holds(n, s, ss, lo, hi, threshold))
				continue;
			// merge b into a (a < b)
			parent[b] = a;
			cnt[a] = n;
			sum[a] = s;
			sq[a] = ss;
			mn[a] = lo;
			mx[a] = hi;
			version[a]++;
			nb[a].addAll(nb[b]);
			nb[a].remove(a);
			nb[a].remove(b);
			for (int u : nb[b]) {
				nb[u].remove(b);
				if (u != a)
					nb[u].add(a);
			}
			nb[b] = null;
			for (int u : nb[a]) {
				int x = Math.min(a, u), y = Math.max(a, u);
				queue.add(new double[] { Math.abs(sum[a] / cnt[a] - sum[u] / cnt[u]), x, y, version[x], version[y] });
			}
		}
		for (int p = 0; p < leaf.length; p++)
			leaf[p] = Felzenszwalb.find(parent, leaf[p]);
		int[] map = new int[nodes + 1];
		int k = 0;
		for (int p = 0; p < leaf.length; p++) {
			int r = leaf[p];
			if (map[r] == 0)
				map[r] = ++k;
			leaf[p] = map[r];
		}
		return leaf;
	}

	private static void split(float[] v, int[] dims, Predicate pred, double threshold, int minSize, int x0, int y0, int z0,
			int x1, int y1, int z1, int[] leaf, int[] next) {
		int w = dims[0], h = dims[1];
		double s = 0, ss = 0, lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
		for (int z = z0; z < z1; z++)
			for (int y = y0; y < y1; y++)
				for (int x = x0, p = (z * h + y) * w + x0; x < x1; x++, p++) {
					double a = v[p];
					s += a;
					ss += a * a;
					if (a < lo)
						lo = a;
					if (a > hi)
						hi = a;
				}
		long n = (long) (x1 - x0) * (y1 - y0) * (z1 - z0);
		int longest = Math.max(x1 - x0, Math.max(y1 - y0, z1 - z0));
		if (longest <= minSize || longest == 1 || pred.holds(n, s, ss, lo, hi, threshold)) {
			int l = ++next[0];
			for (int z = z0; z < z1; z++)
				for (int y = y0; y < y1; y++)
					Arrays.fill(leaf, (z * h + y) * w + x0, (z * h + y) * w + x1, l);
			return;
		}
		int xm = x1 - x0 > 1 ? (x0 + x1) >>> 1 : x1, ym = y1 - y0 > 1 ? (y0 + y1) >>> 1 : y1, zm = z1 - z0 > 1 ? (z0 + z1) >>> 1 : z1;
		int[][] xs = { { x0, xm }, { xm, x1 } }, ys = { { y0, ym }, { ym, y1 } }, zs = { { z0, zm }, { zm, z1 } };
		for (int[] zr : zs)
			for (int[] yr : ys)
				for (int[] xr : xs)
					if (xr[1] > xr[0] && yr[1] > yr[0] && zr[1] > zr[0])
						split(v, dims, pred, threshold, minSize, xr[0], yr[0], zr[0], xr[1], yr[1], zr[1], leaf, next);
	}
}
