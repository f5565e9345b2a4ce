package org.segmentij.classical.region;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

/**
 * Connected component labelling of binary masks in any number of dimensions.
 * <p>
 * Foreground is every pixel whose value is nonzero (NaN counts as background). Components
 * are numbered 1..n in raster order of their first pixel (x fastest, then y, then z, ...),
 * the same order in which ImageJ's particle analyzer or a raster-scan flood fill would find
 * them. The algorithm is the classical two-pass one: a raster scan that gives provisional
 * labels from the already visited neighbours and records equivalences in a union-find on a
 * flat int array, then a second pass that replaces each provisional label by its final one.
 */
public final class ConnectedComponents {

	/** Which neighbours are connected. */
	public enum Connectivity {
		/** Neighbours sharing a face: 4 in 2D, 6 in 3D, 2n in nD. */
		FACE,
		/** All neighbours, corners included: 8 in 2D, 26 in 3D, 3^n - 1 in nD. */
		FULL
	}

	private ConnectedComponents() {
	}

	/**
	 * Labels the connected components of a mask.
	 *
	 * @param mask         any real-valued image; nonzero (and not NaN) = foreground
	 * @param connectivity which neighbours touch
	 * @return a label image of the same dimensions starting at 0 (pixel 0 is the mask's min),
	 *         0 = background, components 1..n in raster order of their first pixel
	 * @throws IllegalArgumentException if an argument is null, the mask has no dimensions or
	 *                                  more than {@code Integer.MAX_VALUE - 8} pixels
	 */
	public static <T extends RealType<T>> Img<IntType> label(RandomAccessibleInterval<T> mask, Connectivity connectivity) {
		if (mask == null)
			throw new IllegalArgumentException("ConnectedComponents.label: mask must not be null");
		if (connectivity == null)
			throw new IllegalArgumentException(
					"ConnectedComponents.label: connectivity must not be null; use Connectivity.FACE or FULL");
		int n = mask.numDimensions();
		if (n < 1)
			throw new IllegalArgumentException("ConnectedComponents.label: the mask has no dimensions");
		long[] ldims = mask.dimensionsAsLongArray();
		long total = Intervals.numElements(ldims);
		if (total > Integer.MAX_VALUE - 8)
			throw new IllegalArgumentException("ConnectedComponents.label: the mask has " + total
					+ " pixels, more than the " + (Integer.MAX_VALUE - 8) + " supported; label it in tiles");
		int[] dims = new int[n];
		for (int d = 0; d < n; d++)
			dims[d] = (int) ldims[d];

		int[] lab = new int[(int) total];
		Cursor<T> c = Views.flatIterable(mask).cursor();
		for (int i = 0; i < lab.length; i++) {
			double v = c.next().getRealDouble();
			lab[i] = v != 0 && v == v ? -1 : 0;
		}
		label(lab, dims, connectivity);
		return ArrayImgs.ints(lab, ldims);
	}

	/**
	 * Labels a flat mask in place: on entry nonzero = foreground, on exit 0 = background and
	 * 1..n the components in raster order.
	 *
	 * @param data         the pixels, x fastest
	 * @param dims         size along each dimension
	 * @param connectivity which neighbours touch
	 * @return the number of components n
	 * @throws IllegalArgumentException if {@code data.length} does not match {@code dims}
	 */
	public static int label(int[] data, int[] dims, Connectivity connectivity) {
		int n = dims.length;
		long total = 1;
		for (int d : dims)
			total *= d;
		if (total != data.length)
			throw new IllegalArgumentException("ConnectedComponents.label: array has " + data.length
					+ " values but dimensions " + Arrays.toString(dims) + " need " + total);
		if (data.length == 0)
			return 0;
		int[] stride = new int[n];
		stride[0] = 1;
		for (int d = 1; d < n; d++)
			stride[d] = stride[d - 1] * dims[d - 1];

		// Backward neighbours (visited before the current pixel): flat offset and the border
		// conditions they need, 2 bits per dimension: bit 2d = "pos[d] > 0", bit 2d+1 = "pos[d] < dims[d]-1".
		List<int[]> nb = new ArrayList<>();
		int[] delta = new int[n];
		int combos = (int) Math.pow(3, n);
		for (int m = 0; m < combos; m++) {
			int t = m, nonzero = 0;
			for (int d = 0; d < n; d++) {
				delta[d] = t % 3 - 1;
				t /= 3;
				if (delta[d] != 0)
					nonzero++;
			}
			if (nonzero == 0 || (connectivity == Connectivity.FACE && nonzero != 1))
				continue;
			// backward = the most significant nonzero component is -1
			int top = n - 1;
			while (delta[top] == 0)
				top--;
			if (delta[top] != -1)
				continue;
			int off = 0, need = 0;
			for (int d = 0; d < n; d++) {
				off += delta[d] * stride[d];
				if (delta[d] < 0)
					need |= 1 << (2 * d);
				else if (delta[d] > 0)
					need |= 1 << (2 * d + 1);
			}
			nb.add(new int[] { off, need });
		}
		int k = nb.size();
		int[] nbOff = new int[k];
		int[] nbNeed = new int[k];
		for (int i = 0; i < k; i++) {
			nbOff[i] = nb.get(i)[0];
			nbNeed[i] = nb.get(i)[1];
		}
		// neighbour -x (offset -1) is handled separately for speed: it is always one of them
		int[] parent = new int[1024];
		int next = 1;
		int w = dims[0];
		int lines = data.length / w;
		int[] pos = new int[n];
		int xLeft = 1, xRight = 2; // bits of dimension 0
		for (int line = 0; line < lines; line++) {
			// border state of the higher dimensions for this line
			int state = 0;
			for (int d = 1; d < n; d++) {
				if (pos[d] > 0)
					state |= 1 << (2 * d);
				if (pos[d] < dims[d] - 1)
					state |= 1 << (2 * d + 1);
			}
			int base = line * w;
			for (int x = 0; x < w; x++) {
				int i = base + x;
				if (data[i] == 0)
					continue;
				int s = state | (x > 0 ? xLeft : 0) | (x < w - 1 ? xRight : 0);
				int cur = 0;
				for (int j = 0; j < k; j++) {
					if ((nbNeed[j] & s) != nbNeed[j])
						continue;
					int l = data[i + nbOff[j]];
					if (l <= 0)
						continue;
					if (cur == 0)
						cur = find(parent, l);
					else if (l != cur)
						cur = union(parent, cur, l);
				}
				if (cur == 0) {
					if (next == parent.length)
						parent = Arrays.copyOf(parent, parent.length * 2);
					parent[next] = next;
					cur = next++;
				}
				data[i] = cur;
			}
			for (int d = 1; d < n; d++) {
				if (++pos[d] < dims[d])
					break;
				pos[d] = 0;
			}
		}
		// final numbering: roots in order of creation = raster order of first pixels
		int[] fin = new int[next];
		int count = 0;
		for (int l = 1; l < next; l++) {
			int r = find(parent, l);
			fin[l] = r == l ? ++count : fin[r];
		}
		for (int i = 0; i < data.length; i++)
			data[i] = fin[data[i]];
		return count;
	}

	private static int find(int[] parent, int l) {
		int r = l;
		while (parent[r] != r)
			r = parent[r];
		while (parent[l] != r) {
			int p = parent[l];
			parent[l] = r;
			l = p;
		}
		return r;
	}

	/** Unites the sets of root {@code a} and label {@code b}; the smaller root wins. */
	private static int union(int[] parent, int a, int b) {
		int rb = find(parent, b);
		if (rb == a)
			return a;
		if (rb < a) {
			parent[a] = rb;
			return rb;
		}
		parent[rb] = a;
		return a;
	}
}
