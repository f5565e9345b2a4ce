package org.segmentij.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.measure.Calibration;
import ij.measure.Measurements;
import ij.measure.ResultsTable;
import ij.plugin.filter.Analyzer;
import ij.plugin.filter.ThresholdToSelection;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.real.FloatType;

/** Measurements checked against ImageJ 1's own Analyze › Measure on the same objects, and analytic cases. */
class LabelMeasurementsTest {

	/** Random ellipses painted over each other (touching, cut, some at the border, some with holes). */
	static int[] ellipses(Random r, int w, int h, int n, boolean holes) {
		int[] a = new int[w * h];
		for (int l = 1; l <= n; l++) {
			double cx = r.nextDouble() * w, cy = r.nextDouble() * h, ra = 3 + r.nextDouble() * 14, rb = 2 + r.nextDouble() * 8;
			double t = r.nextDouble() * Math.PI, c = Math.cos(t), s = Math.sin(t);
			double hole = holes && r.nextBoolean() ? 0.4 : -1;
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					double u = ((x - cx) * c + (y - cy) * s) / ra, v = (-(x - cx) * s + (y - cy) * c) / rb;
					double q = u * u + v * v;
					if (q <= 1)
						a[y * w + x] = hole > 0 && q < hole * hole ? 0 : l;
				}
		}
		return a;
	}

	/** ImageJ's measurements of one label: ROI from ThresholdToSelection, Analyzer on the intensity image. */
	static ResultsTable imagej(int[] a, float[] intensity, int w, int h, int label, Calibration cal) {
		ByteProcessor mask = new ByteProcessor(w, h);
		for (int i = 0; i < a.length; i++)
			if (a[i] == label)
				mask.set(i, 255);
		mask.setThreshold(255, 255, ImageProcessor.NO_LUT_UPDATE);
		Roi roi = new ThresholdToSelection().convert(mask);
		ImagePlus imp = new ImagePlus("int", new FloatProcessor(w, h, intensity.clone()));
		imp.setCalibration(cal);
		imp.setRoi(roi);
		ResultsTable rt = new ResultsTable();
		int meas = Measurements.AREA | Measurements.MEAN | Measurements.MIN_MAX | Measurements.CENTROID | Measurements.RECT
				| Measurements.ELLIPSE | Measurements.SHAPE_DESCRIPTORS | Measurements.PERIMETER | Measurements.INTEGRATED_DENSITY;
		new Analyzer(imp, meas, rt).measure();
		return rt;
	}

	private static void compare(int[] a, int w, int h, Calibration cal, boolean holes, Random r) {
		float[] in = new float[w * h];
		for (int i = 0; i < in.length; i++)
			in[i] = (float) (r.nextGaussian() * 20 + 100);
		LabelMeasurements.Table t = LabelMeasurements.measure(ArrayImgs.ints(a.clone(), w, h), ArrayImgs.floats(in.clone(), w, h),
				new double[] { cal.pixelWidth, cal.pixelHeight });
		int n = 0;
		for (int k = 0; k < t.rows(); k++) {
			int label = (int) t.column("Label")[k];
			ResultsTable rt = imagej(a, in, w, h, label, cal);
			String what = "label " + label;
			double tol = 1e-9;
			for (String c : new String[] { "Area", "X", "Y", "BX", "BY", "Width", "Height", "Mean", "Min", "Max", "IntDen", "RawIntDen" })
				assertEquals(rt.getValue(c, 0), t.column(c)[k], tol * Math.max(1, Math.abs(rt.getValue(c, 0))), what + " " + c);
			boolean simple = !holes;
			if (simple || rt.getValue("Perim.", 0) > 0) {
				assertEquals(rt.getValue("Perim.", 0), t.column("Perim.")[k], 1e-9 * rt.getValue("Perim.", 0), what + " Perim.");
				assertEquals(rt.getValue("Circ.", 0), t.column("Circ.")[k], 1e-9, what + " Circ.");
			}
			if (cal.pixelWidth == cal.pixelHeight) { // ImageJ fits no ellipse for other pixels (see rectangleEllipseIsAnalytic)
				assertEquals(rt.getValue("Major", 0), t.column("Major")[k], 1e-5 * rt.getValue("Major", 0) + 1e-9, what + " Major");
				assertEquals(rt.getValue("Minor", 0), t.column("Minor")[k], 1e-5 * rt.getValue("Major", 0) + 1e-9, what + " Minor");
				assertEquals(rt.getValue("AR", 0), t.column("AR")[k], 1e-5 * rt.getValue("AR", 0), what + " AR");
				if (rt.getValue("AR", 0) > 1.05) // the angle of a near-circle is ill-defined
					assertEquals(0, angleDiff(rt.getValue("Angle", 0), t.column("Angle")[k]), 0.01, what + " Angle");
			}
			assertEquals(rt.getValue("Solidity", 0), t.column("Solidity")[k], 1e-9, what + " Solidity");
			n++;
		}
		assertTrue(n > 5, "objects compared: " + n);
	}

	private static double angleDiff(double a, double b) {
		double d = Math.abs(a - b) % 180;
		return Math.min(d, 180 - d);
	}

	@Test
	void twoDimensionalFiguresMatchImageJ() {
		Random r = new Random(3);
		Calibration cal = new Calibration();
		for (int rep = 0; rep < 4; rep++)
			compare(ellipses(r, 90, 70, 12, false), 90, 70, cal, false, r);
	}

	@Test
	void calibratedFiguresMatchImageJ() {
		Random r = new Random(4);
		Calibration cal = new Calibration();
		cal.pixelWidth = cal.pixelHeight = 0.37;
		cal.setUnit("µm");
		compare(ellipses(r, 90, 70, 12, false), 90, 70, cal, false, r);
	}

	@Test
	void objectsWithHolesMatchImageJ() {
		Random r = new Random(5);
		for (int rep = 0; rep < 3; rep++)
			compare(ellipses(r, 90, 70, 10, true), 90, 70, new Calibration(), true, r);
	}

	@Test
	void anisotropicCalibrationMatchesImageJ() {
		Random r = new Random(6);
		Calibration cal = new Calibration();
		cal.pixelWidth = 0.5;
		cal.pixelHeight = 0.8;
		compare(ellipses(r, 90, 70, 12, false), 90, 70, cal, false, r);
	}

	@Test
	void rectangleEllipseIsAnalytic() {
		// a x b pixels of pw x ph: variances (a pw)^2 / 12 and (b ph)^2 / 12 exactly, so the
		// ellipse of the same area has axes in the ratio a pw : b ph and major axis along x
		int w = 40, h = 30, a = 21, b = 9;
		double pw = 0.5, ph = 0.8;
		int[] lab = new int[w * h];
		for (int y = 5; y < 5 + b; y++)
			for (int x = 3; x < 3 + a; x++)
				lab[y * w + x] = 4;
		LabelMeasurements.Table t = LabelMeasurements.measure(ArrayImgs.ints(lab, w, h), null, new double[] { pw, ph });
		double area = a * b * pw * ph, ratio = a * pw / (b * ph);
		assertEquals(area, t.column("Area")[0], 1e-12);
		assertEquals(Math.sqrt(4 * area / Math.PI * ratio), t.column("Major")[0], 1e-9);
		assertEquals(Math.sqrt(4 * area / Math.PI / ratio), t.column("Minor")[0], 1e-9);
		assertEquals(0, angleDiff(0, t.column("Angle")[0]), 1e-9);
		assertEquals((3 + a / 2.0) * pw, t.column("X")[0], 1e-12);
		assertEquals((5 + b / 2.0) * ph, t.column("Y")[0], 1e-12);
		assertEquals(1, t.column("Solidity")[0], 1e-12);
		// a rectangle's traced perimeter: its sides less a corner cut at each of its four corners
		double cut = pw + ph - Math.hypot(pw, ph);
		assertEquals(2 * (a * pw + b * ph) - 4 * cut, t.column("Perim.")[0], 1e-9);
	}

	@Test
	void cubeAndBoxIn3DAreAnalytic() {
		int w = 20, h = 18, d = 12;
		double pw = 0.2, ph = 0.2, pd = 0.5;
		int[] lab = new int[w * h * d];
		float[] in = new float[w * h * d];
		double sum = 0;
		for (int z = 2; z < 8; z++)
			for (int y = 3; y < 9; y++)
				for (int x = 4; x < 10; x++) {
					int i = (z * h + y) * w + x;
					lab[i] = 2;
					in[i] = x + 10 * y + 100 * z;
					sum += in[i];
				}
		// a box touching the border and label 2 (faces towards another label count for both)
		for (int z = 0; z < d; z++)
			for (int y = 0; y < 3; y++)
				for (int x = 0; x < w; x++)
					lab[(z * h + y) * w + x] = 7;
		LabelMeasurements.Table t = LabelMeasurements.measure(ArrayImgs.ints(lab, w, h, d), ArrayImgs.floats(in, w, h, d),
				new double[] { pw, ph, pd });
		assertEquals(2, t.rows());
		int r = t.rowOf(2);
		double vol = 216 * pw * ph * pd;
		assertEquals(vol, t.column("Volume")[r], 1e-12);
		double surf = 2 * 36 * (ph * pd + pw * pd + pw * ph);
		assertEquals(surf, t.column("Surface")[r], 1e-12);
		assertEquals(Math.cbrt(Math.PI) * Math.pow(6 * vol, 2.0 / 3) / surf, t.column("Sphericity")[r], 1e-12);
		assertEquals(7 * pw, t.column("X")[r], 1e-12);
		assertEquals(6 * ph, t.column("Y")[r], 1e-12);
		assertEquals(5 * pd, t.column("Z")[r], 1e-12);
		assertEquals(2 * pd, t.column("BZ")[r], 1e-12);
		assertEquals(6 * pd, t.column("Depth")[r], 1e-12);
		assertEquals(sum / 216, t.column("Mean")[r], 1e-9);
		assertEquals(4 + 30 + 200, t.column("Min")[r], 0);
		assertEquals(9 + 80 + 700, t.column("Max")[r], 0);
		assertEquals(sum, t.column("RawIntDen")[r], 1e-6);
		int r7 = t.rowOf(7);
		double s7 = 2 * (w * 3 * pw * ph + w * d * pw * pd + 3 * d * ph * pd);
		assertEquals(s7, t.column("Surface")[r7], 1e-12);
	}

	@Test
	void badInput() {
		assertThrows(IllegalArgumentException.class, () -> LabelMeasurements.measure(null, null, null));
		assertThrows(IllegalArgumentException.class,
				() -> LabelMeasurements.measure(ArrayImgs.ints(new int[] { -1, 0 }, 2, 1), null, null));
		assertThrows(IllegalArgumentException.class,
				() -> LabelMeasurements.measure(ArrayImgs.ints(2, 2), ArrayImgs.floats(3, 2), null));
		assertThrows(IllegalArgumentException.class,
				() -> LabelMeasurements.measure(ArrayImgs.ints(2, 2), (net.imglib2.RandomAccessibleInterval<FloatType>) null, new double[] { 0 }));
		assertEquals(0, LabelMeasurements.measure(ArrayImgs.ints(3, 3), null, null).rows());
	}
}
