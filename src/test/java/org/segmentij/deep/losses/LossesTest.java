package org.segmentij.deep.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.ToDoubleFunction;

import org.junit.jupiter.api.Test;
import org.segmentij.UsageException;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

/**
 * Every loss against a plain-Java evaluation of its formula in double precision, and its DJL
 * autograd gradient (float32) against central finite differences of that plain-Java loss.
 */
class LossesTest {
	static final int N = 2, H = 3, W = 2, P = H * W, IGNORE = 9;

	/** Plain-Java oracle: logits z[n][c][p], labels y[n][p]. */
	static final class Ref {
		static double[][][] probs(double[][][] z) {
			int c = z[0].length;
			double[][][] p = new double[N][c][P];
			for (int n = 0; n < N; n++)
				for (int i = 0; i < P; i++) {
					if (c == 1) {
						p[n][0][i] = 1 / (1 + Math.exp(-z[n][0][i]));
						continue;
					}
					double max = Double.NEGATIVE_INFINITY, s = 0;
					for (int k = 0; k < c; k++)
						max = Math.max(max, z[n][k][i]);
					for (int k = 0; k < c; k++)
						s += Math.exp(z[n][k][i] - max);
					for (int k = 0; k < c; k++)
						p[n][k][i] = Math.exp(z[n][k][i] - max) / s;
				}
			return p;
		}

		/** probability of the true class */
		static double pt(double[][][] p, int[][] y, int n, int i) {
			return p[0].length == 1 ? (y[n][i] == 1 ? p[n][0][i] : 1 - p[n][0][i]) : p[n][y[n][i]][i];
		}

		static double ce(double[][][] z, int[][] y, double[] w, int ignore) {
			double[][][] p = probs(z);
			double num = 0, den = 0;
			for (int n = 0; n < N; n++)
				for (int i = 0; i < P; i++) {
					if (y[n][i] == ignore)
						continue;
					double wi = w == null ? 1 : w[y[n][i]];
					num += -wi * Math.log(pt(p, y, n, i));
					den += wi;
				}
			return num / den;
		}

		static double focal(double[][][] z, int[][] y, double gamma, double alpha, int ignore) {
			double[][][] p = probs(z);
			double num = 0, cnt = 0;
			for (int n = 0; n < N; n++)
				for (int i = 0; i < P; i++) {
					if (y[n][i] == ignore)
						continue;
					double pt = pt(p, y, n, i);
					double a = alpha < 0 ? 1 : y[n][i] >= 1 ? alpha : 1 - alpha;
					num += -a * Math.pow(1 - pt, gamma) * Math.log(pt);
					cnt++;
				}
			return num / cnt;
		}

		/** kind 0 dice, 1 jaccard, 2 tversky */
		static double overlap(int kind, double[][][] z, int[][] y, double smooth, double alpha, double beta, boolean bg, int ignore) {
			double[][][] p = probs(z);
			int c = z[0].length;
			int from = c == 1 ? 0 : bg ? 0 : 1;
			double total = 0;
			for (int k = from; k < c; k++) {
				double inter = 0, sp = 0, sg = 0;
				for (int n = 0; n < N; n++)
					for (int i = 0; i < P; i++) {
						if (y[n][i] == ignore)
							continue;
						double g = (c == 1 ? y[n][i] == 1 : y[n][i] == k) ? 1 : 0;
						inter += p[n][k][i] * g;
						sp += p[n][k][i];
						sg += g;
					}
				double fp = sp - inter, fn = sg - inter;
				total += kind == 0 ? (2 * inter + smooth) / (sp + sg + smooth)
						: kind == 1 ? (inter + smooth) / (sp + sg - inter + smooth) : (inter + smooth) / (inter + alpha * fp + beta * fn + smooth);
			}
			return 1 - total / (c - from);
		}
	}

	static double[][][] randomLogits(int c, long seed) {
		Random r = new Random(seed);
		double[][][] z = new double[N][c][P];
		for (double[][] a : z)
			for (double[] b : a)
				for (int i = 0; i < P; i++)
					b[i] = (float) (2 * r.nextGaussian()); // representable in float32
		return z;
	}

	static int[][] randomLabels(int c, long seed, boolean withIgnore) {
		Random r = new Random(seed);
		int[][] y = new int[N][P];
		for (int n = 0; n < N; n++)
			for (int i = 0; i < P; i++)
				y[n][i] = withIgnore && r.nextInt(5) == 0 ? IGNORE : r.nextInt(Math.max(c, 2));
		y[0][0] = Math.max(c, 2) - 1; // every class present at least once in small tests
		y[1][1] = 0;
		return y;
	}

	static float[] flat(double[][][] z) {
		int c = z[0].length;
		float[] f = new float[N * c * P];
		for (int n = 0; n < N; n++)
			for (int k = 0; k < c; k++)
				for (int i = 0; i < P; i++)
					f[(n * c + k) * P + i] = (float) z[n][k][i];
		return f;
	}

	/** Value and gradient from DJL; value vs the oracle, gradient vs central differences of the oracle. */
	static void check(String spec, SegLoss loss, int c, boolean withIgnore, ToDoubleFunction<double[][][]> ref, long seed) {
		double[][][] z = randomLogits(c, seed);
		int[][] y = randomLabels(c, seed + 100, withIgnore);
		float[] labels = new float[N * P];
		for (int n = 0; n < N; n++)
			for (int i = 0; i < P; i++)
				labels[n * P + i] = y[n][i];
		double want = ref.applyAsDouble(z);
		float got;
		float[] grad;
		try (NDManager m = NDManager.newBaseManager("PyTorch")) {
			NDArray logits = m.create(flat(z), new Shape(N, c, H, W));
			logits.setRequiresGradient(true);
			NDArray lab = m.create(labels, new Shape(N, H, W)).toType(ai.djl.ndarray.types.DataType.INT32, false);
			try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
				NDArray l = loss.compute(logits, lab);
				assertEquals(new Shape(), l.getShape(), spec);
				gc.backward(l);
				got = l.getFloat();
			}
			grad = logits.getGradient().toFloatArray();
		}
		assertEquals(want, got, 1e-5 * Math.max(1, Math.abs(want)), spec + " value");
		double eps = 1e-5, maxAbs = 0;
		double[] fd = new double[grad.length];
		for (int n = 0, j = 0; n < N; n++)
			for (int k = 0; k < c; k++)
				for (int i = 0; i < P; i++, j++) {
					double keep = z[n][k][i];
					z[n][k][i] = keep + eps;
					double up = ref.applyAsDouble(z);
					z[n][k][i] = keep - eps;
					double down = ref.applyAsDouble(z);
					z[n][k][i] = keep;
					fd[j] = (up - down) / (2 * eps);
					maxAbs = Math.max(maxAbs, Math.abs(fd[j]));
				}
		assertTrue(maxAbs > 1e-4, spec + ": gradient vanishes, the check would be empty");
		for (int j = 0; j < fd.length; j++)
			assertEquals(fd[j], grad[j], 1e-3 * maxAbs + 1e-6, spec + " gradient " + j);
	}

	@Test
	void crossEntropy() {
		check("ce multi", Losses.parse("ce"), 3, false, z -> Ref.ce(z, randomLabels(3, 101, false), null, -1), 1);
		check("ce weighted ignore", Losses.parse("ce(weights=0.5/2/1,ignore=9)"), 3, true,
				z -> Ref.ce(z, randomLabels(3, 102, true), new double[] { 0.5, 2, 1 }, IGNORE), 2);
		check("ce binary", Losses.parse("ce"), 1, false, z -> Ref.ce(z, randomLabels(1, 103, false), null, -1), 3);
		check("ce binary weighted ignore", Losses.parse("ce(weights=1/3)", IGNORE), 1, true,
				z -> Ref.ce(z, randomLabels(1, 104, true), new double[] { 1, 3 }, IGNORE), 4);
	}

	@Test
	void crossEntropyOfZeroLogitsIsLogC() {
		try (NDManager m = NDManager.newBaseManager("PyTorch")) {
			NDArray z = m.zeros(new Shape(1, 4, 2, 2));
			NDArray y = m.create(new int[] { 0, 1, 2, 3 }, new Shape(1, 2, 2));
			assertEquals(Math.log(4), new CrossEntropyLoss().compute(z, y).getFloat(), 1e-6);
			// Dice of p = 1/4 everywhere, classes 1..3 each present once: (2 * 1/4 + 1) / (1 + 1 + 1) = 0.5
			assertEquals(0.5, OverlapLoss.dice().compute(z, y).getFloat(), 1e-6);
		}
	}

	@Test
	void dice() {
		check("dice multi", Losses.parse("dice"), 3, false, z -> Ref.overlap(0, z, randomLabels(3, 111, false), 1, 0, 0, false, -1), 11);
		check("dice bg smooth ignore", Losses.parse("dice(smooth=0.1,background=true,ignore=9)"), 3, true,
				z -> Ref.overlap(0, z, randomLabels(3, 112, true), 0.1, 0, 0, true, IGNORE), 12);
		check("dice binary", Losses.parse("dice(smooth=0)"), 1, false, z -> Ref.overlap(0, z, randomLabels(1, 113, false), 0, 0, 0, false, -1), 13);
		check("dice two classes", Losses.parse("dice", IGNORE), 2, true, z -> Ref.overlap(0, z, randomLabels(2, 114, true), 1, 0, 0, false, 9), 14);
	}

	@Test
	void jaccard() {
		check("jaccard multi", Losses.parse("jaccard"), 3, false, z -> Ref.overlap(1, z, randomLabels(3, 121, false), 1, 0, 0, false, -1), 21);
		check("iou binary ignore", Losses.parse("iou(smooth=0.5)", IGNORE), 1, true,
				z -> Ref.overlap(1, z, randomLabels(1, 122, true), 0.5, 0, 0, false, IGNORE), 22);
	}

	@Test
	void tversky() {
		check("tversky multi", Losses.parse("tversky(alpha=0.3,beta=0.7)"), 3, false,
				z -> Ref.overlap(2, z, randomLabels(3, 131, false), 1, 0.3, 0.7, false, -1), 31);
		check("tversky binary ignore", Losses.parse("tversky(alpha=0.8,beta=0.2,smooth=0,ignore=9)"), 1, true,
				z -> Ref.overlap(2, z, randomLabels(1, 132, true), 0, 0.8, 0.2, false, IGNORE), 32);
		// alpha = beta = 0.5 is Dice (without smoothing: Tversky's smoothing term is then 2 s)
		check("tversky = dice", Losses.parse("tversky(smooth=0)"), 3, false, z -> Ref.overlap(0, z, randomLabels(3, 133, false), 0, 0, 0, false, -1), 33);
	}

	@Test
	void focal() {
		check("focal multi", Losses.parse("focal"), 3, false, z -> Ref.focal(z, randomLabels(3, 141, false), 2, -1, -1), 41);
		check("focal alpha ignore", Losses.parse("focal(gamma=1.5,alpha=0.25,ignore=9)"), 3, true,
				z -> Ref.focal(z, randomLabels(3, 142, true), 1.5, 0.25, IGNORE), 42);
		check("focal binary", Losses.parse("focal(gamma=2,alpha=0.75)"), 1, false, z -> Ref.focal(z, randomLabels(1, 143, false), 2, 0.75, -1), 43);
		// gamma 0 without alpha is the cross-entropy
		check("focal gamma 0", Losses.parse("focal(gamma=0)"), 3, false, z -> Ref.ce(z, randomLabels(3, 144, false), null, -1), 44);
	}

	@Test
	void weightedSum() {
		check("dice+ce", Losses.parse("dice+ce"), 2, false, z -> {
			int[][] y = randomLabels(2, 151, false);
			return Ref.overlap(0, z, y, 1, 0, 0, false, -1) + Ref.ce(z, y, null, -1);
		}, 51);
		check("0.5*jaccard+2*focal", Losses.parse("0.5*jaccard + 2*focal(gamma=1)", IGNORE), 3, true, z -> {
			int[][] y = randomLabels(3, 152, true);
			return 0.5 * Ref.overlap(1, z, y, 1, 0, 0, false, IGNORE) + 2 * Ref.focal(z, y, 1, -1, IGNORE);
		}, 52);
	}

	@Test
	void parsing() {
		SegLoss l = Losses.parse("0.5*dice+ce(weights=1/2,ignore=255)");
		assertTrue(l instanceof WeightedSumLoss);
		WeightedSumLoss s = (WeightedSumLoss) l;
		assertEquals(2, s.terms().size());
		assertEquals(0.5, s.weight(0));
		assertEquals(255, s.terms().get(1).ignoreIndex());
		assertEquals(s.spec(), Losses.parse(s.spec()).spec());
		assertEquals("focal(gamma=2.0,alpha=0.25)", Losses.parse("focal(alpha=0.25)").spec());
		assertThrows(UsageException.class, () -> Losses.parse("dice+"));
		assertThrows(UsageException.class, () -> Losses.parse("lovasz"));
		assertThrows(UsageException.class, () -> Losses.parse("dice(smoth=1)"));
		assertThrows(UsageException.class, () -> Losses.parse("focal(gamma=-1)"));
		assertThrows(UsageException.class, () -> Losses.parse("x*dice"));
		assertThrows(UsageException.class, () -> Losses.parse(""));
		try (NDManager m = NDManager.newBaseManager("PyTorch")) {
			NDArray z = m.zeros(new Shape(1, 2, 2, 2));
			UsageException e = assertThrows(UsageException.class, () -> Losses.parse("dice").compute(z, m.create(new int[] { 0, 1, 2, 1 }, new Shape(1, 2, 2))));
			assertTrue(e.getMessage().contains("0..1"), e.getMessage());
			assertThrows(UsageException.class, () -> Losses.parse("ce").compute(z, m.create(new int[] { 0, 1 }, new Shape(1, 1, 2))));
		}
	}
}
