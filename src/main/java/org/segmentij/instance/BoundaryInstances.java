package org.segmentij.instance;

import org.segmentij.classical.distance.DistanceTransform;
import org.segmentij.classical.filter.GaussianBlur;
import org.segmentij.classical.region.ConnectedComponents;
import org.segmentij.classical.region.ConnectedComponents.Connectivity;
import org.segmentij.classical.region.LabelTools;
import org.segmentij.classical.region.RegionalExtrema;
import org.segmentij.classical.region.Watershed;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * Instances from a boundary-aware network's three probability maps (background, object interior,
 * object boundary; the Oxford-IIIT Pet trimap scheme): seeds are the connected components of
 * {@code p(interior) > seedThreshold} of at least {@code minSeed} pixels; a marker-controlled
 * watershed on {@code 1 - p(interior)} grows them over the foreground
 * ({@code p(background) < 1 - foregroundThreshold}, i.e. interior plus boundary above the
 * threshold), without dividing lines; objects smaller than {@code minSize} pixels are removed and
 * the rest numbered 1..n. Touching objects separate because the boundary class runs between them.
 * Works on any number of dimensions (2D planes or 3D volumes alike).
 * <p>
 * {@link #segmentDistanceSeeds} takes its seeds from the shape of the interior instead: the
 * h-maxima of the Gaussian-smoothed distance transform of {@code p(interior) > 0.5}, so that
 * interiors that still touch through a neck (the network's boundary between two nuclei broken
 * for a pixel or two) give two seeds.
 */
public final class BoundaryInstances {

	private BoundaryInstances() {
	}

	/** The defaults: seeds above 0.5 interior probability, foreground above 0.5, seeds and objects of 4 and 10 pixels. */
	public record Params(double seedThreshold, double foregroundThreshold, long minSeed, long minSize) {
		public Params {
			if (!(seedThreshold > 0 && seedThreshold < 1) || !(foregroundThreshold > 0 && foregroundThreshold < 1))
				throw new org.segmentij.UsageException("seed and foreground thresholds are probabilities in (0, 1) (got "
						+ seedThreshold + ", " + foregroundThreshold + "); e.g. 0.5.");
			if (minSeed < 1 || minSize < 0)
				throw new org.segmentij.UsageException("min_seed must be >= 1 and min_size >= 0 (got " + minSeed + ", " + minSize + ").");
		}

		public static Params defaults() {
			return new Params(0.5, 0.5, 4, 10);
		}
	}

	public static <B extends RealType<B>, I extends RealType<I>> Img<IntType> segment(RandomAccessibleInterval<B> background,
			RandomAccessibleInterval<I> interior, Params p) {
		long[] dims = interior.dimensionsAsLongArray();
		Img<UnsignedByteType> seedMask = ArrayImgs.unsignedBytes(dims), fg = ArrayImgs.unsignedBytes(dims);
		Img<FloatType> relief = ArrayImgs.floats(dims);
		Cursor<I> ci = Views.flatIterable(interior).cursor();
		Cursor<B> cb = Views.flatIterable(background).cursor();
		Cursor<UnsignedByteType> cs = Views.flatIterable(seedMask).cursor(), cf = Views.flatIterable(fg).cursor();
		Cursor<FloatType> cr = Views.flatIterable(relief).cursor();
		double fgCut = 1 - p.foregroundThreshold();
		while (ci.hasNext()) {
			double in = ci.next().getRealDouble(), bg = cb.next().getRealDouble();
			cs.next().set(in > p.seedThreshold() ? 1 : 0);
			cf.next().set(bg < fgCut ? 1 : 0);
			cr.next().setReal(1 - in);
		}
		Img<IntType> seeds = LabelTools.removeSmall(ConnectedComponents.label(seedMask, Connectivity.FACE), p.minSeed());
		Img<IntType> grown = Watershed.watershed(relief, seeds, fg, Connectivity.FULL, false);
		return LabelTools.relabelSequential(LabelTools.removeSmall(grown, p.minSize()));
	}

	/** Interior probability above which a pixel counts as interior for the distance seeds. */
	public static final double DISTANCE_INTERIOR = 0.5;

	/**
	 * As {@link #segment}, with seeds from the shape of the interior: the h-maxima (dynamic
	 * {@code h}, in pixels of distance) of the distance transform of
	 * {@code p(interior) > 0.5}, smoothed by a Gaussian of {@code sigma} pixels; seeds of fewer than
	 * {@code minSeed} pixels are dropped. {@code p.seedThreshold()} is not used.
	 */
	public static <B extends RealType<B>, I extends RealType<I>> Img<IntType> segmentDistanceSeeds(RandomAccessibleInterval<B> background,
			RandomAccessibleInterval<I> interior, Params p, double h, double sigma) {
		return segmentDistanceSeeds(background, interior, p, h, sigma, null);
	}

	/**
	 * As {@link #segmentDistanceSeeds(RandomAccessibleInterval, RandomAccessibleInterval, Params, double, double)}
	 * on an image with anisotropic pixels (voxels): {@code spacing} gives the size of a pixel
	 * along each dimension (e.g. the calibration {@code {width, height, depth}} of a Z-stack);
	 * {@code null} or all equal is the isotropic case. The distance transform is exact in these
	 * units; {@code h} and {@code sigma} stay in pixels of the first axis (pixel widths), so
	 * along an axis whose pixels are {@code k} times wider the Gaussian is {@code sigma / k}
	 * pixels. On a 3D volume this builds 3D objects: seeds are the 3D h-maxima of the smoothed
	 * 3D distance transform, grown by a 3D (26-connected) watershed within the foreground. On
	 * volumes (3 or more dimensions) the interior is flooded first in order of decreasing
	 * (calibrated, unsmoothed) distance, so that joined interiors part along their neck, then the
	 * rest of the foreground by {@code 1 - p(interior)}: a network's interior probability is
	 * close to 1 almost everywhere inside, and flooding it would advance one voxel per step along
	 * every axis whatever the voxel depth (thin slices of one object taken by its neighbour
	 * above). 2D images keep the {@code 1 - p(interior)} relief throughout.
	 */
	public static <B extends RealType<B>, I extends RealType<I>> Img<IntType> segmentDistanceSeeds(RandomAccessibleInterval<B> background,
			RandomAccessibleInterval<I> interior, Params p, double h, double sigma, double[] spacing) {
		int n = interior.numDimensions();
		double[] unit = new double[n];
		java.util.Arrays.fill(unit, 1);
		if (spacing != null) {
			if (spacing.length != n)
				throw new org.segmentij.UsageException("the voxel spacing has " + spacing.length + " values for an image of " + n
						+ " dimensions; give one per dimension, e.g. {1, 1, 2.5} for voxels 2.5 times deeper than wide.");
			for (int d = 0; d < n; d++) {
				if (!(spacing[d] > 0) || Double.isInfinite(spacing[d]))
					throw new org.segmentij.UsageException("the voxel spacing must be finite and > 0 on every axis (got "
							+ java.util.Arrays.toString(spacing) + "); set the image's calibration (Image > Properties) or give voxel_depth, e.g. 2.");
				unit[d] = spacing[d] / spacing[0];
			}
		}
		if (!(h >= 0) || Double.isInfinite(h))
			throw new org.segmentij.UsageException("split_depth must be a finite number >= 0 (pixels) (got " + h + "); e.g. 2.5.");
		if (!(sigma >= 0) || Double.isInfinite(sigma))
			throw new org.segmentij.UsageException("the seed smoothing must be >= 0 pixels (got " + sigma + "); e.g. 2.");
		long[] dims = interior.dimensionsAsLongArray();
		Img<UnsignedByteType> inside = ArrayImgs.unsignedBytes(dims), fg = ArrayImgs.unsignedBytes(dims);
		Img<FloatType> relief = ArrayImgs.floats(dims);
		Cursor<I> ci = Views.flatIterable(interior).cursor();
		Cursor<B> cb = Views.flatIterable(background).cursor();
		Cursor<UnsignedByteType> cs = Views.flatIterable(inside).cursor(), cf = Views.flatIterable(fg).cursor();
		Cursor<FloatType> cr = Views.flatIterable(relief).cursor();
		double fgCut = 1 - p.foregroundThreshold();
		while (ci.hasNext()) {
			double in = ci.next().getRealDouble(), bg = cb.next().getRealDouble();
			cs.next().set(in > DISTANCE_INTERIOR ? 1 : 0);
			cf.next().set(bg < fgCut ? 1 : 0);
			cr.next().setReal(1 - in);
		}
		Img<FloatType> distance = DistanceTransform.distanceToBackground(inside, unit);
		for (FloatType d : distance)
			if (Float.isInfinite(d.get()))
				d.set(0); // no interior anywhere... or no background: no seeds from the distance
		double[] sigmas = new double[n];
		for (int d = 0; d < n; d++)
			sigmas[d] = sigma / unit[d];
		Img<FloatType> smooth = sigma > 0 ? GaussianBlur.blurred(distance, sigmas) : distance;
		Img<IntType> seeds = LabelTools.removeSmall(RegionalExtrema.hMaxima(smooth, h, inside, Connectivity.FULL), p.minSeed());
		if (n >= 3) {
			// volumes: the interior floods first, from its deepest voxels outwards (relief -distance
			// <= 0), so joined interiors part at their neck in calibrated units; then the rest of the
			// foreground by 1 - p(interior) (> 0 there)
			Cursor<FloatType> cd = distance.cursor(), cr2 = relief.cursor();
			Cursor<UnsignedByteType> ci2 = inside.cursor();
			while (cd.hasNext()) {
				float dist = cd.next().get();
				FloatType r = cr2.next();
				if (ci2.next().get() != 0)
					r.set(-dist);
			}
		}
		Img<IntType> grown = Watershed.watershed(relief, seeds, fg, Connectivity.FULL, false);
		return LabelTools.relabelSequential(LabelTools.removeSmall(grown, p.minSize()));
	}
}
