package org.segmentij.classical.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;

/**
 * Agglomerative hierarchical clustering of the regions of a {@link RegionAdjacencyGraph} down to
 * k clusters, merging only adjacent clusters (so every cluster is spatially connected).
 * <p>
 * Regions are the labels with pixels; a region's weight is its pixel count and its feature its
 * mean colour. Linkages:
 * <ul>
 * <li>{@link Linkage#WARD}: merge cost n<sub>a</sub> n<sub>b</sub> / (n<sub>a</sub> + n<sub>b</sub>)
 * |mean<sub>a</sub> - mean<sub>b</sub>|&sup2; (the increase of the within-cluster sum of squares),
 * n the pixel counts, means the clusters' mean colours;</li>
 * <li>{@link Linkage#AVERAGE}: the pixel-weighted mean, over all pairs of regions i in A and j in
 * B, of the Euclidean distance between their mean colours (updated by Lance–Williams: the
 * weighted pair sums of A and B add up).</li>
 * </ul>
 * At each step the adjacent pair of least cost merges (ties: the pair whose smaller cluster id is
 * smaller, then the larger one; a cluster's id is its smallest label). A priority queue holds
 * candidate pairs; entries made stale by a merge are skipped when popped (lazy invalidation).
 * Merging stops at k clusters, or earlier when no two clusters are adjacent.
 */
public final class Agglomerative {

	/** How the distance between clusters is measured. */
	public enum Linkage {
		WARD, AVERAGE;

		/** "ward" or "average", any case. */
		public static Linkage of(String name) {
			for (Linkage l : values())
				if (l.name().equalsIgnoreCase(name))
					return l;
			throw new IllegalArgumentException("linkage must be ward or average (got " + name + ")");
		}
	}

	/**
	 * A clustering.
	 *
	 * @param clusterOfLabel cluster 1..k of each label (index = label; 0 for labels without pixels)
	 * @param merges         the merges in order: {id of the kept cluster, id of the absorbed one}
	 */
	public record Result(int[] clusterOfLabel, int[][] merges) {
	}

	private Agglomerative() {
	}

	/** Clusters the regions of {@code g} into {@code k} adjacent-merged clusters. */
	public static Result cluster(RegionAdjacencyGraph g, int k, Linkage linkage) {
		if (k < 1)
			throw new IllegalArgumentException("clusters must be >= 1 (got " + k + ")");
		if (linkage == null)
			throw new IllegalArgumentException("linkage must be ward or average");
		int n = g.maxLabel();
		int nc = g.channels();
		int[] parent = new int[n + 1];
		int[] version = new int[n + 1];
		double[] weight = new double[n + 1];
		double[] sum = new double[(n + 1) * nc]; // weighted colour sums
		List<List<Integer>> members = new ArrayList<>();
		@SuppressWarnings("unchecked")
		Map<Integer, Double>[] pairSum = new Map[n + 1]; // average: sum of w_i w_j d_ij to adjacent clusters
		int clusters = 0;
		for (int v = 0; v <= n; v++) {
			parent[v] = v;
			members.add(null);
			if (v == 0 || g.count(v) == 0)
				continue;
			clusters++;
			weight[v] = g.count(v);
			for (int c = 0; c < nc; c++)
				sum[v * nc + c] = g.sum(v, c);
			members.set(v, new ArrayList<>(List.of(v)));
			pairSum[v] = new HashMap<>();
		}
		PriorityQueue<double[]> queue = new PriorityQueue<>(Agglomerative::compare);
		for (int e = 0; e < g.edgeCount(); e++) {
			int a = g.a(e), b = g.b(e);
			// adjacency (and, for average linkage, the weighted pair sums)
			double s = linkage == Linkage.AVERAGE ? weight[a] * weight[b] * dist(sum, weight, nc, a, b) : 0;
			pairSum[a].put(b, s);
			pairSum[b].put(a, s);
			queue.add(new double[] { cost(linkage, sum, weight, nc, pairSum, a, b), a, b, 0, 0 });
		}
		List<int[]> merges = new ArrayList<>();
		while (clusters > k && !queue.isEmpty()) {
			double[] q = queue.poll();
			int a = (int) q[1], b = (int) q[2];
			if (parent[a] != a || parent[b] != b || version[a] != (int) q[3] || version[b] != (int) q[4])
				continue;
			// merge b into a (a < b)
			Map<Integer, Double> na = pairSum[a], nbm = pairSum[b];
			Map<Integer, Double> merged = new HashMap<>();
			for (Map.Entry<Integer, Double> e : na.entrySet())
				if (e.getKey() != b)
					merged.put(e.getKey(), e.getValue());
			for (Map.Entry<Integer, Double> e : nbm.entrySet())
				if (e.getKey() != a)
					merged.merge(e.getKey(), e.getValue(), Double::sum);
			if (linkage == Linkage.AVERAGE) // pairs adjacent to only one side need the other side's sum
				for (Map.Entry<Integer, Double> e : merged.entrySet()) {
					int c = e.getKey();
					boolean inA = na.containsKey(c), inB = nbm.containsKey(c);
					if (!inA)
						e.setValue(e.getValue() + memberPairSum(members.get(a), members.get(c), g, nc));
					else if (!inB)
						e.setValue(e.getValue() + memberPairSum(members.get(b), members.get(c), g, nc));
				}
			parent[b] = a;
			weight[a] += weight[b];
			for (int c = 0; c < nc; c++)
				sum[a * nc + c] += sum[b * nc + c];
			members.get(a).addAll(members.get(b));
			members.set(b, null);
			pairSum[a] = merged;
			pairSum[b] = null;
			version[a]++;
			clusters--;
			merges.add(new int[] { a, b });
			for (Map.Entry<Integer, Double> e : merged.entrySet()) {
				int c = e.getKey();
				Map<Integer, Double> mc = pairSum[c];
				mc.remove(b);
				mc.put(a, e.getValue());
				int x = Math.min(a, c), y = Math.max(a, c);
				queue.add(new double[] { cost(linkage, sum, weight, nc, pairSum, x, y), x, y, version[x], version[y] });
			}
		}
		int[] cluster = new int[n + 1];
		int next = 0;
		for (int v = 1; v <= n; v++) {
			if (g.count(v) == 0)
				continue;
			int r = Felzenszwalb.find(parent, v);
			if (cluster[r] == 0)
				cluster[r] = ++next;
			cluster[v] = cluster[r];
		}
		return new Result(cluster, merges.toArray(new int[0][]));
	}

	private static int compare(double[] x, double[] y) {
		int c = Double.compare(x[0], y[0]);
		if (c != 0)
			return c;
		c = Double.compare(x[1], y[1]);
		return c != 0 ? c : Double.compare(x[2], y[2]);
	}

	/** Distance between the mean colours of two clusters (from their weighted sums). */
	private static double dist(double[] sum, double[] weight, int nc, int a, int b) {
		double s = 0;
		for (int c = 0; c < nc; c++) {
			double d = sum[a * nc + c] / weight[a] - sum[b * nc + c] / weight[b];
			s += d * d;
		}
		return Math.sqrt(s);
	}

	private static double cost(Linkage linkage, double[] sum, double[] weight, int nc, Map<Integer, Double>[] pairSum, int a, int b) {
		if (linkage == Linkage.WARD) {
			double d = dist(sum, weight, nc, a, b);
			return weight[a] * weight[b] / (weight[a] + weight[b]) * d * d;
		}
		return pairSum[a].get(b) / (weight[a] * weight[b]);
	}

	/** Sum over region pairs of w_i w_j |mean_i - mean_j|, computed from the members. */
	private static double memberPairSum(List<Integer> as, List<Integer> bs, RegionAdjacencyGraph g, int nc) {
		double s = 0;
		for (int i : as)
			for (int j : bs) {
				double d2 = 0;
				for (int c = 0; c < nc; c++) {
					double d = g.mean(i, c) - g.mean(j, c);
					d2 += d * d;
				}
				s += (double) g.count(i) * g.count(j) * Math.sqrt(d2);
			}
		return s;
	}

	/** Labels 1..k of the clusters of a label image (0 stays 0). */
	public static Img<IntType> relabel(int[] labels, int[] dims, int[] clusterOfLabel) {
		int[] out = new int[labels.length];
		for (int i = 0; i < out.length; i++)
			out[i] = clusterOfLabel[labels[i]];
		return FlatImage.labelImage(out, dims);
	}

	/**
	 * SLIC superpixels of an RGB image, clustered on their mean R, G, B (0..255) down to
	 * {@code k} connected regions.
	 */
	public static Img<IntType> segmentRgb(RandomAccessibleInterval<ARGBType> rgb, int nSegments, double compactness, int k,
			Linkage linkage) {
		FlatImage f = FlatImage.rgb("Agglomerative clustering", rgb);
		int[] sp = FlatImage.labels("superpixels", Slic.segment(rgb, nSegments, compactness));
		RegionAdjacencyGraph g = RegionAdjacencyGraph.build(sp, f.dims, f.channels, null);
		return relabel(sp, f.dims, cluster(g, k, linkage).clusterOfLabel());
	}

	/** SLIC superpixels of a gray image (2D or 3D), clustered on their mean intensity. */
	public static <T extends RealType<T>> Img<IntType> segmentGray(RandomAccessibleInterval<T> gray, double[] spacing, int nSegments,
			double compactness, int k, Linkage linkage) {
		FlatImage f = FlatImage.gray("Agglomerative clustering", gray, 1);
		int[] sp = FlatImage.labels("superpixels", Slic.segmentGray(gray, spacing, nSegments, compactness, Slic.DEFAULT_MAX_ITER, 0, true));
		RegionAdjacencyGraph g = RegionAdjacencyGraph.build(sp, f.dims, f.channels, null);
		return relabel(sp, f.dims, cluster(g, k, linkage).clusterOfLabel());
	}
}
