package org.segmentij.classical.threshold;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.view.Views;

/**
 * The parallel fast paths: per-thread 16-bit counts reused between calls (and left clean), the
 * work-sharing loop (callers never wait on a busy pool, errors reach the caller), and the mask
 * loops for every kind of range.
 */
class FastPathTest {

	private static Img<UnsignedShortType> image(long seed, int n, int lo, int hi) {
		SplittableRandom r = new SplittableRandom(seed);
		short[] px = new short[n];
		for (int i = 0; i < n; i++)
			px[i] = (short) (lo + r.nextInt(hi - lo + 1));
		return ArrayImgs.unsignedShorts(px, n / 512, 512);
	}

	private static void sameAsGeneric(Img<UnsignedShortType> img) {
		RandomAccessibleInterval<UnsignedShortType> view = Views.interval(img, img);
		for (Histogram.Mode mode : Histogram.Mode.values()) {
			Histogram fast = Histogram.compute(img, mode), generic = Histogram.compute(view, mode);
			assertArrayEquals(generic.counts(), fast.counts(), mode.toString());
			assertEquals(generic.min(), fast.min());
			assertEquals(generic.max(), fast.max());
		}
	}

	@Test
	void reusedCountsAreCleanForTheNextImage() {
		int n = 512 * 1024; // several parallel chunks
		sameAsGeneric(image(1, n, 1000, 3000));
		sameAsGeneric(image(2, n, 0, 65535)); // both ends of the value range
		sameAsGeneric(image(3, n, 7, 7)); // one value
		sameAsGeneric(image(4, n, 60000, 65535));
		sameAsGeneric(image(5, 512 * 4, 100, 200)); // one chunk, on the calling thread
		sameAsGeneric(image(1, n, 1000, 3000));
	}

	@Test
	void concurrentCallersGetTheirOwnCounts() throws Exception {
		ExecutorService ex = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> fs = new ArrayList<>();
			for (int t = 0; t < 8; t++) {
				int seed = t;
				fs.add(ex.submit(() -> {
					for (int k = 0; k < 3; k++)
						sameAsGeneric(image(seed * 10 + k, 256 * 1024, seed * 1000, seed * 1000 + 5000));
					return null;
				}));
			}
			for (Future<?> f : fs)
				f.get(2, TimeUnit.MINUTES);
		}
		finally {
			ex.shutdownNow();
		}
	}

	@Test
	void busyPoolDoesNotBlockTheCaller() throws Exception {
		int workers = Math.max(1, ForkJoinPool.getCommonPoolParallelism());
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch started = new CountDownLatch(workers);
		List<Future<?>> blockers = new ArrayList<>();
		for (int i = 0; i < workers; i++)
			blockers.add(ForkJoinPool.commonPool().submit(() -> {
				started.countDown();
				try {
					release.await();
				}
				catch (InterruptedException e) {
					Thread.currentThread().interrupt();
				}
			}));
		try {
			started.await(10, TimeUnit.SECONDS);
			// every pool worker is blocked: the caller does all chunks itself and returns
			sameAsGeneric(image(9, 1024 * 1024, 10, 4000));
		}
		finally {
			release.countDown();
		}
		for (Future<?> f : blockers)
			f.get(10, TimeUnit.SECONDS);
	}

	@Test
	void errorsInAChunkReachTheCaller() {
		Img<UnsignedShortType> img = image(1, 1024 * 1024, 0, 100);
		PrimitivePixels px = PrimitivePixels.of(img);
		List<PrimitivePixels.Segment> chunks = px.chunks();
		assertTrue(chunks.size() >= 1);
		IllegalStateException e = assertThrows(IllegalStateException.class,
				() -> PrimitivePixels.forEach(chunks, s -> {
					if (s.start() == 0)
						throw new IllegalStateException("boom");
				}));
		assertEquals("boom", e.getMessage());
		// chunks cover every pixel exactly once
		long covered = 0;
		for (PrimitivePixels.Segment s : chunks)
			covered += s.length();
		assertEquals(1024 * 1024, covered);
	}

	@Test
	void maskLoopsForEveryKindOfRange() {
		Img<UnsignedShortType> img = image(4, 1024 * 1024, 0, 65535);
		RandomAccessibleInterval<UnsignedShortType> view = Views.interval(img, img);
		double inf = Double.POSITIVE_INFINITY;
		for (ThresholdRange r : new ThresholdRange[] { new ThresholdRange(30000, inf), new ThresholdRange(-inf, 30000),
				new ThresholdRange(1000.5, 40000.5), new ThresholdRange(0, 65535), new ThresholdRange(65535, 65535),
				new ThresholdRange(0, 0), new ThresholdRange(70000, inf), new ThresholdRange(-inf, -1), ThresholdRange.empty() }) {
			assertArrayEquals(GlobalThresholdTest.bytes(r.mask(view)), GlobalThresholdTest.bytes(r.mask(img)), r.toString());
		}
		Img<UnsignedByteType> u8 = ArrayImgs.unsignedBytes(1024, 1024);
		SplittableRandom rnd = new SplittableRandom(3);
		for (UnsignedByteType t : u8)
			t.set(rnd.nextInt(256));
		ThresholdRange r = new ThresholdRange(17, 200);
		assertArrayEquals(GlobalThresholdTest.bytes(r.mask(Views.interval(u8, u8))), GlobalThresholdTest.bytes(r.mask(u8)));
		// sizes and planes that are not multiples of the four pixels written at once
		for (long[] dims : new long[][] { { 1023, 1021 }, { 3, 1 }, { 517, 301, 3 } }) {
			Img<UnsignedByteType> b = dims.length > 2 ? net.imglib2.img.planar.PlanarImgs.unsignedBytes(dims) : ArrayImgs.unsignedBytes(dims);
			Img<UnsignedShortType> sh = dims.length > 2 ? net.imglib2.img.planar.PlanarImgs.unsignedShorts(dims) : ArrayImgs.unsignedShorts(dims);
			var cb = b.cursor();
			var cs = sh.cursor();
			while (cb.hasNext()) {
				cb.next().set(rnd.nextInt(256));
				cs.next().set(rnd.nextInt(65536));
			}
			for (ThresholdRange t : new ThresholdRange[] { r, new ThresholdRange(100, inf), new ThresholdRange(30000, 50000) }) {
				assertArrayEquals(GlobalThresholdTest.bytes(t.mask(Views.interval(b, b))), GlobalThresholdTest.bytes(t.mask(b)));
				assertArrayEquals(GlobalThresholdTest.bytes(t.mask(Views.interval(sh, sh))), GlobalThresholdTest.bytes(t.mask(sh)));
			}
		}
	}

	/**
	 * The SIMD mask loops (Vector API) and the plain ones give the mask of the cursor loop, the
	 * oracle, for every pixel type, for ranges at and beyond the ends of the value range, for sizes
	 * that leave a tail after the last full vector, and for planar stacks; floats include NaN,
	 * infinities and -0.0.
	 */
	@Test
	void simdAndPlainMaskLoopsGiveTheCursorLoopsMask() {
		assertTrue(org.segmentij.image.Simd.moduleLoaded(), "the tests run with --add-modules jdk.incubator.vector (pom.xml)");
		SplittableRandom rnd = new SplittableRandom(11);
		double inf = Double.POSITIVE_INFINITY;
		ThresholdRange[] ranges = { new ThresholdRange(30000, inf), new ThresholdRange(-inf, 30000), new ThresholdRange(1000.5, 40000.5),
				new ThresholdRange(0, 65535), new ThresholdRange(65535, 65535), new ThresholdRange(0, 0), new ThresholdRange(100, 200),
				new ThresholdRange(255, 255), new ThresholdRange(-0.0, 0.0), new ThresholdRange(-0.5, 0.25), new ThresholdRange(70000, inf),
				new ThresholdRange(-inf, -1), new ThresholdRange(-inf, inf), ThresholdRange.empty() };
		for (long[] dims : new long[][] { { 1023, 1021 }, { 3, 1 }, { 67, 1 }, { 517, 301, 3 } }) {
			boolean planar = dims.length > 2;
			Img<UnsignedByteType> b = planar ? net.imglib2.img.planar.PlanarImgs.unsignedBytes(dims) : ArrayImgs.unsignedBytes(dims);
			Img<UnsignedShortType> sh = planar ? net.imglib2.img.planar.PlanarImgs.unsignedShorts(dims) : ArrayImgs.unsignedShorts(dims);
			Img<net.imglib2.type.numeric.real.FloatType> f = planar ? net.imglib2.img.planar.PlanarImgs.floats(dims) : ArrayImgs.floats(dims);
			float[] special = { Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0.0f, 0.0f, 0.25f, -0.5f, 65535f };
			var cb = b.cursor();
			var cs = sh.cursor();
			var cf = f.cursor();
			while (cb.hasNext()) {
				cb.next().set(rnd.nextInt(256));
				cs.next().set(rnd.nextInt(8) == 0 ? 65535 - rnd.nextInt(3) : rnd.nextInt(65536));
				cf.next().set(rnd.nextInt(4) == 0 ? special[rnd.nextInt(special.length)] : (float) (rnd.nextDouble() * 70000 - 1000));
			}
			for (ThresholdRange t : ranges)
				for (RandomAccessibleInterval<?> img : List.<RandomAccessibleInterval<?>>of(b, sh, f)) {
					@SuppressWarnings({ "unchecked", "rawtypes" })
					byte[] oracle = GlobalThresholdTest.bytes(t.mask((RandomAccessibleInterval) Views.interval(img, img)));
					for (boolean simd : new boolean[] { true, false }) {
						byte[] out = new byte[oracle.length];
						t.maskInto(PrimitivePixels.of(img), out, simd);
						assertArrayEquals(oracle, out, t + " " + img.getClass().getSimpleName() + " " + java.util.Arrays.toString(dims)
								+ " " + net.imglib2.util.Util.getTypeFromInterval(img).getClass().getSimpleName() + (simd ? " SIMD" : " plain"));
					}
				}
		}
	}
}
