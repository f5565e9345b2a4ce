package org.segmentij.deep.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.segmentij.InputException;
import org.segmentij.UsageException;
import org.segmentij.deep.TinyNets;
import org.segmentij.image.Axis;
import org.segmentij.image.AxisImage;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import net.imglib2.RandomAccess;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

class TiledInferenceTest {

	/** A 3x3 box sum with zero padding per tile and channel: translation-equivariant, radius 1. */
	static TileBatch boxSum(TileBatch in) {
		float[] o = new float[in.data().length];
		int h = in.h(), w = in.w();
		for (int b = 0; b < in.n(); b++)
			for (int c = 0; c < in.c(); c++) {
				int base = (b * in.c() + c) * h * w;
				Normalization.Affine a = in.normalize()[c];
				for (int y = 0; y < h; y++)
					for (int x = 0; x < w; x++) {
						double s = 0;
						for (int dy = -1; dy <= 1; dy++)
							for (int dx = -1; dx <= 1; dx++) {
								int yy = y + dy, xx = x + dx;
								if (yy >= 0 && yy < h && xx >= 0 && xx < w)
									s += (in.data()[base + yy * w + xx] - a.offset()) * a.scale();
							}
						o[base + y * w + x] = (float) s;
					}
			}
		return new TileBatch(o, in.n(), in.c(), h, w, null);
	}

	private static Img<UnsignedShortType> random(long seed, long... dims) {
		Img<UnsignedShortType> img = ArrayImgs.unsignedShorts(dims);
		Random r = new Random(seed);
		img.forEach(t -> t.set(r.nextInt(4000)));
		return img;
	}

	/** Reflect index as numpy "reflect", written independently of the engine. */
	private static int reflect(int i, int n) {
		while (i < 0 || i >= n)
			i = i < 0 ? -i : 2 * (n - 1) - i;
		return i;
	}

	@Test
	void tiledBoxSumEqualsTheBruteForceOnThePaddedImage() {
		int w = 101, h = 67, m = 4; // padded to 104 x 68
		Img<UnsignedShortType> img = random(3, w, h, 2, 3); // X Y C Z
		AxisImage<UnsignedShortType> ai = AxisImage.of("r", img, Axis.X, Axis.Y, Axis.C, Axis.Z);
		Outputs.Probabilities out = new Outputs.Probabilities(ai, 2, "p");
		TiledInference.Stats s = new TiledInference(TiledInferenceTest::boxSum, m, new Tiling(32, 24, 2, 3, Tiling.Blend.COSINE))
				.run(ai, 2, 2, Normalization.none(), out);
		assertEquals(4, s.maxBatchShape()[1] * 2);
		int pw = 104, ph = 68;
		RandomAccess<UnsignedShortType> ra = img.randomAccess();
		RandomAccess<FloatType> ro = out.image().data().randomAccess();
		for (int z = 0; z < 3; z++)
			for (int c = 0; c < 2; c++)
				for (int y = 0; y < h; y++)
					for (int x = 0; x < w; x++) {
						double e = 0;
						for (int dy = -1; dy <= 1; dy++)
							for (int dx = -1; dx <= 1; dx++) {
								int yy = y + dy, xx = x + dx;
								if (yy < 0 || yy >= ph || xx < 0 || xx >= pw)
									continue; // zero padding of the padded image
								ra.setPosition(new int[] { reflect(xx, w), reflect(yy, h), c, z });
								e += ra.get().get();
							}
						ro.setPosition(new int[] { x, y, c, z });
						assertEquals(e, ro.get().get(), 1e-3 * Math.max(1, Math.abs(e) * 1e-3), "at " + x + "," + y + "," + c + "," + z);
					}
	}

	@Test
	void layoutCoversThePaddedAxisWithAlignedTilesAndBlendsToOne() {
		for (Tiling.Blend blend : Tiling.Blend.values()) {
			Tiling t = new Tiling(64, 64, 6, 1, blend);
			Tiling.Axis a = t.layout(300, 64, 8, "width");
			assertEquals(304, a.padded());
			for (int o : a.origins())
				assertEquals(0, o % 8);
			assertEquals(0, a.origins()[0]);
			assertEquals(304 - 64, a.origins()[a.origins().length - 1]);
			// regular stride: the ramps of neighbours sum to one (partition of unity)
			int last = a.origins()[a.origins().length - 2] + 64;
			for (int x = 0; x < last - 6; x++)
				assertEquals(1.0, a.sum()[x], 1e-6, blend + " at " + x);
			// the halo is discarded at inner borders
			float[] w1 = a.weights()[1];
			for (int j = 0; j < 6; j++) {
				assertEquals(0f, w1[j]);
				assertEquals(0f, w1[63 - j]);
			}
			assertTrue(w1[32] == 1f);
		}
		assertThrows(UsageException.class, () -> Tiling.of(30, 4, 1).layout(100, 30, 8, "width"));
		assertThrows(UsageException.class, () -> Tiling.of(32, 10, 1).layout(100, 32, 8, "width"));
	}

	@Test
	void reportsProgressPerTileRowAndStopsWhenCanceled() {
		AxisImage<UnsignedShortType> ai = AxisImage.of("r", random(5, 64, 64), Axis.X, Axis.Y);
		TiledInference engine = new TiledInference(TiledInferenceTest::boxSum, 1, new Tiling(16, 16, 0, 1, Tiling.Blend.COSINE));
		java.util.List<long[]> steps = new java.util.ArrayList<>();
		org.segmentij.TaskMonitor.with(new org.segmentij.TaskMonitor.Listener() {
			@Override
			public void progress(String what, long done, long total) {
				steps.add(new long[] { done, total });
			}

			@Override
			public boolean canceled() {
				return false;
			}
		}, () -> engine.run(ai, 1, 1, Normalization.none(), new Outputs.Probabilities(ai, 1, "p")));
		// 64/16 = 4 rows of 4 tiles: one report before each row, 0, 4, 8, 12 of 16
		assertEquals(4, steps.size());
		for (int r = 0; r < 4; r++) {
			assertEquals(4L * r, steps.get(r)[0]);
			assertEquals(16L, steps.get(r)[1]);
		}
		int[] calls = { 0 };
		org.segmentij.TaskMonitor.CanceledException e = assertThrows(org.segmentij.TaskMonitor.CanceledException.class,
				() -> org.segmentij.TaskMonitor.with(new org.segmentij.TaskMonitor.Listener() {
					@Override
					public void progress(String what, long done, long total) {
					}

					@Override
					public boolean canceled() {
						return ++calls[0] > 2; // Esc after two rows
					}
				}, () -> engine.run(ai, 1, 1, Normalization.none(), new Outputs.Probabilities(ai, 1, "p"))));
		assertEquals(3, calls[0]);
		assertTrue(e.getMessage().contains("canceled"), e.getMessage());
		// without a listener nothing is reported and nothing stops
		engine.run(ai, 1, 1, Normalization.none(), new Outputs.Probabilities(ai, 1, "p"));
	}

	@Test
	void channelMismatchIsAnInputError() {
		AxisImage<UnsignedShortType> ai = AxisImage.of("r", random(1, 20, 20), Axis.X, Axis.Y);
		InputException e = assertThrows(InputException.class, () -> new TiledInference(TiledInferenceTest::boxSum, 1,
				Tiling.of(16, 2, 1)).run(ai, 3, 3, Normalization.none(), new Outputs.Labels(ai, 3, "l")));
		assertTrue(e.getMessage().contains("3 input channel"), e.getMessage());
	}

	/** Tiled = untiled (one pass over the whole image, run through DJL directly) for a real conv net. */
	@Test
	void tiledDjlConvNetEqualsOneWholeImagePass() throws Exception {
		int w = 150, h = 117;
		Img<UnsignedShortType> img = random(5, w, h, 2);
		AxisImage<UnsignedShortType> ai = AxisImage.of("r", img, Axis.X, Axis.Y, Axis.C);
		Normalization norm = Normalization.percentile(1, 99.8);
		try (Model model = TinyNets.model("tiny", 2, 6, 3, 11);
				Predictor<TileBatch, TileBatch> p = model.newPredictor(new SegmentationTranslator(Activation.SOFTMAX))) {
			Outputs.Probabilities tiled = new Outputs.Probabilities(ai, 3, "t");
			TiledInference.Stats s = new TiledInference(new DjlTilePredictor(p), 1,
					new Tiling(48, 40, 4, 4, Tiling.Blend.COSINE)).run(ai, 2, 3, norm, tiled);
			assertArrayEquals(new long[] { 4, 2, 40, 48 }, s.maxBatchShape());

			// reference: whole image, normalised here (percentiles by sorting), block forward, softmax
			float[] x = new float[2 * h * w];
			RandomAccess<UnsignedShortType> ra = img.randomAccess();
			for (int c = 0; c < 2; c++) {
				double[] v = new double[w * h];
				for (int y = 0; y < h; y++)
					for (int i = 0; i < w; i++) {
						ra.setPosition(new int[] { i, y, c });
						v[y * w + i] = ra.get().get();
					}
				double[] sorted = v.clone();
				Arrays.sort(sorted);
				double lo = numpyPercentile(sorted, 1), hi = numpyPercentile(sorted, 99.8);
				for (int i = 0; i < v.length; i++)
					x[c * w * h + i] = (float) ((v[i] - lo) / (hi - lo + 1e-6));
			}
			float[] ref;
			try (NDManager m = model.getNDManager().newSubManager()) {
				NDArray in = m.create(x, new Shape(1, 2, h, w));
				NDArray o = model.getBlock().forward(new ParameterStore(m, false), new NDList(in), false).head().softmax(1);
				ref = o.toFloatArray();
			}
			RandomAccess<FloatType> ro = tiled.image().data().randomAccess();
			double maxDiff = 0;
			for (int k = 0; k < 3; k++)
				for (int y = 0; y < h; y++)
					for (int i = 0; i < w; i++) {
						ro.setPosition(new int[] { i, y, k });
						maxDiff = Math.max(maxDiff, Math.abs(ro.get().get() - ref[(k * h + y) * w + i]));
					}
			assertTrue(maxDiff < 1e-4, "max |tiled - whole| = " + maxDiff);

			// and the engine's own untiled mode gives the same labels as the tiled one
			Outputs.Labels l1 = new Outputs.Labels(ai, 3, "a"), l2 = new Outputs.Labels(ai, 3, "b");
			new TiledInference(new DjlTilePredictor(p), 1, Tiling.untiled()).run(ai, 2, 3, norm, l1);
			new TiledInference(new DjlTilePredictor(p), 1, Tiling.of(32, 3, 2).withBlend(Tiling.Blend.LINEAR)).run(ai, 2, 3, norm, l2);
			long diff = 0, n = 0;
			var c1 = l1.image().data().cursor();
			var c2 = l2.image().data().cursor();
			RandomAccess<FloatType> rp = tiled.image().data().randomAccess();
			while (c1.hasNext()) {
				int a = c1.next().get(), b = c2.next().get();
				// argmax of the reference probabilities
				rp.setPosition(c1.getIntPosition(0), 0);
				rp.setPosition(c1.getIntPosition(1), 1);
				int best = 0;
				float bv = -1;
				for (int k = 0; k < 3; k++) {
					rp.setPosition(k, 2);
					if (rp.get().get() > bv) {
						bv = rp.get().get();
						best = k;
					}
				}
				if (a != b || a != best)
					diff++;
				n++;
			}
			assertTrue(diff <= n / 1000, diff + " of " + n + " labels differ (ties only)");
		}
	}

	private static double numpyPercentile(double[] sorted, double q) {
		double pos = q / 100 * (sorted.length - 1);
		int k = (int) Math.floor(pos);
		double f = pos - k;
		return k + 1 < sorted.length ? sorted[k] + f * (sorted[k + 1] - sorted[k]) : sorted[k];
	}

	@Test
	void percentilesAreExactOrderStatisticsWithNumpyInterpolation() {
		Random r = new Random(9);
		Img<FloatType> img = ArrayImgs.floats(333, 71);
		img.forEach(t -> t.set(r.nextInt(10) == 0 ? 7.25f : (float) (r.nextGaussian() * 1e3)));
		double[] all = new double[333 * 71];
		int i = 0;
		for (FloatType t : img)
			all[i++] = t.get();
		Arrays.sort(all);
		double[] q = { 0, 1, 3.3, 50, 99.8, 100 };
		double[] got = Normalization.percentiles(img, q);
		for (int j = 0; j < q.length; j++)
			assertEquals(numpyPercentile(all, q[j]), got[j], 1e-9, "q=" + q[j]);
		Normalization.Affine a = Normalization.zeroMeanUnitVariance().fit(img);
		double mean = Arrays.stream(all).average().orElseThrow();
		double var = Arrays.stream(all).map(v -> (v - mean) * (v - mean)).sum() / all.length;
		assertEquals(mean, a.offset(), 1e-6 * Math.abs(mean) + 1e-9);
		assertEquals(1 / (Math.sqrt(var) + Normalization.EPS), a.scale(), 1e-9);
	}

	/**
	 * Percentiles that fall in a bin of many values: one repeated value (a zero background) is
	 * answered without collecting the values; a bin of many distinct values is refined by further
	 * histograms instead of being collected whole (here with a limit of 50 values). Oracle: sorting.
	 */
	@Test
	void percentilesOfCrowdedBinsAreExactWithBoundedMemory() {
		Random r = new Random(4);
		Img<FloatType> zeros = ArrayImgs.floats(301, 200);
		zeros.forEach(t -> t.set(r.nextInt(10) == 0 ? (float) (r.nextGaussian() * 500 + 2000) : 0f));
		Img<FloatType> spread = ArrayImgs.floats(251, 97);
		// most values crowded into a sliver of the range (one bin of the first histogram), a few far out
		spread.forEach(t -> t.set(r.nextInt(50) == 0 ? (float) (r.nextGaussian() * 1e6) : (float) (1 + r.nextDouble() * 1e-3)));
		double[] q = { 0, 1, 2, 50, 90, 99.8, 100 };
		for (Img<FloatType> img : List.of(zeros, spread)) {
			double[] all = new double[(int) img.size()];
			int i = 0;
			for (FloatType t : img)
				all[i++] = t.get();
			Arrays.sort(all);
			double[] got = Normalization.percentiles(img, q);
			for (int j = 0; j < q.length; j++)
				assertEquals(numpyPercentile(all, q[j]), got[j], 1e-12 * Math.max(1, Math.abs(got[j])), "q=" + q[j]);
			// the order statistics themselves with at most 50 values collected at a time
			double min = all[0], max = all[all.length - 1], scale = 65536 / (max - min);
			long[] hist = new long[65536];
			for (double v : all)
				hist[Math.min(65535, Math.max(0, (int) ((v - min) * scale)))]++;
			for (long k : new long[] { 0, 7, all.length / 3, all.length / 2, all.length - 2, all.length - 1 })
				assertEquals(all[(int) k], Normalization.orderStatistic(img, hist, k, min, scale, 65536, 50), "k=" + k);
		}
	}

	/**
	 * Memory: a 4096 x 4096 image runs in tiles; the network never sees a batch larger than
	 * batch x channels x tile x tile, and the only per-run buffer is one band of tile rows. The
	 * "network" is a per-pixel two-class threshold in Java (fast), so the labels must equal the
	 * thresholded image exactly.
	 */
	@Test
	void largeImageUsesTileSizedTensorsOnly() {
		int size = 4096;
		byte[] pix = new byte[size * size];
		new Random(1).nextBytes(pix);
		Img<UnsignedByteType> img = ArrayImgs.unsignedBytes(pix, size, size);
		AxisImage<UnsignedByteType> ai = AxisImage.of("big", img, Axis.X, Axis.Y);
		TilePredictor threshold = in -> {
			int plane = in.h() * in.w();
			float[] o = new float[in.n() * 2 * plane];
			for (int b = 0; b < in.n(); b++)
				for (int i = 0; i < plane; i++) {
					float fg = in.data()[b * plane + i] > 127.5f ? 1f : 0f;
					o[(2 * b) * plane + i] = 1 - fg;
					o[(2 * b + 1) * plane + i] = fg;
				}
			return new TileBatch(o, in.n(), 2, in.h(), in.w(), null);
		};
		Outputs.Labels labels = new Outputs.Labels(ai, 2, "l");
		TiledInference.Stats s = new TiledInference(threshold, 8, Tiling.of(512, 8, 8)).run(ai, 1, 2, Normalization.none(), labels);
		assertArrayEquals(new long[] { 8, 1, 512, 512 }, s.maxBatchShape());
		assertArrayEquals(new long[] { 8, 2, 512, 512 }, s.maxOutputShape());
		assertEquals(2L * 512 * size, s.bandFloats());
		assertEquals(81, s.tiles()); // stride 512 - 3*8 rounded down to 8 = 488: 9 x 9 tiles
		var c = labels.image().data().cursor();
		int i = 0;
		while (c.hasNext())
			assertEquals((pix[i++] & 0xff) > 127 ? 1 : 0, c.next().get());
	}
}
