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

import org.segmentij.classical.PixelArrays;

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

		if (n <= 3) {
			Runs r = runs(mask, connectivity);
			int[] lab = new int[(int) total];
			r.paint(lab);
			return ArrayImgs.ints(lab, ldims);
		}
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
	 * The components of a 1D, 2D or 3D mask as runs of foreground pixels with their component
	 * numbers (what {@link #label(RandomAccessibleInterval, Connectivity)} paints), for callers
	 * that paint them into another pixel type. 8-bit, 16-bit and float ArrayImg and PlanarImg
	 * masks are read in place.
	 *
	 * @throws IllegalArgumentException as {@link #label(RandomAccessibleInterval, Connectivity)},
	 *                                  and for a mask of more than 3 dimensions
	 */
	public static <T extends RealType<T>> Runs runs(RandomAccessibleInterval<T> mask, Connectivity connectivity) {
		if (mask == null || connectivity == null)
			throw new IllegalArgumentException("ConnectedComponents.runs: give a mask and a connectivity, got null");
		int n = mask.numDimensions();
		if (n < 1 || n > 3)
			throw new IllegalArgumentException("ConnectedComponents.runs: the mask has " + n + " dimensions; 1 to 3 are supported");
		long total = Intervals.numElements(mask);
		if (total > Integer.MAX_VALUE - 8)
			throw new IllegalArgumentException("ConnectedComponents.label: the mask has " + total
					+ " pixels, more than the " + (Integer.MAX_VALUE - 8) + " supported; label it in tiles");
		int[] dims = new int[n];
		for (int d = 0; d < n; d++)
			dims[d] = (int) mask.dimension(d);
		PixelArrays.Plane[] planes = PixelArrays.planes(mask);
		if (planes == null) {
			byte[] m = PixelArrays.mask(mask, "ConnectedComponents.label");
			int plane = n > 1 ? dims[0] * dims[1] : dims[0];
			int nz = n > 2 ? dims[2] : 1;
			planes = new PixelArrays.Plane[nz];
			for (int z = 0; z < nz; z++)
				planes[z] = new PixelArrays.Plane(m, z * plane);
		}
		return labelRuns(planes, dims, connectivity);
	}

	/**
	 * Components as runs: run {@code r} covers x = {@code rs[r]..re[r]} of line {@code l}
	 * (lines are rows, x fastest: line = y + h * z) for the runs
	 * {@code lineFirst[l] <= r < lineFirst[l + 1]}, and has component number {@code number[r]}
	 * (1..count, in raster order of the components' first pixels).
	 */
	public static final class Runs {
		final int w, h, lines, count;
		final int[] lineFirst, rs, re, number;

		Runs(int w, int h, int lines, int count, int[] lineFirst, int[] rs, int[] re, int[] number) {
			this.w = w;
			this.h = h;
			this.lines = lines;
			this.count = count;
			this.lineFirst = lineFirst;
			this.rs = rs;
			this.re = re;
			this.number = number;
		}

		/** The number of components. */
		public int count() {
			return count;
		}

		/** Paints the labels into a flat array of the mask's size (x fastest), in parallel; background is left as it is. */
		public void paint(int[] out) {
			PixelArrays.parallel(lines, w, (from, to) -> {
				for (int line = from; line < to; line++) {
					int base = line * w;
					for (int r = lineFirst[line]; r < lineFirst[line + 1]; r++)
						java.util.Arrays.fill(out, base + rs[r], base + re[r] + 1, number[r]);
				}
			});
		}

		/**
		 * Paints the labels, which must be at most 65535 ({@link #count()}), as unsigned 16-bit
		 * values into one array per XY plane, in parallel; background is left as it is.
		 *
		 * @throws IllegalArgumentException for more than 65535 components
		 */
		public void paint(short[][] planes) {
			if (count > 65535)
				throw new IllegalArgumentException(count + " components do not fit 16 bits; paint them into an int array");
			PixelArrays.parallel(lines, w, (from, to) -> {
				for (int line = from; line < to; line++) {
					short[] out = planes[line / h];
					int base = line % h * w;
					for (int r = lineFirst[line]; r < lineFirst[line + 1]; r++)
						java.util.Arrays.fill(out, base + rs[r], base + re[r] + 1, (short) number[r]);
				}
			});
		}
	}

	private static final java.lang.invoke.VarHandle LONGS = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class,
			java.nio.ByteOrder.LITTLE_ENDIAN);
	private static final long ONES = 0x0101010101010101L, HIGHS = 0x8080808080808080L;

	/**
	 * Appends the runs of foreground pixels (nonzero, not NaN) of one line of {@code len} values
	 * of a byte (unsigned), short or float array from {@code base} to {@code runs} (start, end
	 * pairs from index 2 * count[0]). 8-bit lines are scanned eight pixels at a time through long
	 * reads: a word of zeros is background, a word without a zero byte is foreground.
	 *
	 * @return the runs array (grown when needed); {@code count[0]} is updated
	 */
	private static int[] scanLine(Object arr, int base, int len, int[] runs, int[] count) {
		int cnt = count[0];
		int x = 0;
		if (arr instanceof byte[] b) {
			int end8 = len - 8;
			while (x < len) {
				while (x <= end8 && (long) LONGS.get(b, base + x) == 0)
					x += 8;
				while (x < len && b[base + x] == 0)
					x++;
				if (x == len)
					break;
				int start = x;
				while (x <= end8) {
					long v = (long) LONGS.get(b, base + x);
					if (((v - ONES) & ~v & HIGHS) != 0)
						break; // a zero byte in this word
					x += 8;
				}
				while (x < len && b[base + x] != 0)
					x++;
				if (2 * cnt + 2 > runs.length)
					runs = java.util.Arrays.copyOf(runs, runs.length * 2);
				runs[2 * cnt] = start;
				runs[2 * cnt + 1] = x - 1;
				cnt++;
			}
		}
		else if (arr instanceof short[] sh) {
			while (x < len) {
				while (x < len && sh[base + x] == 0)
					x++;
				if (x == len)
					break;
				int start = x;
				while (x < len && sh[base + x] != 0)
					x++;
				if (2 * cnt + 2 > runs.length)
					runs = java.util.Arrays.copyOf(runs, runs.length * 2);
				runs[2 * cnt] = start;
				runs[2 * cnt + 1] = x - 1;
				cnt++;
			}
		}
		else {
			float[] f = (float[]) arr;
			while (x < len) {
				while (x < len && !(f[base + x] != 0 && f[base + x] == f[base + x]))
					x++;
				if (x == len)
					break;
				int start = x;
				while (x < len && f[base + x] != 0 && f[base + x] == f[base + x])
					x++;
				if (2 * cnt + 2 > runs.length)
					runs = java.util.Arrays.copyOf(runs, runs.length * 2);
				runs[2 * cnt] = start;
				runs[2 * cnt + 1] = x - 1;
				cnt++;
			}
		}
		count[0] = cnt;
		return runs;
	}

	/**
	 * Run-based two-pass labelling of a 1D, 2D or 3D mask given as XY planes (foreground:
	 * nonzero and not NaN), components 1..n in raster order of their first pixel.
	 * <p>
	 * The image is cut into lines (rows; x fastest). Pass 1, in parallel over strips of lines:
	 * each line's runs of foreground pixels are listed, and every run is united (union-find on
	 * run indices, flat int arrays) with the runs it touches on the lines before it: the
	 * previous row, and for 3D the rows y-1, y, y+1 of the previous plane (only y for face
	 * connectivity); runs touch when they overlap, or, with full connectivity, are diagonal
	 * neighbours. Links into an earlier strip are made afterwards, strip border by strip
	 * border. Pass 2 numbers the roots in run order (= raster order of first pixels); painting
	 * is left to {@link Runs}.
	 */
	static Runs labelRuns(PixelArrays.Plane[] planes, int[] dims, Connectivity connectivity) {
		int w = dims[0], h = dims.length > 1 ? dims[1] : 1, nz = dims.length > 2 ? dims[2] : 1;
		int lines = h * nz;
		if (w == 0 || lines == 0)
			return new Runs(w, Math.max(1, h), 0, 0, new int[1], new int[0], new int[0], new int[0]);
		int tol = connectivity == Connectivity.FULL ? 1 : 0;
		boolean is3d = nz > 1;
		// strips of lines: a few per thread
		int threads = java.util.concurrent.ForkJoinPool.getCommonPoolParallelism() + 1;
		long pixels = (long) w * lines;
		int strips = pixels < 1 << 16 ? 1 : (int) Math.min(lines, 4L * threads);
		int[] stripStart = new int[strips + 1];
		for (int k = 0; k <= strips; k++)
			stripStart[k] = (int) ((long) lines * k / strips);
		// pass 1a: runs of each strip
		int[][] sRuns = new int[strips][];
		int[] sCount = new int[strips];
		int[] lineFirst = new int[lines + 1]; // strip-local first run of each line, made global below
		java.util.stream.IntStream.range(0, strips).parallel().forEach(k -> {
			int[] runs = new int[1024];
			int[] cnt = new int[1];
			for (int line = stripStart[k]; line < stripStart[k + 1]; line++) {
				lineFirst[line] = cnt[0];
				PixelArrays.Plane p = planes[line / h];
				runs = scanLine(p.array(), p.offset() + line % h * w, w, runs, cnt);
			}
			sRuns[k] = runs;
			sCount[k] = cnt[0];
		});
		int[] sOff = new int[strips + 1];
		for (int k = 0; k < strips; k++)
			sOff[k + 1] = sOff[k] + sCount[k];
		int total = sOff[strips];
		if (total == 0)
			return new Runs(w, h, lines, 0, new int[lines + 1], new int[0], new int[0], new int[0]);
		int[] rs = new int[total], re = new int[total];
		int[] parent = new int[total];
		java.util.stream.IntStream.range(0, strips).parallel().forEach(k -> {
			int off = sOff[k];
			int[] runs = sRuns[k];
			for (int i = 0; i < sCount[k]; i++) {
				rs[off + i] = runs[2 * i];
				re[off + i] = runs[2 * i + 1];
				parent[off + i] = off + i;
			}
			for (int line = stripStart[k]; line < stripStart[k + 1]; line++)
				lineFirst[line] += off;
		});
		lineFirst[lines] = total;
		// pass 1b: links within each strip
		java.util.stream.IntStream.range(0, strips).parallel().forEach(k -> {
			for (int line = stripStart[k]; line < stripStart[k + 1]; line++)
				linkLine(line, stripStart[k], w, h, is3d, tol, lineFirst, rs, re, parent);
		});
		// links into an earlier strip, one border after another
		for (int k = 1; k < strips; k++) {
			int reach = is3d ? h + 1 : 1; // lines after the border that can touch lines before it
			for (int line = stripStart[k]; line < Math.min(stripStart[k + 1], stripStart[k] + reach); line++)
				linkLineBefore(line, stripStart[k], w, h, is3d, tol, lineFirst, rs, re, parent);
		}
		// pass 2: numbers in run order
		int[] number = new int[total];
		int count = 0;
		for (int r = 0; r < total; r++) {
			int root = find(parent, r);
			if (root == r)
				number[r] = ++count;
			else
				number[r] = number[root]; // the root comes first: unions keep the smaller index
		}
		return new Runs(w, h, lines, count, lineFirst, rs, re, number);
	}

	/** Unites the runs of {@code line} with those of its earlier neighbour lines at or after {@code from}. */
	private static void linkLine(int line, int from, int w, int h, boolean is3d, int tol, int[] lineFirst, int[] rs,
			int[] re, int[] parent) {
		int y = line % h;
		if (y > 0 && line - 1 >= from)
			merge(line, line - 1, tol, lineFirst, rs, re, parent);
		if (is3d && line >= h) {
			int prev = line - h; // same y, previous plane
			for (int dy = -tol; dy <= tol; dy++) {
				int yy = y + dy;
				if (yy < 0 || yy >= h || prev + dy < from)
					continue;
				merge(line, prev + dy, tol, lineFirst, rs, re, parent);
			}
		}
	}

	/** The links of {@code line} into lines before {@code from} (the strip border). */
	private static void linkLineBefore(int line, int from, int w, int h, boolean is3d, int tol, int[] lineFirst,
			int[] rs, int[] re, int[] parent) {
		int y = line % h;
		if (y > 0 && line - 1 < from)
			merge(line, line - 1, tol, lineFirst, rs, re, parent);
		if (is3d && line >= h) {
			int prev = line - h;
			for (int dy = -tol; dy <= tol; dy++) {
				int yy = y + dy;
				if (yy < 0 || yy >= h || prev + dy >= from)
					continue;
				merge(line, prev + dy, tol, lineFirst, rs, re, parent);
			}
		}
	}

	/** Unites touching runs of two lines (a merge of their sorted run lists). */
	private static void merge(int la, int lb, int tol, int[] lineFirst, int[] rs, int[] re, int[] parent) {
		int i = lineFirst[la], iEnd = lineFirst[la + 1];
		int j = lineFirst[lb], jEnd = lineFirst[lb + 1];
		while (i < iEnd && j < jEnd) {
			if (re[i] + tol < rs[j])
				i++;
			else if (re[j] + tol < rs[i])
				j++;
			else {
				unite(parent, i, j);
				if (re[i] < re[j])
					i++;
				else
					j++;
			}
		}
	}

	/** Unites the sets of a and b; the smaller root becomes the root. */
	private static void unite(int[] parent, int a, int b) {
		int ra = find(parent, a), rb = find(parent, b);
		if (ra == rb)
			return;
		if (ra < rb)
			parent[rb] = ra;
		else
			parent[ra] = rb;
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
		if (n <= 3) {
			byte[] m = new byte[data.length];
			for (int i = 0; i < m.length; i++)
				m[i] = (byte) (data[i] != 0 ? 1 : 0);
			java.util.Arrays.fill(data, 0);
			int w = dims[0], h = n > 1 ? dims[1] : 1, nz = n > 2 ? dims[2] : 1;
			PixelArrays.Plane[] planes = new PixelArrays.Plane[nz];
			for (int z = 0; z < nz; z++)
				planes[z] = new PixelArrays.Plane(m, z * w * h);
			Runs r = labelRuns(planes, dims, connectivity);
			r.paint(data);
			return r.count();
		}
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
