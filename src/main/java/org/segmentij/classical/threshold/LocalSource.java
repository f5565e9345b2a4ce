package org.segmentij.classical.threshold;

import java.util.Arrays;
import java.util.stream.IntStream;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ArrayDataAccess;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * Read-only primitive view of a 2D or 3D image for {@link LocalThreshold}: one array per plane
 * (the image's own storage for ArrayImg / PlanarImg of UnsignedByteType, UnsignedShortType and
 * FloatType; a copy otherwise), plus the value range used to scale parameters.
 */
final class LocalSource {

	static final int U8 = 0, U16 = 1, F32 = 2, F64 = 3;

	final int w, h, d, kind;
	/** Per plane: byte[], short[], float[] or double[]; plane z starts at off[z]. */
	final Object[] arr;
	final int[] off;
	/** Value range: 0..255 for 8-bit, the image's min..max otherwise (0..65535 for 16-bit without range). */
	final double lo, hi;
	/** 255 / (hi - lo) (1 for 8-bit and for constant images): value v maps to (v - lo) * scale on the 0..255 scale. */
	final double scale;

	private LocalSource(int w, int h, int d, int kind, Object[] arr, int[] off, boolean needRange) {
		this.w = w;
		this.h = h;
		this.d = d;
		this.kind = kind;
		this.arr = arr;
		this.off = off;
		if (kind == U8 || (kind == U16 && !needRange)) {
			lo = 0;
			hi = kind == U8 ? 255 : 65535;
			scale = 1;
		} else {
			double[] r = range();
			lo = r[0];
			hi = r[1];
			scale = hi > lo ? 255.0 / (hi - lo) : 1;
		}
	}

	/**
	 * @param needRange false: a 16-bit image may skip the min/max scan (lo = 0, scale = 1, hi =
	 *                  65535) because the decision does not depend on it
	 */
	static <T extends RealType<T>> LocalSource of(RandomAccessibleInterval<T> image, boolean needRange) {
		int n = image.numDimensions();
		if (n != 2 && n != 3)
			throw new IllegalArgumentException("Local threshold: the image has " + n
					+ " dimensions; give a 2D image or a 3D stack (x, y, z)");
		long[] dims = image.dimensionsAsLongArray();
		long total = 1;
		for (long x : dims) {
			if (x == 0)
				throw new IllegalArgumentException("Local threshold: the image has no pixels (a dimension is 0)");
			total *= x;
		}
		if (total > Integer.MAX_VALUE - 8)
			throw new IllegalArgumentException("Local threshold: the image has " + total
					+ " pixels, more than the 2^31 - 9 supported; process it in tiles or plane by plane");
		int w = (int) dims[0], h = (int) dims[1], d = n == 3 ? (int) dims[2] : 1;
		int plane = w * h;
		Object t = image.getType();
		int kind = t instanceof UnsignedByteType && t.getClass() == UnsignedByteType.class ? U8
				: t instanceof UnsignedShortType && t.getClass() == UnsignedShortType.class ? U16
						: t instanceof FloatType && t.getClass() == FloatType.class ? F32 : F64;
		Class<?> want = kind == U8 ? byte[].class : kind == U16 ? short[].class : kind == F32 ? float[].class : null;
		Object[] arr = new Object[d];
		int[] off = new int[d];
		if (want != null && image instanceof ArrayImg<?, ?> ai) {
			Object a = ai.update(null);
			if (a instanceof ArrayDataAccess<?> ada && want.isInstance(ada.getCurrentStorageArray())) {
				Object s = ada.getCurrentStorageArray();
				for (int z = 0; z < d; z++) {
					arr[z] = s;
					off[z] = z * plane;
				}
				return new LocalSource(w, h, d, kind, arr, off, needRange);
			}
		}
		if (want != null && image instanceof PlanarImg<?, ?> pi && pi.numSlices() == d) {
			boolean ok = true;
			for (int z = 0; z < d && ok; z++) {
				Object p = pi.getPlane(z);
				if (p instanceof ArrayDataAccess<?> ada && want.isInstance(ada.getCurrentStorageArray()))
					arr[z] = ada.getCurrentStorageArray();
				else
					ok = false;
			}
			if (ok)
				return new LocalSource(w, h, d, kind, arr, off, needRange);
		}
		// generic fallback: copy
		Cursor<T> c = Views.flatIterable(image).cursor();
		for (int z = 0; z < d; z++) {
			switch (kind) {
			case U8 -> {
				byte[] a = new byte[plane];
				for (int i = 0; i < plane; i++)
					a[i] = (byte) (int) c.next().getRealDouble();
				arr[z] = a;
			}
			case U16 -> {
				short[] a = new short[plane];
				for (int i = 0; i < plane; i++)
					a[i] = (short) (int) c.next().getRealDouble();
				arr[z] = a;
			}
			case F32 -> {
				float[] a = new float[plane];
				for (int i = 0; i < plane; i++)
					a[i] = c.next().getRealFloat();
				arr[z] = a;
			}
			default -> {
				double[] a = new double[plane];
				for (int i = 0; i < plane; i++)
					a[i] = c.next().getRealDouble();
				arr[z] = a;
			}
			}
		}
		return new LocalSource(w, h, d, kind, arr, off, needRange);
	}

	/** Min and max over all planes (in parallel); rejects NaN and infinite values. */
	private double[] range() {
		int plane = w * h;
		int chunks = Math.max(1, Math.min(64, (int) ((long) plane * d / 65536)));
		double[][] part = new double[chunks][];
		long total = (long) plane * d;
		IntStream.range(0, chunks).parallel().forEach(ci -> {
			long a = total * ci / chunks, b = total * (ci + 1) / chunks;
			double mn = Double.POSITIVE_INFINITY, mx = Double.NEGATIVE_INFINITY;
			boolean bad = false;
			while (a < b) {
				int z = (int) (a / plane);
				int i0 = (int) (a - (long) z * plane);
				int i1 = (int) Math.min(plane, b - (long) z * plane);
				int o = off[z];
				switch (kind) {
				case U16 -> {
					short[] s = (short[]) arr[z];
					// branches rather than min/max: after the first few pixels they are almost never
					// taken, so the loop carries no dependency from one pixel to the next
					int lmn = s[i0 + o] & 0xffff, lmx = lmn;
					for (int i = i0 + o + 1; i < i1 + o; i++) {
						int v = s[i] & 0xffff;
						if (v < lmn)
							lmn = v;
						if (v > lmx)
							lmx = v;
					}
					mn = Math.min(mn, lmn);
					mx = Math.max(mx, lmx);
				}
				case F32 -> {
					float[] s = (float[]) arr[z];
					for (int i = i0 + o; i < i1 + o; i++) {
						float v = s[i];
						if (!(v - v == 0))
							bad = true;
						mn = Math.min(mn, v);
						mx = Math.max(mx, v);
					}
				}
				default -> {
					double[] s = (double[]) arr[z];
					for (int i = i0 + o; i < i1 + o; i++) {
						double v = s[i];
						if (!(v - v == 0))
							bad = true;
						mn = Math.min(mn, v);
						mx = Math.max(mx, v);
					}
				}
				}
				a = (long) z * plane + i1;
			}
			part[ci] = new double[] { mn, mx, bad ? 1 : 0 };
		});
		double mn = Double.POSITIVE_INFINITY, mx = Double.NEGATIVE_INFINITY;
		for (double[] p : part) {
			if (p[2] != 0)
				throw new IllegalArgumentException("Local threshold: the image contains NaN or infinite values; "
						+ "replace them (e.g. with Process > Math > Remove NaNs) before thresholding");
			mn = Math.min(mn, p[0]);
			mx = Math.max(mx, p[1]);
		}
		return new double[] { mn, mx };
	}

	/** Value at index i (x + y w) of plane z. */
	double get(int z, int i) {
		int j = off[z] + i;
		return switch (kind) {
		case U8 -> ((byte[]) arr[z])[j] & 0xff;
		case U16 -> ((short[]) arr[z])[j] & 0xffff;
		case F32 -> ((float[]) arr[z])[j];
		default -> ((double[]) arr[z])[j];
		};
	}

	/** Row y of plane z into dst[0..w). */
	void row(int z, int y, double[] dst) {
		row(z, y, dst, 0);
	}

	/** Row y of plane z into dst[at..at+w). */
	void row(int z, int y, double[] dst, int at) {
		int o = off[z] + y * w - at;
		switch (kind) {
		case U8 -> {
			byte[] a = (byte[]) arr[z];
			for (int x = at; x < at + w; x++)
				dst[x] = a[o + x] & 0xff;
		}
		case U16 -> {
			short[] a = (short[]) arr[z];
			for (int x = at; x < at + w; x++)
				dst[x] = a[o + x] & 0xffff;
		}
		case F32 -> {
			float[] a = (float[]) arr[z];
			for (int x = at; x < at + w; x++)
				dst[x] = a[o + x];
		}
		default -> System.arraycopy((double[]) arr[z], o + at, dst, at, w);
		}
	}

	/** cs += row(yIn) - row(yOut), cq += squares; rows of plane z. */
	void addSubRow(int z, int yIn, int yOut, double[] cs, double[] cq) {
		int oi = off[z] + yIn * w, oo = off[z] + yOut * w;
		switch (kind) {
		case U8 -> {
			byte[] a = (byte[]) arr[z];
			for (int x = 0; x < w; x++) {
				int vi = a[oi + x] & 0xff, vo = a[oo + x] & 0xff;
				cs[x] += vi - vo;
				cq[x] += vi * vi - vo * vo;
			}
		}
		case U16 -> {
			short[] a = (short[]) arr[z];
			for (int x = 0; x < w; x++) {
				long vi = a[oi + x] & 0xffff, vo = a[oo + x] & 0xffff;
				cs[x] += vi - vo;
				cq[x] += vi * vi - vo * vo;
			}
		}
		case F32 -> {
			float[] a = (float[]) arr[z];
			for (int x = 0; x < w; x++) {
				double vi = a[oi + x], vo = a[oo + x];
				cs[x] += vi - vo;
				cq[x] += vi * vi - vo * vo;
			}
		}
		default -> {
			double[] a = (double[]) arr[z];
			for (int x = 0; x < w; x++) {
				double vi = a[oi + x], vo = a[oo + x];
				cs[x] += vi - vo;
				cq[x] += vi * vi - vo * vo;
			}
		}
		}
	}

	/** Row y of plane z into dst[0..w) (U8 and U16 only). */
	void rowInt(int z, int y, int[] dst) {
		int o = off[z] + y * w;
		if (kind == U8) {
			byte[] a = (byte[]) arr[z];
			for (int x = 0; x < w; x++)
				dst[x] = a[o + x] & 0xff;
		} else {
			short[] a = (short[]) arr[z];
			for (int x = 0; x < w; x++)
				dst[x] = a[o + x] & 0xffff;
		}
	}

	/** Integer column sums (U8 and U16 only): cs += row(yIn) - row(yOut), and squares into cq unless null. */
	void addSubRowInt(int z, int yIn, int yOut, int[] cs, long[] cq) {
		addSubRowInt(z, yIn, yOut, cs, cq, false);
	}

	/** As {@link #addSubRowInt(int, int, int, int[], long[])}, the squares by {@link VectorLocal} when {@code simd}. */
	void addSubRowInt(int z, int yIn, int yOut, int[] cs, long[] cq, boolean simd) {
		int oi = off[z] + yIn * w, oo = off[z] + yOut * w;
		if (simd && cq != null) {
			if (kind == U8)
				VectorLocal.addSubRow8((byte[]) arr[z], oi, oo, w, cs, cq);
			else
				VectorLocal.addSubRow16((short[]) arr[z], oi, oo, w, cs, cq);
			return;
		}
		if (kind == U8) {
			byte[] a = (byte[]) arr[z];
			if (cq == null)
				for (int x = 0; x < w; x++)
					cs[x] += (a[oi + x] & 0xff) - (a[oo + x] & 0xff);
			else
				for (int x = 0; x < w; x++) {
					int vi = a[oi + x] & 0xff, vo = a[oo + x] & 0xff;
					cs[x] += vi - vo;
					cq[x] += vi * vi - vo * vo;
				}
		} else {
			short[] a = (short[]) arr[z];
			if (cq == null)
				for (int x = 0; x < w; x++)
					cs[x] += (a[oi + x] & 0xffff) - (a[oo + x] & 0xffff);
			else
				for (int x = 0; x < w; x++) {
					long vi = a[oi + x] & 0xffff, vo = a[oo + x] & 0xffff;
					cs[x] += (int) (vi - vo);
					cq[x] += vi * vi - vo * vo;
				}
		}
	}

	/** All values of plane z as doubles (a new array). */
	double[] planeAsDouble(int z) {
		double[] r = new double[w * h];
		for (int y = 0; y < h; y++) {
			double[] row = new double[w];
			row(z, y, row);
			System.arraycopy(row, 0, r, y * w, w);
		}
		return r;
	}

	/** Sorted distinct values of the whole image. */
	double[] distinctValues() {
		double[] all = new double[w * h * d];
		for (int z = 0; z < d; z++)
			System.arraycopy(planeAsDouble(z), 0, all, z * w * h, w * h);
		Arrays.parallelSort(all);
		int u = 0;
		for (int i = 0; i < all.length; i++)
			if (i == 0 || all[i] != all[u - 1])
				all[u++] = all[i];
		return Arrays.copyOf(all, u);
	}
}
