package org.segmentij.instance;

import java.util.Arrays;
import java.util.stream.IntStream;

import org.segmentij.metrics.Panoptic;

/**
 * Bottom-up instance grouping by centres and offsets (Panoptic-DeepLab, Cheng et al., CVPR 2020),
 * in 2D, on flat arrays (x fastest).
 * <ol>
 * <li>{@link #centres}: keypoint NMS on the centre heatmap: a pixel is a centre when its value is
 * above the threshold and equals the maximum of its (2r+1)² window (max pooling; pixels outside
 * the image do not count), the k strongest kept (ties: lower pixel index first).</li>
 * <li>{@link #group}: every "thing" pixel (x, y) votes for the point {@code (x + dx, y + dy)} and
 * joins the centre nearest to it (Euclidean; ties: the stronger centre). Instance ids are 1..k in
 * the order of the centres; pixels that are not things, or when there is no centre, get 0.</li>
 * <li>{@link #panoptic}: semantic classes and instances fused into panoptic ids with SegmentIJ's
 * encoding {@link Panoptic#encode(int, int)} ({@code class << 16 | instance}): thing pixels get
 * their instance id, stuff pixels instance 0.</li>
 * </ol>
 */
public final class CenterGrouping {

	private CenterGrouping() {
	}

	/**
	 * Centre pixels (indices y * w + x), strongest first.
	 *
	 * @param heat      centre heatmap, w x h
	 * @param threshold smallest value of a centre (exclusive), e.g. 0.1
	 * @param radius    half the max-pooling window, e.g. 3 (a 7 x 7 window); 0 keeps every pixel above the threshold
	 * @param topK      most centres kept; 0 or less for all
	 */
	public static int[] centres(float[] heat, int w, int h, double threshold, int radius, int topK) {
		String where = "CenterGrouping.centres";
		if (heat == null || heat.length != (long) w * h)
			throw new IllegalArgumentException(where + ": the heatmap must have w*h = " + (long) w * h + " values");
		if (radius < 0)
			throw new IllegalArgumentException(where + ": radius = " + radius + " must be 0 or more; use e.g. 3");
		// separable max filter: rows, then columns
		float[] rowMax = new float[heat.length], max = new float[heat.length];
		IntStream.range(0, h).parallel().forEach(y -> slidingMax(heat, y * w, 1, w, radius, rowMax));
		IntStream.range(0, w).parallel().forEach(x -> slidingMax(rowMax, x, w, h, radius, max));
		int n = 0;
		long[] keys = new long[16];
		for (int i = 0; i < heat.length; i++) {
			float v = heat[i];
			if (v > threshold && v == max[i]) {
				if (n == keys.length)
					keys = Arrays.copyOf(keys, 2 * n);
				keys[n++] = ((long) (0x7fffffff - orderBits(v)) << 32) | i;
			}
		}
		Arrays.sort(keys, 0, n);
		int k = topK > 0 ? Math.min(topK, n) : n;
		int[] out = new int[k];
		for (int i = 0; i < k; i++)
			out[i] = (int) keys[i];
		return out;
	}

	/** An int that orders like the float for all finite values, as a non-negative number. */
	private static int orderBits(float v) {
		int b = Float.floatToIntBits(v);
		// negative floats order backwards in their bits: flip them; then shift into 0..2^31-1
		long o = b >= 0 ? (long) b + 0x80000000L : (long) ~b & 0x7fffffffL;
		return (int) (o >>> 1);
	}

	/** Maximum over [i - r, i + r] ∩ [0, n) along one line (monotone deque, O(n)). */
	private static void slidingMax(float[] in, int offset, int stride, int n, int r, float[] out) {
		int[] dq = new int[n];
		int head = 0, tail = 0;
		for (int i = 0, j = 0; i < n; i++) {
			for (; j < n && j <= i + r; j++) { // push j
				float v = in[offset + j * stride];
				while (tail > head && in[offset + dq[tail - 1] * stride] <= v)
					tail--;
				dq[tail++] = j;
			}
			while (dq[head] < i - r)
				head++;
			out[offset + i * stride] = in[offset + dq[head] * stride];
		}
	}

	/**
	 * Instance labels: every pixel with {@code thing[i]} joins the centre nearest to
	 * {@code (x + dx[i], y + dy[i])}.
	 *
	 * @param thing   which pixels belong to thing classes
	 * @param dx      offset to the object centre along x, per pixel (pixels)
	 * @param dy      offset along y
	 * @param centres centre pixel indices, e.g. from {@link #centres}; instance i+1 is centre i
	 * @return instance ids 0..centres.length, w x h
	 */
	public static int[] group(boolean[] thing, float[] dx, float[] dy, int w, int h, int[] centres) {
		String where = "CenterGrouping.group";
		int size = w * h;
		if (thing == null || dx == null || dy == null || thing.length != size || dx.length != size || dy.length != size)
			throw new IllegalArgumentException(where + ": thing, dx and dy must each have w*h = " + size + " values");
		int k = centres.length;
		int[] out = new int[size];
		if (k == 0)
			return out;
		// a grid over the centres, about one per cell
		int cell = Math.max(1, (int) Math.ceil(Math.sqrt((double) size / k)));
		int gw = (w + cell - 1) / cell, gh = (h + cell - 1) / cell;
		int[] start = new int[gw * gh + 1];
		for (int c : centres) {
			if (c < 0 || c >= size)
				throw new IllegalArgumentException(where + ": centre index " + c + " is outside the image");
			start[(c / w / cell) * gw + (c % w) / cell + 1]++;
		}
		for (int g = 0; g < gw * gh; g++)
			start[g + 1] += start[g];
		int[] members = new int[k], fill = Arrays.copyOf(start, gw * gh);
		for (int c = 0; c < k; c++) // in centre order within a cell, so ties go to the stronger centre
			members[fill[(centres[c] / w / cell) * gw + (centres[c] % w) / cell]++] = c;
		double[] cx = new double[k], cy = new double[k];
		for (int c = 0; c < k; c++) {
			cx[c] = centres[c] % w;
			cy[c] = centres[c] / w;
		}
		IntStream.range(0, h).parallel().forEach(y -> {
			for (int x = 0, i = y * w; x < w; x++, i++) {
				if (!thing[i])
					continue;
				double px = x + dx[i], py = y + dy[i];
				out[i] = nearest(px, py, cx, cy, start, members, cell, gw, gh) + 1;
			}
		});
		return out;
	}

	/** The nearest centre by rings of grid cells around the point (clamped into the grid). */
	private static int nearest(double px, double py, double[] cx, double[] cy, int[] start, int[] members, int cell, int gw,
			int gh) {
		int gx = (int) Math.floor(px / cell), gy = (int) Math.floor(py / cell);
		gx = Math.max(0, Math.min(gw - 1, gx));
		gy = Math.max(0, Math.min(gh - 1, gy));
		double best = Double.POSITIVE_INFINITY;
		int bestC = -1;
		int maxRing = Math.max(gw, gh);
		for (int ring = 0; ring <= maxRing; ring++) {
			// every point of a cell at this ring is at least (ring - 1) * cell away from the point's
			// cell clamped... use the distance from the point to the ring's inner boundary
			double inner = innerDistance(px, py, gx, gy, ring, cell);
			if (bestC >= 0 && inner * inner > best)
				break;
			for (int y = gy - ring; y <= gy + ring; y++) {
				if (y < 0 || y >= gh)
					continue;
				boolean edgeRow = y == gy - ring || y == gy + ring;
				for (int x = gx - ring; x <= gx + ring; x += edgeRow ? 1 : 2 * ring) {
					if (x >= 0 && x < gw) {
						int g = y * gw + x;
						for (int q = start[g]; q < start[g + 1]; q++) {
							int c = members[q];
							double d = (cx[c] - px) * (cx[c] - px) + (cy[c] - py) * (cy[c] - py);
							if (d < best || d == best && c < bestC) {
								best = d;
								bestC = c;
							}
						}
					}
					if (ring == 0)
						break;
				}
			}
		}
		return bestC;
	}

	/**
	 * A lower bound of the distance from the point to any cell of the given ring around cell
	 * (gx, gy): the distance from the point to the outside of the (2 ring - 1)² block of cells
	 * centred on (gx, gy) (0 for ring 0, and 0 when the point lies outside that block).
	 */
	private static double innerDistance(double px, double py, int gx, int gy, int ring, int cell) {
		if (ring == 0)
			return 0;
		double x0 = (gx - ring + 1) * (double) cell, x1 = (gx + ring) * (double) cell;
		double y0 = (gy - ring + 1) * (double) cell, y1 = (gy + ring) * (double) cell;
		double d = Math.min(Math.min(px - x0, x1 - px), Math.min(py - y0, y1 - py));
		return Math.max(0, d);
	}

	/**
	 * Panoptic ids: {@link Panoptic#encode(int, int)} of each pixel's class and, for thing
	 * classes, its instance (0 for stuff).
	 *
	 * @param classes   semantic class per pixel, 0..32767
	 * @param instances instance id per pixel (used for thing classes), 0..65535
	 * @param isThing   {@code isThing[c]}: class c is a thing class (classes beyond the array are stuff)
	 * @throws IllegalArgumentException for ids out of range (from {@link Panoptic#encode(int, int)})
	 */
	public static int[] panoptic(int[] classes, int[] instances, boolean[] isThing) {
		if (classes == null || instances == null || classes.length != instances.length)
			throw new IllegalArgumentException("CenterGrouping.panoptic: classes and instances must have the same number of values");
		int[] out = new int[classes.length];
		for (int i = 0; i < out.length; i++) {
			int c = classes[i];
			boolean thing = c >= 0 && c < isThing.length && isThing[c];
			out[i] = Panoptic.encode(c, thing ? instances[i] : 0);
		}
		return out;
	}
}
