package org.segmentij.classical.graph;

import java.util.stream.IntStream;

import org.segmentij.classical.filter.GaussianBlur;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.util.Util;

/**
 * Felzenszwalb–Huttenlocher graph-based segmentation (IJCV 2004), with the semantics of
 * scikit-image's {@code segmentation.felzenszwalb}.
 * <p>
 * The image (each channel) is smoothed by a Gaussian of {@code sigma} ({@link GaussianBlur},
 * mirrored borders without repeating the edge pixel; scikit-image's filter repeats it, which
 * only changes the outermost pixels slightly). The graph is the 8-neighbour pixel grid; the weight
 * of an edge is the <b>Euclidean distance between the two pixels' colours</b> (one graph on the
 * colour distance, as scikit-image does, not the paper's intersection of per-channel
 * segmentations; OpenCV's ximgproc does the same); for gray images the absolute difference.
 * Values are measured on a 0..255 scale (8-bit and RGB as they are, other integer types scaled by
 * 255 / type maximum, floating-point images taken as 0..1 and multiplied by 255), which is what
 * scikit-image's {@code scale / 255} on {@code img_as_float} images amounts to.
 * <p>
 * Edges are sorted by weight (an exact, stable LSD radix sort of the float weights, so ties keep
 * the edge order: pixel raster order, then right, down, down-right, up-right) and processed by
 * union-find: two components merge when the edge weight is below both
 * {@code Int(C) + scale / |C|}, Int being the largest weight merged into C so far (strict
 * inequality, as scikit-image). Then, in the same edge order, every edge between two components
 * one of which is smaller than {@code min_size} pixels merges them. The algorithm is
 * deterministic: the same input gives the same labels. Labels are 1..n in raster order of the
 * segments' first pixels. Stacks are segmented plane by plane. Inputs are never modified.
 */
public final class Felzenszwalb {

	private Felzenszwalb() {
	}

	/**
	 * Segments an RGB image (alpha ignored) on the Euclidean RGB distance.
	 *
	 * @param rgb     2D image; in stacks every XY plane is segmented on its own (labels continue
	 *                from plane to plane)
	 * @param scale   the paper's k: larger gives larger segments; &gt; 0
	 * @param sigma   Gaussian pre-smoothing in pixels, &ge; 0 (0: none); scikit-image's default 0.8
	 * @param minSize smallest segment in pixels after post-processing, &ge; 0
	 * @return labels 1..n, same dimensions as {@code rgb} (origin 0)
	 */
	public static Img<IntType> segmentRgb(RandomAccessibleInterval<ARGBType> rgb, double scale, double sigma, int minSize) {
		return FlatImage.labelImage(planes(FlatImage.rgb("Felzenszwalb", rgb), scale, sigma, minSize), FlatImage.dims("Felzenszwalb", rgb));
	}

	/**
	 * Segments a gray image on the absolute intensity difference (intensities on a 0..255 scale,
	 * see the class description).
	 *
	 * @see #segmentRgb(RandomAccessibleInterval, double, double, int)
	 */
	public static <T extends RealType<T>> Img<IntType> segment(RandomAccessibleInterval<T> gray, double scale, double sigma,
			int minSize) {
		FlatImage.dims("Felzenszwalb", gray);
		FlatImage f = FlatImage.gray("Felzenszwalb", gray, FlatImage.unitFactor(Util.getTypeFromInterval(gray)));
		return FlatImage.labelImage(planes(f, scale, sigma, minSize), f.dims);
	}

	/** Each XY plane segmented on its own; labels continue from plane to plane (1..n overall). */
	private static int[] planes(FlatImage f, double scale, double sigma, int minSize) {
		int w = f.dims[0], h = f.dims.length > 1 ? f.dims[1] : 1;
		int plane = w * h, planes = f.size / plane;
		if (planes == 1)
			return segment(f.channels, w, h, scale, sigma, minSize);
		int[] out = new int[f.size];
		int offset = 0;
		for (int z = 0; z < planes; z++) {
			float[][] ch = new float[f.channels.length][];
			for (int c = 0; c < ch.length; c++)
				ch[c] = java.util.Arrays.copyOfRange(f.channels[c], z * plane, (z + 1) * plane);
			int[] l = segment(ch, w, h, scale, sigma, minSize);
			int max = 0;
			for (int i = 0; i < plane; i++) {
				out[z * plane + i] = l[i] + offset;
				max = Math.max(max, l[i]);
			}
			offset += max;
		}
		return out;
	}

	/**
	 * The segmentation of flat channels (x fastest, values on a 0..255 scale; not modified).
	 *
	 * @return labels 1..n, one per pixel
	 */
	public static int[] segment(float[][] channels, int width, int height, double scale, double sigma, int minSize) {
		if (!(scale > 0) || Double.isInfinite(scale))
			throw new IllegalArgumentException("scale must be > 0 (got " + scale + "); use e.g. scale=100 (larger: larger segments)");
		if (!(sigma >= 0) || Double.isInfinite(sigma))
			throw new IllegalArgumentException("sigma must be >= 0 (got " + sigma + "); use e.g. sigma=0.8, or 0 for no smoothing");
		if (minSize < 0)
			throw new IllegalArgumentException("min_size must be >= 0 (got " + minSize + "); use e.g. min_size=20");
		int n = width * height;
		int nc = channels.length;
		float[][] ch = new float[nc][];
		for (int c = 0; c < nc; c++) {
			if (channels[c].length != n)
				throw new IllegalArgumentException("channel " + c + " has " + channels[c].length + " values, expected " + n);
			ch[c] = channels[c].clone();
			if (sigma > 0)
				GaussianBlur.blur(ch[c], new int[] { width, height }, new double[] { sigma });
		}
		// edges: id = 4 * pixel + direction (0 right, 1 down, 2 down-right, 3 up-right)
		int[] key = new int[4 * n];
		int[] id = new int[4 * n];
		int[] rowCount = new int[height];
		int chunk = Math.max(1, 16384 / Math.max(1, width));
		int tasks = (height + chunk - 1) / chunk;
		// pass 1: weights into slots 4p..4p+3 (invalid slots marked -1)
		IntStream.range(0, tasks).parallel().forEach(t -> {
			int y1 = Math.min(height, (t + 1) * chunk);
			for (int y = t * chunk; y < y1; y++) {
				int cnt = 0;
				for (int x = 0; x < width; x++) {
					int p = y * width + x;
					int b = 4 * p;
					boolean r = x + 1 < width, d = y + 1 < height, u = y > 0;
					key[b] = r ? weight(ch, p, p + 1) : -1;
					key[b + 1] = d ? weight(ch, p, p + width) : -1;
					key[b + 2] = r && d ? weight(ch, p, p + width + 1) : -1;
					key[b + 3] = r && u ? weight(ch, p, p - width + 1) : -1;
					cnt += (r ? 1 : 0) + (d ? 1 : 0) + (r && d ? 1 : 0) + (r && u ? 1 : 0);
				}
				rowCount[y] = cnt;
			}
		});
		// compact the valid edges (in id order)
		int m = 0;
		int[] rowStart = new int[height];
		for (int y = 0; y < height; y++) {
			rowStart[y] = m;
			m += rowCount[y];
		}
		int[] k0 = new int[m];
		IntStream.range(0, tasks).parallel().forEach(t -> {
			int y1 = Math.min(height, (t + 1) * chunk);
			for (int y = t * chunk; y < y1; y++) {
				int o = rowStart[y];
				for (int e = 4 * y * width, end = 4 * (y + 1) * width; e < end; e++)
					if (key[e] >= 0) {
						k0[o] = key[e];
						id[o++] = e;
					}
			}
		});
		int[] order = RadixSort.sortByKey(k0, id, m, key);
		// order[i] = edge id of the i-th smallest edge (stable); weights in k0 sorted order
		int[] parent = new int[n];
		int[] size = new int[n];
		float[] internal = new float[n];
		for (int i = 0; i < n; i++) {
			parent[i] = i;
			size[i] = 1;
		}
		int[] delta = { 1, width, width + 1, -width + 1 };
		float k = (float) scale;
		for (int i = 0; i < m; i++) {
			int e = order[i];
			int p = e >>> 2;
			int a = find(parent, p), b = find(parent, p + delta[e & 3]);
			if (a == b)
				continue;
			float w = Float.intBitsToFloat(k0[i]);
			double ta = internal[a] + (double) k / size[a];
			double tb = internal[b] + (double) k / size[b];
			if (w < Math.min(ta, tb)) {
				int r = union(parent, size, a, b);
				internal[r] = w;
			}
		}
		if (minSize > 1)
			for (int i = 0; i < m; i++) {
				int e = order[i];
				int p = e >>> 2;
				int a = find(parent, p), b = find(parent, p + delta[e & 3]);
				if (a != b && (size[a] < minSize || size[b] < minSize))
					union(parent, size, a, b);
			}
		return relabel(parent);
	}

	/** Euclidean colour distance of two pixels as the bits of a non-negative float (monotone as int). */
	private static int weight(float[][] ch, int p, int q) {
		float s = 0;
		for (float[] c : ch) {
			float d = c[p] - c[q];
			s += d * d;
		}
		return Float.floatToRawIntBits((float) Math.sqrt(s));
	}

	static int find(int[] parent, int p) {
		while (parent[p] != p) {
			int g = parent[parent[p]];
			parent[p] = g;
			p = g;
		}
		return p;
	}

	/** Union by size of two roots; returns the new root. */
	static int union(int[] parent, int[] size, int a, int b) {
		if (size[a] < size[b]) {
			int t = a;
			a = b;
			b = t;
		}
		parent[b] = a;
		size[a] += size[b];
		return a;
	}

	/** Labels 1..n in raster order of first appearance of each root. */
	static int[] relabel(int[] parent) {
		int n = parent.length;
		int[] label = new int[n];
		int[] out = new int[n];
		int next = 0;
		for (int i = 0; i < n; i++) {
			int r = find(parent, i);
			if (label[r] == 0)
				label[r] = ++next;
			out[i] = label[r];
		}
		return out;
	}
}
