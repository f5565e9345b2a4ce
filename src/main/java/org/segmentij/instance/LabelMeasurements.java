package org.segmentij.instance;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;

/**
 * Measurements of every object of a 2D or 3D label image, optionally of an intensity image
 * over the objects, in calibrated units.
 * <p>
 * One pass over the pixels gathers, per label, the pixel count, the first and second moments,
 * the bounding box, the intensity sum, minimum and maximum and (in 3D) the exposed voxel faces.
 * The 2D shape figures then come from each object's outlines, traced in its bounding box
 * ({@link Outlines}). Figures, named as ImageJ's Analyze › Measure names them:
 * <ul>
 * <li>{@code Label}; {@code Area} (2D: pixels × pw × ph) or {@code Volume} (3D: voxels × pw × ph × pd);</li>
 * <li>{@code X, Y (, Z)}: centroid of the pixel centres, {@code (mean index + 0.5) × spacing};</li>
 * <li>{@code BX, BY (, BZ), Width, Height (, Depth)}: bounding box, pixel edges, calibrated;</li>
 * <li>with an intensity image: {@code Mean, Min, Max}, {@code IntDen = Area × Mean} (or
 * Volume × Mean) and {@code RawIntDen} = sum of the values;</li>
 * <li>2D: {@code Perim.}: ImageJ's perimeter of traced outlines ({@link Outlines#perimeter}),
 * holes included; {@code Circ.} = 4πA/P², at most 1 (as ImageJ); {@code Major, Minor, Angle}: the
 * ellipse with the object's second moments (pixels as unit squares: variance + 1/12) scaled to the
 * object's area, angle in degrees 0..180 counter-clockwise from the x axis with y up (as ImageJ's
 * EllipseFitter); {@code AR} = Major / Minor; {@code Solidity} = Area / area of the convex hull of
 * the outline (pixel corners);</li>
 * <li>3D: {@code Surface}: the count of exposed voxel faces (towards another label, the
 * background or the image border) × each face's calibrated area, a simple estimate that exceeds
 * the true area of smooth shapes (by about 1.5× for a large sphere); {@code Sphericity} =
 * π^(1/3) (6V)^(2/3) / Surface (1 for a sphere measured exactly; about 0.8 for a voxelised cube
 * and less for voxelised spheres with this surface estimate).</li>
 * </ul>
 */
public final class LabelMeasurements {

	/** Largest label accepted (labels index arrays); relabel sparse label images first. */
	public static final int MAX_LABEL = 1 << 26;

	private LabelMeasurements() {
	}

	/**
	 * A table of measurements: one row per object (ascending label), named columns.
	 *
	 * @param names   column names, the first is "Label"
	 * @param columns the values, {@code columns[c][row]}
	 */
	public record Table(List<String> names, double[][] columns) {

		public Table {
			names = List.copyOf(names);
		}

		public int rows() {
			return columns.length == 0 ? 0 : columns[0].length;
		}

		/** The column of that name, or null. */
		public double[] column(String name) {
			int i = names.indexOf(name);
			return i < 0 ? null : columns[i];
		}

		/** The row of a label, or -1. */
		public int rowOf(int label) {
			double[] l = columns[0];
			for (int r = 0; r < l.length; r++)
				if (l[r] == label)
					return r;
			return -1;
		}
	}

	/**
	 * Measures the objects of a label image.
	 *
	 * @param labels    2D or 3D label image (0 = background, labels &gt; 0)
	 * @param intensity an image of the same size, or null
	 * @param spacing   pixel size per dimension (x, y (, z)); null or empty for 1; one value for all
	 * @return the table, one row per label present
	 * @throws IllegalArgumentException for a null or not 2D/3D label image, different sizes,
	 *                                  negative labels or labels above {@link #MAX_LABEL}, a bad spacing
	 */
	public static <T extends RealType<T>> Table measure(RandomAccessibleInterval<IntType> labels,
			RandomAccessibleInterval<T> intensity, double[] spacing) {
		String where = "LabelMeasurements.measure";
		if (labels == null)
			throw new IllegalArgumentException(where + ": the label image is null");
		int nd = labels.numDimensions();
		if (nd != 2 && nd != 3)
			throw new IllegalArgumentException(where + ": the label image has " + nd
					+ " dimensions; give a 2D image or a 3D stack (one channel, one frame)");
		long[] dims = labels.dimensionsAsLongArray();
		if (intensity != null)
			Flat.checkSameSize(where, "intensity image", intensity, dims);
		double[] sp = spacing(where, spacing, nd);
		int w = (int) dims[0], h = (int) dims[1], depth = nd == 3 ? (int) dims[2] : 1;
		int[] lab = Flat.ints(where, labels);
		float[] val = intensity == null ? null : Flat.floats(where, intensity);

		int max = 0;
		for (int i = 0; i < lab.length; i++) {
			int v = lab[i];
			if (v > max)
				max = v;
			else if (v < 0)
				throw new IllegalArgumentException(where + ": label " + v + " at index " + i
						+ " is negative; labels are 0 (background) or positive");
		}
		if (max > MAX_LABEL)
			throw new IllegalArgumentException(where + ": labels go up to " + max + ", above " + MAX_LABEL
					+ "; relabel them consecutively first (LabelTools.relabelSequential)");
		int m = max + 1;
		long[] count = new long[m];
		double[] sx = new double[m], sy = new double[m], sz = new double[m];
		double[] sxx = new double[m], syy = new double[m], sxy = new double[m];
		int[] x0 = new int[m], y0 = new int[m], z0 = new int[m], x1 = new int[m], y1 = new int[m], z1 = new int[m];
		java.util.Arrays.fill(x0, Integer.MAX_VALUE);
		java.util.Arrays.fill(y0, Integer.MAX_VALUE);
		java.util.Arrays.fill(z0, Integer.MAX_VALUE);
		java.util.Arrays.fill(x1, -1);
		double[] isum = val == null ? null : new double[m];
		float[] imin = val == null ? null : new float[m], imax = val == null ? null : new float[m];
		if (val != null) {
			java.util.Arrays.fill(imin, Float.POSITIVE_INFINITY);
			java.util.Arrays.fill(imax, Float.NEGATIVE_INFINITY);
		}
		// exposed faces per label along x, y, z (3D only)
		long[] fx = nd == 3 ? new long[m] : null, fy = nd == 3 ? new long[m] : null, fz = nd == 3 ? new long[m] : null;
		int plane = w * h;
		for (int z = 0, i = 0; z < depth; z++)
			for (int y = 0; y < h; y++) {
				for (int x = 0; x < w; x++, i++) {
					int v = lab[i];
					if (v == 0)
						continue;
					count[v]++;
					sx[v] += x;
					sy[v] += y;
					sxx[v] += (double) x * x;
					syy[v] += (double) y * y;
					sxy[v] += (double) x * y;
					if (x < x0[v])
						x0[v] = x;
					if (x > x1[v])
						x1[v] = x;
					if (y < y0[v])
						y0[v] = y;
					if (y > y1[v])
						y1[v] = y;
					if (nd == 3) {
						sz[v] += z;
						if (z < z0[v])
							z0[v] = z;
						if (z > z1[v])
							z1[v] = z;
						if (x == 0 || lab[i - 1] != v)
							fx[v]++;
						if (x == w - 1 || lab[i + 1] != v)
							fx[v]++;
						if (y == 0 || lab[i - w] != v)
							fy[v]++;
						if (y == h - 1 || lab[i + w] != v)
							fy[v]++;
						if (z == 0 || lab[i - plane] != v)
							fz[v]++;
						if (z == depth - 1 || lab[i + plane] != v)
							fz[v]++;
					}
					if (val != null) {
						float f = val[i];
						isum[v] += f;
						if (f < imin[v])
							imin[v] = f;
						if (f > imax[v])
							imax[v] = f;
					}
				}
			}
		int n = 0;
		for (int v = 1; v < m; v++)
			if (count[v] > 0)
				n++;
		int[] ids = new int[n];
		for (int v = 1, k = 0; v < m; v++)
			if (count[v] > 0)
				ids[k++] = v;

		List<String> names = new ArrayList<>();
		List<double[]> cols = new ArrayList<>();
		double pw = sp[0], ph = sp[1], pd = nd == 3 ? sp[2] : 1;
		double unitSize = pw * ph * pd;
		double[] label = col(names, cols, "Label", n);
		double[] size = col(names, cols, nd == 3 ? "Volume" : "Area", n);
		double[] cx = col(names, cols, "X", n), cy = col(names, cols, "Y", n), cz = nd == 3 ? col(names, cols, "Z", n) : null;
		double[] bx = col(names, cols, "BX", n), by = col(names, cols, "BY", n), bz = nd == 3 ? col(names, cols, "BZ", n) : null;
		double[] bw = col(names, cols, "Width", n), bh = col(names, cols, "Height", n), bd = nd == 3 ? col(names, cols, "Depth", n) : null;
		double[] mean = null, mn = null, mx = null, intDen = null, raw = null;
		if (val != null) {
			mean = col(names, cols, "Mean", n);
			mn = col(names, cols, "Min", n);
			mx = col(names, cols, "Max", n);
			intDen = col(names, cols, "IntDen", n);
			raw = col(names, cols, "RawIntDen", n);
		}
		for (int k = 0; k < n; k++) {
			int v = ids[k];
			double c = count[v];
			label[k] = v;
			size[k] = c * unitSize;
			cx[k] = (sx[v] / c + 0.5) * pw;
			cy[k] = (sy[v] / c + 0.5) * ph;
			bx[k] = x0[v] * pw;
			by[k] = y0[v] * ph;
			bw[k] = (x1[v] - x0[v] + 1) * pw;
			bh[k] = (y1[v] - y0[v] + 1) * ph;
			if (nd == 3) {
				cz[k] = (sz[v] / c + 0.5) * pd;
				bz[k] = z0[v] * pd;
				bd[k] = (z1[v] - z0[v] + 1) * pd;
			}
			if (val != null) {
				mean[k] = isum[v] / c;
				mn[k] = imin[v];
				mx[k] = imax[v];
				intDen[k] = size[k] * mean[k];
				raw[k] = isum[v];
			}
		}
		if (nd == 3) {
			double[] surf = col(names, cols, "Surface", n), sph = col(names, cols, "Sphericity", n);
			for (int k = 0; k < n; k++) {
				int v = ids[k];
				surf[k] = fx[v] * ph * pd + fy[v] * pw * pd + fz[v] * pw * ph;
				sph[k] = Math.cbrt(Math.PI) * Math.pow(6 * size[k], 2.0 / 3) / surf[k];
			}
		}
		else {
			double[] perim = col(names, cols, "Perim.", n), circ = col(names, cols, "Circ.", n);
			double[] major = col(names, cols, "Major", n), minor = col(names, cols, "Minor", n), angle = col(names, cols, "Angle", n);
			double[] ar = col(names, cols, "AR", n), solidity = col(names, cols, "Solidity", n);
			for (int k = 0; k < n; k++) {
				int v = ids[k];
				double c = count[v];
				// central second moments in calibrated units; + 1/12 for the extent of a pixel
				double mxx = (sxx[v] / c - sq(sx[v] / c) + 1.0 / 12) * pw * pw;
				double myy = (syy[v] / c - sq(sy[v] / c) + 1.0 / 12) * ph * ph;
				double mxy = (sxy[v] / c - (sx[v] / c) * (sy[v] / c)) * pw * ph;
				double tr = (mxx + myy) / 2, det = Math.sqrt(sq((mxx - myy) / 2) + mxy * mxy);
				double l1 = tr + det, l2 = Math.max(tr - det, 0);
				// semi-axes of the uniform ellipse with these moments are 2 sqrt(l); scaled to the area
				double a = 2 * Math.sqrt(l1), b = 2 * Math.sqrt(l2);
				double s = a * b > 0 ? Math.sqrt(size[k] / (Math.PI * a * b)) : 1;
				major[k] = 2 * a * s;
				minor[k] = 2 * b * s;
				// orientation of the major axis; y is flipped so that angles are counter-clockwise on screen
				double theta = Math.toDegrees(0.5 * Math.atan2(-2 * mxy, mxx - myy));
				if (theta < 0)
					theta += 180;
				if (theta >= 180)
					theta -= 180;
				angle[k] = theta;
				ar[k] = minor[k] > 0 ? major[k] / minor[k] : Double.NaN;
			}
			double[][] shape = new double[n][];
			IntStream.range(0, n).parallel().forEach(k -> shape[k] = shape2D(lab, w, ids[k], x0[ids[k]], y0[ids[k]],
					x1[ids[k]], y1[ids[k]], pw, ph));
			for (int k = 0; k < n; k++) {
				perim[k] = shape[k][0];
				circ[k] = perim[k] > 0 ? Math.min(1, 4 * Math.PI * size[k] / sq(perim[k])) : Double.NaN;
				solidity[k] = shape[k][1] > 0 ? size[k] / shape[k][1] : Double.NaN;
			}
		}
		return new Table(names, cols.toArray(new double[0][]));
	}

	/** {perimeter, convex hull area} of one object, from its outlines traced in its bounding box. */
	private static double[] shape2D(int[] lab, int w, int v, int x0, int y0, int x1, int y1, double pw, double ph) {
		int bw = x1 - x0 + 1, bh = y1 - y0 + 1;
		byte[] mask = new byte[bw * bh];
		for (int y = 0; y < bh; y++) {
			int row = (y + y0) * w + x0;
			for (int x = 0; x < bw; x++)
				if (lab[row + x] == v)
					mask[y * bw + x] = 1;
		}
		Outlines o = Outlines.trace(mask, bw, bh, x0, y0);
		int[] hull = o.convexHull();
		return new double[] { o.perimeter(pw, ph), Math.abs(Outlines.doubleSignedArea(hull)) / 2.0 * pw * ph };
	}

	private static double[] col(List<String> names, List<double[]> cols, String name, int n) {
		double[] c = new double[n];
		names.add(name);
		cols.add(c);
		return c;
	}

	private static double sq(double x) {
		return x * x;
	}

	static double[] spacing(String where, double[] spacing, int n) {
		double[] s = new double[n];
		if (spacing == null || spacing.length == 0)
			java.util.Arrays.fill(s, 1);
		else if (spacing.length == 1)
			java.util.Arrays.fill(s, spacing[0]);
		else if (spacing.length >= n)
			System.arraycopy(spacing, 0, s, 0, n);
		else
			throw new IllegalArgumentException(where + ": " + spacing.length + " spacings for " + n
					+ " dimensions; give one per dimension (x, y, z)");
		for (double d : s)
			if (!(d > 0) || Double.isInfinite(d))
				throw new IllegalArgumentException(where + ": pixel spacing " + d + " is not a finite number > 0; fix the calibration");
		return s;
	}
}
