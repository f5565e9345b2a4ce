package org.segmentij.classical;

import java.util.concurrent.ForkJoinPool;
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
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

/**
 * Flat primitive copies of images for the inner loops of the classical algorithms, and the
 * parallel loop over ranges they share.
 * <p>
 * An {@link ArrayImg} or {@link PlanarImg} of {@link UnsignedByteType},
 * {@link UnsignedShortType} or {@link FloatType} (what ImageJ images wrap to) is read straight
 * from its Java arrays, in parallel; anything else through a cursor in flat iteration order
 * (x fastest). The source is never modified.
 */
public final class PixelArrays {

	/** Pixels per parallel task, at least: smaller jobs run on the calling thread. */
	public static final int MIN_CHUNK = 1 << 15;

	private PixelArrays() {
	}

	/** A body run on {@code [from, to)}. */
	@FunctionalInterface
	public interface Range {
		void run(int from, int to);
	}

	/**
	 * Runs {@code body} over {@code [0, n)} split into contiguous ranges, in parallel on the
	 * common fork-join pool when {@code n * workPerUnit} is large (a few ranges per thread).
	 */
	public static void parallel(int n, long workPerUnit, Range body) {
		if (n <= 0)
			return;
		long work = n * Math.max(1, workPerUnit);
		int threads = ForkJoinPool.getCommonPoolParallelism() + 1;
		int tasks = work < 2L * MIN_CHUNK || n == 1 || threads == 1 ? 1
				: (int) Math.min(n, Math.min(4L * threads, work / MIN_CHUNK));
		if (tasks <= 1) {
			body.run(0, n);
			return;
		}
		final int t = tasks;
		IntStream.range(0, t).parallel()
				.forEach(k -> body.run((int) ((long) n * k / t), (int) ((long) n * (k + 1) / t)));
	}

	/** The number of pixels, checked to fit a Java array. */
	public static int size(RandomAccessibleInterval<?> image, String where) {
		long total = Intervals.numElements(image);
		if (total > Integer.MAX_VALUE - 8)
			throw new IllegalArgumentException(where + ": the image has " + total + " pixels, more than the "
					+ (Integer.MAX_VALUE - 8) + " supported; process it in tiles");
		return (int) total;
	}

	/**
	 * The storage arrays behind an ArrayImg (one) or PlanarImg (one per plane, each a whole
	 * number of XY planes long), or null when the image has no such arrays.
	 */
	public static Object[] arrays(RandomAccessibleInterval<?> image) {
		if (image instanceof ArrayImg<?, ?> a) {
			Object access = a.update(null);
			if (!(access instanceof ArrayDataAccess<?> ada))
				return null;
			Object arr = ada.getCurrentStorageArray();
			if (java.lang.reflect.Array.getLength(arr) != Intervals.numElements(a))
				return null;
			return new Object[] { arr };
		}
		if (image instanceof PlanarImg<?, ?> p) {
			Object[] out = new Object[p.numSlices()];
			long total = 0;
			for (int i = 0; i < out.length; i++) {
				out[i] = p.getPlane(i).getCurrentStorageArray();
				total += java.lang.reflect.Array.getLength(out[i]);
			}
			return total == Intervals.numElements(p) ? out : null;
		}
		return null;
	}

	private static boolean fastType(Object type) {
		Class<?> c = type.getClass();
		return c == UnsignedShortType.class || c == UnsignedByteType.class || c == FloatType.class;
	}

	/**
	 * The pixel values as a new float array, x fastest (values beyond float precision are
	 * rounded).
	 */
	public static <T extends RealType<T>> float[] floats(RandomAccessibleInterval<T> image, String where) {
		int total = size(image, where);
		float[] out = new float[total];
		Object[] arrays = fastType(image.getType()) ? arrays(image) : null;
		if (arrays == null) {
			Cursor<T> c = Views.flatIterable(image).cursor();
			for (int i = 0; i < total; i++)
				out[i] = c.next().getRealFloat();
			return out;
		}
		int off = 0;
		for (Object arr : arrays) {
			final int base = off;
			if (arr instanceof short[] s)
				parallel(s.length, 1, (from, to) -> {
					for (int i = from; i < to; i++)
						out[base + i] = s[i] & 0xffff;
				});
			else if (arr instanceof byte[] b)
				parallel(b.length, 1, (from, to) -> {
					for (int i = from; i < to; i++)
						out[base + i] = b[i] & 0xff;
				});
			else {
				float[] f = (float[]) arr;
				System.arraycopy(f, 0, out, base, f.length);
			}
			off += java.lang.reflect.Array.getLength(arr);
		}
		return out;
	}

	/**
	 * The foreground of a mask as a new byte array, x fastest: 1 where the value is nonzero and
	 * not NaN, else 0.
	 */
	public static <T extends RealType<T>> byte[] mask(RandomAccessibleInterval<T> image, String where) {
		int total = size(image, where);
		byte[] out = new byte[total];
		Object[] arrays = fastType(image.getType()) ? arrays(image) : null;
		if (arrays == null) {
			Cursor<T> c = Views.flatIterable(image).cursor();
			for (int i = 0; i < total; i++) {
				double v = c.next().getRealDouble();
				out[i] = (byte) (v != 0 && v == v ? 1 : 0);
			}
			return out;
		}
		int off = 0;
		for (Object arr : arrays) {
			final int base = off;
			if (arr instanceof short[] s)
				parallel(s.length, 1, (from, to) -> {
					for (int i = from; i < to; i++)
						out[base + i] = (byte) (s[i] != 0 ? 1 : 0);
				});
			else if (arr instanceof byte[] b)
				parallel(b.length, 1, (from, to) -> {
					for (int i = from; i < to; i++)
						out[base + i] = (byte) (b[i] != 0 ? 1 : 0);
				});
			else {
				float[] f = (float[]) arr;
				parallel(f.length, 1, (from, to) -> {
					for (int i = from; i < to; i++)
						out[base + i] = (byte) (f[i] != 0 && f[i] == f[i] ? 1 : 0);
				});
			}
			off += java.lang.reflect.Array.getLength(arr);
		}
		return out;
	}

	/**
	 * Where one XY plane of an image lives: a Java array ({@code byte[]} of unsigned 8-bit,
	 * {@code short[]} of unsigned 16-bit or {@code float[]} values) and the index of the plane's
	 * first pixel in it (x fastest, rows of the image's width).
	 */
	public record Plane(Object array, int offset) {
		/** Row {@code y} (of width {@code w}) as floats into {@code dst[dstOff..dstOff + w)}. */
		public void readRow(int y, int w, float[] dst, int dstOff) {
			PixelArrays.readRow(array, offset + y * w, dst, dstOff, w);
		}

		/** The value at index {@code i} of the plane (x + y * width). */
		public float get(int i) {
			Object a = array;
			int j = offset + i;
			if (a instanceof short[] s)
				return s[j] & 0xffff;
			if (a instanceof byte[] b)
				return b[j] & 0xff;
			return ((float[]) a)[j];
		}
	}

	/**
	 * The XY planes (dimensions 0 and 1; flat order of the others) of an {@link ArrayImg} or
	 * {@link PlanarImg} of {@link UnsignedByteType}, {@link UnsignedShortType} or
	 * {@link FloatType}, read in place (nothing is copied; callers must not write to them), or
	 * null for any other image.
	 */
	public static Plane[] planes(RandomAccessibleInterval<?> image) {
		if (image.numDimensions() < 2 || !fastType(image.getType()))
			return null;
		Object[] arrays = arrays(image);
		if (arrays == null)
			return null;
		long plane = image.dimension(0) * image.dimension(1);
		long total = Intervals.numElements(image);
		if (plane == 0 || total > Integer.MAX_VALUE - 8)
			return null;
		int n = (int) (total / plane);
		Plane[] out = new Plane[n];
		if (arrays.length == 1) {
			for (int p = 0; p < n; p++)
				out[p] = new Plane(arrays[0], (int) (p * plane));
			return out;
		}
		if (arrays.length != n)
			return null;
		for (int p = 0; p < n; p++) {
			if (java.lang.reflect.Array.getLength(arrays[p]) != plane)
				return null;
			out[p] = new Plane(arrays[p], 0);
		}
		return out;
	}

	/** The planes of a flat float array of planes of {@code plane} values. */
	public static Plane[] planes(float[] data, int plane) {
		int n = plane == 0 ? 0 : data.length / plane;
		Plane[] out = new Plane[n];
		for (int p = 0; p < n; p++)
			out[p] = new Plane(data, p * plane);
		return out;
	}

	/** {@code len} values of a byte (unsigned), short (unsigned) or float array from {@code off}, as floats into {@code dst}. */
	public static void readRow(Object src, int off, float[] dst, int dstOff, int len) {
		if (src instanceof float[] f)
			System.arraycopy(f, off, dst, dstOff, len);
		else if (src instanceof short[] s)
			for (int i = 0; i < len; i++)
				dst[dstOff + i] = s[off + i] & 0xffff;
		else {
			byte[] b = (byte[]) src;
			for (int i = 0; i < len; i++)
				dst[dstOff + i] = b[off + i] & 0xff;
		}
	}
}
