package org.segmentij.classical.cluster;

import java.util.Random;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

/** Synthetic data for the clustering tests. */
final class ClusterFixtures {

	private ClusterFixtures() {
	}

	/** Gaussian blobs: points with their true blob index. */
	record Blobs(float[] features, int dims, int[] truth, float[][] centres) {
		int n() {
			return truth.length;
		}
	}

	/** {@code perBlob} points around each centre (centres sorted by first coordinate), shuffled. */
	static Blobs blobs(float[][] centres, int perBlob, double sigma, long seed) {
		Random r = new Random(seed);
		int k = centres.length, d = centres[0].length, n = k * perBlob;
		int[] truth = new int[n];
		for (int i = 0; i < n; i++)
			truth[i] = i % k;
		for (int i = n - 1; i > 0; i--) {
			int j = r.nextInt(i + 1), t = truth[i];
			truth[i] = truth[j];
			truth[j] = t;
		}
		float[] x = new float[n * d];
		for (int i = 0; i < n; i++)
			for (int q = 0; q < d; q++)
				x[i * d + q] = (float) (centres[truth[i]][q] + sigma * r.nextGaussian());
		return new Blobs(x, d, truth, centres);
	}

	static final float[][] THREE = { { 0, 0 }, { 5, 8 }, { 10, 0 } };

	/** Region (0, 1, 2) of pixel (x, y) in the three-level images: vertical bands plus a square. */
	static int region(int x, int y) {
		if (x >= 10 && x < 20 && y >= 10 && y < 20)
			return 2;
		return x < 20 ? 0 : x < 40 ? 1 : 2;
	}

	static final int W = 60, H = 40;
	static final double[] LEVELS = { 10, 50, 100 };

	static Img<FloatType> threeLevelsFloat(long seed) {
		Random r = new Random(seed);
		Img<FloatType> img = ArrayImgs.floats(W, H);
		var ra = img.randomAccess();
		for (int y = 0; y < H; y++)
			for (int x = 0; x < W; x++) {
				ra.setPositionAndGet(x, y).setReal(LEVELS[region(x, y)] + 2 * r.nextGaussian());
			}
		return img;
	}

	static Img<UnsignedByteType> threeLevelsByte(long seed) {
		Random r = new Random(seed);
		Img<UnsignedByteType> img = ArrayImgs.unsignedBytes(W, H);
		var ra = img.randomAccess();
		for (int y = 0; y < H; y++)
			for (int x = 0; x < W; x++)
				ra.setPositionAndGet(x, y).set((int) LEVELS[region(x, y)] + r.nextInt(7) - 3);
		return img;
	}

	static void assertRegions(Img<IntType> labels) {
		var ra = labels.randomAccess();
		for (int y = 0; y < H; y++)
			for (int x = 0; x < W; x++)
				org.junit.jupiter.api.Assertions.assertEquals(region(x, y) + 1, ra.setPositionAndGet(x, y).get(),
						"label at " + x + "," + y);
	}
}
