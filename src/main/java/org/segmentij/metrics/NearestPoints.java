package org.segmentij.metrics;

import java.util.stream.IntStream;

import org.segmentij.classical.distance.DistanceTransform;

/**
 * Exact nearest-point distances between two sets of grid points (surface pixels), for the
 * surface metrics: for every query point the Euclidean distance between pixel centres, scaled
 * by the pixel size per axis, to the nearest target point.
 * <p>
 * The targets are sorted into a uniform grid of buckets (cells of a few pixels, about the same
 * physical size along every axis, sized so that there is about one target per cell on average);
 * a query looks at the cells in rings of growing Chebyshev radius around its own cell and stops
 * as soon as no point outside the cells seen can be nearer than the best one found. Each
 * distance is computed as {@code sqrt(min over targets of sum_d ((q[d] - t[d]) * spacing[d])^2)},
 * term by term in axis order, so the values are exactly those of a brute-force search over all
 * pairs. Sparse surfaces (a few percent of the pixels) make this much cheaper than a distance
 * transform of the whole image; where a sample of the queries shows that the grid would cost
 * more than a transform (targets bunched far from most queries), the exact
 * {@link DistanceTransform} of the bounding box is used instead.
 */
final class NearestPoints {

	private NearestPoints() {
	}

	/** Below this many queries everything runs on the calling thread. */
	private static final int PARALLEL_MIN = 4096;
	/** Queries probed to estimate the cost of the grid. */
	private static final int PROBES = 256;

	/**
	 * @param queries linear indices (x fastest) of the query points, in any order
	 * @param targets linear indices of the target points, at least one
	 * @param dims    image dimensions
	 * @param w       pixel size per axis
	 * @return for every query, in the order given, the distance to the nearest target
	 */
	static double[] distances(int[] queries, int[] targets, int[] dims, double[] w) {
		Grid g = new Grid(queries, targets, dims, w);
		double[] out = new double[queries.length];
		if (queries.length == 0)
			return out;
		// probe a spread of queries: the average cost decides between the grid and a transform
		int probes = Math.min(PROBES, queries.length);
		long visits = 0;
		for (int k = 0; k < probes; k++) {
			int i = (int) ((long) k * queries.length / probes);
			out[i] = g.query(queries[i]);
			visits += g.lastCost;
		}
		double gridCost = (double) visits / probes * queries.length;
		double edtCost = 16.0 * g.volume;
		if (gridCost > edtCost && queries.length > probes) {
			viaTransform(queries, targets, dims, w, g, out);
			return out;
		}
		int n = queries.length;
		int tasks = n < PARALLEL_MIN ? 1 : 4 * (java.util.concurrent.ForkJoinPool.getCommonPoolParallelism() + 1);
		if (tasks == 1) {
			for (int i = 0; i < n; i++)
				out[i] = g.query(queries[i]);
		} else {
			IntStream.range(0, tasks).parallel().forEach(t -> {
				Grid local = g.copy();
				for (int i = (int) ((long) n * t / tasks), e = (int) ((long) n * (t + 1) / tasks); i < e; i++)
					out[i] = local.query(queries[i]);
			});
		}
		return out;
	}

	/** The exact transform of the targets on the bounding box, read at the queries. */
	private static void viaTransform(int[] queries, int[] targets, int[] dims, double[] w, Grid g, double[] out) {
		int n = dims.length;
		int[] box = new int[n];
		int vol = 1;
		for (int d = 0; d < n; d++) {
			box[d] = g.hi[d] - g.lo[d] + 1;
			vol *= box[d];
		}
		boolean[] seeds = new boolean[vol];
		for (int t : targets)
			seeds[g.boxIndex(t)] = true;
		double[] sq = DistanceTransform.squaredDistanceToSeeds(seeds, box, w);
		for (int i = 0; i < queries.length; i++)
			out[i] = Math.sqrt(sq[g.boxIndex(queries[i])]);
	}

	/** The bucket grid of the targets; {@link #query} uses scratch state, hence {@link #copy} per thread. */
	private static final class Grid {
		final int n;
		final int[] dims, stride;
		final double[] w;
		/** Bounding box of queries and targets, inclusive. */
		final int[] lo, hi;
		/** Cell size in pixels and number of cells per axis. */
		final int[] cell, cells, cellStride;
		/** Targets sorted by cell: coordinates, n per point; cell c holds points start[c] .. start[c + 1]. */
		final int[] pts, start;
		final long volume;
		/** Cells looked at and points measured by the last query. */
		long lastCost;
		// scratch
		final int[] q, qc, off;

		Grid(int[] queries, int[] targets, int[] dims, double[] w) {
			n = dims.length;
			this.dims = dims;
			this.w = w;
			stride = new int[n];
			for (int d = 0, s = 1; d < n; d++) {
				stride[d] = s;
				s *= dims[d];
			}
			lo = new int[n];
			hi = new int[n];
			java.util.Arrays.fill(lo, Integer.MAX_VALUE);
			java.util.Arrays.fill(hi, -1);
			int[] p = new int[n];
			for (int[] set : new int[][] { queries, targets })
				for (int i : set) {
					decode(i, p);
					for (int d = 0; d < n; d++) {
						if (p[d] < lo[d])
							lo[d] = p[d];
						if (p[d] > hi[d])
							hi[d] = p[d];
					}
				}
			long vol = 1;
			int axes = 0;
			double logW = 0;
			for (int d = 0; d < n; d++) {
				vol *= hi[d] - lo[d] + 1;
				if (hi[d] > lo[d]) {
					axes++;
					logW += Math.log(w[d]);
				}
			}
			volume = vol;
			// about one target per cell: edge = (volume / targets)^(1/axes) pixels, same physical size per axis
			double edge = axes == 0 ? 1 : Math.pow((double) vol / targets.length, 1.0 / axes);
			double geo = axes == 0 ? 1 : Math.exp(logW / axes);
			cell = new int[n];
			cells = new int[n];
			cellStride = new int[n];
			long total = 1;
			for (int d = 0; d < n; d++) {
				int ext = hi[d] - lo[d] + 1;
				int c = (int) Math.round(edge * geo / w[d]);
				cell[d] = Math.max(1, Math.min(ext, c));
				cells[d] = (ext + cell[d] - 1) / cell[d];
				cellStride[d] = (int) total;
				total *= cells[d];
			}
			start = new int[(int) total + 1];
			int[] cellOf = new int[targets.length];
			for (int k = 0; k < targets.length; k++) {
				decode(targets[k], p);
				int c = 0;
				for (int d = 0; d < n; d++)
					c += (p[d] - lo[d]) / cell[d] * cellStride[d];
				cellOf[k] = c;
				start[c + 1]++;
			}
			for (int c = 0; c < total; c++)
				start[c + 1] += start[c];
			int[] fill = java.util.Arrays.copyOf(start, (int) total);
			pts = new int[targets.length * n];
			for (int k = 0; k < targets.length; k++) {
				decode(targets[k], p);
				int at = fill[cellOf[k]]++ * n;
				for (int d = 0; d < n; d++)
					pts[at + d] = p[d];
			}
			q = new int[n];
			qc = new int[n];
			off = new int[n];
		}

		private Grid(Grid g) {
			n = g.n;
			dims = g.dims;
			stride = g.stride;
			w = g.w;
			lo = g.lo;
			hi = g.hi;
			cell = g.cell;
			cells = g.cells;
			cellStride = g.cellStride;
			pts = g.pts;
			start = g.start;
			volume = g.volume;
			q = new int[n];
			qc = new int[n];
			off = new int[n];
		}

		Grid copy() {
			return new Grid(this);
		}

		void decode(int i, int[] p) {
			for (int d = 0; d < n; d++) {
				p[d] = i % dims[d];
				i /= dims[d];
			}
		}

		int boxIndex(int i) {
			int b = 0, s = 1;
			for (int d = 0; d < n; d++) {
				b += (i % dims[d] - lo[d]) * s;
				s *= hi[d] - lo[d] + 1;
				i /= dims[d];
			}
			return b;
		}

		/** Distance from the pixel with linear index {@code i} to the nearest target. */
		double query(int i) {
			return n == 2 ? query2(i % dims[0], i / dims[0]) : queryN(i);
		}

		private double query2(int ax, int ay) {
			int c0 = cell[0], c1 = cell[1], g0 = cells[0], g1 = cells[1];
			int lo0 = lo[0], lo1 = lo[1];
			double w0 = w[0], w1 = w[1];
			int cx = (ax - lo0) / c0, cy = (ay - lo1) / c1;
			double best = Double.POSITIVE_INFINITY;
			long cost = 0;
			for (int r = 0;; r++) {
				int x0 = cx - r, x1 = cx + r, y0 = cy - r, y1 = cy + r;
				int xa = Math.max(x0, 0), xb = Math.min(x1, g0 - 1);
				for (int y = y0; y <= y1; y += y1 > y0 ? y1 - y0 : 1) { // the top and bottom rows of the ring
					if (y < 0 || y >= g1)
						continue;
					int row = y * g0;
					for (int x = xa; x <= xb; x++) {
						int s = start[row + x], e = start[row + x + 1];
						cost += 1 + e - s;
						for (int k = s * 2, ke = e * 2; k < ke; k += 2) {
							double tx = (ax - pts[k]) * w0, ty = (ay - pts[k + 1]) * w1;
							double d2 = tx * tx + ty * ty;
							if (d2 < best)
								best = d2;
						}
					}
				}
				if (r > 0) { // the left and right columns, corners excluded
					int ya = Math.max(y0 + 1, 0), yb = Math.min(y1 - 1, g1 - 1);
					for (int x = x0; x <= x1; x += x1 - x0) {
						if (x < 0 || x >= g0)
							continue;
						for (int y = ya; y <= yb; y++) {
							int c = y * g0 + x;
							int s = start[c], e = start[c + 1];
							cost += 1 + e - s;
							for (int k = s * 2, ke = e * 2; k < ke; k += 2) {
								double tx = (ax - pts[k]) * w0, ty = (ay - pts[k + 1]) * w1;
								double d2 = tx * tx + ty * ty;
								if (d2 < best)
									best = d2;
							}
						}
					}
				}
				// nearest possible point outside the cells seen so far
				double lb = Double.POSITIVE_INFINITY;
				if (x0 > 0)
					lb = Math.min(lb, (ax - (lo0 + x0 * c0) + 1) * w0);
				if (x1 < g0 - 1)
					lb = Math.min(lb, (lo0 + (x1 + 1) * c0 - ax) * w0);
				if (y0 > 0)
					lb = Math.min(lb, (ay - (lo1 + y0 * c1) + 1) * w1);
				if (y1 < g1 - 1)
					lb = Math.min(lb, (lo1 + (y1 + 1) * c1 - ay) * w1);
				if (lb == Double.POSITIVE_INFINITY || best <= lb * lb)
					break;
			}
			lastCost = cost;
			return Math.sqrt(best);
		}

		private double queryN(int i) {
			decode(i, q);
			for (int d = 0; d < n; d++)
				qc[d] = (q[d] - lo[d]) / cell[d];
			double best = Double.POSITIVE_INFINITY;
			long cost = 0;
			for (int r = 0;; r++) {
				// every cell of the box of radius r around the query's cell, clipped, not seen before
				for (int d = 0; d < n; d++)
					off[d] = Math.max(qc[d] - r, 0);
				while (true) {
					boolean ring = false;
					int c = 0;
					for (int d = 0; d < n; d++) {
						ring |= Math.abs(off[d] - qc[d]) == r;
						c += off[d] * cellStride[d];
					}
					if (ring) {
						int s = start[c], e = start[c + 1];
						cost += 1 + e - s;
						for (int k = s * n, ke = e * n; k < ke; k += n) {
							double d2 = 0;
							for (int d = 0; d < n; d++) {
								double t = (q[d] - pts[k + d]) * w[d];
								d2 += t * t;
							}
							if (d2 < best)
								best = d2;
						}
					} else
						cost++;
					int d = 0;
					for (; d < n; d++) {
						if (off[d] < Math.min(qc[d] + r, cells[d] - 1)) {
							off[d]++;
							break;
						}
						off[d] = Math.max(qc[d] - r, 0);
					}
					if (d == n)
						break;
				}
				double lb = Double.POSITIVE_INFINITY;
				for (int d = 0; d < n; d++) {
					if (qc[d] - r > 0)
						lb = Math.min(lb, (q[d] - (lo[d] + (qc[d] - r) * cell[d]) + 1) * w[d]);
					if (qc[d] + r < cells[d] - 1)
						lb = Math.min(lb, (lo[d] + (qc[d] + r + 1) * cell[d] - q[d]) * w[d]);
				}
				if (lb == Double.POSITIVE_INFINITY || best <= lb * lb)
					break;
			}
			lastCost = cost;
			return Math.sqrt(best);
		}
	}
}
