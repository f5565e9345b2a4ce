package org.segmentij.classical.threshold;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;

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

	/** Parallel workers: the calling thread and up to {@code threads - 1} helpers from the common pool. */
	static int threads() {
		return Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), ForkJoinPool.getCommonPoolParallelism() + 1));
	}

	/**
	 * Splits into pieces of at least {@link #MIN_CHUNK} pixels, about two per worker (workers take
	 * pieces as they become free, so a worker slowed down by other load does less); one piece for
	 * a small image.
	 */
	List<Segment> chunks() {
		int threads = threads();
		long pieces = threads == 1 ? 1 : Math.max(1, Math.min(2L * threads, size / MIN_CHUNK));
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

	/** Runs {@code task} on every chunk, in parallel when there is more than one; results in chunk order. */
	static <R> List<R> map(List<Segment> chunks, IntFunction<R> task) {
		int n = chunks.size();
		if (n == 1)
			return Collections.singletonList(task.apply(0));
		Object[] out = new Object[n];
		reduce(chunks, () -> null, (a, s) -> {
		}, a -> null, (i, s) -> out[i] = task.apply(i));
		@SuppressWarnings("unchecked")
		List<R> list = (List<R>) Arrays.asList(out);
		return list;
	}

	/** Runs {@code body} on every chunk, in parallel when there is more than one. */
	static void forEach(List<Segment> chunks, Consumer<Segment> body) {
		if (chunks.size() == 1) {
			body.accept(chunks.get(0));
			return;
		}
		reduce(chunks, () -> null, (a, s) -> body.accept(s), a -> null, null);
	}

	/**
	 * A parallel reduction over chunks: every participating thread opens one accumulator (on its
	 * first chunk), adds the chunks it takes to it, and closes it; the closed results come back
	 * in no particular order. The calling thread works too, and helpers that have not started
	 * when it runs out of chunks are called off, so a busy pool never makes the caller wait for
	 * work it could do itself.
	 */
	static <A, R> List<R> reduce(List<Segment> chunks, Supplier<A> open,
			BiConsumer<A, Segment> body, Function<A, R> close) {
		return reduce(chunks, open, body, close, null);
	}

	private static <A, R> List<R> reduce(List<Segment> chunks, Supplier<A> open,
			BiConsumer<A, Segment> body, Function<A, R> close,
			IndexedBody indexed) {
		int n = chunks.size();
		int helpers = Math.min(n, threads()) - 1;
		Work<A, R> work = new Work<>(chunks, open, body, close, indexed);
		Helper[] hs = new Helper[helpers];
		for (int h = 0; h < helpers; h++) {
			hs[h] = new Helper(work);
			ForkJoinPool.commonPool().execute(hs[h]);
		}
		work.run();
		for (Helper h : hs)
			h.awaitOrCancel();
		work.rethrow();
		return work.results;
	}

	interface IndexedBody {
		void run(int index, Segment s);
	}

	private static final class Work<A, R> {
		final List<Segment> chunks;
		final Supplier<A> open;
		final BiConsumer<A, Segment> body;
		final Function<A, R> close;
		final IndexedBody indexed;
		final AtomicInteger next = new AtomicInteger();
		final List<R> results = Collections.synchronizedList(new ArrayList<>());
		volatile Throwable error;

		Work(List<Segment> chunks, Supplier<A> open, BiConsumer<A, Segment> body,
				Function<A, R> close, IndexedBody indexed) {
			this.chunks = chunks;
			this.open = open;
			this.body = body;
			this.close = close;
			this.indexed = indexed;
		}

		void run() {
			try {
				A acc = null;
				boolean any = false;
				for (int i; (i = next.getAndIncrement()) < chunks.size() && error == null;) {
					if (!any) {
						acc = open.get();
						any = true;
					}
					if (indexed != null)
						indexed.run(i, chunks.get(i));
					else
						body.accept(acc, chunks.get(i));
				}
				if (any) {
					R r = close.apply(acc);
					if (r != null)
						results.add(r);
				}
			}
			catch (Throwable t) {
				if (error == null)
					error = t;
			}
		}

		void rethrow() {
			Throwable t = error;
			if (t instanceof RuntimeException r)
				throw r;
			if (t instanceof Error e)
				throw e;
			if (t != null)
				throw new IllegalStateException(t);
		}
	}

	/** A helper task: runs the work unless the caller called it off before it started. */
	private static final class Helper implements Runnable {
		private static final int NEW = 0, RUNNING = 1, DONE = 2, CANCELLED = 3;
		private final Work<?, ?> work;
		private final AtomicInteger state = new AtomicInteger(NEW);
		private final Thread caller = Thread.currentThread();

		Helper(Work<?, ?> work) {
			this.work = work;
		}

		@Override
		public void run() {
			if (!state.compareAndSet(NEW, RUNNING))
				return;
			try {
				work.run();
			}
			finally {
				state.set(DONE);
				LockSupport.unpark(caller);
			}
		}

		void awaitOrCancel() {
			if (state.compareAndSet(NEW, CANCELLED))
				return;
			while (state.get() != DONE)
				LockSupport.park(this);
		}
	}
}
