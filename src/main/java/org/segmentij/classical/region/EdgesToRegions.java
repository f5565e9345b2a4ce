package org.segmentij.classical.region;

import java.util.ArrayDeque;
import java.util.Arrays;

import org.segmentij.classical.edge.CannyEdges;
import org.segmentij.classical.edge.Gradients;
import org.segmentij.classical.filter.GaussianBlur;
import org.segmentij.classical.region.ConnectedComponents.Connectivity;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

/**
 * Regions from an edge map: close the gaps of the edges, label what the edges enclose, and give
 * the edge pixels to the neighbouring regions. 2D; an image with more dimensions is processed as
 * a stack of independent XY planes.
 * <p>
 * Steps, per plane:
 * <ol>
 * <li><b>Endpoint linking</b> ({@code gap > 0}): an endpoint is an edge pixel with at most one
 * edge pixel among its 8 neighbours. Endpoints are visited in raster order; for each, the edge
 * pixels reachable from it along the edge within {@code 2 ceil(gap)} 8-connected steps are its own
 * curve; the nearest other edge pixel within Euclidean distance {@code gap} (ties: first in raster
 * order) is joined to it by a digital straight line (Bresenham), which becomes edge.</li>
 * <li><b>Thickening</b> ({@code thicken = r > 0}): the edges are dilated with the disc
 * {@code x² + y² <= r²}, which bridges gaps of up to {@code 2r} pixels (a morphological
 * closing would not: the disc fits beside a one-pixel line, so a thin line's gap survives any
 * closing).</li>
 * <li>The non-edge pixels are labelled by 4-connected components (so an 8-connected edge line
 * separates); components smaller than {@code minSize} pixels are dropped.</li>
 * <li>The remaining components are the markers of a watershed (no dividing lines) on the relief
 * (e.g. the gradient magnitude): every edge pixel and every dropped component joins the region
 * that floods it first.</li>
 * </ol>
 * Regions are numbered 1..n in raster order of their first pixel (consecutively across planes).
 * Every pixel gets a label (a plane without any non-edge component of {@code minSize} pixels is
 * one region). Inputs are never modified.
 */
public final class EdgesToRegions {

	private EdgesToRegions() {
	}

	/**
	 * Regions from an edge mask.
	 *
	 * @param edges   nonzero = edge; at least 2 dimensions
	 * @param relief  same size: the image flooded to give edge pixels to regions (gradient
	 *                magnitude, or the image itself)
	 * @param gap     largest gap, in pixels, closed by endpoint linking; 0 = none
	 * @param thicken radius of the disc the edges are dilated with; 0 = none
	 * @param minSize smallest region (in pixels) kept as a marker; 0 or 1 keeps all
	 * @return labels 1..n covering the image
	 * @throws IllegalArgumentException for null images, sizes that differ, fewer than 2
	 *                                  dimensions, or a negative or non-finite parameter
	 */
	public static <E extends RealType<E>, R extends RealType<R>> Img<IntType> regions(RandomAccessibleInterval<E> edges,
			RandomAccessibleInterval<R> relief, double gap, int thicken, int minSize) {
		String where = "EdgesToRegions";
		if (edges == null || relief == null)
			throw new IllegalArgumentException(where + ": the edge mask and the relief must not be null");
		if (edges.numDimensions() < 2)
			throw new IllegalArgumentException(where + ": the edge mask needs at least 2 dimensions");
		FlatGrid.checkSameSize(where, "relief", relief, edges.dimensionsAsLongArray());
		if (!(gap >= 0) || Double.isInfinite(gap))
			throw new IllegalArgumentException(where + ": gap must be finite and >= 0 (got " + gap + "); use e.g. gap=3");
		if (thicken < 0)
			throw new IllegalArgumentException(where + ": thicken must be >= 0 (got " + thicken + "); use e.g. thicken=1");
		if (minSize < 0)
			throw new IllegalArgumentException(where + ": min_size must be >= 0 (got " + minSize + "); use e.g. min_size=20");
		long[] dims = edges.dimensionsAsLongArray();
		long total = Intervals.numElements(dims);
		if (total > Integer.MAX_VALUE - 8)
			throw new IllegalArgumentException(where + ": too many pixels (" + total + ") for a flat copy; process it in tiles");
		int w = (int) dims[0], h = (int) dims[1], plane = w * h, planes = (int) (total / plane);
		boolean[] e = new boolean[(int) total];
		float[] rel = new float[(int) total];
		Cursor<E> ec = Views.flatIterable(edges).cursor();
		Cursor<R> rc = Views.flatIterable(relief).cursor();
		for (int i = 0; i < total; i++) {
			double x = ec.next().getRealDouble();
			e[i] = x != 0 && x == x;
			rel[i] = rc.next().getRealFloat();
		}
		int[] out = new int[(int) total];
		int offset = 0;
		for (int z = 0; z < planes; z++) {
			boolean[] pe = Arrays.copyOfRange(e, z * plane, (z + 1) * plane);
			if (gap > 0)
				linkEndpoints(pe, w, h, gap);
			if (thicken > 0)
				pe = dilate(pe, w, h, thicken);
			int[] lab = planeRegions(pe, Arrays.copyOfRange(rel, z * plane, (z + 1) * plane), w, h, minSize);
			int max = 0;
			for (int i = 0; i < plane; i++) {
				out[z * plane + i] = lab[i] + offset;
				max = Math.max(max, lab[i]);
			}
			offset += max;
		}
		return ArrayImgs.ints(out, dims);
	}

	/**
	 * Canny edges (see {@link CannyEdges#detect}) closed into regions; the relief is the Sobel
	 * gradient magnitude of the image smoothed with {@code sigma}.
	 */
	public static <T extends RealType<T>> Img<IntType> segment(RandomAccessibleInterval<T> image, double sigma, double low,
			double high, double gap, int thicken, int minSize) {
		Img<net.imglib2.type.numeric.integer.UnsignedByteType> edges = CannyEdges.detect(image, sigma, low, high);
		return regions(edges, relief(image, sigma), gap, thicken, minSize);
	}

	/** As {@link #segment} with Canny thresholds given as percentiles (see {@link CannyEdges#detectAuto}). */
	public static <T extends RealType<T>> Img<IntType> segmentAuto(RandomAccessibleInterval<T> image, double sigma,
			double lowPercentile, double highPercentile, double gap, int thicken, int minSize) {
		Img<net.imglib2.type.numeric.integer.UnsignedByteType> edges = CannyEdges.detectAuto(image, sigma, lowPercentile,
				highPercentile);
		return regions(edges, relief(image, sigma), gap, thicken, minSize);
	}

	/** Sobel magnitude of the image blurred in X and Y (per plane). */
	private static <T extends RealType<T>> Img<FloatType> relief(RandomAccessibleInterval<T> image, double sigma) {
		long[] dims = image.dimensionsAsLongArray();
		float[] f = new float[(int) Intervals.numElements(dims)];
		Cursor<T> c = Views.flatIterable(image).cursor();
		for (int i = 0; i < f.length; i++)
			f[i] = c.next().getRealFloat();
		if (sigma > 0) {
			int[] idims = new int[dims.length];
			double[] s = new double[dims.length];
			for (int d = 0; d < dims.length; d++) {
				idims[d] = (int) dims[d];
				s[d] = d < 2 ? sigma : 0;
			}
			f = GaussianBlur.blur(f, idims, s);
		}
		return Gradients.sobel(ArrayImgs.floats(f, dims)).magnitude();
	}

	/** Labels the non-edge components, drops small ones, floods the rest over the relief. */
	private static int[] planeRegions(boolean[] e, float[] rel, int w, int h, int minSize) {
		int n = w * h;
		int[] comp = new int[n];
		for (int i = 0; i < n; i++)
			comp[i] = e[i] ? 0 : 1;
		int count = ConnectedComponents.label(comp, new int[] { w, h }, Connectivity.FACE);
		long[] size = new long[count + 1];
		for (int l : comp)
			size[l]++;
		int kept = 0;
		for (int l = 1; l <= count; l++)
			if (size[l] >= minSize)
				kept++;
		if (kept == 0) {
			int[] one = new int[n];
			Arrays.fill(one, 1);
			return one;
		}
		for (int i = 0; i < n; i++)
			if (comp[i] > 0 && size[comp[i]] < minSize)
				comp[i] = 0;
		Img<IntType> flooded = Watershed.watershed(ArrayImgs.floats(rel, w, h), ArrayImgs.ints(comp, w, h), null,
				Connectivity.FACE, false);
		Img<IntType> seq = LabelTools.relabelSequential(flooded);
		int[] out = new int[n];
		Cursor<IntType> c = Views.flatIterable(seq).cursor();
		for (int i = 0; i < n; i++)
			out[i] = c.next().get();
		return out;
	}

	/** Dilation with the disc x² + y² &lt;= r². */
	static boolean[] dilate(boolean[] e, int w, int h, int r) {
		boolean[] out = new boolean[e.length];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				if (!e[y * w + x])
					continue;
				for (int dy = Math.max(-r, -y); dy <= Math.min(r, h - 1 - y); dy++) { // rows inside the image only
					int yy = y + dy;
					int dx = (int) Math.floor(Math.sqrt((double) r * r - dy * dy));
					int xa = Math.max(0, x - dx), xb = Math.min(w - 1, x + dx);
					Arrays.fill(out, yy * w + xa, yy * w + xb + 1, true);
				}
			}
		return out;
	}

	/** Joins endpoints to the nearest edge pixel of another curve (or far along their own) within gap. */
	static void linkEndpoints(boolean[] e, int w, int h, double gap) {
		int depth = 2 * (int) Math.ceil(gap);
		int rad = (int) Math.floor(gap);
		double g2 = gap * gap;
		// endpoints of the original edges, in raster order
		int[] ends = new int[e.length];
		int ne = 0;
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				if (e[y * w + x] && neighbours(e, w, h, x, y) <= 1)
					ends[ne++] = y * w + x;
		int[] seen = new int[e.length]; // BFS stamp per endpoint
		int[] dist = new int[e.length];
		ArrayDeque<Integer> q = new ArrayDeque<>();
		for (int k = 0; k < ne; k++) {
			int s = ends[k], stamp = k + 1;
			int sx = s % w, sy = s / w;
			if (neighbours(e, w, h, sx, sy) > 1)
				continue; // linked by an earlier endpoint: no longer an end
			// own curve: edge pixels within `depth` steps along the edge
			q.clear();
			q.add(s);
			seen[s] = stamp;
			dist[s] = 0;
			while (!q.isEmpty()) {
				int p = q.poll(), px = p % w, py = p / w;
				if (dist[p] >= depth)
					continue;
				for (int dy = -1; dy <= 1; dy++)
					for (int dx = -1; dx <= 1; dx++) {
						int xx = px + dx, yy = py + dy;
						if ((dx | dy) == 0 || xx < 0 || yy < 0 || xx >= w || yy >= h)
							continue;
						int t = yy * w + xx;
						if (e[t] && seen[t] != stamp) {
							seen[t] = stamp;
							dist[t] = dist[p] + 1;
							q.add(t);
						}
					}
			}
			int best = -1;
			double bd = Double.POSITIVE_INFINITY;
			for (int yy = Math.max(0, sy - rad); yy <= Math.min(h - 1, sy + rad); yy++)
				for (int xx = Math.max(0, sx - rad); xx <= Math.min(w - 1, sx + rad); xx++) {
					int t = yy * w + xx;
					if (!e[t] || seen[t] == stamp)
						continue;
					double d = (double) (xx - sx) * (xx - sx) + (double) (yy - sy) * (yy - sy);
					if (d <= g2 && d < bd) { // raster scan: the first of equal distances wins
						bd = d;
						best = t;
					}
				}
			if (best >= 0)
				line(e, w, sx, sy, best % w, best / w);
		}
	}

	private static int neighbours(boolean[] e, int w, int h, int x, int y) {
		int n = 0;
		for (int dy = -1; dy <= 1; dy++)
			for (int dx = -1; dx <= 1; dx++) {
				int xx = x + dx, yy = y + dy;
				if ((dx | dy) != 0 && xx >= 0 && yy >= 0 && xx < w && yy < h && e[yy * w + xx])
					n++;
			}
		return n;
	}

	/** Bresenham line from (x0, y0) to (x1, y1), both ends included. */
	private static void line(boolean[] e, int w, int x0, int y0, int x1, int y1) {
		int dx = Math.abs(x1 - x0), dy = -Math.abs(y1 - y0);
		int sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1;
		int err = dx + dy;
		while (true) {
			e[y0 * w + x0] = true;
			if (x0 == x1 && y0 == y1)
				return;
			int e2 = 2 * err;
			if (e2 >= dy) {
				err += dy;
				x0 += sx;
			}
			if (e2 <= dx) {
				err += dx;
				y0 += sy;
			}
		}
	}
}
