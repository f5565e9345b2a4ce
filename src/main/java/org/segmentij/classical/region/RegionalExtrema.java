package org.segmentij.classical.region;

import org.segmentij.classical.region.ConnectedComponents.Connectivity;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;

/**
 * Regional extrema and h-extrema of real images in any number of dimensions.
 * <p>
 * A <b>regional maximum</b> is a plateau (a connected set of pixels of one value, connected
 * with the given {@link Connectivity}) none of whose neighbours is strictly higher; regional
 * minima likewise. The result is a label image with the plateaus numbered 1..n in raster order
 * of their first pixel (x fastest) and 0 elsewhere. A flat image is one regional maximum.
 * <p>
 * The <b>h-maxima</b> are the regional maxima of the morphological reconstruction by dilation
 * of {@code image - h} under {@code image} (the "h-maxima transform"): every maximum whose
 * dynamic (the height it must descend before reaching a higher one) is at most {@code h} is
 * flattened into its surroundings, so what remains are the maxima that rise more than
 * {@code h} above their saddle, plus the highest maximum of every connected part of the image.
 * The reconstruction uses Vincent's fast hybrid algorithm (two raster scans, then a FIFO
 * propagation), linear in the number of pixels in practice.
 * <p>
 * NaN pixels, and with the mask variants pixels whose mask value is 0 or NaN, do not take
 * part: they are never labelled and are not neighbours of anything. Inputs are never
 * modified. Results are new images of the input's dimensions starting at 0.
 */
public final class RegionalExtrema {

	private RegionalExtrema() {
	}

	/**
	 * Labels the regional maxima of an image.
	 *
	 * @param image        any real-valued image
	 * @param connectivity which neighbours are connected
	 * @return the maxima plateaus labelled 1..n in raster order, 0 elsewhere
	 * @throws IllegalArgumentException for a null argument or an image too large for a flat copy
	 */
	public static <T extends RealType<T>> Img<IntType> regionalMaxima(RandomAccessibleInterval<T> image,
			Connectivity connectivity) {
		return extrema("regionalMaxima", image, null, connectivity, false, 0);
	}

	/**
	 * Labels the regional maxima of an image within a mask.
	 *
	 * @param image        any real-valued image
	 * @param mask         same size; nonzero (not NaN) = take part, {@code null} = everywhere
	 * @param connectivity which neighbours are connected
	 * @return the maxima plateaus labelled 1..n in raster order, 0 elsewhere
	 * @throws IllegalArgumentException for a null image or connectivity, a mask of another size
	 *                                  or an image too large for a flat copy
	 */
	public static <T extends RealType<T>, M extends RealType<M>> Img<IntType> regionalMaxima(
			RandomAccessibleInterval<T> image, RandomAccessibleInterval<M> mask, Connectivity connectivity) {
		return extrema("regionalMaxima", image, mask, connectivity, false, 0);
	}

	/**
	 * Labels the regional minima of an image.
	 *
	 * @param image        any real-valued image
	 * @param connectivity which neighbours are connected
	 * @return the minima plateaus labelled 1..n in raster order, 0 elsewhere
	 * @throws IllegalArgumentException for a null argument or an image too large for a flat copy
	 */
	public static <T extends RealType<T>> Img<IntType> regionalMinima(RandomAccessibleInterval<T> image,
			Connectivity connectivity) {
		return extrema("regionalMinima", image, null, connectivity, true, 0);
	}

	/**
	 * Labels the regional minima of an image within a mask.
	 *
	 * @param image        any real-valued image
	 * @param mask         same size; nonzero (not NaN) = take part, {@code null} = everywhere
	 * @param connectivity which neighbours are connected
	 * @return the minima plateaus labelled 1..n in raster order, 0 elsewhere
	 * @throws IllegalArgumentException for a null image or connectivity, a mask of another size
	 *                                  or an image too large for a flat copy
	 */
	public static <T extends RealType<T>, M extends RealType<M>> Img<IntType> regionalMinima(
			RandomAccessibleInterval<T> image, RandomAccessibleInterval<M> mask, Connectivity connectivity) {
		return extrema("regionalMinima", image, mask, connectivity, true, 0);
	}

	/**
	 * Labels the h-maxima: the regional maxima of the reconstruction by dilation of
	 * {@code image - h} under {@code image}. A maximum survives when it rises more than
	 * {@code h} above the saddle to any higher maximum; {@code h = 0} gives the regional maxima.
	 *
	 * @param image        any real-valued image
	 * @param h            the minimum dynamic, finite and &ge; 0, in the image's units
	 * @param connectivity which neighbours are connected
	 * @return the surviving maxima plateaus (of the reconstruction) labelled 1..n in raster
	 *         order, 0 elsewhere
	 * @throws IllegalArgumentException for a null argument, a bad {@code h} or an image too
	 *                                  large for a flat copy
	 */
	public static <T extends RealType<T>> Img<IntType> hMaxima(RandomAccessibleInterval<T> image, double h,
			Connectivity connectivity) {
		return extrema("hMaxima", image, null, connectivity, false, checkH("hMaxima", h));
	}

	/**
	 * Labels the h-maxima within a mask (pixels outside do not take part, so every connected
	 * part of the mask keeps at least its highest maximum).
	 *
	 * @param image        any real-valued image
	 * @param h            the minimum dynamic, finite and &ge; 0
	 * @param mask         same size; nonzero (not NaN) = take part, {@code null} = everywhere
	 * @param connectivity which neighbours are connected
	 * @return the surviving maxima plateaus labelled 1..n in raster order, 0 elsewhere
	 * @throws IllegalArgumentException for a null image or connectivity, a bad {@code h}, a mask
	 *                                  of another size or an image too large for a flat copy
	 */
	public static <T extends RealType<T>, M extends RealType<M>> Img<IntType> hMaxima(
			RandomAccessibleInterval<T> image, double h, RandomAccessibleInterval<M> mask, Connectivity connectivity) {
		return extrema("hMaxima", image, mask, connectivity, false, checkH("hMaxima", h));
	}

	/**
	 * Labels the h-minima: the regional minima of the reconstruction by erosion of
	 * {@code image + h} above {@code image}. A minimum survives when it lies more than
	 * {@code h} below the saddle to any deeper minimum.
	 *
	 * @param image        any real-valued image
	 * @param h            the minimum depth, finite and &ge; 0
	 * @param connectivity which neighbours are connected
	 * @return the surviving minima plateaus labelled 1..n in raster order, 0 elsewhere
	 * @throws IllegalArgumentException for a null argument, a bad {@code h} or an image too
	 *                                  large for a flat copy
	 */
	public static <T extends RealType<T>> Img<IntType> hMinima(RandomAccessibleInterval<T> image, double h,
			Connectivity connectivity) {
		return extrema("hMinima", image, null, connectivity, true, checkH("hMinima", h));
	}

	/**
	 * Labels the h-minima within a mask.
	 *
	 * @param image        any real-valued image
	 * @param h            the minimum depth, finite and &ge; 0
	 * @param mask         same size; nonzero (not NaN) = take part, {@code null} = everywhere
	 * @param connectivity which neighbours are connected
	 * @return the surviving minima plateaus labelled 1..n in raster order, 0 elsewhere
	 * @throws IllegalArgumentException for a null image or connectivity, a bad {@code h}, a mask
	 *                                  of another size or an image too large for a flat copy
	 */
	public static <T extends RealType<T>, M extends RealType<M>> Img<IntType> hMinima(
			RandomAccessibleInterval<T> image, double h, RandomAccessibleInterval<M> mask, Connectivity connectivity) {
		return extrema("hMinima", image, mask, connectivity, true, checkH("hMinima", h));
	}

	private static double checkH(String where, double h) {
		if (!(h >= 0) || Double.isInfinite(h))
			throw new IllegalArgumentException("RegionalExtrema." + where + ": h = " + h
					+ " is not a finite number >= 0; give the minimum height (dynamic) in image units, e.g. 1");
		return h;
	}

	private static <T extends RealType<T>, M extends RealType<M>> Img<IntType> extrema(String name,
			RandomAccessibleInterval<T> image, RandomAccessibleInterval<M> mask, Connectivity connectivity,
			boolean minima, double h) {
		String where = "RegionalExtrema." + name;
		if (image == null)
			throw new IllegalArgumentException(where + ": image must not be null");
		if (connectivity == null)
			throw new IllegalArgumentException(where + ": connectivity must not be null; use Connectivity.FACE or FULL");
		FlatGrid g = new FlatGrid(where, image.dimensionsAsLongArray(), connectivity);
		if (mask != null)
			FlatGrid.checkSameSize(where, "mask", mask, g.dims);
		double[] v = g.values(image, minima);
		boolean[] in = g.inside(v, mask);
		if (h > 0)
			v = reconstructByDilation(g, v, h, in);
		return g.toImg(maxima(g, v, in));
	}

	/**
	 * Labels the regional maxima of a padded flat image: plateaus 1..n in raster order, other
	 * pixels get -1 (inside) or 0 (outside).
	 */
	static int[] maxima(FlatGrid g, double[] v, boolean[] in) {
		int[] lab = new int[g.size];
		int[] queue = new int[Math.max(1, g.total)];
		int[] off = g.offsets;
		int count = 0;
		for (int i = 0; i < g.total; i++) {
			int p = g.pidx[i];
			if (!in[p] || lab[p] != 0)
				continue;
			double level = v[p];
			int head = 0, tail = 0;
			queue[tail++] = p;
			lab[p] = -2;
			boolean isMax = true;
			while (head < tail) {
				int x = queue[head++];
				for (int o : off) {
					int q = x + o;
					if (!in[q])
						continue;
					double w = v[q];
					if (w > level)
						isMax = false;
					else if (w == level && lab[q] == 0) {
						lab[q] = -2;
						queue[tail++] = q;
					}
				}
			}
			int l = isMax ? ++count : -1;
			for (int k = 0; k < tail; k++)
				lab[queue[k]] = l;
		}
		return lab;
	}

	/**
	 * Morphological reconstruction by dilation of {@code f - h} under {@code f} on the inside
	 * pixels (Vincent's fast hybrid algorithm).
	 */
	static double[] reconstructByDilation(FlatGrid g, double[] f, double h, boolean[] in) {
		double[] rec = new double[g.size];
		int[] pidx = g.pidx;
		int total = g.total;
		for (int i = 0; i < total; i++) {
			int p = pidx[i];
			rec[p] = f[p] - h;
		}
		int[] back = g.backward(), fwd = g.forward();
		for (int i = 0; i < total; i++) {
			int p = pidx[i];
			if (!in[p])
				continue;
			double m = rec[p];
			for (int o : back) {
				int q = p + o;
				if (in[q] && rec[q] > m)
					m = rec[q];
			}
			rec[p] = Math.min(m, f[p]);
		}
		IntFifo fifo = new IntFifo(1024);
		for (int i = total - 1; i >= 0; i--) {
			int p = pidx[i];
			if (!in[p])
				continue;
			double m = rec[p];
			for (int o : fwd) {
				int q = p + o;
				if (in[q] && rec[q] > m)
					m = rec[q];
			}
			m = Math.min(m, f[p]);
			rec[p] = m;
			for (int o : fwd) {
				int q = p + o;
				if (in[q] && rec[q] < m && rec[q] < f[q]) {
					fifo.add(p);
					break;
				}
			}
		}
		int[] off = g.offsets;
		while (!fifo.isEmpty()) {
			int p = fifo.poll();
			double m = rec[p];
			for (int o : off) {
				int q = p + o;
				if (in[q] && rec[q] < m && rec[q] != f[q]) {
					rec[q] = Math.min(m, f[q]);
					fifo.add(q);
				}
			}
		}
		return rec;
	}

	/** A growable FIFO of ints. */
	static final class IntFifo {
		private int[] a;
		private int head, size;

		IntFifo(int capacity) {
			a = new int[Math.max(capacity, 16)];
		}

		boolean isEmpty() {
			return size == 0;
		}

		void add(int x) {
			if (size == a.length) {
				int[] b = new int[a.length * 2];
				for (int k = 0; k < size; k++)
					b[k] = a[(head + k) % a.length];
				a = b;
				head = 0;
			}
			int t = head + size;
			if (t >= a.length)
				t -= a.length;
			a[t] = x;
			size++;
		}

		int poll() {
			int x = a[head];
			if (++head == a.length)
				head = 0;
			size--;
			return x;
		}
	}
}
