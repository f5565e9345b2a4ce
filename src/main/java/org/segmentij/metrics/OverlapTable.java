package org.segmentij.metrics;

import java.util.Arrays;
import java.util.function.IntUnaryOperator;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

/**
 * The contingency table of two label images: for every pair (true label {@code i}, predicted
 * label {@code j}) that occurs, the number {@code n_ij} of pixels carrying label {@code i} in the
 * ground truth and {@code j} in the prediction; with its row sums (areas of the true labels),
 * column sums (areas of the predicted labels) and the number of pixels. Label 0 is a label like
 * any other here (the metrics decide what background means).
 * <p>
 * It is built in one pass over the pixels (pixels paired by position relative to each image's
 * min; runs of equal pairs are counted at once) into a primitive open-addressing hash map keyed
 * by {@code trueId << 32 | predId}; {@code ArrayImg} and {@code PlanarImg} of {@code IntType}
 * are read directly from their {@code int[]} storage, any other image through a cursor in flat
 * iteration order. Every region metric of this package ({@link InstanceMatching},
 * {@link ConfusionMatrix}, {@link Panoptic}, {@link PartitionMetrics}) is computed from this
 * table without a second pass, so compute it once and hand it to all of them.
 * <p>
 * Cells are kept sorted by true label, then predicted label. Instances are immutable.
 */
public final class OverlapTable {

	private final long pixels;
	private final int[] cellTruth, cellPred;
	private final long[] cellCount;
	private final int[] truthLabels, predLabels;
	private final long[] truthAreas, predAreas;

	private OverlapTable(long[] keys, long[] counts, int n) {
		// keys sorted ascending, unique, counts > 0
		cellTruth = new int[n];
		cellPred = new int[n];
		cellCount = new long[n];
		long total = 0;
		int nt = 0;
		for (int k = 0; k < n; k++) {
			cellTruth[k] = (int) (keys[k] >>> 32);
			cellPred[k] = (int) keys[k];
			cellCount[k] = counts[k];
			total += counts[k];
			if (k == 0 || cellTruth[k] != cellTruth[k - 1])
				nt++;
		}
		pixels = total;
		truthLabels = new int[nt];
		truthAreas = new long[nt];
		int r = -1;
		for (int k = 0; k < n; k++) {
			if (k == 0 || cellTruth[k] != cellTruth[k - 1])
				truthLabels[++r] = cellTruth[k];
			truthAreas[r] += cellCount[k];
		}
		int[] ps = cellPred.clone();
		Arrays.sort(ps);
		int np = 0;
		for (int k = 0; k < n; k++)
			if (k == 0 || ps[k] != ps[k - 1])
				ps[np++] = ps[k];
		predLabels = Arrays.copyOf(ps, np);
		predAreas = new long[np];
		for (int k = 0; k < n; k++)
			predAreas[Arrays.binarySearch(predLabels, cellPred[k])] += cellCount[k];
	}

	/**
	 * Builds the table of two label images in one pass.
	 *
	 * @param prediction predicted label image (labels &ge; 0)
	 * @param truth      ground truth label image of the same size (labels &ge; 0)
	 * @return the table
	 * @throws IllegalArgumentException if an image is null, the sizes differ or a label is negative
	 */
	public static OverlapTable of(RandomAccessibleInterval<IntType> prediction, RandomAccessibleInterval<IntType> truth) {
		SemanticMetrics.checkSameSize("OverlapTable", prediction, truth);
		Counter c = new Counter();
		long n = Intervals.numElements(prediction);
		int[][] pa = intChunks(prediction, n), ta = pa == null ? null : intChunks(truth, n);
		if (pa != null && ta != null)
			c.addChunks(pa, ta, n);
		else {
			Cursor<IntType> pc = Views.flatIterable(prediction).cursor();
			Cursor<IntType> tc = Views.flatIterable(truth).cursor();
			while (pc.hasNext())
				c.add(pc.next().get(), tc.next().get());
		}
		c.flush();
		return c.map.toTable();
	}

	/**
	 * A table from explicit cells (useful for tests and for tables merged from several images).
	 * Repeated pairs are summed, zero counts dropped.
	 *
	 * @param truthIds      true label of each cell (&ge; 0)
	 * @param predictionIds predicted label of each cell (&ge; 0)
	 * @param counts        pixel count of each cell (&ge; 0)
	 * @throws IllegalArgumentException for arrays of different lengths or negative values
	 */
	public static OverlapTable fromCells(int[] truthIds, int[] predictionIds, long[] counts) {
		if (truthIds.length != predictionIds.length || truthIds.length != counts.length)
			throw new IllegalArgumentException("OverlapTable.fromCells: the three arrays must have the same length, got "
					+ truthIds.length + ", " + predictionIds.length + " and " + counts.length);
		LongCountMap m = new LongCountMap();
		for (int k = 0; k < counts.length; k++) {
			if (truthIds[k] < 0 || predictionIds[k] < 0 || counts[k] < 0)
				throw new IllegalArgumentException("OverlapTable.fromCells: labels and counts must be >= 0, got cell ("
						+ truthIds[k] + ", " + predictionIds[k] + ", " + counts[k] + ")");
			if (counts[k] > 0)
				m.add(key(truthIds[k], predictionIds[k]), counts[k]);
		}
		return m.toTable();
	}

	/**
	 * This table with labels renamed (cells whose new labels coincide are merged), computed on
	 * the table, not on the pixels.
	 */
	OverlapTable relabel(IntUnaryOperator truthMap, IntUnaryOperator predMap) {
		LongCountMap m = new LongCountMap();
		for (int k = 0; k < cellCount.length; k++)
			m.add(key(truthMap.applyAsInt(cellTruth[k]), predMap.applyAsInt(cellPred[k])), cellCount[k]);
		return m.toTable();
	}

	/** This table restricted to the pixels whose true label is not {@code truthLabel}. */
	public OverlapTable withoutTruthLabel(int truthLabel) {
		LongCountMap m = new LongCountMap();
		for (int k = 0; k < cellCount.length; k++)
			if (cellTruth[k] != truthLabel)
				m.add(key(cellTruth[k], cellPred[k]), cellCount[k]);
		return m.toTable();
	}

	static long key(int truth, int pred) {
		return ((long) truth << 32) | (pred & 0xFFFFFFFFL);
	}

	/** Number of pixels (sum of all cells). */
	public long pixelCount() {
		return pixels;
	}

	/** Number of nonzero cells {@code n_ij}. */
	public int cellCount() {
		return cellCount.length;
	}

	/** True label of cell {@code k} (cells sorted by true, then predicted label). */
	public int cellTruth(int k) {
		return cellTruth[k];
	}

	/** Predicted label of cell {@code k}. */
	public int cellPrediction(int k) {
		return cellPred[k];
	}

	/** Pixel count {@code n_ij} of cell {@code k}. */
	public long cellOverlap(int k) {
		return cellCount[k];
	}

	/** Pixels labelled {@code truthLabel} in the truth and {@code predLabel} in the prediction. */
	public long overlap(int truthLabel, int predLabel) {
		int lo = 0, hi = cellCount.length - 1;
		long key = key(truthLabel, predLabel);
		while (lo <= hi) {
			int mid = (lo + hi) >>> 1;
			long km = key(cellTruth[mid], cellPred[mid]);
			if (km < key)
				lo = mid + 1;
			else if (km > key)
				hi = mid - 1;
			else
				return cellCount[mid];
		}
		return 0;
	}

	/** The labels of the truth, ascending, 0 included when present. */
	public int[] truthLabels() {
		return truthLabels.clone();
	}

	/** The labels of the prediction, ascending, 0 included when present. */
	public int[] predictionLabels() {
		return predLabels.clone();
	}

	/** Area (pixel count) of a true label; 0 if absent. */
	public long truthArea(int label) {
		int i = Arrays.binarySearch(truthLabels, label);
		return i < 0 ? 0 : truthAreas[i];
	}

	/** Area (pixel count) of a predicted label; 0 if absent. */
	public long predictionArea(int label) {
		int i = Arrays.binarySearch(predLabels, label);
		return i < 0 ? 0 : predAreas[i];
	}

	/** Number of distinct true labels (0 included when present). */
	public int truthLabelCount() {
		return truthLabels.length;
	}

	/** Number of distinct predicted labels (0 included when present). */
	public int predictionLabelCount() {
		return predLabels.length;
	}

	int truthLabelAt(int i) {
		return truthLabels[i];
	}

	long truthAreaAt(int i) {
		return truthAreas[i];
	}

	int predictionLabelAt(int i) {
		return predLabels[i];
	}

	long predictionAreaAt(int i) {
		return predAreas[i];
	}

	/** Index of a predicted label in {@link #predictionLabels()}, negative if absent. */
	int predictionIndex(int label) {
		return Arrays.binarySearch(predLabels, label);
	}

	/** Index of a true label in {@link #truthLabels()}, negative if absent. */
	int truthIndex(int label) {
		return Arrays.binarySearch(truthLabels, label);
	}

	/**
	 * IoU {@code n_ij / (|i| + |j| - n_ij)} of a true and a predicted label; 0 when they do not
	 * overlap.
	 */
	public double iou(int truthLabel, int predLabel) {
		long n = overlap(truthLabel, predLabel);
		return n == 0 ? 0 : (double) n / (truthArea(truthLabel) + predictionArea(predLabel) - n);
	}

	@Override
	public String toString() {
		return "OverlapTable[" + pixels + " pixels, " + truthLabels.length + " true labels, " + predLabels.length
				+ " predicted labels, " + cellCount.length + " cells]";
	}

	/** The storage arrays of an ArrayImg / PlanarImg of IntType in flat order, or null. */
	private static int[][] intChunks(RandomAccessibleInterval<IntType> img, long n) {
		if (img instanceof ArrayImg<?, ?> a) {
			Object access = a.update(null);
			if (access instanceof IntArray ia && ia.getCurrentStorageArray().length >= n)
				return new int[][] { ia.getCurrentStorageArray() };
		} else if (img instanceof PlanarImg<?, ?> p) {
			int slices = p.numSlices();
			long planeSize = n / Math.max(1, slices);
			int[][] chunks = new int[slices][];
			for (int s = 0; s < slices; s++) {
				if (!(p.getPlane(s) instanceof IntArray ia) || ia.getCurrentStorageArray().length < planeSize)
					return null;
				chunks[s] = ia.getCurrentStorageArray();
			}
			if (slices > 0 && planeSize * slices == n) {
				// trim to the plane size: each plane is read for planeSize elements only
				return planeSize == chunks[0].length ? chunks : trimmed(chunks, (int) planeSize);
			}
		}
		return null;
	}

	private static int[][] trimmed(int[][] chunks, int len) {
		int[][] out = new int[chunks.length][];
		for (int i = 0; i < chunks.length; i++)
			out[i] = chunks[i].length == len ? chunks[i] : Arrays.copyOf(chunks[i], len);
		return out;
	}

	/** Run-length accumulation of (truth, prediction) pairs into the hash map. */
	private static final class Counter {
		final LongCountMap map = new LongCountMap();
		int runT, runP;
		long run;

		void add(int p, int t) {
			if (p == runP && t == runT && run > 0) {
				run++;
				return;
			}
			start(p, t);
		}

		private void start(int p, int t) {
			if ((p | t) < 0)
				throw negative(p, t);
			if (run > 0)
				map.add(key(runT, runP), run);
			runP = p;
			runT = t;
			run = 1;
		}

		void flush() {
			if (run > 0)
				map.add(key(runT, runP), run);
			run = 0;
		}

		void addChunks(int[][] pa, int[][] ta, long n) {
			int ci = 0, cj = 0, i = 0, j = 0;
			long left = n;
			while (left > 0) {
				int[] a = pa[ci], b = ta[cj];
				int len = (int) Math.min(left, Math.min(a.length - i, b.length - j));
				int rp = runP, rt = runT;
				long r = run;
				for (int k = 0; k < len; k++) {
					int p = a[i + k], t = b[j + k];
					if (p == rp && t == rt && r > 0) {
						r++;
						continue;
					}
					run = r;
					start(p, t);
					rp = p;
					rt = t;
					r = 1;
				}
				run = r;
				i += len;
				j += len;
				left -= len;
				if (left > 0) {
					if (i == a.length) {
						ci++;
						i = 0;
					}
					if (j == b.length) {
						cj++;
						j = 0;
					}
				}
			}
		}

		private static IllegalArgumentException negative(int p, int t) {
			return new IllegalArgumentException("OverlapTable: " + (p < 0 ? "prediction" : "ground truth")
					+ " contains the negative label " + (p < 0 ? p : t)
					+ "; labels must be 0 (background) or positive (relabel the image first)");
		}
	}

	/** Open-addressing map from non-negative long keys to counts (linear probing, -1 = empty). */
	private static final class LongCountMap {
		long[] keys;
		long[] values;
		int size;

		LongCountMap() {
			keys = new long[64];
			Arrays.fill(keys, -1);
			values = new long[64];
		}

		private static int hash(long key) {
			long h = key * 0x9E3779B97F4A7C15L;
			return (int) (h ^ (h >>> 29));
		}

		void add(long key, long delta) {
			int mask = keys.length - 1;
			int s = hash(key) & mask;
			while (true) {
				long k = keys[s];
				if (k == key) {
					values[s] += delta;
					return;
				}
				if (k == -1)
					break;
				s = (s + 1) & mask;
			}
			keys[s] = key;
			values[s] = delta;
			if (++size * 2 > keys.length)
				grow();
		}

		private void grow() {
			long[] ok = keys, ov = values;
			keys = new long[ok.length * 2];
			Arrays.fill(keys, -1);
			values = new long[ok.length * 2];
			int mask = keys.length - 1;
			for (int i = 0; i < ok.length; i++)
				if (ok[i] != -1) {
					int s = hash(ok[i]) & mask;
					while (keys[s] != -1)
						s = (s + 1) & mask;
					keys[s] = ok[i];
					values[s] = ov[i];
				}
		}

		OverlapTable toTable() {
			long[] k = new long[size];
			int n = 0;
			for (long key : keys)
				if (key != -1)
					k[n++] = key;
			Arrays.sort(k);
			long[] c = new long[size];
			int mask = keys.length - 1;
			for (int i = 0; i < size; i++) {
				int s = hash(k[i]) & mask;
				while (keys[s] != k[i])
					s = (s + 1) & mask;
				c[i] = values[s];
			}
			return new OverlapTable(k, c, size);
		}
	}
}
