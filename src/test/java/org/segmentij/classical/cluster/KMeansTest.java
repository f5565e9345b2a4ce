package org.segmentij.classical.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.loops.LoopBuilder;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

class KMeansTest {

	@Test
	void recoversSeparatedBlobs() {
		ClusterFixtures.Blobs b = ClusterFixtures.blobs(ClusterFixtures.THREE, 200, 0.5, 7);
		for (long seed = 0; seed < 5; seed++) {
			KMeans.Result r = KMeans.cluster(b.features(), 2, 3, seed, 100, 0);
			for (int j = 0; j < 3; j++)
				for (int q = 0; q < 2; q++)
					assertEquals(b.centres()[j][q], r.centres()[j][q], 0.15, "centre " + j);
			assertArrayEquals(b.truth(), r.assignment());
			assertTrue(r.iterations() >= 1 && r.iterations() < 100);
		}
	}

	@Test
	void rowsOverloadMatchesFlat() {
		ClusterFixtures.Blobs b = ClusterFixtures.blobs(ClusterFixtures.THREE, 30, 0.5, 3);
		float[][] rows = new float[b.n()][];
		for (int i = 0; i < b.n(); i++)
			rows[i] = new float[] { b.features()[2 * i], b.features()[2 * i + 1] };
		KMeans.Result a = KMeans.cluster(rows, 3, 11, 100, 0);
		KMeans.Result f = KMeans.cluster(b.features(), 2, 3, 11, 100, 0);
		assertArrayEquals(f.assignment(), a.assignment());
		assertEquals(f.inertia(), a.inertia());
	}

	@Test
	void deterministicUnderSameSeedAndParallelChunks() {
		// more points than one chunk: the parallel path
		ClusterFixtures.Blobs b = ClusterFixtures.blobs(new float[][] { { 0, 0 }, { 3, 1 }, { 4, 5 }, { 9, 9 } }, 5000,
				1.5, 5);
		float[] copy = b.features().clone();
		KMeans.Result r1 = KMeans.cluster(b.features(), 2, 4, 42, 200, 0);
		KMeans.Result r2 = KMeans.cluster(b.features(), 2, 4, 42, 200, 0);
		assertArrayEquals(copy, b.features(), "input unchanged");
		assertArrayEquals(r1.assignment(), r2.assignment());
		for (int j = 0; j < 4; j++)
			assertArrayEquals(r1.centres()[j], r2.centres()[j]);
		assertEquals(r1.inertia(), r2.inertia());
		assertEquals(r1.iterations(), r2.iterations());
		for (int j = 1; j < 4; j++)
			assertTrue(r1.centres()[j - 1][0] <= r1.centres()[j][0], "sorted by first coordinate");
	}

	@Test
	void inertiaMatchesBruteForceAndAssignmentIsNearest() {
		Random rnd = new Random(9);
		int n = 9000, d = 3, k = 5;
		float[] x = new float[n * d];
		for (int i = 0; i < x.length; i++)
			x[i] = (float) (rnd.nextDouble() * 10);
		KMeans.Result r = KMeans.cluster(x, d, k, 1, 500, 0);
		double inertia = 0;
		for (int i = 0; i < n; i++) {
			double best = Double.POSITIVE_INFINITY;
			for (int j = 0; j < k; j++)
				best = Math.min(best, d2(x, i, d, r.centres()[j]));
			double mine = d2(x, i, d, r.centres()[r.assignment()[i]]);
			assertEquals(best, mine, 0, "point " + i + " not at its nearest centre");
			inertia += mine;
		}
		assertEquals(inertia, r.inertia(), 1e-9 * inertia);
	}

	@Test
	void oneClusterIsTheMean() {
		Random rnd = new Random(2);
		int n = 500, d = 2;
		float[] x = new float[n * d];
		double[] mean = new double[d];
		for (int i = 0; i < n; i++)
			for (int q = 0; q < d; q++) {
				x[i * d + q] = (float) (rnd.nextGaussian() * 3 + q * 10);
				mean[q] += x[i * d + q] / (double) n;
			}
		KMeans.Result r = KMeans.cluster(x, d, 1, 0, 10, 0);
		double ss = 0;
		for (int i = 0; i < n; i++)
			for (int q = 0; q < d; q++)
				ss += (x[i * d + q] - mean[q]) * (x[i * d + q] - mean[q]);
		for (int q = 0; q < d; q++)
			assertEquals(mean[q], r.centres()[0][q], 1e-4);
		assertEquals(ss, r.inertia(), 1e-5 * ss);
		for (int a : r.assignment())
			assertEquals(0, a);
	}

	@Test
	void tinyOneDimensionalSetsReachTheExhaustiveOptimum() {
		Random rnd = new Random(4);
		for (int trial = 0; trial < 50; trial++) {
			float[] x = new float[8];
			for (int i = 0; i < 8; i++)
				x[i] = (float) (trial % 2 == 0 ? rnd.nextDouble() * 100 : rnd.nextInt(3) * 30 + rnd.nextGaussian() * 6);
			for (int k = 2; k <= 3; k++) {
				double best = bruteForce(x, k);
				for (long seed = 0; seed < 3; seed++) {
					KMeans.Result r = KMeans.cluster(x, 1, k, seed, 100, 0);
					assertEquals(best, r.inertia(), 1e-6 * best, "trial " + trial + ", k " + k);
				}
			}
		}
	}

	/** Smallest within-cluster sum of squares over every labelling of x into k non-empty clusters. */
	private static double bruteForce(float[] x, int k) {
		int n = x.length, total = (int) Math.pow(k, n);
		double best = Double.POSITIVE_INFINITY;
		int[] lab = new int[n];
		for (int code = 0; code < total; code++) {
			for (int i = 0, c = code; i < n; i++, c /= k)
				lab[i] = c % k;
			double sum = 0;
			boolean allUsed = true;
			for (int j = 0; j < k && allUsed; j++) {
				double s = 0;
				int m = 0;
				for (int i = 0; i < n; i++)
					if (lab[i] == j) {
						s += x[i];
						m++;
					}
				if (m == 0) {
					allUsed = false;
					break;
				}
				double mean = s / m;
				for (int i = 0; i < n; i++)
					if (lab[i] == j)
						sum += (x[i] - mean) * (x[i] - mean);
			}
			if (allUsed)
				best = Math.min(best, sum);
		}
		return best;
	}

	@Test
	void threeFlatLevelsFloatImage() {
		Img<FloatType> img = ClusterFixtures.threeLevelsFloat(1);
		Img<FloatType> copy = img.copy();
		Img<IntType> labels = KMeans.segment(img, 3, 0);
		ClusterFixtures.assertRegions(labels);
		assertImagesEqual(copy, img);
	}

	@Test
	void threeFlatLevelsByteImageHistogramPath() {
		Img<UnsignedByteType> img = ClusterFixtures.threeLevelsByte(1);
		ClusterFixtures.assertRegions(KMeans.segment(img, 3, 0));
		ClusterFixtures.assertRegions(KMeans.segment(img, 3, 123));
	}

	@Test
	void histogramPathMatchesPixelClusteringOnOneLevelImage() {
		// two values only: k = 2 splits them whatever the path; k = 1 labels everything 1
		Img<UnsignedByteType> img = ArrayImgs.unsignedBytes(new byte[] { 3, 3, 9, 9, 3 }, 5);
		Img<IntType> l = KMeans.segment(img, 2, 0);
		int[] got = new int[5];
		var c = l.cursor();
		for (int i = 0; i < 5; i++)
			got[i] = c.next().get();
		assertArrayEquals(new int[] { 1, 1, 2, 2, 1 }, got);
		for (IntType t : KMeans.segment(img, 1, 0))
			assertEquals(1, t.get());
	}

	@Test
	void rgbLabelsSortedByLuminance() {
		int[] colours = { 0x000050, 0xc80000, 0xf0f0f0 }; // dark blue, red, near white
		Random rnd = new Random(3);
		Img<ARGBType> img = ArrayImgs.argbs(ClusterFixtures.W, ClusterFixtures.H);
		var ra = img.randomAccess();
		for (int y = 0; y < ClusterFixtures.H; y++)
			for (int x = 0; x < ClusterFixtures.W; x++) {
				int c = colours[ClusterFixtures.region(x, y)];
				int r = clamp(((c >> 16) & 0xff) + rnd.nextInt(9) - 4);
				int g = clamp(((c >> 8) & 0xff) + rnd.nextInt(9) - 4);
				int b = clamp((c & 0xff) + rnd.nextInt(9) - 4);
				ra.setPositionAndGet(x, y).set(ARGBType.rgba(r, g, b, 255));
			}
		ClusterFixtures.assertRegions(KMeans.segmentRgb(img, 3, 5));
	}

	@Test
	void rejectsBadInput() {
		float[] x = { 1, 2, 3, 4 };
		assertThrows(IllegalArgumentException.class, () -> KMeans.cluster(x, 1, 0, 0, 10, 0));
		assertThrows(IllegalArgumentException.class, () -> KMeans.cluster(x, 1, 5, 0, 10, 0));
		assertThrows(IllegalArgumentException.class, () -> KMeans.cluster(x, 2, 3, 0, 10, 0));
		assertThrows(IllegalArgumentException.class, () -> KMeans.cluster(x, 3, 1, 0, 10, 0));
		assertThrows(IllegalArgumentException.class, () -> KMeans.cluster(x, 0, 1, 0, 10, 0));
		assertThrows(IllegalArgumentException.class, () -> KMeans.cluster(new float[] { 1, Float.NaN }, 1, 1, 0, 10, 0));
		assertThrows(IllegalArgumentException.class, () -> KMeans.cluster(x, 1, 1, 0, -1, 0));
		assertThrows(IllegalArgumentException.class, () -> KMeans.cluster(x, 1, 1, 0, 10, Double.NaN));
		assertThrows(IllegalArgumentException.class, () -> KMeans.cluster((float[]) null, 1, 1, 0, 10, 0));
		Img<FloatType> img = ArrayImgs.floats(new float[] { 1, Float.NaN, 3 }, 3);
		assertThrows(IllegalArgumentException.class, () -> KMeans.segment(img, 2, 0));
		assertThrows(IllegalArgumentException.class, () -> KMeans.segment(ArrayImgs.floats(3), 4, 0));
		assertThrows(IllegalArgumentException.class, () -> KMeans.segmentRgb(ArrayImgs.argbs(2), 0, 0));
	}

	@Test
	void moreClustersThanDistinctValuesStillLabelsEveryPixel() {
		Img<UnsignedByteType> img = ArrayImgs.unsignedBytes(new byte[] { 5, 5, 5, 7 }, 4);
		for (IntType t : KMeans.segment(img, 3, 0))
			assertTrue(t.get() >= 1 && t.get() <= 3);
	}

	@Test
	void identicalPointsWithSeveralClusters() {
		float[] x = { 2, 3, 2, 3, 2, 3, 2, 3, 2, 3 };
		KMeans.Result r = KMeans.cluster(x, 2, 3, 0, 20, 0);
		assertEquals(0, r.inertia());
		for (int a : r.assignment())
			assertTrue(a >= 0 && a < 3);
		for (float[] c : r.centres())
			assertArrayEquals(new float[] { 2, 3 }, c);
	}

	@Test
	void worksOnViewsWithOffsetOrigin() {
		Img<UnsignedByteType> img = ClusterFixtures.threeLevelsByte(8);
		Img<IntType> labels = KMeans.segment(net.imglib2.view.Views.translate(img, 100, -7), 3, 0);
		ClusterFixtures.assertRegions(labels);
		assertEquals(0, labels.min(0));
	}

	private static int clamp(int v) {
		return Math.max(0, Math.min(255, v));
	}

	private static double d2(float[] x, int i, int d, float[] c) {
		double s = 0;
		for (int q = 0; q < d; q++) {
			double t = x[i * d + q] - c[q];
			s += t * t;
		}
		return s;
	}

	private static void assertImagesEqual(Img<FloatType> a, Img<FloatType> b) {
		LoopBuilder.setImages(a, b).forEachPixel((p, q) -> assertEquals(p.get(), q.get()));
	}

}
