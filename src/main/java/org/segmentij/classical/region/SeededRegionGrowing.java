package org.segmentij.classical.region;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import java.util.TreeSet;

import org.segmentij.classical.region.ConnectedComponents.Connectivity;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.view.Views;

/**
 * Seeded region growing (Adams &amp; Bischof, "Seeded region growing", PAMI 1994), in any number
 * of dimensions.
 * <p>
 * Regions start as the seed pixels (a label image: pixels with label {@code l > 0} form region
 * {@code l}; a region may be made of disconnected pixels). At every step, among all pairs of an
 * unlabelled pixel {@code p} and a region {@code r} that {@code p} touches (a neighbour of
 * {@code p} has label {@code r}), the pair with the smallest {@code delta = |g(p) - mean(r)|} is
 * chosen, {@code mean(r)} being the mean of the image over the pixels of {@code r} at that moment;
 * {@code p} joins {@code r} and the mean is updated. Ties go to the pixel first in raster order,
 * then to the smaller label. This is the exact rule with means always up to date (not stale
 * priorities computed when a pixel was queued): each region keeps its boundary pixels sorted by
 * value, so its best candidate is found next to its mean in logarithmic time, and a priority
 * queue over the regions' best candidates gives the global best. Growing stops when no
 * unlabelled pixel touches a region, or when the best {@code delta} exceeds the maximum distance:
 * the remaining pixels stay 0. NaN pixels are never labelled and do not connect regions.
 * <p>
 * Inputs are never modified; the result is a new label image of the input's dimensions starting
 * at 0.
 */
public final class SeededRegionGrowing {

	private SeededRegionGrowing() {
	}

	/**
	 * Grows the seeds over the image.
	 *
	 * @param image        the intensities (any real type, any number of dimensions)
	 * @param seeds        same size; labels &gt; 0 are the seeds, 0 = unlabelled
	 * @param maxDistance  largest {@code |value - region mean|} at which a pixel may still join a
	 *                     region ({@code Double.POSITIVE_INFINITY}: grow until every reachable
	 *                     pixel is labelled); &ge; 0
	 * @param connectivity which neighbours touch
	 * @return the grown labels (seeds keep theirs), 0 where no region reached
	 * @throws IllegalArgumentException for a null argument, sizes that differ, a negative seed
	 *                                  label, a negative or NaN maximum distance, or an image too
	 *                                  large for a flat copy
	 */
	public static <T extends RealType<T>> Img<IntType> grow(RandomAccessibleInterval<T> image,
			RandomAccessibleInterval<IntType> seeds, double maxDistance, Connectivity connectivity) {
		String where = "SeededRegionGrowing.grow";
		if (image == null)
			throw new IllegalArgumentException(where + ": image must not be null");
		if (seeds == null)
			throw new IllegalArgumentException(where + ": seeds must not be null; give a label image with a label > 0 inside each region");
		if (connectivity == null)
			throw new IllegalArgumentException(where + ": connectivity must not be null; use Connectivity.FACE or FULL");
		if (!(maxDistance >= 0))
			throw new IllegalArgumentException(where + ": max_distance must be >= 0 (got " + maxDistance
					+ "); use Infinity for no limit");
		FlatGrid g = new FlatGrid(where, image.dimensionsAsLongArray(), connectivity);
		FlatGrid.checkSameSize(where, "seed image", seeds, g.dims);
		double[] v = g.values(image, false);
		boolean[] in = g.inside(v, null);
		int[] lab = new int[g.size];
		Cursor<IntType> sc = Views.flatIterable(seeds).cursor();
		int maxLabel = 0;
		for (int i = 0; i < g.total; i++) {
			int s = sc.next().get();
			if (s < 0)
				throw new IllegalArgumentException(where + ": seed label " + s + " is negative; seeds must be 0 (none) or positive labels");
			int p = g.pidx[i];
			if (in[p] && s > 0) {
				lab[p] = s;
				maxLabel = Math.max(maxLabel, s);
			}
		}
		new Grower(g, v, in, lab, maxLabel, maxDistance).run();
		return g.toImg(lab);
	}

	/** The growing state. */
	private static final class Grower {
		final FlatGrid g;
		final double[] v;
		final boolean[] in;
		final int[] lab;
		final double maxDistance;
		/** Distinct inside values, ascending, and the rank of each padded pixel's value. */
		final double[] vals;
		final int[] rank;
		final double[] sum;
		final long[] count;
		final List<TreeSet<Long>> boundary;
		/** The current best candidate pixel of each region (-1: none), and its queue version. */
		final int[] bestP;
		final int[] version;
		final PriorityQueue<Entry> queue = new PriorityQueue<>();

		record Entry(double delta, int p, int r, int version) implements Comparable<Entry> {
			@Override
			public int compareTo(Entry o) {
				int c = Double.compare(delta, o.delta);
				if (c != 0)
					return c;
				c = Integer.compare(p, o.p);
				return c != 0 ? c : Integer.compare(r, o.r);
			}
		}

		Grower(FlatGrid g, double[] v, boolean[] in, int[] lab, int maxLabel, double maxDistance) {
			this.g = g;
			this.v = v;
			this.in = in;
			this.lab = lab;
			this.maxDistance = maxDistance;
			int n = 0;
			double[] all = new double[g.total];
			for (int i = 0; i < g.total; i++)
				if (in[g.pidx[i]])
					all[n++] = v[g.pidx[i]];
			double[] sorted = Arrays.copyOf(all, n);
			Arrays.sort(sorted);
			int d = 0;
			for (int i = 0; i < n; i++)
				if (d == 0 || sorted[i] != sorted[d - 1])
					sorted[d++] = sorted[i];
			vals = Arrays.copyOf(sorted, d);
			rank = new int[g.size];
			for (int i = 0; i < g.total; i++) {
				int p = g.pidx[i];
				if (in[p])
					rank[p] = Arrays.binarySearch(vals, v[p]);
			}
			sum = new double[maxLabel + 1];
			count = new long[maxLabel + 1];
			boundary = new ArrayList<>(maxLabel + 1);
			for (int r = 0; r <= maxLabel; r++)
				boundary.add(null);
			bestP = new int[maxLabel + 1];
			Arrays.fill(bestP, -1);
			version = new int[maxLabel + 1];
		}

		void run() {
			// seed statistics, in raster order
			for (int i = 0; i < g.total; i++) {
				int p = g.pidx[i], r = lab[p];
				if (r > 0) {
					sum[r] += v[p];
					count[r]++;
				}
			}
			for (int i = 0; i < g.total; i++) {
				int p = g.pidx[i], r = lab[p];
				if (r > 0)
					for (int o : g.offsets) {
						int q = p + o;
						if (in[q] && lab[q] == 0)
							set(r).add(key(q));
					}
			}
			for (int r = 1; r < count.length; r++)
				if (count[r] > 0)
					refresh(r);
			int[] touched = new int[g.offsets.length];
			while (!queue.isEmpty()) {
				Entry e = queue.poll();
				if (e.version != version[e.r])
					continue; // stale
				if (e.delta > maxDistance)
					break; // every other candidate is at least as far
				int p = e.p, r = e.r;
				lab[p] = r;
				sum[r] += v[p];
				count[r]++;
				// p leaves the boundary of every region it touches
				int nt = 0;
				for (int o : g.offsets) {
					int l = lab[p + o];
					if (l > 0 && indexOf(touched, nt, l) < 0) {
						touched[nt++] = l;
						boundary.get(l).remove(key(p));
					}
				}
				for (int o : g.offsets) {
					int q = p + o;
					if (in[q] && lab[q] == 0)
						set(r).add(key(q));
				}
				refresh(r);
				for (int k = 0; k < nt; k++)
					if (touched[k] != r && bestP[touched[k]] == p)
						refresh(touched[k]);
			}
		}

		private static int indexOf(int[] a, int n, int x) {
			for (int i = 0; i < n; i++)
				if (a[i] == x)
					return i;
			return -1;
		}

		private TreeSet<Long> set(int r) {
			TreeSet<Long> s = boundary.get(r);
			if (s == null) {
				s = new TreeSet<>();
				boundary.set(r, s);
			}
			return s;
		}

		private long key(int p) {
			return ((long) rank[p] << 32) | p;
		}

		/** Finds region r's best boundary pixel for its current mean and queues it. */
		private void refresh(int r) {
			version[r]++;
			bestP[r] = -1;
			TreeSet<Long> s = boundary.get(r);
			if (s == null || s.isEmpty())
				return;
			double m = sum[r] / count[r];
			// first rank whose value is >= m
			int lo = 0, hi = vals.length;
			while (lo < hi) {
				int mid = (lo + hi) >>> 1;
				if (vals[mid] < m)
					lo = mid + 1;
				else
					hi = mid;
			}
			Long above = s.ceiling((long) lo << 32);
			Long below = s.lower((long) lo << 32);
			if (below != null) // the smallest pixel index with that value
				below = s.ceiling((below >>> 32) << 32);
			int p;
			double d;
			if (below == null) {
				p = (int) (long) above;
				d = Math.abs(v[p] - m);
			}
			else if (above == null) {
				p = (int) (long) below;
				d = Math.abs(v[p] - m);
			}
			else {
				int pa = (int) (long) above, pb = (int) (long) below;
				double da = Math.abs(v[pa] - m), db = Math.abs(v[pb] - m);
				if (da < db || da == db && pa < pb) {
					p = pa;
					d = da;
				}
				else {
					p = pb;
					d = db;
				}
			}
			bestP[r] = p;
			queue.add(new Entry(d, p, r, version[r]));
		}
	}
}
