package org.segmentij.classical.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;

import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import net.imglib2.RandomAccess;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.Test;
import org.segmentij.classical.edge.Gradients.Gradient;
import org.segmentij.classical.edge.Gradients.Gradient3D;

class GradientsTest {

	private static float at(Img<FloatType> img, long... pos) {
		RandomAccess<FloatType> ra = img.randomAccess();
		ra.setPosition(pos);
		return ra.get().get();
	}

	private static Img<FloatType> ramp(int w, int h, double a, double b, double c) {
		Img<FloatType> img = ArrayImgs.floats(w, h);
		RandomAccess<FloatType> ra = img.randomAccess();
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				ra.setPosition(new long[] { x, y });
				ra.get().setReal(a * x + b * y + c);
			}
		return img;
	}

	@Test
	void sobelOfARampIs8TimesTheSlope() {
		double a = 1.5, b = -0.75;
		Gradient g = Gradients.sobel(ramp(12, 10, a, b, 3));
		for (int y = 1; y < 9; y++)
			for (int x = 1; x < 11; x++) {
				assertEquals(8 * a, at(g.gx(), x, y), 1e-4);
				assertEquals(8 * b, at(g.gy(), x, y), 1e-4);
				assertEquals(Math.hypot(8 * a, 8 * b), at(g.magnitude(), x, y), 1e-4);
				assertEquals(Math.atan2(b, a), at(g.direction(), x, y), 1e-5);
			}
		// replicated border: the one-sided difference, half the interior value
		assertEquals(4 * a, at(g.gx(), 0, 5), 1e-4);
		assertEquals(4 * a, at(g.gx(), 11, 5), 1e-4);
		assertEquals(4 * b, at(g.gy(), 5, 0), 1e-4);
		assertEquals(8 * a, at(g.gx(), 5, 0), 1e-4);
	}

	@Test
	void scharrOfARampIs32TimesTheSlope() {
		Gradient g = Gradients.scharr(ramp(8, 9, 2, 0, 0));
		Gradient gy = Gradients.scharr(ramp(8, 9, 0, 1, 0));
		for (int y = 1; y < 8; y++)
			for (int x = 1; x < 7; x++) {
				assertEquals(64, at(g.gx(), x, y), 1e-4);
				assertEquals(0, at(g.gy(), x, y), 1e-4);
				assertEquals(0, at(g.direction(), x, y), 1e-6);
				assertEquals(32, at(gy.gy(), x, y), 1e-4);
				assertEquals(Math.PI / 2, at(gy.direction(), x, y), 1e-6);
			}
	}

	@Test
	void stepEdge() {
		int w = 10, h = 6;
		Img<FloatType> img = ArrayImgs.floats(w, h);
		RandomAccess<FloatType> ra = img.randomAccess();
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				ra.setPosition(new long[] { x, y });
				ra.get().set(x >= 5 ? 10 : 0);
			}
		Gradient s = Gradients.sobel(img), c = Gradients.scharr(img);
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				boolean edge = x == 4 || x == 5;
				assertEquals(edge ? 40 : 0, at(s.gx(), x, y), 1e-5);
				assertEquals(edge ? 160 : 0, at(c.gx(), x, y), 1e-5);
				assertEquals(0, at(s.gy(), x, y), 1e-5);
				assertEquals(edge ? 40 : 0, at(s.magnitude(), x, y), 1e-5);
			}
		// a dark-to-bright edge downwards: gy positive, direction +pi/2
		Gradient t = Gradients.sobel(ramp(5, 5, 0, 1, 0));
		assertEquals(Math.PI / 2, at(t.direction(), 2, 2), 1e-6);
	}

	@Test
	void magnitudeMatchesImageJFindEdgesInTheInterior() {
		Random r = new Random(7);
		int w = 23, h = 17;
		ImageProcessor[] ips = { new FloatProcessor(w, h), new ShortProcessor(w, h), new ByteProcessor(w, h) };
		for (ImageProcessor ip : ips) {
			Img<FloatType> img = ArrayImgs.floats(w, h);
			RandomAccess<FloatType> ra = img.randomAccess();
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					// small integers keep the 8-bit result below its 255 clamp
					float v = ip instanceof FloatProcessor ? (float) (r.nextGaussian() * 50) : r.nextInt(40);
					ip.setf(x, y, v);
					ra.setPosition(new long[] { x, y });
					ra.get().set(v);
				}
			ImageProcessor edges = ip.duplicate();
			edges.findEdges();
			Gradient g = Gradients.sobel(img);
			for (int y = 1; y < h - 1; y++)
				for (int x = 1; x < w - 1; x++) {
					float ours = at(g.magnitude(), x, y);
					if (ip instanceof FloatProcessor)
						assertEquals(edges.getf(x, y), ours, 1e-3 * Math.max(1, ours), ip + " at " + x + "," + y);
					else // integer types truncate sqrt
						assertEquals(edges.get(x, y), (int) (ours + 1e-4), ip + " at " + x + "," + y);
				}
		}
	}

	@Test
	void stackPlanesAreIndependent() {
		int w = 6, h = 5, nz = 3;
		Img<FloatType> img = ArrayImgs.floats(w, h, nz);
		RandomAccess<FloatType> ra = img.randomAccess();
		for (int z = 0; z < nz; z++)
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					ra.setPosition(new long[] { x, y, z });
					ra.get().setReal((z + 1) * x + 100 * z);
				}
		Gradient g = Gradients.sobel(img);
		for (int z = 0; z < nz; z++)
			for (int y = 0; y < h; y++)
				for (int x = 1; x < w - 1; x++) {
					assertEquals(8 * (z + 1), at(g.gx(), x, y, z), 1e-4);
					assertEquals(0, at(g.gy(), x, y, z), 1e-4);
				}
	}

	@Test
	void sobel3dOfARamp() {
		int n = 6;
		Img<FloatType> img = ArrayImgs.floats(n, n, n);
		RandomAccess<FloatType> ra = img.randomAccess();
		for (int z = 0; z < n; z++)
			for (int y = 0; y < n; y++)
				for (int x = 0; x < n; x++) {
					ra.setPosition(new long[] { x, y, z });
					ra.get().setReal(1 * x - 2 * y + 0.5 * z);
				}
		Gradient3D g = Gradients.sobel3d(img);
		for (int z = 1; z < n - 1; z++)
			for (int y = 1; y < n - 1; y++)
				for (int x = 1; x < n - 1; x++) {
					assertEquals(32, at(g.gx(), x, y, z), 1e-3);
					assertEquals(-64, at(g.gy(), x, y, z), 1e-3);
					assertEquals(16, at(g.gz(), x, y, z), 1e-3);
					assertEquals(Math.sqrt(32 * 32 + 64 * 64 + 16 * 16), at(g.magnitude(), x, y, z), 1e-3);
				}
		assertThrows(IllegalArgumentException.class, () -> Gradients.sobel3d(ArrayImgs.floats(3, 3)));
	}

	@Test
	void constantImageHasNoGradientAndBadInputIsRejected() {
		Gradient g = Gradients.sobel(ramp(4, 3, 0, 0, 5));
		for (int y = 0; y < 3; y++)
			for (int x = 0; x < 4; x++)
				assertEquals(0, at(g.magnitude(), x, y), 0);
		assertThrows(IllegalArgumentException.class, () -> Gradients.sobel(null));
		assertThrows(IllegalArgumentException.class, () -> Gradients.scharr(ArrayImgs.floats(5)));
	}
}
