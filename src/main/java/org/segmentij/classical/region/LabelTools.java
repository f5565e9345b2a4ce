package org.segmentij.classical.region;

import java.util.Arrays;

import net.imglib2.Cursor;
import net.imglib2.FinalInterval;
import net.imglib2.Interval;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

import org.segmentij.classical.region.ConnectedComponents.Connectivity;

/**
 * Clean-up and measurement of label images ({@code RandomAccessibleInterval<IntType>}, 0 =
 * background, objects are the pixels sharing a positive value) in any number of dimensions.
 * <p>
 * Every method leaves its input unchanged; the image-valued ones return a new
 * {@link net.imglib2.img.array.ArrayImg} of the same dimensions whose minimum is 0 in every
 * dimension (as {@link ConnectedComponents} does), whatever the input's minimum. An object is
 * a label value, not a connected component: a label split into several pieces is one object.
 * Negative values are rejected with an {@link IllegalArgumentException}, as are images of
 * more than {@code Integer.MAX_VALUE - 8} pixels.
 */
public final class LabelTools {

	private LabelTools() {
	}

	/** Flat copy of a label image (x fastest) with its dimensions. */
	private record Flat(int[] data, int[] dims, long[] ldims, int maxLabel) {
	}

	private static Flat flat(RandomAccessibleInterval<IntType> labels, String method) {
		if (labels == null)
			throw new IllegalArgumentException("LabelTools." + method + ": the label image is null; pass a label image");
		int n = labels.numDimensions();
		if (n < 1)
			throw new IllegalArgumentException("LabelTools." + method + ": the label image has no dimensions");
		long[] ldims = labels.dimensionsAsLongArray();
		long total = Intervals.numElements(ldims);
		if (total > Integer.MAX_VALUE - 8)
			throw new IllegalArgumentException("LabelTools." + method + ": the label image has " + total
					+ " pixels, more than the " + (Integer.MAX_VALUE - 8) + " supported; process it in tiles");
		int[] dims = new int[n];
		for (int d = 0; d < n; d++)
			dims[d] = (int) ldims[d];
		int[] data = new int[(int) total];
		int max = 0;
		int[] src = null;
		if (labels instanceof net.imglib2.img.array.ArrayImg<?, ?> a
				&& a.update(null) instanceof net.imglib2.img.basictypeaccess.array.IntArray ia
				&& ia.getCurrentStorageArray().length == data.length)
			src = ia.getCurrentStorageArray();
		Cursor<IntType> c = src == null ? Views.flatIterable(labels).cursor() : null;
		if (src != null)
			System.arraycopy(src, 0, data, 0, data.length);
		for (int i = 0; i < data.length; i++) {
			int v = src != null ? data[i] : c.next().get();
			if (v < 0)
				throw new IllegalArgumentException("LabelTools." + method + ": the label image has the negative value "
						+ v + " at " + Arrays.toString(position(i, dims)) + " (relative to its minimum); labels must be "
						+ "0 (background) or positive: relabel or threshold the image first");
			data[i] = v;
			if (v > max)
				max = v;
		}
		return new Flat(data, dims, ldims, max);
	}

	private static int[] position(int index, int[] dims) {
		int[] p = new int[dims.length];
		for (int d = 0; d < dims.length; d++) {
			p[d] = index % dims[d];
			index /= dims[d];
		}
		return p;
	}

	private static Img<IntType> img(Flat f, int[] data) {
		return ArrayImgs.ints(data, f.ldims);
	}

	private static long[] counts(Flat f) {
		long[] a = new long[f.maxLabel + 1];
		for (int v : f.data)
			a[v]++;
		return a;
	}

	/**
	 * Renumbers the objects 1..n in the order in which they first appear in raster order (x
	 * fastest, then y, then z, ...); background stays 0.
	 *
	 * @param labels the label image (not modified)
	 * @return a new label image with labels 1..n, n = number of distinct positive labels
	 * @throws IllegalArgumentException for a null image or negative labels
	 */
	public static Img<IntType> relabelSequential(RandomAccessibleInterval<IntType> labels) {
		Flat f = flat(labels, "relabelSequential");
		int[] map = new int[f.maxLabel + 1];
		int next = 0;
		int[] out = new int[f.data.length];
		for (int i = 0; i < out.length; i++) {
			int v = f.data[i];
			if (v == 0)
				continue;
			if (map[v] == 0)
				map[v] = ++next;
			out[i] = map[v];
		}
		return img(f, out);
	}

	/**
	 * Removes small objects: those with fewer than {@code minPixels} pixels become background,
	 * the others keep their label (no renumbering; see {@link #relabelSequential}).
	 *
	 * @param labels    the label image (not modified)
	 * @param minPixels the smallest size, in pixels (voxels), an object keeps; 0 or 1 keeps all
	 * @return a new label image
	 * @throws IllegalArgumentException for a null image, negative labels or a negative
	 *                                  {@code minPixels}
	 */
	public static Img<IntType> removeSmall(RandomAccessibleInterval<IntType> labels, long minPixels) {
		if (minPixels < 0)
			throw new IllegalArgumentException("LabelTools.removeSmall: minPixels is " + minPixels
					+ "; give a size of 0 or more pixels");
		Flat f = flat(labels, "removeSmall");
		long[] area = counts(f);
		int[] out = new int[f.data.length];
		for (int i = 0; i < out.length; i++) {
			int v = f.data[i];
			out[i] = v != 0 && area[v] >= minPixels ? v : 0;
		}
		return img(f, out);
	}

	/**
	 * Removes small objects by calibrated size: an object whose size (pixel count times the
	 * pixel area, or voxel volume, {@code spacing[0] * spacing[1] * ...}) is less than
	 * {@code minSize} becomes background; the others keep their label.
	 *
	 * @param labels  the label image (not modified)
	 * @param minSize smallest area (2D) or volume (3D) kept, in calibrated units (e.g. µm² or µm³)
	 * @param spacing pixel size along each dimension of {@code labels}, all positive and finite
	 * @return a new label image
	 * @throws IllegalArgumentException for a null image, negative labels, a negative or NaN
	 *                                  {@code minSize}, or a spacing of the wrong length or
	 *                                  with values that are not positive and finite
	 */
	public static Img<IntType> removeSmall(RandomAccessibleInterval<IntType> labels, double minSize, double[] spacing) {
		if (!(minSize >= 0))
			throw new IllegalArgumentException("LabelTools.removeSmall: minSize is " + minSize
					+ "; give a size of 0 or more in calibrated units");
		if (labels != null && (spacing == null || spacing.length != labels.numDimensions()))
			throw new IllegalArgumentException("LabelTools.removeSmall: spacing " + Arrays.toString(spacing)
					+ " must have one pixel size per dimension of the " + labels.numDimensions() + "-dimensional image");
		double voxel = 1;
		if (spacing != null)
			for (double s : spacing) {
				if (!(s > 0) || Double.isInfinite(s))
					throw new IllegalArgumentException("LabelTools.removeSmall: spacing " + Arrays.toString(spacing)
							+ " has a pixel size that is not positive and finite; fix the calibration");
				voxel *= s;
			}
		Flat f = flat(labels, "removeSmall");
		long[] area = counts(f);
		int[] out = new int[f.data.length];
		for (int i = 0; i < out.length; i++) {
			int v = f.data[i];
			out[i] = v != 0 && area[v] * voxel >= minSize ? v : 0;
		}
		return img(f, out);
	}

	/**
	 * {@link #removeBorderObjects(RandomAccessibleInterval, boolean)} with {@code includeZ =
	 * true}: objects touching any face of the image are removed.
	 */
	public static Img<IntType> removeBorderObjects(RandomAccessibleInterval<IntType> labels) {
		return removeBorderObjects(labels, true);
	}

	/**
	 * Removes the objects that touch the image border: every pixel of such an object becomes
	 * background, the other objects keep their label.
	 *
	 * @param labels   the label image (not modified)
	 * @param includeZ whether the first and last planes along dimensions 2 and beyond (z, ...)
	 *                 count as border; the faces along x and y always do. Use false for a
	 *                 stack whose objects may be cut by the top and bottom slices but should be
	 *                 kept. Ignored for 1D and 2D images
	 * @return a new label image
	 * @throws IllegalArgumentException for a null image or negative labels
	 */
	public static Img<IntType> removeBorderObjects(RandomAccessibleInterval<IntType> labels, boolean includeZ) {
		Flat f = flat(labels, "removeBorderObjects");
		int n = f.dims.length;
		boolean[] touches = new boolean[f.maxLabel + 1];
		int[] pos = new int[n];
		for (int i = 0; i < f.data.length; i++) {
			int v = f.data[i];
			if (v != 0 && !touches[v])
				for (int d = 0; d < n; d++)
					if ((d < 2 || includeZ) && (pos[d] == 0 || pos[d] == f.dims[d] - 1)) {
						touches[v] = true;
						break;
					}
			increment(pos, f.dims);
		}
		int[] out = new int[f.data.length];
		for (int i = 0; i < out.length; i++) {
			int v = f.data[i];
			out[i] = touches[v] ? 0 : v;
		}
		return img(f, out);
	}

	private static void increment(int[] pos, int[] dims) {
		for (int d = 0; d < pos.length; d++) {
			if (++pos[d] < dims[d])
				return;
			pos[d] = 0;
		}
	}

	/**
	 * Fills the holes of each object: a connected region of background (face-connected: 4
	 * neighbours in 2D, 6 in 3D, 2n in nD) that does not touch the image border and whose
	 * face neighbours all belong to one and the same object gets that object's label. Holes
	 * bounded by two or more objects, and background touching the border (along any
	 * dimension, z included), stay background.
	 *
	 * @param labels the label image (not modified)
	 * @return a new label image
	 * @throws IllegalArgumentException for a null image or negative labels
	 */
	public static Img<IntType> fillHoles(RandomAccessibleInterval<IntType> labels) {
		Flat f = flat(labels, "fillHoles");
		int[] out = f.data.clone();
		fillHoles(out, f.dims);
		return img(f, out);
	}

	/**
	 * {@link #fillHoles(RandomAccessibleInterval)} on a flat label array (x fastest), in place.
	 * In 2D and 3D the background is labelled by runs ({@link ConnectedComponents#labelRuns}) and
	 * only the runs of components that do not touch the border are looked at (the large
	 * background around the objects touches it), so the work is that of the holes.
	 */
	static void fillHoles(int[] data, int[] dims) {
		int n = dims.length;
		int size = data.length;
		if (size == 0)
			return;
		if (n == 2 || n == 3) {
			int w = dims[0], h = dims[1], nz = n > 2 ? dims[2] : 1, plane = w * h;
			byte[] bg = new byte[size];
			org.segmentij.classical.PixelArrays.parallel(size, 1, (from, to) -> {
				for (int i = from; i < to; i++)
					bg[i] = (byte) (data[i] == 0 ? 1 : 0);
			});
			org.segmentij.classical.PixelArrays.Plane[] planes = new org.segmentij.classical.PixelArrays.Plane[nz];
			for (int z = 0; z < nz; z++)
				planes[z] = new org.segmentij.classical.PixelArrays.Plane(bg, z * plane);
			ConnectedComponents.Runs r = ConnectedComponents.labelRuns(planes, dims, Connectivity.FACE);
			// per background component: the single neighbouring label, 0 = none yet, -1 = not fillable
			int[] owner = new int[r.count + 1];
			for (int line = 0; line < r.lines; line++) {
				int y = line % h, z = line / h;
				boolean edgeLine = y == 0 || y == h - 1 || n > 2 && (z == 0 || z == nz - 1);
				for (int k = r.lineFirst[line]; k < r.lineFirst[line + 1]; k++)
					if (edgeLine || r.rs[k] == 0 || r.re[k] == w - 1)
						owner[r.number[k]] = -1;
			}
			for (int line = 0; line < r.lines; line++)
				for (int k = r.lineFirst[line]; k < r.lineFirst[line + 1]; k++) {
					int c = r.number[k];
					if (owner[c] == -1)
						continue;
					int base = line * w;
					int o = owner[c];
					o = ownerWith(o, data[base + r.rs[k] - 1]);
					o = ownerWith(o, data[base + r.re[k] + 1]);
					for (int i = base + r.rs[k], end = base + r.re[k]; i <= end && o != -1; i++) {
						o = ownerWith(o, data[i - w]);
						o = ownerWith(o, data[i + w]);
						if (n > 2) {
							o = ownerWith(o, data[i - plane]);
							o = ownerWith(o, data[i + plane]);
						}
					}
					owner[c] = o;
				}
			for (int line = 0; line < r.lines; line++)
				for (int k = r.lineFirst[line]; k < r.lineFirst[line + 1]; k++) {
					int o = owner[r.number[k]];
					if (o > 0)
						java.util.Arrays.fill(data, line * w + r.rs[k], line * w + r.re[k] + 1, o);
				}
			return;
		}
		int[] bg = new int[size];
		for (int i = 0; i < size; i++)
			bg[i] = data[i] == 0 ? 1 : 0;
		int nBg = ConnectedComponents.label(bg, dims, Connectivity.FACE);
		// per background component: the single neighbouring label, 0 = none yet, -1 = not fillable
		int[] owner = new int[nBg + 1];
		int[] stride = new int[n];
		stride[0] = 1;
		for (int d = 1; d < n; d++)
			stride[d] = stride[d - 1] * dims[d - 1];
		int[] pos = new int[n];
		for (int i = 0; i < size; i++) {
			int c = bg[i];
			if (c != 0 && owner[c] != -1) {
				for (int d = 0; d < n && owner[c] != -1; d++) {
					if (pos[d] == 0 || pos[d] == dims[d] - 1) {
						owner[c] = -1;
						break;
					}
					for (int s = -1; s <= 1; s += 2) {
						int v = data[i + s * stride[d]];
						if (v == 0)
							continue;
						if (owner[c] == 0)
							owner[c] = v;
						else if (owner[c] != v) {
							owner[c] = -1;
							break;
						}
					}
				}
			}
			increment(pos, dims);
		}
		for (int i = 0; i < size; i++) {
			int c = bg[i];
			if (c != 0 && owner[c] > 0)
				data[i] = owner[c];
		}
	}

	/** The owner of a hole after meeting a neighbour of value v: 0 (background) changes nothing. */
	private static int ownerWith(int owner, int v) {
		if (v == 0 || owner == -1)
			return owner;
		return owner == 0 || owner == v ? v : -1;
	}

	/** Labels after {@link #cleanUp}: 1..count, flat (x fastest), with the image's dimensions. */
	public record Cleaned(int[] labels, long[] dims, int count) {
	}

	/**
	 * The clean-up of Clean Up Labels in one go, the same result as {@link #fillHoles} (if asked),
	 * then {@link #removeSmall(RandomAccessibleInterval, double, double[])} (if
	 * {@code minSize > 0}), then {@link #removeBorderObjects(RandomAccessibleInterval, boolean)}
	 * (if asked), then {@link #relabelSequential}: sizes, first appearances and border contacts
	 * are gathered in one pass and the labels rewritten in a second.
	 *
	 * @param labels       the label image (not modified)
	 * @param fillHoles    fill holes first
	 * @param minSize      smallest object kept, in calibrated size ({@code spacing} product per
	 *                     pixel); 0 keeps all
	 * @param spacing      pixel size per dimension (all positive and finite)
	 * @param removeBorder remove objects touching the border (x and y; z when
	 *                     {@code includeZ})
	 * @param includeZ     whether dimensions 2 and beyond count for the border
	 * @throws IllegalArgumentException as the single steps
	 */
	public static Cleaned cleanUp(RandomAccessibleInterval<IntType> labels, boolean fillHoles, double minSize, double[] spacing,
			boolean removeBorder, boolean includeZ) {
		if (!(minSize >= 0))
			throw new IllegalArgumentException("LabelTools.removeSmall: minSize is " + minSize
					+ "; give a size of 0 or more in calibrated units");
		Flat f = flat(labels, "cleanUp");
		double voxel = 1;
		if (minSize > 0) {
			if (spacing == null || spacing.length != f.dims.length)
				throw new IllegalArgumentException("LabelTools.removeSmall: spacing " + Arrays.toString(spacing)
						+ " must have one pixel size per dimension of the " + f.dims.length + "-dimensional image");
			for (double s : spacing) {
				if (!(s > 0) || Double.isInfinite(s))
					throw new IllegalArgumentException("LabelTools.removeSmall: spacing " + Arrays.toString(spacing)
							+ " has a pixel size that is not positive and finite; fix the calibration");
				voxel *= s;
			}
		}
		int[] data = f.data; // our own copy
		if (fillHoles)
			fillHoles(data, f.dims);
		int max = f.maxLabel;
		long[] area = new long[max + 1];
		int[] first = new int[max + 1];
		Arrays.fill(first, -1);
		for (int i = 0; i < data.length; i++) {
			int v = data[i];
			if (area[v]++ == 0)
				first[v] = i;
		}
		boolean[] drop = new boolean[max + 1];
		if (minSize > 0)
			for (int v = 1; v <= max; v++)
				drop[v] = area[v] > 0 && area[v] * voxel < minSize;
		if (removeBorder)
			markBorder(data, f.dims, includeZ, drop);
		// kept labels in order of their first pixel
		long[] order = new long[max];
		int kept = 0;
		for (int v = 1; v <= max; v++)
			if (area[v] > 0 && !drop[v])
				order[kept++] = (long) first[v] << 32 | v;
		Arrays.sort(order, 0, kept);
		int[] map = new int[max + 1];
		for (int k = 0; k < kept; k++)
			map[(int) order[k]] = k + 1;
		org.segmentij.classical.PixelArrays.parallel(data.length, 1, (from, to) -> {
			for (int i = from; i < to; i++)
				data[i] = map[data[i]];
		});
		return new Cleaned(data, f.ldims, kept);
	}

	/** Marks in {@code touch} every label that has a pixel on the border faces (x, y; z and beyond when includeZ). */
	private static void markBorder(int[] data, int[] dims, boolean includeZ, boolean[] touch) {
		int n = dims.length;
		int[] pos = new int[n];
		for (int i = 0; i < data.length; i++) {
			int v = data[i];
			if (v != 0 && !touch[v])
				for (int d = 0; d < n; d++)
					if ((d < 2 || includeZ) && (pos[d] == 0 || pos[d] == dims[d] - 1)) {
						touch[v] = true;
						break;
					}
			increment(pos, dims);
		}
	}

	/**
	 * The size of every object in pixels (voxels).
	 *
	 * @param labels the label image (not modified)
	 * @return an array of length {@code maxLabel + 1}: element {@code l} is the number of
	 *         pixels with label {@code l} (element 0 counts the background)
	 * @throws IllegalArgumentException for a null image or negative labels
	 */
	public static long[] areas(RandomAccessibleInterval<IntType> labels) {
		return counts(flat(labels, "areas"));
	}

	/**
	 * The bounding box of every object: the smallest interval holding all its pixels, in the
	 * coordinates of {@code labels} (its minimum included), both ends inclusive.
	 *
	 * @param labels the label image (not modified)
	 * @return an array of length {@code maxLabel + 1}: element {@code l} is the box of label
	 *         {@code l}, or null when the label does not occur; element 0 is always null
	 * @throws IllegalArgumentException for a null image or negative labels
	 */
	public static Interval[] boundingBoxes(RandomAccessibleInterval<IntType> labels) {
		Flat f = flat(labels, "boundingBoxes");
		int n = f.dims.length;
		int m = f.maxLabel + 1;
		long[][] min = new long[m][], max = new long[m][];
		int[] pos = new int[n];
		for (int i = 0; i < f.data.length; i++) {
			int v = f.data[i];
			if (v != 0) {
				if (min[v] == null) {
					min[v] = new long[n];
					max[v] = new long[n];
					for (int d = 0; d < n; d++)
						min[v][d] = max[v][d] = pos[d];
				} else
					for (int d = 0; d < n; d++) {
						if (pos[d] < min[v][d])
							min[v][d] = pos[d];
						if (pos[d] > max[v][d])
							max[v][d] = pos[d];
					}
			}
			increment(pos, f.dims);
		}
		Interval[] boxes = new Interval[m];
		long[] offset = labels.minAsLongArray();
		for (int l = 1; l < m; l++)
			if (min[l] != null) {
				for (int d = 0; d < n; d++) {
					min[l][d] += offset[d];
					max[l][d] += offset[d];
				}
				boxes[l] = new FinalInterval(min[l], max[l]);
			}
		return boxes;
	}
}
