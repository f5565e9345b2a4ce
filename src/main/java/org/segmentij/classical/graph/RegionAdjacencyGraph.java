package org.segmentij.classical.graph;

import java.util.Arrays;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.util.Intervals;

/**
 * The region adjacency graph of a label image: one node per label 1..max (label 0 is background
 * and has no node; labels that do not occur are nodes with no pixels), one edge per pair of labels
 * that touch across a face (4-neighbours in 2D, 6 in 3D).
 * <p>
 * Nodes carry their pixel count and, per channel of the intensity image, the sum, sum of squares,
 * minimum and maximum (so mean colour and variance). Edges carry their boundary length (the number
 * of face-adjacent pixel pairs across the boundary) and, when an edge map is given (a gradient
 * magnitude, say), the sum over those pairs of the mean edge-map value of the two pixels, whose
 * mean is the mean boundary weight. Edges are numbered in the order their first boundary pair is
 * met in raster order (x, then y, then z neighbours); edge {@code e} joins
 * {@code a(e) < b(e)}. Adjacency lists are sorted by neighbour label.
 */
public final class RegionAdjacencyGraph {

	private final int maxLabel;
	private final int channels;
	private final long[] count;
	private final double[] sum, sumSq, min, max;
	private final int[] ea, eb;
	private final long[] boundary;
	private final double[] edgeSum;
	private final boolean hasEdgeMap;
	private final int[] adjStart, adjNode, adjEdge;
	private final LongIntMap index;

	private RegionAdjacencyGraph(int maxLabel, int channels, long[] count, double[] sum, double[] sumSq, double[] min,
			double[] max, int[] ea, int[] eb, long[] boundary, double[] edgeSum, boolean hasEdgeMap, LongIntMap index) {
		this.maxLabel = maxLabel;
		this.channels = channels;
		this.count = count;
		this.sum = sum;
		this.sumSq = sumSq;
		this.min = min;
		this.max = max;
		this.ea = ea;
		this.eb = eb;
		this.boundary = boundary;
		this.edgeSum = edgeSum;
		this.hasEdgeMap = hasEdgeMap;
		this.index = index;
		int m = ea.length;
		adjStart = new int[maxLabel + 2];
		for (int e = 0; e < m; e++) {
			adjStart[ea[e] + 1]++;
			adjStart[eb[e] + 1]++;
		}
		for (int i = 0; i <= maxLabel; i++)
			adjStart[i + 1] += adjStart[i];
		adjNode = new int[2 * m];
		adjEdge = new int[2 * m];
		int[] fill = Arrays.copyOf(adjStart, maxLabel + 1);
		for (int e = 0; e < m; e++) {
			adjNode[fill[ea[e]]] = eb[e];
			adjEdge[fill[ea[e]]++] = e;
			adjNode[fill[eb[e]]] = ea[e];
			adjEdge[fill[eb[e]]++] = e;
		}
		// sort each list by neighbour label (insertion sort: lists are short)
		for (int v = 0; v <= maxLabel; v++)
			for (int i = adjStart[v] + 1; i < adjStart[v + 1]; i++)
				for (int j = i; j > adjStart[v] && adjNode[j - 1] > adjNode[j]; j--) {
					int t = adjNode[j];
					adjNode[j] = adjNode[j - 1];
					adjNode[j - 1] = t;
					t = adjEdge[j];
					adjEdge[j] = adjEdge[j - 1];
					adjEdge[j - 1] = t;
				}
	}

	/** The graph of a label image with the colours of an RGB image (channels R, G, B, 0..255). */
	public static RegionAdjacencyGraph build(RandomAccessibleInterval<IntType> labels, RandomAccessibleInterval<ARGBType> rgb) {
		checkSame(labels, rgb);
		FlatImage f = FlatImage.rgb("Region adjacency graph", rgb);
		return build(FlatImage.labels("Region adjacency graph", labels), f.dims, f.channels, null);
	}

	/**
	 * The graph of a label image with the intensities of a gray image and, optionally, an edge map.
	 *
	 * @param edgeMap values averaged along the boundaries, or null
	 */
	public static <T extends RealType<T>, E extends RealType<E>> RegionAdjacencyGraph build(RandomAccessibleInterval<IntType> labels,
			RandomAccessibleInterval<T> gray, RandomAccessibleInterval<E> edgeMap) {
		checkSame(labels, gray);
		FlatImage f = FlatImage.gray("Region adjacency graph", gray, 1);
		float[] e = null;
		if (edgeMap != null) {
			checkSame(labels, edgeMap);
			e = FlatImage.gray("Region adjacency graph (edge map)", edgeMap, 1).channels[0];
		}
		return build(FlatImage.labels("Region adjacency graph", labels), f.dims, f.channels, e);
	}

	private static void checkSame(RandomAccessibleInterval<?> a, RandomAccessibleInterval<?> b) {
		if (a == null || b == null)
			throw new IllegalArgumentException("Region adjacency graph: the label and intensity images must not be null");
		if (!Intervals.equalDimensions(a, b))
			throw new IllegalArgumentException("Region adjacency graph: the label image is " + Arrays.toString(a.dimensionsAsLongArray())
					+ " but the intensity image is " + Arrays.toString(b.dimensionsAsLongArray()) + "; give images of the same size");
	}

	/**
	 * The graph of flat data (x fastest).
	 *
	 * @param labels   label per pixel, &ge; 0 (0: background)
	 * @param dims     image dimensions (any number)
	 * @param channels intensity channels (may be empty: no colour statistics)
	 * @param edgeMap  per-pixel edge value, or null
	 */
	public static RegionAdjacencyGraph build(int[] labels, int[] dims, float[][] channels, float[] edgeMap) {
		int n = labels.length;
		int maxLabel = 0;
		for (int l : labels) {
			if (l < 0)
				throw new IllegalArgumentException("Region adjacency graph: negative label " + l + "; labels must be 0 (background) or positive");
			if (l > maxLabel)
				maxLabel = l;
		}
		int nc = channels.length;
		long[] count = new long[maxLabel + 1];
		double[] sum = new double[(maxLabel + 1) * nc], sumSq = new double[sum.length], min = new double[sum.length],
				max = new double[sum.length];
		Arrays.fill(min, Double.POSITIVE_INFINITY);
		Arrays.fill(max, Double.NEGATIVE_INFINITY);
		for (int p = 0; p < n; p++) {
			int l = labels[p];
			if (l == 0)
				continue;
			count[l]++;
			for (int c = 0; c < nc; c++) {
				double v = channels[c][p];
				int o = l * nc + c;
				sum[o] += v;
				sumSq[o] += v * v;
				if (v < min[o])
					min[o] = v;
				if (v > max[o])
					max[o] = v;
			}
		}
		LongIntMap index = new LongIntMap(1024);
		int[] ea = new int[64], eb = new int[64];
		long[] boundary = new long[64];
		double[] es = new double[64];
		int m = 0;
		int[] stride = new int[dims.length];
		for (int d = 0; d < dims.length; d++)
			stride[d] = d == 0 ? 1 : stride[d - 1] * dims[d - 1];
		int[] pos = new int[dims.length];
		for (int p = 0; p < n; p++) {
			int l = labels[p];
			if (l != 0)
				for (int d = 0; d < dims.length; d++) {
					if (pos[d] + 1 >= dims[d])
						continue;
					int q = p + stride[d];
					int lq = labels[q];
					if (lq == 0 || lq == l)
						continue;
					int a = Math.min(l, lq), b = Math.max(l, lq);
					long key = ((long) a << 32) | b;
					int e = index.get(key);
					if (e < 0) {
						e = m++;
						index.put(key, e);
						if (e == ea.length) {
							ea = Arrays.copyOf(ea, 2 * e);
							eb = Arrays.copyOf(eb, 2 * e);
							boundary = Arrays.copyOf(boundary, 2 * e);
							es = Arrays.copyOf(es, 2 * e);
						}
						ea[e] = a;
						eb[e] = b;
					}
					boundary[e]++;
					if (edgeMap != null)
						es[e] += 0.5 * (edgeMap[p] + edgeMap[q]);
				}
			for (int d = 0; d < dims.length; d++) {
				if (++pos[d] < dims[d])
					break;
				pos[d] = 0;
			}
		}
		return new RegionAdjacencyGraph(maxLabel, nc, count, sum, sumSq, min, max, Arrays.copyOf(ea, m), Arrays.copyOf(eb, m),
				Arrays.copyOf(boundary, m), Arrays.copyOf(es, m), edgeMap != null, index);
	}

	/** The largest label (nodes are 1..maxLabel). */
	public int maxLabel() {
		return maxLabel;
	}

	public int channels() {
		return channels;
	}

	/** Pixels of label {@code v} (0 when the label does not occur). */
	public long count(int v) {
		return count[v];
	}

	public double sum(int v, int c) {
		return sum[v * channels + c];
	}

	public double sumOfSquares(int v, int c) {
		return sumSq[v * channels + c];
	}

	public double min(int v, int c) {
		return min[v * channels + c];
	}

	public double max(int v, int c) {
		return max[v * channels + c];
	}

	/** Mean of channel {@code c} over label {@code v} (NaN when it has no pixels). */
	public double mean(int v, int c) {
		return sum[v * channels + c] / count[v];
	}

	/** Mean colour of label {@code v}, one value per channel. */
	public double[] meanColour(int v) {
		double[] m = new double[channels];
		for (int c = 0; c < channels; c++)
			m[c] = mean(v, c);
		return m;
	}

	/** Population variance of channel {@code c} over label {@code v}. */
	public double variance(int v, int c) {
		double mu = mean(v, c);
		return Math.max(0, sumSq[v * channels + c] / count[v] - mu * mu);
	}

	public int edgeCount() {
		return ea.length;
	}

	/** Smaller label of edge {@code e}. */
	public int a(int e) {
		return ea[e];
	}

	/** Larger label of edge {@code e}. */
	public int b(int e) {
		return eb[e];
	}

	/** Face-adjacent pixel pairs across the boundary of edge {@code e}. */
	public long boundaryLength(int e) {
		return boundary[e];
	}

	/** Mean edge-map value along edge {@code e}'s boundary; NaN without an edge map. */
	public double meanEdgeWeight(int e) {
		return hasEdgeMap ? edgeSum[e] / boundary[e] : Double.NaN;
	}

	/** The edge joining labels {@code u} and {@code v}, or -1. */
	public int edge(int u, int v) {
		if (u == v)
			return -1;
		return index.get(((long) Math.min(u, v) << 32) | Math.max(u, v));
	}

	/** The labels adjacent to {@code v}, ascending. */
	public int[] neighbours(int v) {
		return Arrays.copyOfRange(adjNode, adjStart[v], adjStart[v + 1]);
	}

	/** The edges of {@code v}, in the order of {@link #neighbours(int)}. */
	public int[] edgesOf(int v) {
		return Arrays.copyOfRange(adjEdge, adjStart[v], adjStart[v + 1]);
	}

	/** Open-addressing long to int map (keys &ge; 0; missing: -1). */
	static final class LongIntMap {
		private long[] keys;
		private int[] values;
		private int size;

		LongIntMap(int capacity) {
			int c = Integer.highestOneBit(Math.max(16, capacity) * 2);
			keys = new long[c];
			values = new int[c];
			Arrays.fill(keys, -1);
		}

		private static int hash(long k) {
			k *= 0x9E3779B97F4A7C15L;
			return (int) (k ^ (k >>> 32));
		}

		int get(long key) {
			int mask = keys.length - 1;
			for (int i = hash(key) & mask;; i = (i + 1) & mask) {
				if (keys[i] == key)
					return values[i];
				if (keys[i] == -1)
					return -1;
			}
		}

		void put(long key, int value) {
			if (2 * (size + 1) > keys.length) {
				long[] ok = keys;
				int[] ov = values;
				keys = new long[ok.length * 2];
				values = new int[ok.length * 2];
				Arrays.fill(keys, -1);
				size = 0;
				for (int i = 0; i < ok.length; i++)
					if (ok[i] != -1)
						put(ok[i], ov[i]);
			}
			int mask = keys.length - 1;
			for (int i = hash(key) & mask;; i = (i + 1) & mask) {
				if (keys[i] == -1) {
					keys[i] = key;
					values[i] = value;
					size++;
					return;
				}
				if (keys[i] == key) {
					values[i] = value;
					return;
				}
			}
		}
	}
}
