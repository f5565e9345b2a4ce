package org.segmentij.classical.threshold;

import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

import org.segmentij.image.Simd;

import org.segmentij.classical.threshold.PrimitivePixels.Segment;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.loops.LoopBuilder;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.util.Intervals;

/**
 * An inclusive range of pixel values, {@code lower <= v <= upper}, as ImageJ 1's
 * {@code setThreshold(lower, upper)} selects; pixels inside are foreground. Bounds may be
 * infinite. {@link #empty()} selects no finite value.
 */
public record ThresholdRange(double lower, double upper) {

	/** @throws IllegalArgumentException when a bound is NaN or lower > upper */
	public ThresholdRange {
		if (Double.isNaN(lower) || Double.isNaN(upper))
			throw new IllegalArgumentException("Threshold levels must be numbers, got " + lower + " and " + upper + ".");
		if (lower > upper)
			throw new IllegalArgumentException("The lower threshold (" + lower + ") is above the upper one (" + upper
					+ "); swap them.");
	}

	/** The range that selects no finite value: {@code [+Infinity, +Infinity]}. */
	public static ThresholdRange empty() {
		return new ThresholdRange(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
	}

	/** True when {@code lower <= v <= upper} (false for NaN). */
	public boolean contains(double v) {
		return v >= lower && v <= upper;
	}

	/**
	 * A new 8-bit mask (an ArrayImg of the image's dimensions, flat order), 255 where the pixel is
	 * in range and 0 elsewhere (ImageJ's binary convention); NaN pixels are 0. The input is only
	 * read. ArrayImg and PlanarImg of UnsignedByteType, UnsignedShortType and FloatType are
	 * compared by direct parallel loops over their arrays.
	 *
	 * @throws IllegalArgumentException for an image of 2^31 pixels or more
	 */
	public <T extends RealType<T>> Img<UnsignedByteType> mask(RandomAccessibleInterval<T> image) {
		return mask(image, null);
	}

	/**
	 * The output of {@link #mask} for a large image with a fast path, allocated by a task of the
	 * common pool (null when not worth it: small images, one core, no fast path, too many pixels).
	 */
	static ForkJoinTask<ArrayImg<UnsignedByteType, ByteArray>> allocateInBackground(RandomAccessibleInterval<?> image) {
		long n = Intervals.numElements(image);
		if (n < (1 << 20) || n > Integer.MAX_VALUE - 8 || PrimitivePixels.threads() < 2 || PrimitivePixels.of(image) == null)
			return null;
		long[] dims = image.dimensionsAsLongArray();
		return ForkJoinPool.commonPool().submit(() -> ArrayImgs.unsignedBytes(dims));
	}

	/** {@link #mask}, into {@code allocated}'s image when not null (from {@link #allocateInBackground} for this image). */
	<T extends RealType<T>> Img<UnsignedByteType> mask(RandomAccessibleInterval<T> image,
			ForkJoinTask<ArrayImg<UnsignedByteType, ByteArray>> allocated) {
		long[] dims = image.dimensionsAsLongArray();
		if (Intervals.numElements(dims) > Integer.MAX_VALUE - 8)
			throw new IllegalArgumentException("The image has " + Intervals.numElements(dims)
					+ " pixels, more than one mask array can hold (2^31); process it slice by slice.");
		ArrayImg<UnsignedByteType, ByteArray> out = allocated != null ? allocated.join() : ArrayImgs.unsignedBytes(dims);
		PrimitivePixels px = PrimitivePixels.of(image);
		if (px != null) {
			maskInto(px, out.update(null).getCurrentStorageArray());
			return out;
		}
		RandomAccessibleInterval<T> zeroMin = net.imglib2.view.Views.zeroMin(image);
		final double lo = lower, hi = upper;
		LoopBuilder.setImages(zeroMin, out).multiThreaded().forEachPixel((in, m) -> {
			double v = in.getRealDouble();
			m.setInteger(v >= lo && v <= hi ? 255 : 0);
		});
		return out;
	}

	/** Writes the mask of these pixels into {@code out} at their flat image positions (parallel). */
	void maskInto(PrimitivePixels px, byte[] out) {
		maskInto(px, out, Simd.enabled());
	}

	/** As {@link #maskInto(PrimitivePixels, byte[])}, with the SIMD loops or the plain ones (tests run both). */
	void maskInto(PrimitivePixels px, byte[] out, boolean simd) {
		List<Segment> chunks = px.chunks();
		switch (px.kind) {
		case U8: {
			int lo = (int) Math.max(0, Math.min(256, Math.ceil(lower)));
			int hi = (int) Math.max(-1, Math.min(255, Math.floor(upper)));
			if (hi < lo)
				break; // the new array is already 0
			if (simd) {
				PrimitivePixels.forEach(chunks, s -> VectorMasks.range8((byte[]) s.array(), s.from(), s.to(), out,
						(int) s.start() - s.from(), lo, hi));
				break;
			}
			byte[] lut = new byte[256];
			java.util.Arrays.fill(lut, lo, hi + 1, (byte) -1);
			PrimitivePixels.forEach(chunks, s -> mask8(s, lut, out));
			break;
		}
		case U16: {
			int lo = (int) Math.max(0, Math.min(65536, Math.ceil(lower)));
			int hi = (int) Math.max(-1, Math.min(65535, Math.floor(upper)));
			if (hi < lo)
				break; // the new array is already 0
			if (simd) {
				PrimitivePixels.forEach(chunks, s -> VectorMasks.range16((short[]) s.array(), s.from(), s.to(), out,
						(int) s.start() - s.from(), lo, hi));
				break;
			}
			byte[] lut = new byte[65536];
			java.util.Arrays.fill(lut, lo, hi + 1, (byte) -1);
			PrimitivePixels.forEach(chunks, s -> mask16(s, lut, out));
			break;
		}
		default: {
			float lo = (float) lower, hi = (float) upper;
			if (lo < lower)
				lo = Math.nextUp(lo);
			if (hi > upper)
				hi = Math.nextDown(hi);
			float l = lo, h = hi;
			if (simd)
				PrimitivePixels.forEach(chunks, s -> VectorMasks.range32((float[]) s.array(), s.from(), s.to(), out,
						(int) s.start() - s.from(), l, h));
			else
				PrimitivePixels.forEach(chunks, s -> mask32(s, l, h, out));
		}
		}
	}

	private static final java.lang.invoke.VarHandle INTS = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(int[].class,
			java.nio.ByteOrder.LITTLE_ENDIAN);

	private static void mask8(Segment s, byte[] lut, byte[] out) {
		byte[] a = (byte[]) s.array();
		int from = s.from(), to = s.to();
		int o = (int) s.start() - from;
		int i = from;
		for (int end4 = from + ((to - from) & ~3); i < end4; i += 4)
			INTS.set(out, i + o, (lut[a[i] & 0xff] & 0xff) | (lut[a[i + 1] & 0xff] & 0xff) << 8
					| (lut[a[i + 2] & 0xff] & 0xff) << 16 | lut[a[i + 3] & 0xff] << 24);
		for (; i < to; i++)
			out[i + o] = lut[a[i] & 0xff];
	}

	/**
	 * {@code lo <= v <= hi} on the unsigned value, 0 <= lo <= hi <= 65535: a look-up table of all
	 * 65536 values (64 KiB, built once per call, stays in cache) replaces the comparisons; one load
	 * per pixel, and four mask bytes stored as one int.
	 */
	private static void mask16(Segment s, byte[] lut, byte[] out) {
		short[] a = (short[]) s.array();
		int from = s.from(), to = s.to();
		int o = (int) s.start() - from;
		int i = from;
		for (int end4 = from + ((to - from) & ~3); i < end4; i += 4)
			INTS.set(out, i + o, (lut[a[i] & 0xffff] & 0xff) | (lut[a[i + 1] & 0xffff] & 0xff) << 8
					| (lut[a[i + 2] & 0xffff] & 0xff) << 16 | lut[a[i + 3] & 0xffff] << 24);
		for (; i < to; i++)
			out[i + o] = lut[a[i] & 0xffff];
	}

	private static void mask32(Segment s, float lo, float hi, byte[] out) {
		float[] a = (float[]) s.array();
		int from = s.from(), to = s.to();
		int o = (int) s.start() - from;
		for (int i = from; i < to; i++) {
			float v = a[i];
			out[i + o] = (byte) (v >= lo && v <= hi ? -1 : 0);
		}
	}
}
