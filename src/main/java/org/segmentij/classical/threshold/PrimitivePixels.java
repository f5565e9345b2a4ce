package org.segmentij.classical.threshold;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Intervals;

/**
 * Direct access to the primitive arrays behind an {@link ArrayImg} or {@link PlanarImg} of
 * {@link UnsignedByteType}, {@link UnsignedShortType} or {@link FloatType}, in flat iteration
 * order (x fastest), split into contiguous segments, and the parallel loop over them that the
 * histogram and mask code share. Anything else has no fast path ({@link #of} returns null).
 */
final class PrimitivePixels {

	enum Kind {
		U8, U16, F32
	}

	/** One contiguous run of pixels: {@code array[from..to)}; {@code start}: flat index of {@code array[from]} in the image. */
	record Segment(Object array, int from, int to, long start) {
		int length() {
			return to - from;
		}
	}

	/** Pixels per parallel task, at least; smaller images run on the calling thread. */
	static final int MIN_CHUNK = 1 << 16;

	final Kind kind;
	final List<Segment> segments;
	final long size;

	private PrimitivePixels(Kind kind, List<Segment> segments) {
		this.kind = kind;
		this.segments = segments;
		long s = 0;
		for (Segment g : segments)
			s += g.length();
		this.size = s;
	}

	/** The fast-path view of an image, or null when it has none (views, other types, cell images). */
	static PrimitivePixels of(RandomAccessibleInterval<?> image) {
		if (image instanceof ArrayImg<?, ?> a) {
			Kind k = kindOf(a.firstElement(), a.update(null));
			if (k == null || Intervals.numElements(a) > Integer.MAX_VALUE)
				return null;
			return new PrimitivePixels(k, List.of(new Segment(storage(a.update(null)), 0, (int) Intervals.numElements(a), 0)));
		}
		if (image instanceof PlanarImg<?, ?> p) {
			if (p.numSlices() == 0)
				return null;
			Kind k = kindOf(p.firstElement(), p.getPlane(0));
			if (k == null)
				return null;
			long planeSize = p.numDimensions() == 0 ? 1 : p.dimension(0) * (p.numDimensions() > 1 ? p.dimension(1) : 1);
			List<Segment> segs = new ArrayList<>(p.numSlices());
			for (int i = 0; i < p.numSlices(); i++)
				segs.add(new Segment(storage(p.getPlane(i)), 0, (int) planeSize, i * planeSize));
			return new PrimitivePixels(k, segs);
		}
		return null;
	}

	private static Kind kindOf(Object type, Object access) {
		if (type instanceof UnsignedByteType && access instanceof ByteArray)
			return Kind.U8;
		if (type instanceof UnsignedShortType && access instanceof ShortArray)
			return Kind.U16;
		if (type instanceof FloatType && access instanceof FloatArray)
			return Kind.F32;
		return null;
	}

	private static Object storage(Object access) {
		if (access instanceof ByteArray b)
			return b.getCurrentStorageArray();
		if (access instanceof ShortArray s)
			return s.getCurrentStorageArray();
		return ((FloatArray) access).getCurrentStorageArray();
	}

	/**
	 * The pixels of 2D plane {@code plane} (planes of {@code planeSize} pixels in flat order).
	 */
	PrimitivePixels plane(int plane, long planeSize) {
		if (segments.size() > 1 || planeSize == size) // PlanarImg: one array per plane
			return new PrimitivePixels(kind, List.of(segments.get(segments.size() > 1 ? plane : 0)));
		Segment s = segments.get(0);
		int from = (int) (plane * planeSize);
		return new PrimitivePixels(kind, List.of(new Segment(s.array, from, (int) (from + planeSize), from)));
	}

	/** Splits into about {@code 2 x threads} pieces of at least {@link #MIN_CHUNK} pixels. */
	List<Segment> chunks() {
		int threads = ForkJoinPool.getCommonPoolParallelism() + 1;
		long pieces = Math.max(1, Math.min(2L * threads, size / MIN_CHUNK));
		long target = (size + pieces - 1) / pieces;
		List<Segment> out = new ArrayList<>();
		for (Segment s : segments) {
			for (int from = s.from; from < s.to;) {
				int to = (int) Math.min(s.to, from + target);
				out.add(new Segment(s.array, from, to, s.start + (from - s.from)));
				from = to;
			}
		}
		return out;
	}

	/** Runs {@code task} on every chunk, in parallel when there is more than one. */
	static <R> List<R> map(List<Segment> chunks, IntFunction<R> task) {
		if (chunks.size() == 1)
			return java.util.Collections.singletonList(task.apply(0));
		return IntStream.range(0, chunks.size()).parallel().mapToObj(task).toList();
	}
}
