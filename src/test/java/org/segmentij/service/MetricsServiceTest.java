package org.segmentij.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.segmentij.InputException;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.process.ShortProcessor;

/** The service on hand-computed cases: two 10x10 squares, one predicted exactly, one shifted by 5 px, plus a false 4x4 blob. */
class MetricsServiceTest {

	private static Context context;
	private static MetricsService metrics;

	@BeforeAll
	static void start() {
		context = SegmentIJ.newContext();
		metrics = context.service(MetricsService.class);
	}

	@AfterAll
	static void stop() {
		context.dispose();
	}

	private static void square(ShortProcessor ip, int x0, int y0, int size, int label) {
		for (int y = y0; y < y0 + size; y++)
			for (int x = x0; x < x0 + size; x++)
				ip.set(x, y, label);
	}

	static ImagePlus truth() {
		ShortProcessor ip = new ShortProcessor(64, 48);
		square(ip, 5, 5, 10, 1);
		square(ip, 30, 20, 10, 2);
		return new ImagePlus("truth", ip);
	}

	static ImagePlus prediction() {
		ShortProcessor ip = new ShortProcessor(64, 48);
		square(ip, 5, 5, 10, 7);
		square(ip, 35, 20, 10, 3); // shifted right by 5: IoU = 50 / 150
		square(ip, 55, 40, 4, 9); // false positive
		return new ImagePlus("pred", ip);
	}

	@Test
	void handComputedSemanticInstanceAndPartitionFigures() {
		Evaluation e = metrics.evaluate(prediction(), truth(), EvaluationOptions.all().withInstances(true, 0.3, 0.5));
		// pixels: truth 200, prediction 216, overlap 150, image 3072
		assertEquals(300.0 / 416, e.value("dice"), 1e-12);
		assertEquals(150.0 / 266, e.value("iou"), 1e-12);
		assertEquals(150.0 / 216, e.value("precision"), 1e-12);
		assertEquals(150.0 / 200, e.value("recall"), 1e-12);
		assertEquals((3072 - 66 - 50.0) / 3072, e.value("pixel_accuracy"), 1e-12);
		assertEquals(2, e.value("n_gt"));
		assertEquals(3, e.value("n_pred"));
		// IoU 1/3 matches at 0.3 but not at 0.5
		assertEquals(2, e.value("tp@0.30"));
		assertEquals(1, e.value("tp@0.50"));
		assertEquals(2, e.value("fp@0.50"));
		assertEquals(1, e.value("fn@0.50"));
		assertEquals(1.0 / 4, e.value("ap@0.50"), 1e-12);
		assertEquals(2.0 / 3, e.value("ap@0.30"), 1e-12); // TP 2, FP 1 (the blob), FN 0
		assertEquals((1 + 1.0 / 3) / 2, e.value("mean_matched_iou@0.30"), 1e-12);
		assertEquals(2.0 / 5, e.value("f1@0.50"), 1e-12);
		assertTrue(e.value("rand_index") > 0.9 && e.value("rand_index") < 1);
		// the exactly predicted square and the shifted one: the largest surface distance is the blob's
		assertTrue(e.value("hausdorff") > 5);
		assertEquals(1.0 / 4, e.value("ap_50_95"), 1e-12); // only the exact square matches above 0.5
	}

	@Test
	void perfectPredictionScoresOneAndDistancesZero() {
		ImagePlus t = truth();
		Evaluation e = metrics.evaluate(t, truth(), EvaluationOptions.all());
		for (String k : List.of("dice", "iou", "precision", "recall", "ap@0.50", "ap_50_95", "rand_index", "covering"))
			assertEquals(1.0, e.value(k), 1e-12, k);
		assertEquals(0, e.value("hausdorff"));
		assertEquals(0, e.value("adapted_rand_error"), 1e-12);
		assertEquals(0, e.value("vi_split") + e.value("vi_merge"), 1e-12);
	}

	@Test
	void roisAsTruthAndBinaryMasksAreLabelled() {
		Roi a = new Roi(5, 5, 10, 10), b = new Roi(30, 20, 10, 10);
		ImagePlus mask = prediction();
		mask.getProcessor().setThreshold(1, 65535, ij.process.ImageProcessor.NO_LUT_UPDATE);
		ImagePlus binary = new ImagePlus("mask", mask.getProcessor().createMask());
		Evaluation e = metrics.evaluate(binary, List.of(a, b), EvaluationOptions.all().withInstances(true, 0.3));
		assertEquals(2, e.value("roi_count"));
		assertEquals(2, e.value("n_gt"));
		assertEquals(3, e.value("n_pred"));
		assertEquals(2, e.value("tp@0.30"));
		assertTrue(e.summary().get("prediction_note").toString().contains("connected components"));
	}

	@Test
	void multiClassRowsAndMismatchErrors() {
		ShortProcessor t = new ShortProcessor(4, 1, new short[] { 0, 1, 2, 2 }, null), p = new ShortProcessor(4, 1, new short[] { 0, 1, 1, 2 }, null);
		Evaluation e = metrics.evaluate(new ImagePlus("p", p), new ImagePlus("t", t),
				new EvaluationOptions(3, -1, false, 2, false, null, false, false, false, null, null));
		assertEquals(3, e.classes().size());
		assertEquals(0.5, ((Number) e.classes().get(1).get("iou")).doubleValue(), 1e-12); // class 1: 1 / 2
		assertEquals(0.5, ((Number) e.classes().get(2).get("iou")).doubleValue(), 1e-12); // class 2: 1 / 2
		assertEquals(0.75, e.value("pixel_accuracy"), 1e-12);
		InputException x = assertThrows(InputException.class,
				() -> metrics.evaluate(new ImagePlus("small", new ShortProcessor(10, 10)), truth(), EvaluationOptions.defaults()));
		assertTrue(x.getMessage().contains("same size"), x.getMessage());
		ImagePlus cal = truth();
		cal.getCalibration().pixelWidth = cal.getCalibration().pixelHeight = 0.5;
		cal.getCalibration().setUnit("µm");
		ImagePlus cal2 = prediction();
		cal2.getCalibration().pixelWidth = cal2.getCalibration().pixelHeight = 0.25;
		cal2.getCalibration().setUnit("µm");
		x = assertThrows(InputException.class, () -> metrics.evaluate(cal2, cal, EvaluationOptions.defaults()));
		assertTrue(x.getMessage().contains("Calibrations differ"), x.getMessage());
	}

	@Test
	void distancesAreCalibrated() {
		ImagePlus t = truth(), p = prediction();
		Evaluation px = metrics.evaluate(p, t, EvaluationOptions.defaults());
		t.getCalibration().pixelWidth = t.getCalibration().pixelHeight = 0.5;
		t.getCalibration().setUnit("µm");
		Evaluation um = metrics.evaluate(p, t, EvaluationOptions.defaults());
		assertEquals(px.value("hausdorff") * 0.5, um.value("hausdorff"), 1e-9);
		assertEquals(px.value("assd") * 0.5, um.value("assd"), 1e-9);
	}

	@Test
	void panopticAndSeveralTruths() {
		// panoptic encoding class << 16 | instance: truth has two instances of class 1 and stuff class 2
		int c1 = 1 << 16, c2 = 2 << 16;
		ij.process.FloatProcessor t = new ij.process.FloatProcessor(6, 1, new float[] { c2, c2, c1 | 1, c1 | 1, c1 | 2, c1 | 2 });
		ij.process.FloatProcessor p = new ij.process.FloatProcessor(6, 1, new float[] { c2, c2, c1 | 5, c1 | 5, c1 | 5, c1 | 6 });
		Evaluation e = metrics.evaluate(new ImagePlus("p", p), new ImagePlus("t", t),
				new EvaluationOptions(0, -1, false, 2, false, null, false, true, false, null, null));
		// class 2: one exact segment (PQ 1); class 1: instance 1 vs 5 has IoU 2/3 (match), instance 2 vs 6 IoU 1/2 (no match)
		assertEquals(1.0, rowPq(e, 2), 1e-12);
		assertEquals((2.0 / 3) / (1 + 0.5 + 0.5), rowPq(e, 1), 1e-12);
		// several truths: identical truths give PRI 1 and covering 1
		ImagePlus truth = truth();
		Evaluation multi = metrics.evaluatePartitions(truth, List.of(truth(), truth()));
		assertEquals(1.0, multi.value("probabilistic_rand_index"), 1e-12);
		assertEquals(1.0, multi.value("covering_pooled"), 1e-12);
		assertEquals(2, multi.classes().size());
	}

	private static double rowPq(Evaluation e, int cls) {
		for (java.util.Map<String, Object> row : e.classes())
			if (((Number) row.get("class")).intValue() == cls)
				return ((Number) row.get("pq")).doubleValue();
		throw new AssertionError("no class " + cls + " in " + e.classes());
	}
}
