package org.segmentij.classical.region;

import net.imglib2.img.array.ArrayImgs;
import net.imglib2.util.Intervals;
import org.segmentij.classical.PixelArrays;
import org.segmentij.classical.distance.DistanceTransform;
import org.segmentij.classical.region.ConnectedComponents.Connectivity;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * Marker-controlled watershed by priority flooding (Meyer's algorithm), in any number of
 * dimensions, and the classical distance-transform pipeline that splits touching objects.
 * <p>
 * Flooding starts from the marker pixels and proceeds in order of increasing image value: a
 * priority queue holds the pixels at the border of the flooded region, keyed by their image
 * value, ties broken by insertion order (first in, first out), so the result is fully
 * deterministic. A pixel popped from the queue takes the label of the neighbour that queued it
 * and queues its own unvisited neighbours. NaN image values are flooded last (as
 * {@code +Infinity}). Integer-valued images of moderate range (8-, 16-bit, ...) use a bucket
 * queue (constant time per pixel), others a binary heap; both give the same order.
 * <p>
 * With dividing lines, a pixel that, when it is popped, touches an already flooded pixel of
 * another basin becomes 0 and floods nothing further: the result has watershed lines between
 * basins, one pixel wide in general (as wide as this flooding order gives). Marker pixels are
 * never turned into lines.
 * <p>
 * Inputs are never modified; results are new images of the input's dimensions starting at 0.
 */
public final class Watershed {

	private Watershed() {
	}

	/**
	 * Marker-controlled watershed.
	 *
	 * @param image         the relief to flood (e.g. a gradient magnitude or a negated distance
	 *                      map); any real type
	 * @param markers       same size; labels &gt; 0 are the sources of the basins (several
	 *                      pixels may share a label, and a label may be used by disconnected
	 *                      pixels), 0 = not a marker; markers outside the mask are ignored
	 * @param mask          same size; only nonzero (not NaN) pixels are flooded, the rest stay
	 *                      0; {@code null} = everywhere
	 * @param connectivity  which neighbours the flood steps to
	 * @param dividingLines {@code true}: pixels where two basins meet become 0
	 * @return a label image: each pixel reachable from a marker inside the mask gets the label
	 *         of the basin that reached it first; markers keep their labels; 0 elsewhere
	 * @throws IllegalArgumentException for a null image, markers or connectivity, sizes that
	 *                                  differ, a negative marker or an image too large for a
	 *                                  flat copy
	 */
	public static <T extends RealType<T>, M extends RealType<M>> Img<IntType> watershed(
			RandomAccessibleInterval<T> image, RandomAccessibleInterval<IntType> markers,
			RandomAccessibleInterval<M> mask, Connectivity connectivity, boolean dividingLines) {
		String where = "Watershed.watershed";
		if (image == null)
			throw new IllegalArgumentException(where + ": image must not be null");
		if (markers == null)
			throw new IllegalArgumentException(where
					+ ": markers must not be null; give a label image of seeds, e.g. RegionalExtrema.hMinima(image, h, c)");
		if (connectivity == null)
			throw new IllegalArgumentException(where + ": connectivity must not be null; use Connectivity.FACE or FULL");
		FlatGrid g = new FlatGrid(where, image.dimensionsAsLongArray(), connectivity);
		FlatGrid.checkSameSize(where, "markers image", markers, g.dims);
		if (mask != null)
			FlatGrid.checkSameSize(where, "mask", mask, g.dims);
		double[] v = g.values(image, false);
		boolean[] in = g.inside(null, mask);
		int[] lab = new int[g.size];
		Cursor<IntType> mc = Views.flatIterable(markers).cursor();
		for (int i = 0; i < g.total; i++) {
			int m = mc.next().get();
			if (m < 0)
				throw new IllegalArgumentException(where + ": marker label " + m
						+ " is negative; markers must be 0 (none) or positive labels");
			lab[g.pidx[i]] = m;
		}
		return g.toImg(flood(g, v, in, lab, dividingLines));
	}

	/**
	 * Splits touching objects of a binary mask: the exact Euclidean distance to the background,
	 * its h-maxima within the mask as markers, and the watershed of the negated distance within
	 * the mask (without dividing lines, so the objects exactly tile the mask).
	 *
	 * @param mask         any real-valued image; nonzero (not NaN) = foreground
	 * @param spacing      pixel size: {@code null} or empty (1), one for all axes, or one per
	 *                     dimension; the distance and {@code h} are in these units
	 * @param h            minimum dynamic of a distance maximum to seed its own object, finite
	 *                     and &ge; 0 (about 1-2 pixels; larger merges more)
	 * @param connectivity which neighbours are connected
	 * @return the objects labelled 1..n (in raster order of their marker), 0 on background;
	 *         their union is the mask
	 * @throws IllegalArgumentException for a null mask or connectivity, a bad spacing or
	 *                                  {@code h}, or a mask too large for a flat copy
	 */
	public static <T extends RealType<T>> Img<IntType> splitTouching(RandomAccessibleInterval<T> mask, double[] spacing,
			double h, Connectivity connectivity) {
		String where = "Watershed.splitTouching";
		if (mask == null)
			throw new IllegalArgumentException(where + ": mask must not be null");
		if (connectivity == null)
			throw new IllegalArgumentException(where + ": connectivity must not be null; use Connectivity.FACE or FULL");
		if (!(h >= 0) || Double.isInfinite(h))
			throw new IllegalArgumentException(where + ": h = " + h
					+ " is not a finite number >= 0; give the minimum height of a distance peak, e.g. 1.5 (pixels)");
		int n = mask.numDimensions();
		DistanceTransform.spacing(where, spacing, n);
		if (n > 3)
			return splitTouchingGlobal(mask, spacing, h, connectivity);
		long[] ldims = mask.dimensionsAsLongArray();
		long totalL = Intervals.numElements(ldims);
		if (totalL > Integer.MAX_VALUE - 8)
			throw new IllegalArgumentException(where + ": the mask has " + totalL + " pixels, too many for a flat copy (at most about "
					+ (Integer.MAX_VALUE - 8) + "); process it in tiles");
		int total = (int) totalL;
		int[] idims = new int[n];
		for (int d = 0; d < n; d++)
			idims[d] = (int) ldims[d];
		int w = idims[0], hh = n > 1 ? idims[1] : 1, nz = n > 2 ? idims[2] : 1;
		// the squared distances (see splitTouchingGlobal for keys and markers)
		byte[] fg = PixelArrays.mask(mask, where);
		double[] sp = DistanceTransform.spacing(where, spacing, n);
		boolean iso = true;
		for (double x : sp)
			iso &= x == sp[0];
		boolean isotropic = iso;
		double unit = isotropic ? sp[0] * sp[0] : 1;
		// isotropic: the squared distances as whole numbers of unit (the keys themselves);
		// otherwise in double precision
		byte[] bgSeeds = new byte[fg.length];
		for (int i = 0; i < fg.length; i++)
			bgSeeds[i] = (byte) (fg[i] ^ 1);
		int[] k2 = isotropic ? DistanceTransform.squaredDistanceToSeedsIsotropic(bgSeeds, idims, sp) : null;
		double[] d2;
		if (k2 == null) {
			boolean[] bg = new boolean[fg.length];
			for (int i = 0; i < fg.length; i++)
				bg[i] = fg[i] == 0;
			d2 = DistanceTransform.squaredDistanceToSeeds(bg, idims, sp);
		}
		else
			d2 = null;
		// the connected parts of the mask never touch each other: the h-maxima, the markers and the
		// flood of each are its own, done in its bounding box (small arrays, in cache), in parallel
		PixelArrays.Plane[] planes = new PixelArrays.Plane[nz];
		for (int z = 0; z < nz; z++)
			planes[z] = new PixelArrays.Plane(fg, z * w * hh);
		ConnectedComponents.Runs runs = ConnectedComponents.labelRuns(planes, idims, connectivity);
		int parts = runs.count;
		int[] box = new int[6 * (parts + 1)]; // x0 x1 y0 y1 z0 z1 per part
		for (int k = 1; k <= parts; k++) {
			box[6 * k] = box[6 * k + 2] = box[6 * k + 4] = Integer.MAX_VALUE;
			box[6 * k + 1] = box[6 * k + 3] = box[6 * k + 5] = -1;
		}
		int[][] partRuns = new int[parts + 1][];
		int[] partRunCount = new int[parts + 1];
		for (int line = 0; line < runs.lines; line++)
			for (int r = runs.lineFirst[line]; r < runs.lineFirst[line + 1]; r++) {
				int k = runs.number[r], y = line % hh, z = line / hh, b = 6 * k;
				box[b] = Math.min(box[b], runs.rs[r]);
				box[b + 1] = Math.max(box[b + 1], runs.re[r]);
				box[b + 2] = Math.min(box[b + 2], y);
				box[b + 3] = Math.max(box[b + 3], y);
				box[b + 4] = Math.min(box[b + 4], z);
				box[b + 5] = Math.max(box[b + 5], z);
				if (partRuns[k] == null)
					partRuns[k] = new int[8];
				else if (partRunCount[k] == partRuns[k].length)
					partRuns[k] = java.util.Arrays.copyOf(partRuns[k], 2 * partRuns[k].length);
				partRuns[k][partRunCount[k]++] = r;
			}
		int[] out = new int[total];
		int[][] partLabels = new int[parts + 1][]; // per part: local marker label -> first pixel (flat index)
		int[][] partLocal = new int[parts + 1][]; // per part: its padded local labels
		FlatGrid[] grids = new FlatGrid[parts + 1];
		java.util.stream.IntStream.rangeClosed(1, parts).parallel().forEach(k -> {
			int b = 6 * k;
			int bw = box[b + 1] - box[b] + 1, bh = box[b + 3] - box[b + 2] + 1, bd = box[b + 5] - box[b + 4] + 1;
			long[] ld = n == 1 ? new long[] { bw } : n == 2 ? new long[] { bw, bh } : new long[] { bw, bh, bd };
			FlatGrid g = new FlatGrid(where, ld, connectivity);
			double[] v = new double[g.size], key = new double[g.size];
			boolean[] in = new boolean[g.size];
			int sy = bw + 2, sz = (bw + 2) * (bh + 2);
			for (int q = 0; q < partRunCount[k]; q++) {
				int r = partRuns[k][q], line = lineOf(runs, r);
				int y = line % hh - box[b + 2], z = line / hh - box[b + 4];
				int base = (z + (n > 2 ? 1 : 0)) * sz + (y + (n > 1 ? 1 : 0)) * sy + 1 - box[b];
				int flat = line * w;
				if (k2 != null) // sq = unit * k (as the double transform gives it), key = -k exactly
					for (int x = runs.rs[r]; x <= runs.re[r]; x++) {
						int p = base + x, kk = k2[flat + x];
						double sq = kk == Integer.MAX_VALUE ? Double.POSITIVE_INFINITY : unit == 1 ? kk : unit * kk;
						v[p] = (float) Math.sqrt(sq);
						key[p] = kk == Integer.MAX_VALUE ? Double.NEGATIVE_INFINITY : -kk;
						in[p] = true;
					}
				else
					for (int x = runs.rs[r]; x <= runs.re[r]; x++) {
						int p = base + x;
						double sq = d2[flat + x];
						v[p] = (float) Math.sqrt(sq);
						key[p] = isotropic && sq != Double.POSITIVE_INFINITY ? -Math.rint(sq / unit) : -sq;
						in[p] = true;
					}
			}
			double[] rec = h > 0 ? RegionalExtrema.reconstructByDilation(g, v, h, in) : v;
			int[] lab = RegionalExtrema.maxima(g, rec, in);
			int markers = 0;
			for (int p = 0; p < g.size; p++)
				if (lab[p] < 0)
					lab[p] = 0;
				else
					markers = Math.max(markers, lab[p]);
			// each marker's first pixel in raster order, as a flat index of the whole image
			int[] first = new int[markers + 1];
			java.util.Arrays.fill(first, -1);
			for (int i = 0; i < g.total; i++) {
				int l = lab[g.pidx[i]];
				if (l > 0 && first[l] < 0) {
					int x = i % bw, rest = i / bw, y = rest % bh, z = rest / bh;
					first[l] = ((z + box[b + 4]) * hh + y + box[b + 2]) * w + x + box[b];
				}
			}
			partLabels[k] = first;
			partLocal[k] = flood(g, key, in, lab, false);
			grids[k] = g;
		});
		// global numbering: markers in raster order of their first pixel, as one flood would number them
		int nm = 0;
		for (int k = 1; k <= parts; k++)
			nm += partLabels[k].length - 1;
		long[] keyed = new long[nm];
		int[] ownerPart = new int[nm], ownerLabel = new int[nm];
		int m = 0;
		for (int k = 1; k <= parts; k++)
			for (int l = 1; l < partLabels[k].length; l++) {
				keyed[m] = (long) partLabels[k][l] << 31 | m;
				ownerPart[m] = k;
				ownerLabel[m] = l;
				m++;
			}
		java.util.Arrays.sort(keyed);
		int[][] global = new int[parts + 1][];
		for (int k = 1; k <= parts; k++)
			global[k] = new int[partLabels[k].length];
		for (int r = 0; r < nm; r++) {
			int idx = (int) (keyed[r] & 0x7fffffffL);
			global[ownerPart[idx]][ownerLabel[idx]] = r + 1;
		}
		java.util.stream.IntStream.rangeClosed(1, parts).parallel().forEach(k -> {
			int b = 6 * k;
			int bw = box[b + 1] - box[b] + 1, bh = box[b + 3] - box[b + 2] + 1;
			int sy = bw + 2, sz = (bw + 2) * (bh + 2);
			int[] local = partLocal[k], map = global[k];
			for (int q = 0; q < partRunCount[k]; q++) {
				int r = partRuns[k][q], line = lineOf(runs, r);
				int y = line % hh - box[b + 2], z = line / hh - box[b + 4];
				int base = (z + (n > 2 ? 1 : 0)) * sz + (y + (n > 1 ? 1 : 0)) * sy + 1 - box[b];
				int flat = line * w;
				for (int x = runs.rs[r]; x <= runs.re[r]; x++) {
					int l = local[base + x];
					out[flat + x] = l > 0 ? map[l] : 0;
				}
			}
		});
		return ArrayImgs.ints(out, ldims);
	}

	/** The line of run {@code r} (binary search in the runs' line index). */
	private static int lineOf(ConnectedComponents.Runs runs, int r) {
		int lo = 0, hi = runs.lines - 1;
		while (lo < hi) {
			int mid = (lo + hi + 1) >>> 1;
			if (runs.lineFirst[mid] <= r)
				lo = mid;
			else
				hi = mid - 1;
		}
		return lo;
	}

	/**
	 * {@link #splitTouching} on the whole image at once (one flood over all parts of the mask);
	 * the same result. Used for more than three dimensions.
	 */
	static <T extends RealType<T>> Img<IntType> splitTouchingGlobal(RandomAccessibleInterval<T> mask, double[] spacing,
			double h, Connectivity connectivity) {
		String where = "Watershed.splitTouching";
		FlatGrid g = new FlatGrid(where, mask.dimensionsAsLongArray(), connectivity);
		DistanceTransform.spacing(where, spacing, g.dims.length);
		// squared distances once: their square roots (rounded to float, as distanceToBackground
		// gives them) for the markers, and the squared values themselves as flooding keys (the
		// same order; integers in units of the pixel size when it is isotropic, which lets the
		// flood use the bucket queue)
		byte[] fg = PixelArrays.mask(mask, where);
		boolean[] bg = new boolean[fg.length];
		for (int i = 0; i < fg.length; i++)
			bg[i] = fg[i] == 0;
		int n = g.dims.length;
		int[] idims = new int[n];
		for (int d = 0; d < n; d++)
			idims[d] = (int) g.dims[d];
		double[] sp = DistanceTransform.spacing(where, spacing, n);
		double[] d2 = DistanceTransform.squaredDistanceToSeeds(bg, idims, sp);
		bg = null; // arrays are let go as soon as they are done with: 36 instead of 46 bytes per voxel at the peak
		boolean isotropic = true;
		for (double x : sp)
			isotropic &= x == sp[0];
		double unit = isotropic ? sp[0] * sp[0] : 1;
		double[] v = new double[g.size];
		double[] key = new double[g.size];
		boolean[] in = new boolean[g.size];
		int[] pidx = g.pidx;
		for (int i = 0; i < g.total; i++) {
			int p = pidx[i];
			v[p] = (float) Math.sqrt(d2[i]);
			key[p] = isotropic && d2[i] != Double.POSITIVE_INFINITY ? -Math.rint(d2[i] / unit) : -d2[i];
			in[p] = fg[i] != 0;
		}
		fg = null;
		d2 = null;
		double[] rec = h > 0 ? RegionalExtrema.reconstructByDilation(g, v, h, in) : v;
		v = null;
		int[] lab = RegionalExtrema.maxima(g, rec, in);
		rec = null;
		for (int i = 0; i < g.total; i++) {
			int p = pidx[i];
			if (lab[p] < 0)
				lab[p] = 0;
		}
		return g.toImg(flood(g, key, in, lab, false));
	}

	/**
	 * Priority flood on padded arrays; {@code lab} holds the markers on entry (only inside
	 * pixels count) and the result on exit.
	 */
	static int[] flood(FlatGrid g, double[] v, boolean[] in, int[] lab, boolean lines) {
		final byte OUTSIDE = -1, NONE = 0, QUEUED = 1, MARKER = 2, DONE = 3;
		byte[] state = new byte[g.size];
		// padding and outside-mask pixels carry no label and are never queued
		for (int p = 0; p < g.size; p++)
			if (!in[p]) {
				state[p] = OUTSIDE;
				lab[p] = 0;
			}
		Queue heap = BucketQueue.fits(v, in, g) ? new BucketQueue(v, in, g) : new Heap(g.total);
		for (int i = 0; i < g.total; i++) {
			int p = g.pidx[i];
			if (in[p] && lab[p] > 0) {
				state[p] = MARKER;
				heap.push(v[p], p);
			}
		}
		int[] off = g.offsets;
		while (heap.size > 0) {
			int p = heap.pop();
			int l = lab[p];
			if (lines && state[p] != MARKER) {
				boolean meet = false;
				for (int o : off) {
					int q = p + o;
					if (state[q] >= MARKER && lab[q] > 0 && lab[q] != l) { // flooded (or a marker) of another basin
						meet = true;
						break;
					}
				}
				if (meet) {
					lab[p] = 0;
					state[p] = DONE;
					continue;
				}
			}
			state[p] = DONE;
			for (int o : off) {
				int q = p + o;
				if (state[q] == NONE) {
					state[q] = QUEUED;
					lab[q] = l;
					heap.push(v[q], q);
				}
			}
		}
		// pixels never reached by a flood (no marker in their part of the mask) stay 0
		for (int p = 0; p < g.size; p++)
			if (state[p] == NONE)
				lab[p] = 0;
		return lab;
	}

	/** Priority queue of pixel indices keyed by value (NaN last), ties first in, first out. */
	abstract static class Queue {
		int size;

		abstract void push(double value, int p);

		abstract int pop();
	}

	/**
	 * Bucket queue for integer-valued images of moderate range (e.g. 8- and 16-bit): one FIFO
	 * list per value, linked through the pixels (each pixel is pushed at most once), and a
	 * two-level bit set of non-empty buckets. O(1) per operation.
	 */
	static final class BucketQueue extends Queue {
		static final int MAX_BUCKETS = 1 << 20;
		private final double min;
		private final int nanBucket;
		private final int[] head, tail, next;
		private final long[] words, summary;

		/** Whether every inside value is NaN or an integer, within a range of at most MAX_BUCKETS. */
		static boolean fits(double[] v, boolean[] in, FlatGrid g) {
			double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
			for (int i = 0; i < g.total; i++) {
				int p = g.pidx[i];
				if (!in[p])
					continue;
				double x = v[p];
				if (x != x)
					continue;
				if (x != Math.rint(x) || Double.isInfinite(x))
					return false;
				if (x < lo)
					lo = x;
				if (x > hi)
					hi = x;
			}
			return hi < lo || hi - lo < MAX_BUCKETS - 1;
		}

		BucketQueue(double[] v, boolean[] in, FlatGrid g) {
			double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
			for (int i = 0; i < g.total; i++) {
				int p = g.pidx[i];
				double x = v[p];
				if (in[p] && x == x) {
					lo = Math.min(lo, x);
					hi = Math.max(hi, x);
				}
			}
			if (hi < lo)
				lo = hi = 0;
			min = lo;
			nanBucket = (int) (hi - lo) + 1;
			int nb = nanBucket + 1;
			head = new int[nb];
			tail = new int[nb];
			java.util.Arrays.fill(head, -1);
			next = new int[g.size];
			words = new long[(nb + 63) >>> 6];
			summary = new long[(words.length + 63) >>> 6];
		}

		@Override
		void push(double value, int p) {
			int b = value == value ? (int) (value - min) : nanBucket;
			next[p] = -1;
			if (head[b] < 0) {
				head[b] = p;
				int w = b >>> 6;
				words[w] |= 1L << b;
				summary[w >>> 6] |= 1L << w;
			} else
				next[tail[b]] = p;
			tail[b] = p;
			size++;
		}

		@Override
		int pop() {
			int s = 0;
			while (summary[s] == 0)
				s++;
			int w = (s << 6) + Long.numberOfTrailingZeros(summary[s]);
			int b = (w << 6) + Long.numberOfTrailingZeros(words[w]);
			int p = head[b];
			int nx = next[p];
			head[b] = nx;
			if (nx < 0) {
				words[w] &= ~(1L << b);
				if (words[w] == 0)
					summary[w >>> 6] &= ~(1L << w);
			}
			size--;
			return p;
		}
	}

	/**
	 * Binary min-heap of pixel indices keyed by value (NaN as {@code +Infinity}), ties by
	 * insertion order. Each pixel is pushed at most once, so the capacity is the number of
	 * pixels.
	 */
	static final class Heap extends Queue {
		private final double[] key;
		private final int[] seq;
		private final int[] idx;
		private int counter;

		Heap(int capacity) {
			key = new double[Math.max(capacity, 1)];
			seq = new int[key.length];
			idx = new int[key.length];
		}

		@Override
		void push(double k, int p) {
			if (k != k)
				k = Double.POSITIVE_INFINITY;
			int s = counter++;
			int i = size++;
			while (i > 0) {
				int parent = (i - 1) >>> 1;
				double pk = key[parent];
				if (pk < k || (pk == k && seq[parent] < s))
					break;
				key[i] = pk;
				seq[i] = seq[parent];
				idx[i] = idx[parent];
				i = parent;
			}
			key[i] = k;
			seq[i] = s;
			idx[i] = p;
		}

		@Override
		int pop() {
			int top = idx[0];
			int n = --size;
			if (n == 0)
				return top;
			double k = key[n];
			int s = seq[n], p = idx[n];
			int i = 0;
			while (true) {
				int c = 2 * i + 1;
				if (c >= n)
					break;
				int r = c + 1;
				if (r < n && (key[r] < key[c] || (key[r] == key[c] && seq[r] < seq[c])))
					c = r;
				if (k < key[c] || (k == key[c] && s < seq[c]))
					break;
				key[i] = key[c];
				seq[i] = seq[c];
				idx[i] = idx[c];
				i = c;
			}
			key[i] = k;
			seq[i] = s;
			idx[i] = p;
			return top;
		}
	}
}
