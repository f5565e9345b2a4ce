package org.segmentij.metrics;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.segmentij.metrics.SurfaceMetrics.BoundaryScore;
import org.segmentij.metrics.SurfaceMetrics.Distances;

import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.view.Views;

class SurfaceMetricsTest {

	// ---------------------------------------------------------------------------------------
	// Brute-force reference, written independently of the implementation

	/** Surface points (coordinates) by the definition: foreground with a face neighbour in background or outside. */
	static <T extends RealType<T>> List<long[]> refSurface(RandomAccessibleInterval<T> img) {
		int n = img.numDimensions();
		List<long[]> out = new ArrayList<>();
		RandomAccess<T> ra = img.randomAccess();
		for (long[] p : allPositions(img)) {
			if (!fg(ra, p))
				continue;
			boolean s = false;
			for (int d = 0; d < n; d++) {
				if (img.dimension(d) == 1)
					continue;
				for (int dir = -1; dir <= 1; dir += 2) {
					long[] q = p.clone();
					q[d] += dir;
					if (q[d] < 0 || q[d] >= img.dimension(d) || !fg(ra, q))
						s = true;
				}
			}
			if (s)
				out.add(p);
		}
		return out;
	}

	/** Partition boundary by the definition: the next pixel along some axis has another label. */
	static <T extends RealType<T>> List<long[]> refPartitionBoundary(RandomAccessibleInterval<T> img) {
		List<long[]> out = new ArrayList<>();
		RandomAccess<T> ra = img.randomAccess();
		for (long[] p : allPositions(img)) {
			ra.setPosition(p);
			double v = ra.get().getRealDouble();
			boolean b = false;
			for (int d = 0; d < p.length; d++) {
				if (p[d] + 1 >= img.dimension(d))
					continue;
				long[] q = p.clone();
				q[d]++;
				ra.setPosition(q);
				if (ra.get().getRealDouble() != v)
					b = true;
			}
			if (b)
				out.add(p);
		}
		return out;
	}

	static <T extends RealType<T>> boolean fg(RandomAccess<T> ra, long[] p) {
		ra.setPosition(p);
		double v = ra.get().getRealDouble();
		return v != 0 && !Double.isNaN(v);
	}

	/** Positions in raster order, x fastest. */
	static List<long[]> allPositions(RandomAccessibleInterval<?> img) {
		List<long[]> out = new ArrayList<>();
		int n = img.numDimensions();
		long[] p = new long[n];
		long total = 1;
		for (int d = 0; d < n; d++)
			total *= img.dimension(d);
		for (long i = 0; i < total; i++) {
			out.add(p.clone());
			for (int d = 0; d < n; d++) {
				if (++p[d] < img.dimension(d))
					break;
				p[d] = 0;
			}
		}
		return out;
	}

	/** For every point of {@code from}, the min distance to any point of {@code to} (all pairs). */
	static double[] refDirected(List<long[]> from, List<long[]> to, double[] w) {
		double[] out = new double[from.size()];
		for (int i = 0; i < out.length; i++) {
			double best = Double.POSITIVE_INFINITY;
			for (long[] q : to) {
				double s = 0;
				for (int d = 0; d < w.length; d++) {
					double t = (from.get(i)[d] - q[d]) * w[d];
					s += t * t;
				}
				best = Math.min(best, s);
			}
			out[i] = Math.sqrt(best);
		}
		return out;
	}

	/** numpy.percentile, linear, written out plainly. */
	static double refPercentile(double[] v, double p) {
		double[] a = v.clone();
		Arrays.sort(a);
		double rank = p / 100.0 * (a.length - 1);
		int i = (int) rank;
		int j = Math.min(i + 1, a.length - 1);
		return a[i] + (rank - i) * (a[j] - a[i]);
	}

	static ArrayImg<UnsignedByteType, ByteArray> randomBlobs(Random r, long... dims) {
		var m = ArrayImgs.unsignedBytes(dims);
		int blobs = 1 + r.nextInt(3);
		for (int b = 0; b < blobs; b++) {
			long[] c = new long[dims.length];
			for (int d = 0; d < dims.length; d++)
				c[d] = r.nextInt((int) dims[d]);
			double rad = 1 + r.nextDouble() * 4;
			for (long[] p : allPositions(m)) {
				double s = 0;
				for (int d = 0; d < dims.length; d++)
					s += (p[d] - c[d]) * (p[d] - c[d]);
				if (s <= rad * rad) {
					var ra = m.randomAccess();
					ra.setPosition(p);
					ra.get().set(1);
				}
			}
		}
		// some salt and pepper so that holes and single pixels occur
		for (UnsignedByteType t : m)
			if (r.nextDouble() < 0.05)
				t.set(1 - t.get());
		return m;
	}

	static void assertMatchesReference(Distances ours, double[] p2t, double[] t2p) {
		assertArrayEquals(p2t, ours.predictionToTruth(), 1e-12);
		assertArrayEquals(t2p, ours.truthToPrediction(), 1e-12);
		double[] union = new double[p2t.length + t2p.length];
		System.arraycopy(p2t, 0, union, 0, p2t.length);
		System.arraycopy(t2p, 0, union, p2t.length, t2p.length);
		double hd = Arrays.stream(union).max().orElseThrow();
		assertEquals(hd, ours.hausdorff(), 1e-12);
		assertEquals(Math.max(refPercentile(p2t, 95), refPercentile(t2p, 95)), ours.hd95(), 1e-9);
		assertEquals(refPercentile(union, 95), ours.percentileOfUnion(95), 1e-9);
		assertEquals(Arrays.stream(union).average().orElseThrow(), ours.assd(), 1e-9);
		assertEquals(0.5 * (Arrays.stream(p2t).average().orElseThrow() + Arrays.stream(t2p).average().orElseThrow()),
				ours.meanOfDirectedMeans(), 1e-9);
		for (double tau : new double[] { 0, 0.5, 1, 1.5, 3 }) {
			long a = Arrays.stream(p2t).filter(x -> x <= tau).count();
			long b = Arrays.stream(t2p).filter(x -> x <= tau).count();
			assertEquals((double) (a + b) / (p2t.length + t2p.length), ours.surfaceDice(tau), 1e-12);
			double p = (double) a / p2t.length, r = (double) b / t2p.length;
			BoundaryScore s = ours.boundaryScore(tau);
			assertEquals(p, s.precision(), 1e-12);
			assertEquals(r, s.recall(), 1e-12);
			assertEquals(p + r == 0 ? 0 : 2 * p * r / (p + r), s.f1(), 1e-12);
		}
	}

	// ---------------------------------------------------------------------------------------

	@Test
	void random2DMasksMatchBruteForce() {
		Random r = new Random(11);
		double[] w = { 1, 1 };
		for (int trial = 0; trial < 10; trial++) {
			if (trial >= 5)
				w = new double[] { 0.4, 1.3 };
			var p = randomBlobs(r, 14 + r.nextInt(8), 10 + r.nextInt(8));
			var t = randomBlobs(r, p.dimension(0), p.dimension(1));
			List<long[]> sp = refSurface(p), st = refSurface(t);
			if (sp.isEmpty() || st.isEmpty())
				continue;
			Distances ours = SurfaceMetrics.distances(p, t, w);
			assertMatchesReference(ours, refDirected(sp, st, w), refDirected(st, sp, w));
		}
	}

	@Test
	void random3DAnisotropicMasksMatchBruteForce() {
		Random r = new Random(12);
		double[] w = { 0.25, 0.25, 0.8 };
		for (int trial = 0; trial < 4; trial++) {
			var p = randomBlobs(r, 9 + r.nextInt(4), 8 + r.nextInt(4), 5 + r.nextInt(3));
			var t = randomBlobs(r, p.dimension(0), p.dimension(1), p.dimension(2));
			List<long[]> sp = refSurface(p), st = refSurface(t);
			if (sp.isEmpty() || st.isEmpty())
				continue;
			assertMatchesReference(SurfaceMetrics.distances(p, t, w), refDirected(sp, st, w), refDirected(st, sp, w));
		}
	}

	@Test
	void surfaceImageMatchesDefinition() {
		Random r = new Random(13);
		var m = randomBlobs(r, 12, 9, 4);
		var s = SurfaceMetrics.surface(m);
		List<long[]> ref = refSurface(m);
		List<long[]> ours = new ArrayList<>();
		RandomAccess<UnsignedByteType> ra = s.randomAccess();
		for (long[] p : allPositions(s)) {
			ra.setPosition(p);
			if (ra.get().get() != 0)
				ours.add(p);
		}
		assertEquals(ref.size(), ours.size());
		for (int i = 0; i < ref.size(); i++)
			assertArrayEquals(ref.get(i), ours.get(i));
	}

	static ArrayImg<UnsignedByteType, ByteArray> box(long[] dims, long[] min, long[] maxExcl) {
		var m = ArrayImgs.unsignedBytes(dims);
		RandomAccess<UnsignedByteType> ra = m.randomAccess();
		for (long[] p : allPositions(m)) {
			boolean in = true;
			for (int d = 0; d < p.length; d++)
				in &= p[d] >= min[d] && p[d] < maxExcl[d];
			if (in) {
				ra.setPosition(p);
				ra.get().set(255);
			}
		}
		return m;
	}

	@Test
	void squaresShiftedAlongAnAxisHaveHausdorffEqualToTheShift() {
		long[] dims = { 50, 40 };
		var truth = box(dims, new long[] { 10, 10 }, new long[] { 30, 30 });
		for (int d = 1; d <= 4; d++) {
			var pred = box(dims, new long[] { 10 + d, 10 }, new long[] { 30 + d, 30 });
			Distances dist = SurfaceMetrics.distances(pred, truth);
			assertEquals(d, dist.hausdorff(), 1e-12);
			assertEquals(d, Arrays.stream(dist.predictionToTruth()).max().orElseThrow(), 1e-12);
			assertEquals(d, Arrays.stream(dist.truthToPrediction()).max().orElseThrow(), 1e-12);
			// shift along y with a pixel height of 0.3: d * 0.3
			var predY = box(dims, new long[] { 10, 10 + d }, new long[] { 30, 30 + d });
			assertEquals(0.3 * d, SurfaceMetrics.hausdorff(predY, truth, 1.0, 0.3), 1e-12);
		}
	}

	@Test
	void anisotropic3DBoxesShiftedAlongZ() {
		long[] dims = { 20, 20, 16 };
		var truth = box(dims, new long[] { 4, 4, 3 }, new long[] { 16, 16, 11 });
		var pred = box(dims, new long[] { 4, 4, 5 }, new long[] { 16, 16, 13 });
		// 2 slices of 2.5: 5 (x/y pixels of 0.5 make the side faces farther than 5 away from nothing)
		double[] w = { 0.5, 0.5, 2.5 };
		Distances d = SurfaceMetrics.distances(pred, truth, w);
		assertEquals(5.0, d.hausdorff(), 1e-12);
		List<long[]> sp = refSurface(pred), st = refSurface(truth);
		assertMatchesReference(d, refDirected(sp, st, w), refDirected(st, sp, w));
	}

	static ArrayImg<UnsignedByteType, ByteArray> disc(long w, long h, double cx, double cy, double r) {
		var m = ArrayImgs.unsignedBytes(w, h);
		RandomAccess<UnsignedByteType> ra = m.randomAccess();
		for (long[] p : allPositions(m))
			if ((p[0] - cx) * (p[0] - cx) + (p[1] - cy) * (p[1] - cy) <= r * r) {
				ra.setPosition(p);
				ra.get().set(1);
			}
		return m;
	}

	@Test
	void concentricCirclesDifferByTheRadii() {
		double r1 = 10, r2 = 16;
		var inner = disc(48, 48, 23.5, 23.3, r1);
		var outer = disc(48, 48, 23.5, 23.3, r2);
		Distances d = SurfaceMetrics.distances(inner, outer);
		// pixelisation: the surfaces are the outermost pixel rings, within a pixel of the circles
		assertEquals(r2 - r1, d.hausdorff(), 1.5);
		assertEquals(r2 - r1, d.assd(), 1.0);
		assertEquals(r2 - r1, d.hd95(), 1.5);
		assertEquals(0, d.surfaceDice(2));
		assertEquals(1, d.surfaceDice(r2 - r1 + 1.5));
	}

	@Test
	void squareWithAHole() {
		long[] dims = { 40, 40 };
		var filled = box(dims, new long[] { 5, 5 }, new long[] { 35, 35 });
		var holed = box(dims, new long[] { 5, 5 }, new long[] { 35, 35 });
		RandomAccess<UnsignedByteType> ra = holed.randomAccess();
		for (int y = 15; y < 25; y++)
			for (int x = 15; x < 25; x++) {
				ra.setPosition(new long[] { x, y });
				ra.get().set(0);
			}
		// filled: outer ring of 4*30-4 = 116 pixels; holed: the same ring plus the 40 pixels
		// face-adjacent to the 10x10 hole, each 9 pixels from the outer ring
		Distances d = SurfaceMetrics.distances(filled, holed);
		assertEquals(116, d.predictionSurface());
		assertEquals(156, d.truthSurface());
		assertEquals(9, d.hausdorff(), 1e-12);
		assertEquals(9, d.hd95(), 1e-12); // truth->prediction: 116 zeros, 40 nines; rank 0.95*155 = 147.25
		assertEquals(40 * 9.0 / 272, d.assd(), 1e-12);
		assertEquals(232.0 / 272, d.surfaceDice(1), 1e-12);
		BoundaryScore s = d.boundaryScore(1);
		assertEquals(1, s.precision(), 1e-12);
		assertEquals(116.0 / 156, s.recall(), 1e-12);
		assertEquals(2 * (116.0 / 156) / (1 + 116.0 / 156), s.f1(), 1e-12);
		assertEquals(1, d.boundaryF1(9));
	}

	@Test
	void oneObjectIdenticalAndImageEdgeCountsAsBackground() {
		var a = box(new long[] { 12, 10 }, new long[] { 2, 3 }, new long[] { 8, 9 });
		Distances same = SurfaceMetrics.distances(a, a.copy());
		assertEquals(0, same.hausdorff());
		assertEquals(0, same.assd());
		assertEquals(1, same.surfaceDice(0));
		assertEquals(1, same.boundaryF1(0));
		// the whole image: its surface is the image border ring
		var full = box(new long[] { 10, 10 }, new long[] { 0, 0 }, new long[] { 10, 10 });
		var inner = box(new long[] { 10, 10 }, new long[] { 1, 1 }, new long[] { 9, 9 });
		Distances d = SurfaceMetrics.distances(full, inner);
		assertEquals(36, d.predictionSurface());
		assertEquals(28, d.truthSurface());
		assertEquals(Math.sqrt(2), d.hausdorff(), 1e-12); // corner (0,0) to (1,1)
		// a 2D image as 3D with one slice is treated as 2D (axes of size 1 are ignored)
		assertEquals(d, SurfaceMetrics.distances(Views.addDimension(full, 0, 0), Views.addDimension(inner, 0, 0)));
	}

	@Test
	void emptyMasks() {
		var empty = ArrayImgs.unsignedBytes(10, 8);
		var one = box(new long[] { 10, 8 }, new long[] { 2, 2 }, new long[] { 5, 5 });
		Distances both = SurfaceMetrics.distances(empty, empty.copy());
		assertEquals(0, both.hausdorff());
		assertEquals(0, both.hd95());
		assertEquals(0, both.assd());
		assertEquals(0, both.percentileOfUnion(95));
		assertEquals(1, both.surfaceDice(1));
		assertEquals(new BoundaryScore(1, 1, 1), both.boundaryScore(1));
		for (Distances d : List.of(SurfaceMetrics.distances(empty, one), SurfaceMetrics.distances(one, empty))) {
			assertEquals(Double.POSITIVE_INFINITY, d.hausdorff());
			assertEquals(Double.POSITIVE_INFINITY, d.hd95());
			assertEquals(Double.POSITIVE_INFINITY, d.assd());
			assertEquals(Double.POSITIVE_INFINITY, d.meanOfDirectedMeans());
			assertEquals(0, d.surfaceDice(100));
			assertEquals(new BoundaryScore(0, 0, 0), d.boundaryScore(100));
		}
		assertEquals(8, SurfaceMetrics.distances(one, empty).predictionSurface());
		assertEquals(Double.POSITIVE_INFINITY, SurfaceMetrics.distances(one, empty).predictionToTruth()[0]);
	}

	@Test
	void percentileIsNumpysLinear() {
		assertEquals(3.8, SurfaceMetrics.percentile(new double[] { 4, 0, 2, 1, 3 }, 95), 1e-12);
		assertEquals(2, SurfaceMetrics.percentile(new double[] { 4, 0, 2, 1, 3 }, 50), 1e-12);
		assertEquals(7, SurfaceMetrics.percentile(new double[] { 7 }, 95));
		// MONAI's HD95 takes the larger directed percentile; medpy's the percentile of the union
		Distances d = new Distances(new double[] { 0, 1, 2, 3, 4 }, new double[] { 0, 0, 10 });
		assertEquals(Math.max(3.8, 9.0), d.hd95(), 1e-12);
		assertEquals(refPercentile(new double[] { 0, 1, 2, 3, 4, 0, 0, 10 }, 95), d.percentileOfUnion(95), 1e-12);
		assertEquals(10, d.hausdorff(100));
		assertThrows(IllegalArgumentException.class, () -> d.hausdorff(101));
	}

	static ArrayImg<IntType, IntArray> touchingLabels(long w, long h, int split) {
		// label 1 left of split, label 2 from split on, both on rows 2..h-3; background elsewhere
		var l = ArrayImgs.ints(w, h);
		RandomAccess<IntType> ra = l.randomAccess();
		for (int y = 2; y < h - 2; y++)
			for (int x = 2; x < w - 2; x++) {
				ra.setPosition(new long[] { x, y });
				ra.get().set(x < split ? 1 : 2);
			}
		return l;
	}

	@Test
	void perLabelDistancesOfTouchingObjects() {
		var pred = touchingLabels(30, 20, 14);
		var truth = touchingLabels(30, 20, 16);
		double[] w = { 0.5, 1 };
		for (int label = 1; label <= 2; label++) {
			final int lab = label;
			var pMask = ArrayImgs.unsignedBytes(30, 20);
			var tMask = ArrayImgs.unsignedBytes(30, 20);
			var cp = pred.cursor();
			var ct = truth.cursor();
			var cpm = pMask.cursor();
			var ctm = tMask.cursor();
			while (cp.hasNext()) {
				cpm.next().set(cp.next().get() == lab ? 1 : 0);
				ctm.next().set(ct.next().get() == lab ? 1 : 0);
			}
			Distances byLabel = SurfaceMetrics.distancesOfLabel(pred, truth, lab, w);
			List<long[]> sp = refSurface(pMask), st = refSurface(tMask);
			assertMatchesReference(byLabel, refDirected(sp, st, w), refDirected(st, sp, w));
			assertEquals(1.0, byLabel.hausdorff(), 1e-12); // split moved by 2 pixels of 0.5
		}
		Distances absent = SurfaceMetrics.distancesOfLabel(pred, truth, 7);
		assertEquals(0, absent.hausdorff());
	}

	@Test
	void partitionBoundaries() {
		var pred = touchingLabels(30, 20, 14);
		var truth = touchingLabels(30, 20, 16);
		// brute force on the label boundary definition
		List<long[]> bp = refPartitionBoundary(pred), bt = refPartitionBoundary(truth);
		Distances d = SurfaceMetrics.partitionDistances(pred, truth);
		assertMatchesReference(d, refDirected(bp, bt, new double[] { 1, 1 }), refDirected(bt, bp, new double[] { 1, 1 }));
		// the split lines (x=13 vs x=15) are 2 apart; everything else coincides
		BoundaryScore s1 = SurfaceMetrics.partitionBoundaryScore(pred, truth, 1);
		assertTrue(s1.f1() < 1);
		assertEquals(1, SurfaceMetrics.partitionBoundaryScore(pred, truth, 2).f1(), 1e-12);
		// a single label (or all background) has no boundary: both empty = 1
		var zero = ArrayImgs.ints(30, 20);
		assertEquals(new BoundaryScore(1, 1, 1), SurfaceMetrics.partitionBoundaryScore(zero, zero.copy(), 0));
		assertEquals(new BoundaryScore(0, 0, 0), SurfaceMetrics.partitionBoundaryScore(zero, truth, 5));
		// random label images against brute force, 16-bit and float input types
		Random r = new Random(14);
		var a = ArrayImgs.unsignedShorts(13, 11);
		var b = ArrayImgs.floats(13, 11);
		a.forEach(t -> t.set(r.nextInt(10) < 7 ? 0 : 1 + r.nextInt(3)));
		b.forEach(t -> t.set(r.nextInt(10) < 7 ? 0 : 1 + r.nextInt(3)));
		var img = SurfaceMetrics.partitionBoundary(a);
		assertEquals(refPartitionBoundary(a).size(), (int) sum(img));
		Distances rd = SurfaceMetrics.partitionDistances(a, b, 1.5, 1);
		List<long[]> ba = refPartitionBoundary(a), bb = refPartitionBoundary(b);
		double[] w = { 1.5, 1 };
		assertMatchesReference(rd, refDirected(ba, bb, w), refDirected(bb, ba, w));
	}

	static long sum(Iterable<UnsignedByteType> img) {
		long s = 0;
		for (UnsignedByteType t : img)
			s += t.get();
		return s;
	}

	@Test
	void smallObjectsInALargeImageGiveTheSameDistances() {
		// the same pair of blobs, alone in a tight image and far inside a large one
		Random r = new Random(17);
		var p = randomBlobs(r, 15, 12);
		var t = randomBlobs(r, 15, 12);
		var bigP = ArrayImgs.unsignedBytes(200, 150);
		var bigT = ArrayImgs.unsignedBytes(200, 150);
		copyInto(p, bigP, 120, 70);
		copyInto(t, bigT, 120, 70);
		// padded by one pixel, so that the image edge adds no surface
		var pad = ArrayImgs.unsignedBytes(17, 14);
		var pp = ArrayImgs.unsignedBytes(17, 14);
		copyInto(p, pad, 1, 1);
		copyInto(t, pp, 1, 1);
		Distances tight = SurfaceMetrics.distances(pad, pp, 0.7, 1.1);
		Distances big = SurfaceMetrics.distances(bigP, bigT, 0.7, 1.1);
		List<long[]> sp = refSurface(bigP), st = refSurface(bigT);
		double[] w = { 0.7, 1.1 };
		assertMatchesReference(big, refDirected(sp, st, w), refDirected(st, sp, w));
		assertEquals(tight, big);
	}

	@Test
	void manySurfacePixelsFarApartMatchBruteForce() {
		// thousands of isolated pixels in opposite corners: far apart, bunched, many queries (the
		// nearest-point search gives way to a distance transform there), in 2D and 3D
		var p = ArrayImgs.unsignedBytes(400, 300);
		var t = ArrayImgs.unsignedBytes(400, 300);
		var rp = p.randomAccess();
		var rt = t.randomAccess();
		for (int y = 0; y < 60; y += 2)
			for (int x = 0; x < 90; x += 2) {
				rp.setPosition(new long[] { x, y });
				rp.get().set(1);
				rt.setPosition(new long[] { 399 - x - (y / 2) % 2, 299 - y });
				rt.get().set(1);
			}
		for (double[] w : new double[][] { { 1, 1 }, { 0.5, 0.75 } }) {
			Distances ours = SurfaceMetrics.distances(p, t, w);
			List<long[]> sp = refSurface(p), st = refSurface(t);
			assertEquals(1350, sp.size());
			assertMatchesReference(ours, refDirected(sp, st, w), refDirected(st, sp, w));
		}
		var p3 = ArrayImgs.unsignedBytes(40, 30, 20);
		var t3 = ArrayImgs.unsignedBytes(40, 30, 20);
		var r3 = p3.randomAccess();
		var s3 = t3.randomAccess();
		for (int z = 0; z < 6; z += 2)
			for (int y = 0; y < 12; y += 2)
				for (int x = 0; x < 14; x += 2) {
					r3.setPosition(new long[] { x, y, z });
					r3.get().set(1);
					s3.setPosition(new long[] { 39 - x, 29 - y, 19 - z });
					s3.get().set(1);
				}
		double[] w = { 0.3, 0.4, 1.1 };
		List<long[]> sp = refSurface(p3), st = refSurface(t3);
		assertMatchesReference(SurfaceMetrics.distances(p3, t3, w), refDirected(sp, st, w), refDirected(st, sp, w));
	}

	static void copyInto(ArrayImg<UnsignedByteType, ByteArray> src, ArrayImg<UnsignedByteType, ByteArray> dst, long dx,
			long dy) {
		var c = src.localizingCursor();
		var ra = dst.randomAccess();
		while (c.hasNext()) {
			c.fwd();
			ra.setPosition(new long[] { c.getLongPosition(0) + dx, c.getLongPosition(1) + dy });
			ra.get().set(c.get());
		}
	}

	@Test
	void badInput() {
		var a = ArrayImgs.unsignedBytes(5, 5);
		var b = ArrayImgs.unsignedBytes(5, 6);
		var e = assertThrows(IllegalArgumentException.class, () -> SurfaceMetrics.distances(a, b));
		assertTrue(e.getMessage().contains("5x5") && e.getMessage().contains("5x6"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> SurfaceMetrics.surfaceDice(a, a, -1));
		assertTrue(e.getMessage().contains("tolerance"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> SurfaceMetrics.distances(a, a, 1, 2, 3));
		assertThrows(IllegalArgumentException.class, () -> SurfaceMetrics.boundaryScore(a, a, Double.NaN));
		assertThrows(IllegalArgumentException.class, () -> SurfaceMetrics.distances(null, a));
	}

	@Test
	void inputsAreNotModified() {
		var p = randomBlobs(new Random(15), 12, 12);
		var t = randomBlobs(new Random(16), 12, 12);
		byte[] p0 = p.update(null).getCurrentStorageArray().clone();
		byte[] t0 = t.update(null).getCurrentStorageArray().clone();
		SurfaceMetrics.distances(p, t, 0.5);
		SurfaceMetrics.partitionDistances(p, t);
		assertArrayEquals(p0, p.update(null).getCurrentStorageArray());
		assertArrayEquals(t0, t.update(null).getCurrentStorageArray());
	}
}
