package org.segmentij.instance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import org.segmentij.classical.distance.DistanceTransform;

/**
 * Star-convex polygons (StarDist, Schmidt et al., MICCAI 2018) in 2D: the training targets of a
 * label image, and the non-maximum suppression that turns per-pixel predictions into objects.
 * <p>
 * <b>Geometry.</b> Pixel (x, y) has its centre at (x, y). Ray k of n points at the angle
 * {@code φ_k = 2πk/n} (counter-clockwise from the x axis in a y-down image, i.e. towards +y),
 * direction {@code (cos φ_k, sin φ_k)}. The polygon of pixel (x, y) with radial distances
 * {@code d_k} has the vertices {@code (x + d_k cos φ_k, y + d_k sin φ_k)}. Arrays are flat, x
 * fastest: {@code prob[y * w + x]}, and the distances rays last: {@code dist[(y * w + x) * n + k]}.
 * <p>
 * <b>Pixel masks and IoU.</b> A polygon covers the pixels whose centres lie inside it (even-odd
 * rule; a centre on a left edge is inside, on a right edge outside: the half-open rule, so that
 * polygons that share an edge do not share pixels). The IoU of two polygons is the IoU of these
 * pixel masks, computed exactly by intersecting their row spans; the rendered labels are the same
 * masks, so the overlap the suppression sees is the overlap of the objects it outputs.
 */
public final class StarConvex {

	private StarConvex() {
	}

	/** The ray angles {@code 2πk/n}, k = 0..n-1. */
	public static double[] angles(int nRays) {
		double[] a = new double[nRays];
		for (int k = 0; k < nRays; k++)
			a[k] = 2 * Math.PI * k / nRays;
		return a;
	}

	/**
	 * StarDist training targets of a 2D label image.
	 *
	 * @param prob for each object pixel, its Euclidean distance to the nearest pixel not of its
	 *             object (another label, the background, or outside the image) divided by the
	 *             largest such distance in its object (1 at the object's centre-most pixels); 0 on background
	 * @param dist for each object pixel and ray, the distance from the pixel centre along the ray
	 *             to where the ray first leaves the object's pixels (pixels as unit squares; the
	 *             image border ends objects), 0 on background
	 */
	public record Targets(int width, int height, int nRays, float[] prob, float[] dist) {
	}

	/**
	 * The targets of a label image, flat (x fastest), labels &ge; 0.
	 *
	 * @throws IllegalArgumentException for a size mismatch, fewer than 3 rays or negative labels
	 */
	public static Targets targets(int[] labels, int w, int h, int nRays) {
		String where = "StarConvex.targets";
		if (labels == null || labels.length != (long) w * h)
			throw new IllegalArgumentException(where + ": the labels must have width x height = " + (long) w * h + " values");
		if (nRays < 3)
			throw new IllegalArgumentException(where + ": n_rays = " + nRays + " is too few; use e.g. 32");
		int max = 0;
		for (int v : labels) {
			if (v < 0)
				throw new IllegalArgumentException(where + ": negative label " + v + "; labels are 0 or positive");
			max = Math.max(max, v);
		}
		int[][] box = boxes(labels, w, h, max);
		float[] prob = new float[w * h];
		float[] dist = new float[w * h * nRays];
		double[] cos = new double[nRays], sin = new double[nRays];
		for (int k = 0; k < nRays; k++) {
			double a = 2 * Math.PI * k / nRays;
			cos[k] = Math.cos(a);
			sin[k] = Math.sin(a);
		}
		final int fmax = max;
		IntStream.rangeClosed(1, fmax).parallel().forEach(v -> {
			int[] b = box[v];
			if (b == null)
				return;
			// distance transform of the object in its bounding box plus a frame of non-object pixels
			int bx = b[0] - 1, by = b[1] - 1, bw = b[2] - b[0] + 3, bh = b[3] - b[1] + 3;
			boolean[] outside = new boolean[bw * bh];
			for (int y = 0; y < bh; y++)
				for (int x = 0; x < bw; x++) {
					int gx = x + bx, gy = y + by;
					outside[y * bw + x] = gx < 0 || gy < 0 || gx >= w || gy >= h || labels[gy * w + gx] != v;
				}
			double[] d = DistanceTransform.distanceToSeeds(outside, new int[] { bw, bh });
			double dmax = 0;
			for (int i = 0; i < d.length; i++)
				if (!outside[i])
					dmax = Math.max(dmax, d[i]);
			for (int y = 1; y < bh - 1; y++)
				for (int x = 1; x < bw - 1; x++) {
					if (outside[y * bw + x])
						continue;
					int gx = x + bx, gy = y + by, gi = gy * w + gx;
					prob[gi] = (float) (d[y * bw + x] / dmax);
					for (int k = 0; k < nRays; k++)
						dist[gi * nRays + k] = (float) exit(labels, w, h, v, gx, gy, cos[k], sin[k]);
				}
		});
		return new Targets(w, h, nRays, prob, dist);
	}

	/**
	 * Distance from the centre of pixel (x, y) along (c, s) to where the ray enters the first
	 * pixel that is not of label v (or leaves the image): a walk through the pixels the ray
	 * crosses (through a pixel corner it goes straight to the diagonal pixel).
	 */
	static double exit(int[] labels, int w, int h, int v, int x, int y, double c, double s) {
		int stepX = c > 1e-12 ? 1 : c < -1e-12 ? -1 : 0, stepY = s > 1e-12 ? 1 : s < -1e-12 ? -1 : 0;
		// ray parameter t at which the next vertical / horizontal pixel edge is crossed, and the increments
		double tMaxX = stepX == 0 ? Double.POSITIVE_INFINITY : 0.5 / Math.abs(c);
		double tMaxY = stepY == 0 ? Double.POSITIVE_INFINITY : 0.5 / Math.abs(s);
		double dtX = stepX == 0 ? Double.POSITIVE_INFINITY : 1 / Math.abs(c), dtY = stepY == 0 ? Double.POSITIVE_INFINITY : 1 / Math.abs(s);
		int px = x, py = y;
		while (true) {
			double t;
			if (stepX != 0 && stepY != 0 && Math.abs(tMaxX - tMaxY) <= 1e-9 * Math.max(1, tMaxX)) { // through a corner
				t = tMaxX;
				px += stepX;
				py += stepY;
				tMaxX += dtX;
				tMaxY += dtY;
			}
			else if (tMaxX < tMaxY) {
				t = tMaxX;
				px += stepX;
				tMaxX += dtX;
			}
			else {
				t = tMaxY;
				py += stepY;
				tMaxY += dtY;
			}
			if (px < 0 || py < 0 || px >= w || py >= h || labels[py * w + px] != v)
				return t;
		}
	}

	/** Bounding boxes {x0, y0, x1, y1} per label (null for absent labels). */
	private static int[][] boxes(int[] labels, int w, int h, int max) {
		int[][] box = new int[max + 1][];
		for (int y = 0, i = 0; y < h; y++)
			for (int x = 0; x < w; x++, i++) {
				int v = labels[i];
				if (v == 0)
					continue;
				int[] b = box[v];
				if (b == null)
					box[v] = new int[] { x, y, x, y };
				else {
					if (x < b[0])
						b[0] = x;
					if (x > b[2])
						b[2] = x;
					b[3] = y;
				}
			}
		return box;
	}

	// ---------------------------------------------------------------------------------------
	// polygons as pixel masks

	/**
	 * The pixel mask of a polygon as row spans: rows {@code y0..y0+rows-1}; row r holds
	 * {@code spans[r]} as pairs [xStart, xEnd) (sorted, disjoint).
	 */
	public record Mask(int y0, int[][] spans, long area) {

		/** Whether pixel (x, y) is in the mask. */
		public boolean contains(int x, int y) {
			int r = y - y0;
			if (r < 0 || r >= spans.length)
				return false;
			int[] s = spans[r];
			for (int i = 0; i < s.length; i += 2)
				if (x >= s[i] && x < s[i + 1])
					return true;
			return false;
		}
	}

	/**
	 * The pixels whose centres lie inside the polygon {@code (xs[k], ys[k])} (even-odd rule,
	 * half-open: a centre exactly on an edge is inside when the polygon is to its right, and a
	 * horizontal line through a vertex counts edges with {@code min y <= line < max y}), clipped to
	 * the image 0..w-1 x 0..h-1.
	 */
	public static Mask rasterise(double[] xs, double[] ys, int w, int h) {
		int n = xs.length;
		double minY = Double.POSITIVE_INFINITY, maxY = Double.NEGATIVE_INFINITY;
		for (int k = 0; k < n; k++) {
			minY = Math.min(minY, ys[k]);
			maxY = Math.max(maxY, ys[k]);
		}
		int y0 = Math.max(0, (int) Math.ceil(minY)), y1 = Math.min(h - 1, (int) Math.ceil(maxY) - 1);
		if (y1 < y0)
			return new Mask(0, new int[0][], 0);
		int rows = y1 - y0 + 1;
		// crossings of each edge with the pixel-centre rows it spans (half-open: min y <= row < max y),
		// gathered per row: one pass to count, one to fill
		int[] count = new int[rows + 1];
		for (int k = 0, j = n - 1; k < n; j = k++) {
			double ya = ys[j], yb = ys[k];
			if (ya == yb)
				continue;
			int r0 = Math.max(y0, (int) Math.ceil(Math.min(ya, yb))), r1 = Math.min(y1, (int) Math.ceil(Math.max(ya, yb)) - 1);
			for (int y = r0; y <= r1; y++)
				count[y - y0 + 1]++;
		}
		for (int r = 0; r < rows; r++)
			count[r + 1] += count[r];
		double[] cross = new double[count[rows]];
		int[] fill = Arrays.copyOf(count, rows);
		for (int k = 0, j = n - 1; k < n; j = k++) {
			double ya = ys[j], yb = ys[k];
			if (ya == yb)
				continue;
			int r0 = Math.max(y0, (int) Math.ceil(Math.min(ya, yb))), r1 = Math.min(y1, (int) Math.ceil(Math.max(ya, yb)) - 1);
			double slope = (xs[k] - xs[j]) / (yb - ya);
			for (int y = r0; y <= r1; y++)
				cross[fill[y - y0]++] = xs[j] + (y - ya) * slope;
		}
		int[][] spans = new int[rows][];
		long area = 0;
		int[] row = new int[16];
		for (int r = 0; r < rows; r++) {
			int from = count[r], to = count[r + 1];
			for (int i = from + 1; i < to; i++) { // insertion sort: a few crossings per row
				double v = cross[i];
				int q = i - 1;
				while (q >= from && cross[q] > v) {
					cross[q + 1] = cross[q];
					q--;
				}
				cross[q + 1] = v;
			}
			if (row.length < to - from)
				row = new int[to - from];
			int m = 0;
			for (int i = from; i + 1 < to; i += 2) {
				int a = Math.max(0, (int) Math.ceil(cross[i])), b = Math.min(w, (int) Math.ceil(cross[i + 1]));
				if (b <= a)
					continue;
				if (m > 0 && row[m - 1] >= a) // touching spans merge
					row[m - 1] = Math.max(row[m - 1], b);
				else {
					row[m++] = a;
					row[m++] = b;
				}
			}
			spans[r] = Arrays.copyOf(row, m);
			for (int i = 0; i < m; i += 2)
				area += row[i + 1] - row[i];
		}
		return new Mask(y0, spans, area);
	}

	/** The number of pixels in both masks. */
	public static long intersection(Mask a, Mask b) {
		int from = Math.max(a.y0, b.y0), to = Math.min(a.y0 + a.spans.length, b.y0 + b.spans.length);
		long n = 0;
		for (int y = from; y < to; y++) {
			int[] p = a.spans[y - a.y0], q = b.spans[y - b.y0];
			int i = 0, j = 0;
			while (i < p.length && j < q.length) {
				int lo = Math.max(p[i], q[j]), hi = Math.min(p[i + 1], q[j + 1]);
				if (hi > lo)
					n += hi - lo;
				if (p[i + 1] < q[j + 1])
					i += 2;
				else
					j += 2;
			}
		}
		return n;
	}

	/** IoU of two pixel masks; 0 when both are empty. */
	public static double iou(Mask a, Mask b) {
		long i = intersection(a, b), u = a.area + b.area - i;
		return u == 0 ? 0 : (double) i / u;
	}

	/** The polygon of pixel (x, y): vertices in {@code xs, ys}. */
	public static void polygon(float[] dist, int nRays, int w, int x, int y, double[] cos, double[] sin, double[] xs, double[] ys) {
		int base = (y * w + x) * nRays;
		for (int k = 0; k < nRays; k++) {
			double d = dist[base + k];
			xs[k] = x + d * cos[k];
			ys[k] = y + d * sin[k];
		}
	}

	// ---------------------------------------------------------------------------------------
	// non-maximum suppression

	/**
	 * Result of the suppression.
	 *
	 * @param labels the kept polygons rendered, labels 1..n in decreasing probability; where
	 *               polygons overlap the more probable one wins
	 * @param kept   the pixel index (y * w + x) of each kept polygon's centre, label i at {@code kept[i-1]}
	 * @param scores the probability of each kept polygon
	 * @param candidates the number of candidates above the probability threshold
	 */
	public record NmsResult(int[] labels, int[] kept, float[] scores, int candidates) {
	}

	/**
	 * Greedy non-maximum suppression of star-convex polygons: candidates are the pixels with
	 * {@code prob > probThreshold} (and some positive distance), visited by decreasing
	 * probability (ties: lower pixel index first); a candidate is kept unless a kept polygon
	 * overlaps it with IoU &gt; {@code nmsThreshold}. Only candidates whose bounding boxes meet are
	 * compared, found through a grid of cells as large as the largest polygon.
	 *
	 * @param prob          object probability per pixel, w x h
	 * @param dist          n radial distances per pixel, rays last
	 * @param probThreshold smallest probability of a candidate (exclusive)
	 * @param nmsThreshold  IoU above which the less probable polygon is suppressed, in [0, 1]
	 * @throws IllegalArgumentException for sizes that do not match or thresholds out of range
	 */
	public static NmsResult nms(float[] prob, float[] dist, int w, int h, int nRays, double probThreshold, double nmsThreshold) {
		String where = "StarConvex.nms";
		if (prob == null || dist == null || prob.length != (long) w * h || dist.length != (long) w * h * nRays)
			throw new IllegalArgumentException(where + ": prob must have w*h values and dist w*h*n_rays (rays last)");
		if (nRays < 3)
			throw new IllegalArgumentException(where + ": n_rays = " + nRays + " is too few; use e.g. 32");
		if (!(nmsThreshold >= 0 && nmsThreshold <= 1))
			throw new IllegalArgumentException(where + ": nms_threshold = " + nmsThreshold + " must be in [0, 1]; use e.g. 0.4");
		if (Double.isNaN(probThreshold))
			throw new IllegalArgumentException(where + ": prob_threshold is NaN; use e.g. 0.5");
		double[] cos = new double[nRays], sin = new double[nRays];
		for (int k = 0; k < nRays; k++) {
			cos[k] = Math.cos(2 * Math.PI * k / nRays);
			sin[k] = Math.sin(2 * Math.PI * k / nRays);
		}
		// candidates: one sequential pass over the pixels (in parallel bands) finds them with their
		// largest distance and bounding box, in pixel order; then they are sorted by decreasing
		// probability (stable on the index), and their data gathered in that order
		int bands = Math.max(1, Math.min(h, 4 * (java.util.concurrent.ForkJoinPool.getCommonPoolParallelism() + 1)));
		int[] bandCount = new int[bands + 1];
		IntStream.range(0, bands).parallel().forEach(b -> {
			int from = (int) ((long) prob.length * b / bands), to = (int) ((long) prob.length * (b + 1) / bands), n = 0;
			for (int i = from; i < to; i++)
				if (prob[i] > probThreshold)
					n++;
			bandCount[b + 1] = n;
		});
		for (int b = 0; b < bands; b++)
			bandCount[b + 1] += bandCount[b];
		int np = bandCount[bands];
		int[] pix = new int[np];
		float[] rad = new float[np], ax0 = new float[np], ay0 = new float[np], ax1 = new float[np], ay1 = new float[np];
		IntStream.range(0, bands).parallel().forEach(b -> {
			int from = (int) ((long) prob.length * b / bands), to = (int) ((long) prob.length * (b + 1) / bands), o = bandCount[b];
			for (int i = from; i < to; i++) {
				if (!(prob[i] > probThreshold))
					continue;
				int x = i % w, y = i / w, base = i * nRays;
				float r = 0, a0 = x, a1 = x, b0 = y, b1 = y;
				for (int k = 0; k < nRays; k++) {
					float d = dist[base + k];
					r = Math.max(r, d);
					float px = (float) (x + d * cos[k]), py = (float) (y + d * sin[k]);
					a0 = Math.min(a0, px);
					a1 = Math.max(a1, px);
					b0 = Math.min(b0, py);
					b1 = Math.max(b1, py);
				}
				pix[o] = i;
				rad[o] = r;
				ax0[o] = a0;
				ax1[o] = a1;
				ay0[o] = b0;
				ay1[o] = b1;
				o++;
			}
		});
		int nc = 0;
		for (int o = 0; o < np; o++)
			if (rad[o] > 0) // some positive distance (NaN distances: not a candidate)
				nc++;
		long[] keys = new long[nc];
		for (int o = 0, c = 0; o < np; o++)
			if (rad[o] > 0)
				// order key: probability descending (its float bits order like the values for p >= 0), then index
				// ascending (the position in pixel order)
				keys[c++] = ((long) (0x7fffffff - sortable(prob[pix[o]])) << 32) | o;
		Arrays.parallelSort(keys);
		int[] cand = new int[nc];
		float[] radius = new float[nc];
		float[] bx0 = new float[nc], by0 = new float[nc], bx1 = new float[nc], by1 = new float[nc];
		float maxR = 0;
		for (int c = 0; c < nc; c++) {
			int o = (int) keys[c];
			cand[c] = pix[o];
			radius[c] = rad[o];
			if (!Float.isFinite(radius[c]))
				throw new IllegalArgumentException(where + ": the distances of pixel " + cand[c] % w + "," + cand[c] / w
						+ " are not finite; give finite radial distances");
			maxR = Math.max(maxR, radius[c]);
			bx0[c] = ax0[o];
			bx1[c] = ax1[o];
			by0[c] = ay0[o];
			by1[c] = ay1[o];
		}
		keys = null;
		// the grid
		int cell = (int) Math.max(1, Math.min(Math.max(w, h), Math.ceil(2 * maxR)));
		int gw = (w + cell - 1) / cell, gh = (h + cell - 1) / cell;
		int[] start = new int[gw * gh + 1];
		for (int c = 0; c < nc; c++)
			start[cellOf(cand[c], w, cell, gw) + 1]++;
		for (int g = 0; g < gw * gh; g++)
			start[g + 1] += start[g];
		int[] members = new int[nc];
		int[] fill = Arrays.copyOf(start, gw * gh);
		for (int c = 0; c < nc; c++) // in rank order within each cell
			members[fill[cellOf(cand[c], w, cell, gw)]++] = c;

		boolean[] suppressed = new boolean[nc];
		List<Integer> keptRank = new ArrayList<>();
		List<Mask> keptMask = new ArrayList<>();
		double[] xs = new double[nRays], ys = new double[nRays];
		Scratch scratch = new Scratch(nRays);
		int[] near = new int[256];
		for (int c = 0; c < nc; c++) {
			if (suppressed[c])
				continue;
			int i = cand[c];
			polygon(dist, nRays, w, i % w, i / w, cos, sin, xs, ys);
			Mask m = rasterise(xs, ys, w, h);
			keptRank.add(c);
			keptMask.add(m);
			// suppress the later candidates it overlaps too much (each compared with this one only: in parallel)
			int gx0 = Math.max(0, (int) Math.floor((bx0[c] - maxR) / cell)), gx1 = Math.min(gw - 1, (int) Math.floor((bx1[c] + maxR) / cell));
			int gy0 = Math.max(0, (int) Math.floor((by0[c] - maxR) / cell)), gy1 = Math.min(gh - 1, (int) Math.floor((by1[c] + maxR) / cell));
			int nn = 0;
			for (int gy = gy0; gy <= gy1; gy++)
				for (int gx = gx0; gx <= gx1; gx++) {
					int g = gy * gw + gx;
					for (int q = start[g]; q < start[g + 1]; q++) {
						int d = members[q];
						if (d > c && !suppressed[d] && bx0[d] <= bx1[c] + 1 && bx1[d] >= bx0[c] - 1 && by0[d] <= by1[c] + 1
								&& by1[d] >= by0[c] - 1) {
							if (nn == near.length)
								near = Arrays.copyOf(near, 2 * nn);
							near[nn++] = d;
						}
					}
				}
			if (nn < 256) {
				for (int q = 0; q < nn; q++)
					if (overlaps(dist, nRays, w, h, cos, sin, cand[near[q]], m, nmsThreshold, scratch))
						suppressed[near[q]] = true;
			}
			else {
				int[] arr = Arrays.copyOf(near, nn);
				int chunks = Math.min(arr.length / 64, 4 * (java.util.concurrent.ForkJoinPool.getCommonPoolParallelism() + 1));
				IntStream.range(0, chunks).parallel().forEach(t -> {
					Scratch sc = new Scratch(nRays);
					for (int q = t; q < arr.length; q += chunks)
						if (overlaps(dist, nRays, w, h, cos, sin, cand[arr[q]], m, nmsThreshold, sc))
							suppressed[arr[q]] = true;
				});
			}
		}
		// render: least probable first, so that the most probable wins where polygons overlap
		int n = keptRank.size();
		int[] labels = new int[w * h];
		int[] kept = new int[n];
		float[] scores = new float[n];
		for (int l = n; l >= 1; l--) {
			Mask m = keptMask.get(l - 1);
			for (int r = 0; r < m.spans.length; r++) {
				int[] s = m.spans[r];
				int off = (m.y0 + r) * w;
				for (int q = 0; q < s.length; q += 2)
					Arrays.fill(labels, off + s[q], off + s[q + 1], l);
			}
			kept[l - 1] = cand[keptRank.get(l - 1)];
			scores[l - 1] = prob[kept[l - 1]];
		}
		return new NmsResult(labels, kept, scores, nc);
	}

	/** Reusable buffers of one thread for {@link #overlaps}. */
	private static final class Scratch {
		final double[] xs, ys;
		int[] count = new int[64];
		double[] cross = new double[256];

		Scratch(int nRays) {
			xs = new double[nRays];
			ys = new double[nRays];
		}
	}

	/**
	 * Whether the polygon of pixel i overlaps the mask m with IoU &gt; thr: the polygon's rows
	 * are rasterised as in {@link #rasterise} and intersected with m's spans on the fly, without
	 * building its mask.
	 */
	private static boolean overlaps(float[] dist, int nRays, int w, int h, double[] cos, double[] sin, int i, Mask m,
			double thr, Scratch sc) {
		double[] xs = sc.xs, ys = sc.ys;
		polygon(dist, nRays, w, i % w, i / w, cos, sin, xs, ys);
		int n = nRays;
		double minY = Double.POSITIVE_INFINITY, maxY = Double.NEGATIVE_INFINITY;
		for (int k = 0; k < n; k++) {
			minY = Math.min(minY, ys[k]);
			maxY = Math.max(maxY, ys[k]);
		}
		int y0 = Math.max(0, (int) Math.ceil(minY)), y1 = Math.min(h - 1, (int) Math.ceil(maxY) - 1);
		if (y1 < y0)
			return false; // an empty mask: IoU 0
		int rows = y1 - y0 + 1;
		// crossings of each edge with the pixel-centre rows it spans (half-open: min y <= row < max y),
		// in one pass into a slot of n per row (a row meets at most n edges)
		if (sc.count.length < rows)
			sc.count = new int[2 * rows];
		int[] count = sc.count;
		Arrays.fill(count, 0, rows, 0);
		if (sc.cross.length < rows * n)
			sc.cross = new double[2 * rows * n];
		double[] cross = sc.cross;
		for (int k = 0, j = n - 1; k < n; j = k++) {
			double ya = ys[j], yb = ys[k];
			if (ya == yb)
				continue;
			int r0 = Math.max(y0, (int) Math.ceil(Math.min(ya, yb))), r1 = Math.min(y1, (int) Math.ceil(Math.max(ya, yb)) - 1);
			double xa = xs[j], dx = xs[k] - xs[j], dy = yb - ya;
			for (int y = r0; y <= r1; y++) {
				int r = y - y0;
				cross[r * n + count[r]++] = xa + (y - ya) / dy * dx;
			}
		}
		long area = 0, inter = 0;
		for (int r = 0; r < rows; r++) {
			int from = r * n, to = from + count[r];
			for (int a = from + 1; a < to; a++) { // insertion sort: a few crossings per row
				double v = cross[a];
				int q = a - 1;
				while (q >= from && cross[q] > v) {
					cross[q + 1] = cross[q];
					q--;
				}
				cross[q + 1] = v;
			}
			int my = y0 + r - m.y0;
			int[] ms = my >= 0 && my < m.spans.length ? m.spans[my] : null;
			int lastEnd = Integer.MIN_VALUE;
			for (int a = from; a + 1 < to; a += 2) {
				int lo = Math.max(0, (int) Math.ceil(cross[a])), hi = Math.min(w, (int) Math.ceil(cross[a + 1]));
				lo = Math.max(lo, lastEnd); // spans that touch or overlap count once
				if (hi <= lo)
					continue;
				lastEnd = hi;
				area += hi - lo;
				if (ms != null)
					for (int c = 0; c < ms.length; c += 2) {
						int l2 = Math.max(lo, ms[c]), h2 = Math.min(hi, ms[c + 1]);
						if (h2 > l2)
							inter += h2 - l2;
					}
			}
		}
		long union = area + m.area - inter;
		return union > 0 && (double) inter / union > thr;
	}

	private static int cellOf(int i, int w, int cell, int gw) {
		return (i / w / cell) * gw + (i % w) / cell;
	}

	/** A non-negative int that orders like the float (NaN and negatives as 0). */
	private static int sortable(float p) {
		return p > 0 ? Float.floatToIntBits(p) : 0;
	}
}
