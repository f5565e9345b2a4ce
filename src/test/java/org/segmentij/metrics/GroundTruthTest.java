package org.segmentij.metrics;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

import ij.IJ;
import ij.ImagePlus;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.view.Views;

class GroundTruthTest {

	static int[] values(Img<IntType> img) {
		int[] v = new int[(int) img.size()];
		var c = Views.flatIterable(img).cursor();
		for (int i = 0; i < v.length; i++)
			v[i] = c.next().get();
		return v;
	}

	@Test
	void fromMask() {
		var m = ArrayImgs.floats(new float[] { 0, 255, Float.NaN, -1, 0.5f, 0 }, 3, 2);
		Img<IntType> l = GroundTruth.fromMask(m);
		assertArrayEquals(new long[] { 3, 2 }, l.dimensionsAsLongArray());
		assertArrayEquals(new int[] { 0, 1, 0, 1, 1, 0 }, values(l));
		// empty mask, and the input is untouched
		assertArrayEquals(new int[4], values(GroundTruth.fromMask(ArrayImgs.unsignedBytes(2, 2))));
		assertEquals(255, m.getAt(1, 0).get());
	}

	@Test
	void fromClassMaskAndLabels() {
		var classes = ArrayImgs.unsignedBytes(new byte[] { 0, 1, 2, (byte) 255 }, 2, 2);
		assertArrayEquals(new int[] { 0, 1, 2, 255 }, values(GroundTruth.fromClassMask(classes)));
		var shorts = ArrayImgs.unsignedShorts(new short[] { 0, 7, (short) 65535, 300, 0, 1 }, 3, 1, 2);
		Img<IntType> l = GroundTruth.fromLabels(shorts);
		assertArrayEquals(new long[] { 3, 1, 2 }, l.dimensionsAsLongArray());
		assertArrayEquals(new int[] { 0, 7, 65535, 300, 0, 1 }, values(l));
		var floats = ArrayImgs.floats(new float[] { 0, 70000, 16777216, 3 }, 4);
		assertArrayEquals(new int[] { 0, 70000, 16777216, 3 }, values(GroundTruth.fromLabels(floats)));
		// translated input: result starts at 0
		assertArrayEquals(new int[] { 0, 1, 2, 255 },
				values(GroundTruth.fromClassMask(Views.translate(classes, 5, 5))));

		var e = assertThrows(IllegalArgumentException.class,
				() -> GroundTruth.fromLabels(ArrayImgs.floats(new float[] { 0, 1, 2.5f, 3 }, 2, 2)));
		assertTrue(e.getMessage().contains("2.5") && e.getMessage().contains("(0, 1)"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class,
				() -> GroundTruth.fromClassMask(ArrayImgs.floats(new float[] { 0, -1 }, 2)));
		assertTrue(e.getMessage().contains("not a class"), e.getMessage());
		assertThrows(IllegalArgumentException.class,
				() -> GroundTruth.fromLabels(ArrayImgs.floats(new float[] { Float.NaN }, 1)));
		assertThrows(IllegalArgumentException.class, () -> GroundTruth.fromMask(null));
	}

	static ImagePlus image(String title, int w, int h, int z, String type) {
		ImagePlus imp = IJ.createImage(title, type + " black", w, h, z);
		return imp;
	}

	@Test
	void checkCompatibleSizes() {
		ImagePlus p = image("cells-otsu", 512, 512, 1, "8-bit");
		ImagePlus t = image("truth.tif", 512, 400, 1, "16-bit");
		var e = assertThrows(IllegalArgumentException.class, () -> GroundTruth.checkCompatible(p, t));
		assertTrue(e.getMessage().startsWith(
				"Prediction cells-otsu is 512x512x1 but ground truth truth.tif is 512x400x1; they must have the same size."),
				e.getMessage());
		// same size, different types (8-bit vs 32-bit) are fine
		GroundTruth.checkCompatible(p, image("t", 512, 512, 1, "32-bit"));
		// slices
		e = assertThrows(IllegalArgumentException.class,
				() -> GroundTruth.checkCompatible(image("a", 20, 20, 5, "8-bit"), image("b", 20, 20, 4, "8-bit")));
		assertTrue(e.getMessage().contains("20x20x5") && e.getMessage().contains("20x20x4"), e.getMessage());
		// channels and frames
		ImagePlus hyper = IJ.createImage("h", "8-bit black", 20, 20, 2, 3, 1);
		ImagePlus flat = IJ.createImage("f", "8-bit black", 20, 20, 1, 3, 2);
		e = assertThrows(IllegalArgumentException.class, () -> GroundTruth.checkCompatible(hyper, flat));
		assertTrue(e.getMessage().contains("20x20x3 (2 channels, 1 frame)")
				&& e.getMessage().contains("20x20x3 (1 channel, 2 frames)"), e.getMessage());
	}

	@Test
	void checkCompatibleCalibrationAndType() {
		ImagePlus p = image("cells-otsu", 64, 64, 1, "8-bit");
		ImagePlus t = image("truth.tif", 64, 64, 1, "16-bit");
		p.getCalibration().pixelWidth = p.getCalibration().pixelHeight = 0.2;
		p.getCalibration().setUnit("µm");
		t.getCalibration().pixelWidth = t.getCalibration().pixelHeight = 0.25;
		t.getCalibration().setUnit("µm");
		var e = assertThrows(IllegalArgumentException.class, () -> GroundTruth.checkCompatible(p, t));
		assertTrue(e.getMessage().startsWith("Calibrations differ: prediction 0.2 µm/pixel, ground truth 0.25 µm/pixel; "),
				e.getMessage());
		// within 1e-6 relative: fine
		t.getCalibration().pixelWidth = t.getCalibration().pixelHeight = 0.2 * (1 + 1e-7);
		GroundTruth.checkCompatible(p, t);
		// uncalibrated (a mask saved by another tool) vs calibrated: compatible, either way round
		ImagePlus u = image("u", 64, 64, 1, "8-bit");
		GroundTruth.checkCompatible(p, u);
		GroundTruth.checkCompatible(u, p);
		// different units: not
		ImagePlus mm = image("mm", 64, 64, 1, "8-bit");
		mm.getCalibration().setUnit("mm");
		mm.getCalibration().pixelWidth = mm.getCalibration().pixelHeight = 0.2;
		e = assertThrows(IllegalArgumentException.class, () -> GroundTruth.checkCompatible(p, mm));
		assertTrue(e.getMessage().contains("mm"), e.getMessage());
		// pixel depth counts only for stacks
		ImagePlus a = image("a", 8, 8, 1, "8-bit"), b = image("b", 8, 8, 1, "8-bit");
		b.getCalibration().pixelDepth = 3;
		GroundTruth.checkCompatible(a, b);
		ImagePlus a3 = image("a3", 8, 8, 3, "8-bit"), b3 = image("b3", 8, 8, 3, "8-bit");
		a3.getCalibration().pixelWidth = a3.getCalibration().pixelHeight = b3.getCalibration().pixelWidth = b3
				.getCalibration().pixelHeight = 0.5;
		a3.getCalibration().setUnit("µm");
		b3.getCalibration().setUnit("µm");
		a3.getCalibration().pixelDepth = 1.5;
		b3.getCalibration().pixelDepth = 2;
		e = assertThrows(IllegalArgumentException.class, () -> GroundTruth.checkCompatible(a3, b3));
		assertTrue(e.getMessage().contains("0.5x0.5x1.5 µm/voxel") && e.getMessage().contains("0.5x0.5x2 µm/voxel"),
				e.getMessage());
		// RGB is refused
		ImagePlus rgb = image("photo.jpg", 64, 64, 1, "RGB");
		e = assertThrows(IllegalArgumentException.class, () -> GroundTruth.checkCompatible(rgb, t));
		assertTrue(e.getMessage().contains("photo.jpg") && e.getMessage().contains("RGB"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> GroundTruth.checkCompatible(u, rgb));
		assertTrue(e.getMessage().startsWith("Ground truth photo.jpg"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> GroundTruth.checkCompatible(null, t));
	}
}
