package org.segmentij.metrics;

import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

import org.segmentij.classical.distance.DistanceTransform;

import net.imglib2.Cursor;
import net.imglib2.IterableInterval;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

/**
 * Boundary and surface distance metrics of a predicted mask against a ground truth mask, in
 * any number of dimensions (2D and 3D in practice), in calibrated units.
 * <p>
 * <b>Surface.</b> The surface (boundary) of a mask is the set of its foreground pixels (voxels)
 * that have at least one face neighbour (4-connectivity in 2D, 6 in 3D, 2n in nD) that is
 * background <em>or lies outside the image</em>: the image edge counts as background, as in
 * medpy's and MONAI's surface distances (scipy's binary erosion with border value 0), so an
 * object touching the image border has a surface there. Axes of size 1 are ignored, so a
 * 512x512x1 image is treated as the 2D image it is. Foreground is every nonzero, non-NaN
 * value.
 * <p>
 * <b>Distances.</b> The directed surface distances from the prediction to the truth are, for
 * every prediction surface pixel, the Euclidean distance between pixel centres (scaled by the
 * pixel size per axis) to the nearest truth surface pixel; likewise from the truth to the
 * prediction. They are found by exact nearest-point searches over the other surface on a
 * bucket grid ({@link NearestPoints}; the exact {@link DistanceTransform} where that is
 * cheaper), so they equal the brute-force minimum over all pairs of surface pixels. All metrics below are
 * functions of these two sets, see {@link Distances}:
 * <ul>
 * <li>Hausdorff distance: the largest distance of both sets;</li>
 * <li>HD95 (MONAI's {@code compute_hausdorff_distance(percentile=95)}): the larger of the two
 * directed 95th percentiles, each with linear interpolation ({@code numpy.percentile}'s default);
 * medpy's {@code hd95} (the percentile of the union) is {@link Distances#percentileOfUnion};</li>
 * <li>ASSD (MONAI's symmetric average surface distance): the mean of the union of both sets;
 * medpy's {@code assd} (the mean of the two directed means) is {@link Distances#meanOfDirectedMeans};</li>
 * <li>normalised surface Dice at tolerance &tau; (Nikolov et al. 2021):
 * {@code (|{p in S_p : d(p, S_t) <= tau}| + |{t in S_t : d(t, S_p) <= tau}|) / (|S_p| + |S_t|)}
 * with surfaces counted in pixels; the original weights each surface element by its area
 * (DeepMind's {@code surface-distance} package), so values differ slightly, most on coarse or
 * anisotropic grids;</li>
 * <li>boundary F1 at tolerance &tau; : precision = fraction of prediction boundary pixels within
 * &tau; of a truth boundary pixel, recall = fraction of truth boundary pixels within &tau; of a
 * prediction boundary pixel, {@code F = 2PR / (P + R)}. The BSDS benchmark instead matches
 * boundary pixels one-to-one (a bipartite assignment), so that one truth pixel cannot justify
 * many predicted ones; this distance-based version is never lower than the BSDS one, and equal
 * for thin boundaries that are close everywhere.</li>
 * </ul>
 * "Within &tau;" means {@code distance <= tau}.
 * <p>
 * <b>Empty masks.</b> When both surfaces are empty, every distance is 0 and every score 1. When
 * exactly one is empty, every distance (Hausdorff, HD95, ASSD) is {@code +Infinity} and every
 * score (surface Dice, boundary precision, recall and F1) is 0.
 * <p>
 * <b>Partitions.</b> {@link #partitionDistances} compares label images as partitions (BSDS
 * style): the boundary of a label image is the set of pixels whose next face neighbour along
 * some axis (right or lower in 2D; right, lower or next slice in 3D) exists and has a different
 * label. Background 0 is a label like any other, and the image edge is not a boundary here.
 * <p>
 * Images are paired by position relative to each image's min and must have the same size;
 * inputs are never modified.
 */
public final class SurfaceMetrics {

	private SurfaceMetrics() {
	}

	/**
	 * Scores of a boundary comparison.
	 *
	 * @param precision fraction of predicted boundary pixels within the tolerance of the truth boundary
	 * @param recall    fraction of truth boundary pixels within the tolerance of the predicted boundary
	 * @param f1        {@code 2PR / (P + R)}, 0 when both are 0
	 */
	public record BoundaryScore(double precision, double recall, double f1) {
	}

	/**
	 * The directed surface distances of a comparison, and the metrics derived from them (see
	 * {@link SurfaceMetrics} for the definitions and the conventions for empty surfaces).
	 *
	 * @param predictionToTruth for every prediction surface pixel, in raster order (x fastest),
	 *                          the distance to the nearest truth surface pixel
	 *                          ({@code +Infinity} when the truth surface is empty)
	 * @param truthToPrediction for every truth surface pixel, in raster order, the distance to
	 *                          the nearest prediction surface pixel
	 */
	public record Distances(double[] predictionToTruth, double[] truthToPrediction) {

		/** Rejects null arrays. */
		public Distances {
			if (predictionToTruth == null || truthToPrediction == null)
				throw new IllegalArgumentException("SurfaceMetrics.Distances: the distance arrays must not be null");
		}

		/** Number of prediction surface pixels. */
		public int predictionSurface() {
			return predictionToTruth.length;
		}

		/** Number of truth surface pixels. */
		public int truthSurface() {
			return truthToPrediction.length;
		}

		private boolean bothEmpty() {
			return predictionToTruth.length == 0 && truthToPrediction.length == 0;
		}

		private boolean oneEmpty() {
			return (predictionToTruth.length == 0) != (truthToPrediction.length == 0);
		}

		/** Hausdorff distance: the largest directed distance of both sets. */
		public double hausdorff() {
			if (bothEmpty())
				return 0;
			if (oneEmpty())
				return Double.POSITIVE_INFINITY;
			return Math.max(max(predictionToTruth), max(truthToPrediction));
		}

		/**
		 * Percentile Hausdorff distance as MONAI computes it: the larger of the two directed
		 * percentiles, each as {@link #percentile(double[], double)}.
		 *
		 * @param percentile 0..100; 100 gives {@link #hausdorff()}
		 */
		public double hausdorff(double percentile) {
			checkPercentile(percentile);
			if (bothEmpty())
				return 0;
			if (oneEmpty())
				return Double.POSITIVE_INFINITY;
			return Math.max(percentile(predictionToTruth, percentile), percentile(truthToPrediction, percentile));
		}

		/** {@code hausdorff(95)}: MONAI's HD95, the larger of the two directed 95th percentiles. */
		public double hd95() {
			return hausdorff(95);
		}

		/**
		 * The percentile of the union of both directed sets (medpy's {@code hd95} for 95), with
		 * linear interpolation as {@link #percentile(double[], double)}.
		 */
		public double percentileOfUnion(double percentile) {
			checkPercentile(percentile);
			if (bothEmpty())
				return 0;
			if (oneEmpty())
				return Double.POSITIVE_INFINITY;
			return percentile(union(), percentile);
		}

		/**
		 * Average symmetric surface distance (MONAI's symmetric average surface distance): the
		 * mean of all distances of both sets, {@code (sum d(S_p->S_t) + sum d(S_t->S_p)) / (|S_p| + |S_t|)}.
		 */
		public double assd() {
			if (bothEmpty())
				return 0;
			if (oneEmpty())
				return Double.POSITIVE_INFINITY;
			return (sum(predictionToTruth) + sum(truthToPrediction)) / (predictionToTruth.length + truthToPrediction.length);
		}

		/** medpy's {@code assd}: the mean of the two directed mean distances. */
		public double meanOfDirectedMeans() {
			if (bothEmpty())
				return 0;
			if (oneEmpty())
				return Double.POSITIVE_INFINITY;
			return 0.5 * (sum(predictionToTruth) / predictionToTruth.length
					+ sum(truthToPrediction) / truthToPrediction.length);
		}

		/**
		 * Normalised surface Dice at a tolerance (pixel counts, not surface areas):
		 * {@code (|d(S_p->S_t) <= tau| + |d(S_t->S_p) <= tau|) / (|S_p| + |S_t|)}; 1 when both
		 * surfaces are empty.
		 *
		 * @param tolerance tau in calibrated units, finite and {@code >= 0}
		 */
		public double surfaceDice(double tolerance) {
			checkTolerance(tolerance);
			if (bothEmpty())
				return 1;
			long n = predictionToTruth.length + (long) truthToPrediction.length;
			return (double) (within(predictionToTruth, tolerance) + within(truthToPrediction, tolerance)) / n;
		}

		/**
		 * Boundary precision, recall and F1 at a tolerance (distance-based, not BSDS's
		 * one-to-one matching); all 1 when both boundaries are empty, all 0 when exactly one is.
		 *
		 * @param tolerance in calibrated units, finite and {@code >= 0}
		 */
		public BoundaryScore boundaryScore(double tolerance) {
			checkTolerance(tolerance);
			if (bothEmpty())
				return new BoundaryScore(1, 1, 1);
			if (oneEmpty())
				return new BoundaryScore(0, 0, 0);
			double p = (double) within(predictionToTruth, tolerance) / predictionToTruth.length;
			double r = (double) within(truthToPrediction, tolerance) / truthToPrediction.length;
			double f = p + r == 0 ? 0 : 2 * p * r / (p + r);
			return new BoundaryScore(p, r, f);
		}

		/** {@code boundaryScore(tolerance).f1()}. */
		public double boundaryF1(double tolerance) {
			return boundaryScore(tolerance).f1();
		}

		private double[] union() {
			double[] u = Arrays.copyOf(predictionToTruth, predictionToTruth.length + truthToPrediction.length);
			System.arraycopy(truthToPrediction, 0, u, predictionToTruth.length, truthToPrediction.length);
			return u;
		}

		@Override
		public boolean equals(Object o) {
			return o instanceof Distances d && Arrays.equals(predictionToTruth, d.predictionToTruth)
					&& Arrays.equals(truthToPrediction, d.truthToPrediction);
		}

		@Override
		public int hashCode() {
			return 31 * Arrays.hashCode(predictionToTruth) + Arrays.hashCode(truthToPrediction);
		}

		@Override
		public String toString() {
			return "Distances[" + predictionToTruth.length + " prediction surface pixels, " + truthToPrediction.length
					+ " truth surface pixels, Hausdorff " + hausdorff() + "]";
		}
	}

	// -----------------------------------------------------------------------------------------
	// Entry points

	/**
	 * The directed surface distances between two binary masks.
	 *
	 * @param prediction predicted mask, nonzero = foreground
	 * @param truth      ground truth mask of the same size, nonzero = foreground
	 * @param spacing    pixel size: none (1), one for all axes, or one per dimension
	 * @throws IllegalArgumentException for null or differently sized images, a bad spacing, or
	 *                                  more than {@code Integer.MAX_VALUE - 8} pixels
	 */
	public static <A extends RealType<A>, B extends RealType<B>> Distances distances(
			RandomAccessibleInterval<A> prediction, RandomAccessibleInterval<B> truth, double... spacing) {
		int[] dims = check("SurfaceMetrics.distances", prediction, truth, spacing);
		return distancesOfSurfaces(surfacePoints(foreground(prediction, Double.NaN), dims),
				surfacePoints(foreground(truth, Double.NaN), dims), dims, spacing);
	}

	/**
	 * The directed surface distances of one label (or class) of two label images: the masks are
	 * the pixels whose value equals {@code label} in each image.
	 *
	 * @param prediction predicted labels (any real type; pixels equal to {@code label} are foreground)
	 * @param truth      ground truth labels of the same size
	 * @param label      the label or class to compare
	 * @param spacing    pixel size: none (1), one for all axes, or one per dimension
	 * @throws IllegalArgumentException as {@link #distances}
	 */
	public static <A extends RealType<A>, B extends RealType<B>> Distances distancesOfLabel(
			RandomAccessibleInterval<A> prediction, RandomAccessibleInterval<B> truth, int label, double... spacing) {
		int[] dims = check("SurfaceMetrics.distancesOfLabel", prediction, truth, spacing);
		return distancesOfSurfaces(surfacePoints(foreground(prediction, label), dims),
				surfacePoints(foreground(truth, label), dims), dims, spacing);
	}

	/**
	 * The directed distances between the boundaries of two partitions (label images compared
	 * as partitions, BSDS style; see {@link SurfaceMetrics}); use
	 * {@link Distances#boundaryScore(double)} for the boundary F1.
	 *
	 * @param prediction predicted labels, any real type (values compared exactly)
	 * @param truth      ground truth labels of the same size
	 * @param spacing    pixel size: none (1), one for all axes, or one per dimension
	 * @throws IllegalArgumentException as {@link #distances}
	 */
	public static <A extends RealType<A>, B extends RealType<B>> Distances partitionDistances(
			RandomAccessibleInterval<A> prediction, RandomAccessibleInterval<B> truth, double... spacing) {
		int[] dims = check("SurfaceMetrics.partitionDistances", prediction, truth, spacing);
		return distancesOfSurfaces(points(labelBoundary(values(prediction), dims)),
				points(labelBoundary(values(truth), dims)), dims, spacing);
	}

	/** Hausdorff distance of two masks; see {@link #distances} and {@link Distances#hausdorff()}. */
	public static <A extends RealType<A>, B extends RealType<B>> double hausdorff(RandomAccessibleInterval<A> prediction,
			RandomAccessibleInterval<B> truth, double... spacing) {
		return distances(prediction, truth, spacing).hausdorff();
	}

	/** MONAI's HD95 of two masks; see {@link #distances} and {@link Distances#hd95()}. */
	public static <A extends RealType<A>, B extends RealType<B>> double hd95(RandomAccessibleInterval<A> prediction,
			RandomAccessibleInterval<B> truth, double... spacing) {
		return distances(prediction, truth, spacing).hd95();
	}

	/** Average symmetric surface distance of two masks; see {@link Distances#assd()}. */
	public static <A extends RealType<A>, B extends RealType<B>> double assd(RandomAccessibleInterval<A> prediction,
			RandomAccessibleInterval<B> truth, double... spacing) {
		return distances(prediction, truth, spacing).assd();
	}

	/** Normalised surface Dice of two masks at a tolerance; see {@link Distances#surfaceDice(double)}. */
	public static <A extends RealType<A>, B extends RealType<B>> double surfaceDice(
			RandomAccessibleInterval<A> prediction, RandomAccessibleInterval<B> truth, double tolerance,
			double... spacing) {
		checkTolerance(tolerance);
		return distances(prediction, truth, spacing).surfaceDice(tolerance);
	}

	/** Boundary precision, recall and F1 of two masks at a tolerance; see {@link Distances#boundaryScore(double)}. */
	public static <A extends RealType<A>, B extends RealType<B>> BoundaryScore boundaryScore(
			RandomAccessibleInterval<A> prediction, RandomAccessibleInterval<B> truth, double tolerance,
			double... spacing) {
		checkTolerance(tolerance);
		return distances(prediction, truth, spacing).boundaryScore(tolerance);
	}

	/** Boundary F1 of two partitions (label images) at a tolerance; see {@link #partitionDistances}. */
	public static <A extends RealType<A>, B extends RealType<B>> BoundaryScore partitionBoundaryScore(
			RandomAccessibleInterval<A> prediction, RandomAccessibleInterval<B> truth, double tolerance,
			double... spacing) {
		checkTolerance(tolerance);
		return partitionDistances(prediction, truth, spacing).boundaryScore(tolerance);
	}

	/**
	 * The surface of a mask as defined in {@link SurfaceMetrics} (face neighbours, image edge
	 * counts as background): 1 on surface pixels, 0 elsewhere.
	 *
	 * @param mask nonzero = foreground
	 * @return a new image of the mask's dimensions, starting at 0
	 */
	public static <T extends RealType<T>> Img<UnsignedByteType> surface(RandomAccessibleInterval<T> mask) {
		int[] dims = dims("SurfaceMetrics.surface", mask);
		return toImg(surface(foreground(mask, Double.NaN), dims), mask.dimensionsAsLongArray());
	}

	/**
	 * The boundary of a label image seen as a partition (see {@link SurfaceMetrics}): 1 on
	 * pixels whose next neighbour along some axis has another label, 0 elsewhere.
	 *
	 * @param labels any real type; values compared exactly
	 * @return a new image of the same dimensions, starting at 0
	 */
	public static <T extends RealType<T>> Img<UnsignedByteType> partitionBoundary(RandomAccessibleInterval<T> labels) {
		int[] dims = dims("SurfaceMetrics.partitionBoundary", labels);
		return toImg(labelBoundary(values(labels), dims), labels.dimensionsAsLongArray());
	}

	/**
	 * {@code numpy.percentile(values, p)} with its default linear interpolation: for the sorted
	 * values {@code a[0..n-1]}, position {@code h = p/100 * (n-1)},
	 * {@code a[floor h] + (h - floor h) * (a[floor h + 1] - a[floor h])}. NaN for no values.
	 *
	 * @param values     the values (not modified)
	 * @param percentile 0..100
	 */
	public static double percentile(double[] values, double percentile) {
		checkPercentile(percentile);
		int n = values.length;
		if (n == 0)
			return Double.NaN;
		double[] a = values.clone();
		Arrays.sort(a);
		double h = percentile / 100 * (n - 1);
		int lo = (int) Math.floor(h);
		if (lo >= n - 1)
			return a[n - 1];
		double frac = h - lo;
		if (frac == 0 || a[lo] == a[lo + 1])
			return a[lo];
		return a[lo] + frac * (a[lo + 1] - a[lo]);
	}

	// -----------------------------------------------------------------------------------------

	/**
	 * The directed distances between two surfaces given as linear pixel indices in raster
	 * order: exact nearest-point distances ({@link NearestPoints}), in raster order.
	 */
	private static Distances distancesOfSurfaces(int[] sp, int[] st, int[] dims, double[] spacing) {
		if (sp.length == 0 || st.length == 0) {
			double[] a = new double[sp.length], b = new double[st.length];
			Arrays.fill(a, Double.POSITIVE_INFINITY);
			Arrays.fill(b, Double.POSITIVE_INFINITY);
			return new Distances(a, b);
		}
		double[] w = DistanceTransform.spacing("SurfaceMetrics", spacing, dims.length);
		return new Distances(NearestPoints.distances(sp, st, dims, w), NearestPoints.distances(st, sp, dims, w));
	}

	/** The indices of the {@code true} values, ascending. */
	private static int[] points(boolean[] b) {
		int[] out = new int[count(b)];
		for (int i = 0, k = 0; i < b.length; i++)
			if (b[i])
				out[k++] = i;
		return out;
	}

	private static int count(boolean[] b) {
		int n = 0;
		for (boolean v : b)
			if (v)
				n++;
		return n;
	}

	/** Foreground: nonzero and not NaN when {@code label} is NaN, else equal to {@code label}. */
	private static <T extends RealType<T>> boolean[] foreground(RandomAccessibleInterval<T> img, double label) {
		int total = (int) Intervals.numElements(img);
		boolean[] fg = new boolean[total];
		IterableInterval<T> it = Views.flatIterable(img);
		boolean binary = Double.isNaN(label);
		// a few chunks in parallel, each with its own cursor
		int tasks = total < 1 << 16 ? 1 : 2 * (ForkJoinPool.getCommonPoolParallelism() + 1);
		IntStream.range(0, tasks).parallel().forEach(t -> {
			int from = (int) ((long) total * t / tasks), to = (int) ((long) total * (t + 1) / tasks);
			if (from == to)
				return;
			Cursor<T> c = it.cursor();
			c.jumpFwd(from);
			for (int i = from; i < to; i++) {
				double v = c.next().getRealDouble();
				fg[i] = binary ? v != 0 && v == v : v == label;
			}
		});
		return fg;
	}

	private static <T extends RealType<T>> double[] values(RandomAccessibleInterval<T> img) {
		double[] v = new double[(int) Intervals.numElements(img)];
		Cursor<T> c = Views.flatIterable(img).cursor();
		for (int i = 0; i < v.length; i++)
			v[i] = c.next().getRealDouble();
		return v;
	}

	/** Foreground pixels with a face neighbour in background or outside the image. */
	static boolean[] surface(boolean[] fg, int[] dims) {
		boolean[] s = new boolean[fg.length];
		for (int i : surfacePoints(fg, dims))
			s[i] = true;
		return s;
	}

	/**
	 * The linear indices, ascending, of the foreground pixels with a face neighbour in background
	 * or outside the image (axes of size 1 ignored). Rows (lines along the first axis) in a few
	 * chunks in parallel.
	 */
	static int[] surfacePoints(boolean[] fg, int[] dims) {
		int n = dims.length;
		if (fg.length == 0)
			return new int[0];
		int[] stride = strides(dims);
		int len = n == 0 ? 1 : dims[0];
		int rows = fg.length / len;
		int tasks = fg.length < 1 << 16 ? 1 : Math.min(rows, 4 * (ForkJoinPool.getCommonPoolParallelism() + 1));
		int[][] parts = new int[tasks][];
		IntStream.range(0, tasks).parallel().forEach(t -> {
			int r0 = (int) ((long) rows * t / tasks), r1 = (int) ((long) rows * (t + 1) / tasks);
			int[] out = new int[256];
			int k = 0;
			int[] pos = new int[n];
			int[] up = new int[n]; // strides of the axes above the first whose neighbours both exist
			for (int row = r0; row < r1; row++) {
				int o = row * len;
				boolean rowEdge = false;
				int m = 0;
				for (int d = 1, rest = row; d < n; d++) {
					pos[d] = rest % dims[d];
					rest /= dims[d];
					if (dims[d] > 1) {
						if (pos[d] == 0 || pos[d] == dims[d] - 1)
							rowEdge = true;
						else
							up[m++] = stride[d];
					}
				}
				boolean xAxis = len > 1;
				for (int x = 0; x < len; x++) {
					int i = o + x;
					if (!fg[i])
						continue;
					boolean edge = rowEdge || xAxis && (x == 0 || x == len - 1 || !fg[i - 1] || !fg[i + 1]);
					for (int a = 0; a < m && !edge; a++)
						edge = !fg[i - up[a]] || !fg[i + up[a]];
					if (edge) {
						if (k == out.length)
							out = Arrays.copyOf(out, 2 * k);
						out[k++] = i;
					}
				}
			}
			parts[t] = Arrays.copyOf(out, k);
		});
		int total = 0;
		for (int[] p : parts)
			total += p.length;
		int[] all = new int[total];
		for (int t = 0, k = 0; t < tasks; t++) {
			System.arraycopy(parts[t], 0, all, k, parts[t].length);
			k += parts[t].length;
		}
		return all;
	}

	/** Pixels whose next neighbour along some axis exists and has a different value. */
	static boolean[] labelBoundary(double[] v, int[] dims) {
		int n = dims.length;
		boolean[] s = new boolean[v.length];
		int[] stride = strides(dims);
		int[] pos = new int[n];
		for (int i = 0; i < v.length; i++) {
			boolean b = false;
			for (int d = 0; d < n && !b; d++)
				b = pos[d] < dims[d] - 1 && Double.compare(v[i], v[i + stride[d]]) != 0;
			s[i] = b;
			increment(pos, dims);
		}
		return s;
	}

	private static int[] strides(int[] dims) {
		int[] stride = new int[dims.length];
		int s = 1;
		for (int d = 0; d < dims.length; d++) {
			stride[d] = s;
			s *= dims[d];
		}
		return stride;
	}

	private static void increment(int[] pos, int[] dims) {
		for (int d = 0; d < pos.length; d++) {
			if (++pos[d] < dims[d])
				return;
			pos[d] = 0;
		}
	}

	private static Img<UnsignedByteType> toImg(boolean[] b, long[] dims) {
		byte[] a = new byte[b.length];
		for (int i = 0; i < b.length; i++)
			a[i] = (byte) (b[i] ? 1 : 0);
		return ArrayImgs.unsignedBytes(a, dims);
	}

	private static int[] check(String where, RandomAccessibleInterval<?> prediction, RandomAccessibleInterval<?> truth,
			double[] spacing) {
		SemanticMetrics.checkSameSize(where, prediction, truth);
		int[] dims = dims(where, prediction);
		DistanceTransform.spacing(where, spacing, dims.length);
		return dims;
	}

	private static int[] dims(String where, RandomAccessibleInterval<?> img) {
		if (img == null)
			throw new IllegalArgumentException(where + ": the image must not be null");
		long total = Intervals.numElements(img);
		if (total > Integer.MAX_VALUE - 8)
			throw new IllegalArgumentException(where + ": the image has " + total + " pixels, more than the "
					+ (Integer.MAX_VALUE - 8) + " supported; crop it or compare it in parts");
		int[] dims = new int[img.numDimensions()];
		for (int d = 0; d < dims.length; d++)
			dims[d] = (int) img.dimension(d);
		return dims;
	}

	private static void checkTolerance(double tolerance) {
		if (!(tolerance >= 0) || Double.isInfinite(tolerance))
			throw new IllegalArgumentException("SurfaceMetrics: tolerance " + tolerance
					+ " is not a finite number >= 0; give it in calibrated units (e.g. 1.0 for 1 µm)");
	}

	private static void checkPercentile(double p) {
		if (!(p >= 0 && p <= 100))
			throw new IllegalArgumentException("SurfaceMetrics: percentile " + p + " is not between 0 and 100");
	}

	private static double max(double[] a) {
		double m = Double.NEGATIVE_INFINITY;
		for (double v : a)
			m = Math.max(m, v);
		return m;
	}

	private static double sum(double[] a) {
		double s = 0;
		for (double v : a)
			s += v;
		return s;
	}

	private static long within(double[] a, double tolerance) {
		long n = 0;
		for (double v : a)
			if (v <= tolerance)
				n++;
		return n;
	}
}
