package org.segmentij.deep.prompt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The prompt channels and windows against values written out by hand (analytic Gaussians, box membership). */
class PromptEncodingTest {

	private static final double SIGMA = 3;

	/** exp(-d^2 / (2 sigma^2)), the maximum over the points, at window pixel (u, v) of a window at (x0, y0) with a scale. */
	private static double gaussianReference(List<double[]> pts, double x0, double y0, double scale, int u, int v) {
		double best = 0;
		for (double[] p : pts) {
			double du = u - (p[0] - x0) / scale, dv = v - (p[1] - y0) / scale;
			best = Math.max(best, Math.exp(-(du * du + dv * dv) / (2 * SIGMA * SIGMA)));
		}
		return best;
	}

	@Test
	void gaussiansPeakAtThePointsWithTheAnalyticProfile() {
		List<double[]> pos = List.of(new double[] { 30, 40 }, new double[] { 35.5, 41.25 });
		List<double[]> neg = List.of(new double[] { 60, 25 });
		Prompt p = new Prompt(pos, neg, null);
		PromptEncoding.Window win = new PromptEncoding.Window(10, 20, 1, 64);
		float[] c = PromptEncoding.promptChannels(p, win, SIGMA);
		int plane = 64 * 64;
		assertEquals(3 * plane, c.length);
		for (int v = 0; v < 64; v++)
			for (int u = 0; u < 64; u++) {
				double gp = gaussianReference(pos, 10, 20, 1, u, v), gn = gaussianReference(neg, 10, 20, 1, u, v);
				// beyond 4 sigma the encoding writes 0 (the Gaussian is below 3.4e-4 there)
				assertEquals(gp, c[v * 64 + u], gp < 4e-4 ? 4e-4 : 1e-6, "positive at " + u + "," + v);
				assertEquals(gn, c[plane + v * 64 + u], gn < 4e-4 ? 4e-4 : 1e-6, "negative at " + u + "," + v);
				assertEquals(0, c[2 * plane + v * 64 + u], "no box");
			}
		// the first point sits on window pixel (20, 20): value 1; one pixel away exp(-1/18)
		assertEquals(1, c[20 * 64 + 20], 1e-7);
		assertEquals(Math.exp(-1 / 18.0), c[20 * 64 + 21], 1e-6);
		assertEquals(1, c[plane + 5 * 64 + 50], 1e-7);
	}

	@Test
	void atAScaleTheGaussianKeepsItsWidthInWindowPixels() {
		List<double[]> pos = List.of(new double[] { 40, 60 });
		PromptEncoding.Window win = new PromptEncoding.Window(0, 0, 2, 48);
		float[] c = PromptEncoding.promptChannels(new Prompt(pos, List.of(), null), win, SIGMA);
		assertEquals(1, c[30 * 48 + 20], 1e-7); // image (40, 60) is window (20, 30)
		for (int v = 0; v < 48; v++)
			for (int u = 0; u < 48; u++) {
				double g = gaussianReference(pos, 0, 0, 2, u, v);
				assertEquals(g, c[v * 48 + u], g < 4e-4 ? 4e-4 : 1e-6);
			}
	}

	@Test
	void theBoxIsOneInsideItsInclusivePixelRange() {
		Prompt p = Prompt.box(12, 25, 30, 33);
		PromptEncoding.Window win = new PromptEncoding.Window(5, 10, 1, 40);
		float[] c = PromptEncoding.promptChannels(p, win, SIGMA);
		int plane = 40 * 40;
		int ones = 0;
		for (int v = 0; v < 40; v++)
			for (int u = 0; u < 40; u++) {
				int x = u + 5, y = v + 10;
				boolean in = x >= 12 && x <= 30 && y >= 25 && y <= 33;
				assertEquals(in ? 1f : 0f, c[2 * plane + v * 40 + u], x + "," + y);
				ones += in ? 1 : 0;
				assertEquals(0, c[v * 40 + u]);
			}
		assertEquals(19 * 9, ones);
		// at scale 2, window pixel (u, v) is image (2u, 2v): inside for 12 <= 2u <= 30
		float[] c2 = PromptEncoding.promptChannels(p, new PromptEncoding.Window(0, 0, 2, 32), SIGMA);
		for (int v = 0; v < 32; v++)
			for (int u = 0; u < 32; u++)
				assertEquals(2 * u >= 11.5 && 2 * u <= 30.5 && 2 * v >= 24.5 && 2 * v <= 33.5 ? 1f : 0f, c2[2 * 32 * 32 + v * 32 + u]);
	}

	@Test
	void windowsCentreOnThePromptAndGrowWithTheObject() {
		PromptEncoding.Window w = PromptEncoding.window(Prompt.point(100.3, 50.7), null, 96);
		assertEquals(1, w.scale());
		assertEquals(Math.round(100.3 - 47.5), w.x0());
		assertEquals(Math.round(50.7 - 47.5), w.y0());
		// a small box: scale 1, centred
		PromptEncoding.Window b = PromptEncoding.window(Prompt.box(10, 20, 39, 49), null, 96);
		assertEquals(1, b.scale());
		assertEquals(24.5 - 47.5, b.x0(), 0.5 + 1e-9);
		// a box of 150 pixels: the window is twice as large, 300 image pixels over 96 window pixels
		PromptEncoding.Window big = PromptEncoding.window(Prompt.box(0, 0, 149, 99), null, 96);
		assertEquals(300.0 / 96, big.scale(), 1e-12);
		assertEquals(74.5, big.imageX(47.5), 1e-9);
		assertEquals(49.5, big.imageY(47.5), 1e-9);
		// the previous mask's box counts like a box; negative clicks do not move the window
		PromptEncoding.Window prev = PromptEncoding.window(Prompt.point(10, 10).plus(500, 500, false), new double[] { 0, 0, 199, 19 }, 64);
		assertEquals(400.0 / 64, prev.scale(), 1e-12);
		assertEquals(99.5, prev.imageX(31.5), 1e-9);
		// two distant positive clicks: both inside
		PromptEncoding.Window two = PromptEncoding.window(Prompt.point(0, 0).plus(120, 0, true), null, 96);
		assertTrue(two.windowX(0) >= 0 && two.windowX(120) <= 95, two.toString());
		assertEquals((120 + 48.0) / 96, two.scale(), 1e-12);
	}

	@Test
	void samplingCopiesAtScaleOneAndMapsBack() {
		int w = 50, h = 40;
		float[] img = new float[w * h];
		for (int i = 0; i < img.length; i++)
			img[i] = (float) Math.sin(i * 0.37) + i * 1e-3f;
		PromptEncoding.Window win = new PromptEncoding.Window(-8, 20, 1, 32);
		float[] dst = new float[32 * 32];
		PromptEncoding.sampleImage(img, w, h, win, dst, 0);
		for (int v = 0; v < 32; v++)
			for (int u = 0; u < 32; u++) {
				int x = u - 8, y = v + 20;
				assertEquals(x >= 0 && y < h ? img[y * w + x] : 0f, dst[v * 32 + u], x + "," + y);
			}
		float[][] back = new float[1][];
		int[] bounds = PromptEncoding.toImage(dst, win, w, h, back);
		assertArrayEquals(new int[] { 0, 20, 23, 39 }, bounds);
		for (int y = 20; y <= 39; y++)
			for (int x = 0; x <= 23; x++)
				assertEquals(img[y * w + x], back[0][(y - 20) * 24 + x], 1e-6);
		assertNull(new PromptEncoding.Window(100, 100, 1, 8).imageBounds(w, h));
		// a constant image stays constant at any scale inside the image
		java.util.Arrays.fill(img, 3f);
		float[] d2 = new float[16 * 16];
		PromptEncoding.sampleImage(img, w, h, new PromptEncoding.Window(2, 2, 2.3, 16), d2, 0);
		assertEquals(3f, d2[5 * 16 + 5], 1e-6);
	}

	@Test
	void maskRegionsKnowTheirBoxAreaAndPixels() {
		float[] p = new float[6 * 4];
		p[1 * 6 + 2] = 0.9f;
		p[2 * 6 + 4] = 0.7f;
		p[3 * 6 + 0] = 0.4f;
		MaskRegion m = new MaskRegion(10, 20, 6, 4, p);
		assertArrayEquals(new double[] { 12, 21, 14, 22 }, m.box(0.5));
		assertEquals(2, m.area(0.5));
		assertEquals(3, m.area(0.3));
		assertEquals(0.9f, m.at(12, 21));
		assertEquals(0f, m.at(0, 0));
		assertEquals(0.7f, m.toImage(30, 30).getAt(14, 22).get());
		assertNull(m.box(0.95));
	}
}
