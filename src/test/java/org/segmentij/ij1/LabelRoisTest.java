package org.segmentij.ij1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Roi;
import ij.gui.ShapeRoi;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.view.Views;

import org.junit.jupiter.api.Test;
import org.segmentij.classical.region.LabelTools;
import org.segmentij.metrics.RoiGroundTruth;

class LabelRoisTest {

	private static int[] arr(RandomAccessibleInterval<IntType> img) {
		long n = 1;
		for (long d : img.dimensionsAsLongArray())
			n *= d;
		int[] a = new int[(int) n];
		Cursor<IntType> c = Views.flatIterable(img).cursor();
		for (int i = 0; i < a.length; i++)
			a[i] = c.next().get();
		return a;
	}

	/** Random discs painted over each other (so they touch and cut each other), many with holes. */
	private static int[] blobs(Random r, int w, int h, int n) {
		int[] a = new int[w * h];
		for (int l = 1; l <= n; l++) {
			double cx = r.nextDouble() * w, cy = r.nextDouble() * h, rad = 3 + r.nextDouble() * 9;
			double hole = r.nextBoolean() ? rad * (0.2 + 0.4 * r.nextDouble()) : -1;
			double hx = cx + (r.nextDouble() - 0.5) * rad * 0.5, hy = cy + (r.nextDouble() - 0.5) * rad * 0.5;
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					if (Math.hypot(x - cx, y - cy) <= rad)
						a[y * w + x] = l;
					if (hole > 0 && Math.hypot(x - hx, y - hy) <= hole && a[y * w + x] == l)
						a[y * w + x] = 0;
				}
		}
		return a;
	}

	/** Consecutive labels 1..n in raster order, so that ROI i+1 is label i+1. */
	private static int[] sequential(int[] a, int w, int h) {
		return arr(LabelTools.relabelSequential(ArrayImgs.ints(a, w, h)));
	}

	private static ShortProcessor plane(int[] a, int w, int h) {
		ShortProcessor sp = new ShortProcessor(w, h);
		for (int i = 0; i < a.length; i++)
			sp.set(i % w, i / w, a[i]);
		return sp;
	}

	@Test
	void roundTripOfRandomBlobsIsExact() {
		Random r = new Random(11);
		int w = 70, h = 50;
		for (int rep = 0; rep < 8; rep++) {
			int[] a = sequential(blobs(r, w, h, 14), w, h);
			List<Roi> rois = LabelRois.toRois(new ImagePlus("blobs", plane(a, w, h)));
			int n = 0;
			for (int v : a)
				n = Math.max(n, v);
			assertEquals(n, rois.size());
			for (int i = 0; i < n; i++) {
				assertEquals("label-" + (i + 1), rois.get(i).getName());
				assertEquals(0, rois.get(i).getPosition());
			}
			assertArrayEquals(a, arr(RoiGroundTruth.toLabels(rois, w, h, 1).labels()), "repetition " + rep);
			assertArrayEquals(a, arr(LabelRois.fromRois(rois, w, h, 1)), "repetition " + rep);
		}
	}

	@Test
	void roundTripOfLabelNoiseIsExact() {
		// diagonal-only contacts, one-pixel objects and holes everywhere
		Random r = new Random(12);
		int w = 31, h = 29;
		int[] a = new int[w * h];
		for (int i = 0; i < a.length; i++)
			a[i] = r.nextInt(5);
		a = sequential(a, w, h);
		List<Roi> rois = LabelRois.toRois(new ImagePlus("noise", plane(a, w, h)));
		assertArrayEquals(a, arr(RoiGroundTruth.toLabels(rois, w, h, 1).labels()));
	}

	@Test
	void ringBecomesOneRoiWithAHole() {
		int w = 9, h = 9;
		int[] a = new int[w * h];
		for (int y = 2; y <= 6; y++)
			for (int x = 2; x <= 6; x++)
				a[y * w + x] = x == 4 && y == 4 ? 0 : 5;
		List<Roi> rois = LabelRois.toRois(new ImagePlus("ring", plane(a, w, h)));
		assertEquals(1, rois.size());
		Roi roi = rois.get(0);
		assertEquals("label-5", roi.getName());
		assertTrue(roi instanceof ShapeRoi, "a ring is a composite ROI: " + roi);
		assertEquals(2, roi.getBounds().x);
		assertEquals(24, roi.getStatistics().pixelCount);
		assertTrue(!roi.contains(4, 4) && roi.contains(3, 4));
		assertArrayEquals(a, arr(LabelRois.fromRois(rois, w, h, 1)));
	}

	@Test
	void stackRoundTripKeepsLabelsAndSlices() {
		Random r = new Random(13);
		int w = 40, h = 30, nz = 3;
		ImageStack stack = new ImageStack(w, h);
		int[] all = new int[w * h * nz];
		for (int z = 0; z < nz; z++) {
			int[] a = blobs(r, w, h, 6 + z);
			for (int i = 0; i < a.length; i++)
				if (a[i] != 0)
					a[i] += 100 * z; // labels differ from slice to slice and are not consecutive
			System.arraycopy(a, 0, all, z * w * h, a.length);
			stack.addSlice(plane(a, w, h));
		}
		List<Roi> rois = LabelRois.toRois(new ImagePlus("stack", stack));
		for (Roi roi : rois) {
			int id = Integer.parseInt(roi.getName().substring("label-".length()));
			assertEquals(id / 100 + 1, roi.getPosition());
		}
		assertArrayEquals(all, arr(LabelRois.fromRois(rois, w, h, nz)));
	}

	@Test
	void floatLabelImagesAndBadInput() {
		FloatProcessor fp = new FloatProcessor(4, 3);
		fp.setf(1, 1, 70000);
		fp.setf(2, 1, 70000);
		List<Roi> rois = LabelRois.toRois(new ImagePlus("f", fp));
		assertEquals(1, rois.size());
		assertEquals("label-70000", rois.get(0).getName());
		assertEquals(2, rois.get(0).getStatistics().pixelCount);
		assertTrue(LabelRois.toRois(new ImagePlus("empty", new ShortProcessor(3, 3))).isEmpty());
		fp.setf(0, 0, 1.5f);
		assertThrows(IllegalArgumentException.class, () -> LabelRois.toRois(new ImagePlus("f", fp)));
		assertThrows(IllegalArgumentException.class, () -> LabelRois.toRois(null));
		assertThrows(IllegalArgumentException.class, () -> LabelRois.toRois(new ImagePlus("rgb", new ColorProcessor(2, 2))));
		assertThrows(IllegalArgumentException.class, () -> LabelRois.addToRoiManager(null));
	}
}
