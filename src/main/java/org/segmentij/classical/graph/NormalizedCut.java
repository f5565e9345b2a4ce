package org.segmentij.classical.graph;

import java.util.ArrayDeque;
import java.util.Arrays;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;

/**
 * Recursive two-way normalised cuts (Shi &amp; Malik 2000) on a {@link RegionAdjacencyGraph}, as
 * scikit-image's {@code graph.cut_normalized} on a {@code rag_mean_color(..., mode='similarity')}.
 * <p>
 * Edge weights are similarities w = exp(-|mean colour difference|&sup2; / sigma) (scikit-image's
 * formula: divided by sigma, not sigma&sup2;; its default sigma is 255 for colours 0..255), and
 * every region has a self-loop of weight 1 (scikit-image's {@code max_edge}). A (sub)graph of
 * more than two regions is cut by thresholding the eigenvector of the second-smallest eigenvalue
 * of D<sup>-1/2</sup>(D - W)D<sup>-1/2</sup> ({@link SymmetricEigen}) at {@code numCuts} evenly
 * spaced values between its minimum and maximum; the threshold of least Ncut = cut/assoc(A) +
 * cut/assoc(B) wins, and the cut is made, and both halves cut again, when that value is below
 * {@code threshold}. Subgraphs are processed breadth-first; no cut is made that would give more
 * than {@code maxRegions} regions.
 */
public final class NormalizedCut {

	/** scikit-image's defaults. */
	public static final double DEFAULT_THRESHOLD = 0.001, DEFAULT_SIGMA = 255;
	public static final int DEFAULT_NUM_CUTS = 10;

	private NormalizedCut() {
	}

	/**
	 * @return region 1..r of every label (index = label; 0 for labels without pixels)
	 */
	public static int[] cut(RegionAdjacencyGraph g, double sigma, double threshold, int numCuts, int maxRegions) {
		if (!(sigma > 0) || Double.isInfinite(sigma))
			throw new IllegalArgumentException("sigma must be > 0 (got " + sigma + "); use e.g. sigma=255 for 8-bit colours");
		if (!(threshold >= 0))
			throw new IllegalArgumentException("threshold must be >= 0 (got " + threshold + "); use e.g. threshold=0.001");
		if (numCuts < 1)
			throw new IllegalArgumentException("num_cuts must be >= 1 (got " + numCuts + "); use e.g. num_cuts=10");
		if (maxRegions < 1)
			throw new IllegalArgumentException("max_regions must be >= 1 (got " + maxRegions + ")");
		int[] nodes = java.util.stream.IntStream.rangeClosed(1, g.maxLabel()).filter(v -> g.count(v) > 0).toArray();
		int[] region = new int[g.maxLabel() + 1];
		ArrayDeque<int[]> queue = new ArrayDeque<>();
		if (nodes.length > 0)
			queue.add(nodes);
		int done = 0;
		while (!queue.isEmpty()) {
			int[] sub = queue.poll();
			boolean[] mask = done + queue.size() + 2 <= maxRegions ? bestCut(g, sub, sigma, threshold, numCuts) : null;
			if (mask == null) {
				done++;
				for (int v : sub)
					region[v] = -done; // provisional, renumbered below
				continue;
			}
			int na = 0;
			for (boolean b : mask)
				if (b)
					na++;
			int[] a = new int[na], b = new int[sub.length - na];
			for (int i = 0, ia = 0, ib = 0; i < sub.length; i++)
				if (mask[i])
					a[ia++] = sub[i];
				else
					b[ib++] = sub[i];
			queue.add(a);
			queue.add(b);
		}
		// regions numbered by their smallest label
		int[] map = new int[done + 1];
		int next = 0;
		for (int v = 1; v <= g.maxLabel(); v++)
			if (region[v] < 0) {
				int r = -region[v];
				if (map[r] == 0)
					map[r] = ++next;
				region[v] = map[r];
			}
		return region;
	}

	private static double similarity(RegionAdjacencyGraph g, int u, int v, double sigma) {
		double d2 = 0;
		for (int c = 0; c < g.channels(); c++) {
			double d = g.mean(u, c) - g.mean(v, c);
			d2 += d * d;
		}
		return Math.exp(-d2 / sigma);
	}

	/** The cut mask of the best normalised cut of {@code sub} if its value is below the threshold, else null. */
	static boolean[] bestCut(RegionAdjacencyGraph g, int[] sub, double sigma, double threshold, int numCuts) {
		int m = sub.length;
		if (m <= 2)
			return null;
		int[] pos = new int[g.maxLabel() + 1];
		Arrays.fill(pos, -1);
		for (int i = 0; i < m; i++)
			pos[sub[i]] = i;
		double[][] w = new double[m][m];
		for (int i = 0; i < m; i++) {
			w[i][i] = 1; // self-loop (max_edge)
			for (int u : g.neighbours(sub[i])) {
				int j = pos[u];
				if (j >= 0)
					w[i][j] = similarity(g, sub[i], u, sigma);
			}
		}
		double[] d = new double[m];
		for (int i = 0; i < m; i++)
			for (int j = 0; j < m; j++)
				d[i] += w[i][j];
		double[][] a = new double[m][m];
		for (int i = 0; i < m; i++)
			for (int j = 0; j < m; j++)
				a[i][j] = ((i == j ? d[i] : 0) - w[i][j]) / Math.sqrt(d[i] * d[j]);
		SymmetricEigen.Result r = SymmetricEigen.decompose(a);
		double[] ev = new double[m];
		for (int i = 0; i < m; i++)
			ev[i] = r.vectors()[i][1];
		double mn = Arrays.stream(ev).min().getAsDouble(), mx = Arrays.stream(ev).max().getAsDouble();
		if (Math.abs(mx - mn) <= 1e-8 + 1e-5 * Math.abs(mx))
			return null; // numpy.allclose: no split possible
		double best = Double.POSITIVE_INFINITY;
		boolean[] bestMask = null;
		for (int c = 0; c < numCuts; c++) {
			double t = mn + (mx - mn) * c / numCuts;
			boolean[] mask = new boolean[m];
			for (int i = 0; i < m; i++)
				mask[i] = ev[i] > t;
			double cost = ncut(mask, w, d);
			if (cost < best) {
				best = cost;
				bestMask = mask;
			}
		}
		return best < threshold ? bestMask : null;
	}

	/** cut / assoc(A) + cut / assoc(B). */
	static double ncut(boolean[] mask, double[][] w, double[] d) {
		double cut = 0, assocA = 0, assocB = 0;
		for (int i = 0; i < mask.length; i++) {
			if (mask[i])
				assocA += d[i];
			else
				assocB += d[i];
			for (int j = i + 1; j < mask.length; j++)
				if (mask[i] != mask[j])
					cut += w[i][j];
		}
		return cut / assocA + cut / assocB;
	}

	/**
	 * SLIC superpixels of an RGB image cut by normalised cuts on their mean R, G, B (0..255).
	 *
	 * @param maxRegions most regions of the result
	 */
	public static Img<IntType> segmentRgb(RandomAccessibleInterval<ARGBType> rgb, int nSegments, double compactness, double sigma,
			double threshold, int maxRegions) {
		FlatImage f = FlatImage.rgb("Normalized cut", rgb);
		int[] sp = FlatImage.labels("superpixels", Slic.segment(rgb, nSegments, compactness));
		RegionAdjacencyGraph g = RegionAdjacencyGraph.build(sp, f.dims, f.channels, null);
		return Agglomerative.relabel(sp, f.dims, cut(g, sigma, threshold, DEFAULT_NUM_CUTS, maxRegions));
	}

	/** SLIC superpixels of a gray image (2D or 3D) cut by normalised cuts on their mean intensity. */
	public static <T extends RealType<T>> Img<IntType> segmentGray(RandomAccessibleInterval<T> gray, double[] spacing, int nSegments,
			double compactness, double sigma, double threshold, int maxRegions) {
		FlatImage f = FlatImage.gray("Normalized cut", gray, 1);
		int[] sp = FlatImage.labels("superpixels", Slic.segmentGray(gray, spacing, nSegments, compactness, Slic.DEFAULT_MAX_ITER, 0, true));
		RegionAdjacencyGraph g = RegionAdjacencyGraph.build(sp, f.dims, f.channels, null);
		return Agglomerative.relabel(sp, f.dims, cut(g, sigma, threshold, DEFAULT_NUM_CUTS, maxRegions));
	}
}
