package org.segmentij.metrics;

import static org.junit.jupiter.api.Assertions.*;
import static org.segmentij.metrics.MetricsFixtures.*;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.segmentij.metrics.SemanticMetrics.Binary;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.IntType;

class ConfusionMatrixTest {

	@Test
	void handComputedThreeClasses() {
		// truth 0 0 1 1 2 2 ; prediction 0 1 1 1 2 0
		var truth = ArrayImgs.ints(new int[] { 0, 0, 1, 1, 2, 2 }, 3, 2);
		var pred = ArrayImgs.unsignedBytes(new byte[] { 0, 1, 1, 1, 2, 0 }, 3, 2);
		ConfusionMatrix cm = ConfusionMatrix.compute(pred, truth);
		assertEquals(3, cm.numClasses());
		assertArrayEquals(new long[][] { { 1, 1, 0 }, { 0, 2, 0 }, { 1, 0, 1 } }, cm.counts());
		// class 0: TP 1, FP 1, FN 1 -> IoU 1/3, Dice 1/2; class 1: TP 2 FP 1 -> 2/3; class 2: TP 1 FN 1 -> 1/2
		assertEquals(1.0 / 3, cm.iou(0), 1e-15);
		assertEquals(2.0 / 3, cm.iou(1), 1e-15);
		assertEquals(1.0 / 2, cm.iou(2), 1e-15);
		assertEquals(0.5, cm.dice(0), 1e-15);
		assertEquals(0.8, cm.dice(1), 1e-15);
		assertEquals(2.0 / 3, cm.precision(1), 1e-15);
		assertEquals(1, cm.recall(1), 1e-15);
		assertEquals(1.0, cm.precision(2), 1e-15);
		assertEquals(3.0 / 4, cm.specificity(0), 1e-15);
		assertEquals(4.0 / 6, cm.pixelAccuracy(), 1e-15);
		assertEquals((1.0 / 3 + 2.0 / 3 + 0.5) / 3, cm.meanIou(), 1e-15);
		assertEquals((0.5 + 0.8 + 2.0 / 3) / 3, cm.meanDice(), 1e-15);
		// absent class (given class count 5): IoU 1 by convention but not in the means
		ConfusionMatrix five = ConfusionMatrix.compute(pred, truth, 5, ConfusionMatrix.NO_IGNORE);
		assertEquals(1, five.iou(4));
		assertFalse(five.isPresent(4));
		assertEquals(cm.meanIou(), five.meanIou(), 1e-15);
	}

	@Test
	void ignoreClassInsideAndOutside() {
		// truth 255 is void: pixel 2 ignored; a predicted 255 on a counted pixel is an FN of the truth class
		var truth = ArrayImgs.ints(new int[] { 0, 1, 255, 1 }, 4);
		var pred = ArrayImgs.ints(new int[] { 0, 255, 1, 1 }, 4);
		ConfusionMatrix cm = ConfusionMatrix.compute(pred, truth, 0, 255);
		assertEquals(2, cm.numClasses());
		assertEquals(3, cm.total());
		assertEquals(new Binary(1, 0, 1, 1), cm.binary(1));
		assertEquals(2.0 / 3, cm.pixelAccuracy(), 1e-15);
		assertEquals((1 + 0.5) / 2, cm.meanIou(), 1e-15);
		// void inside the classes: class 0 is void
		ConfusionMatrix in = ConfusionMatrix.compute(ArrayImgs.ints(new int[] { 0, 2, 1, 1 }, 4),
				ArrayImgs.ints(new int[] { 0, 1, 2, 1 }, 4), 3, 0);
		assertTrue(Double.isNaN(in.iou(0)));
		assertEquals(3, in.total());
		assertEquals(1.0 / 3, in.iou(1), 1e-15); // TP 1, FN 1 (pred 2), FP 1 (true 2)
		assertEquals(0, in.iou(2), 1e-15);
		assertEquals(1.0 / 6, in.meanIou(), 1e-15);
		// all ignored: no class present
		ConfusionMatrix none = ConfusionMatrix.compute(ArrayImgs.ints(2), ArrayImgs.ints(new int[] { 7, 7 }, 2), 2, 7);
		assertTrue(Double.isNaN(none.meanIou()));
		assertEquals(1, none.pixelAccuracy());
	}

	@Test
	void randomAgainstPixelLoops() {
		Random rnd = new Random(4);
		for (int trial = 0; trial < 40; trial++) {
			long[] dims = trial % 2 == 0 ? new long[] { 15, 11 } : new long[] { 6, 5, 4 };
			int c = 2 + rnd.nextInt(4);
			int ignore = trial % 3 == 0 ? ConfusionMatrix.NO_IGNORE : trial % 3 == 1 ? c : rnd.nextInt(c);
			Img<IntType> truth = randomLabels(rnd, dims, 10, ignore == c ? c : c - 1);
			Img<IntType> pred = randomLabels(rnd, dims, 10, c - 1);
			int[] t = pixels(truth), p = pixels(pred);
			ConfusionMatrix cm = ConfusionMatrix.compute(pred, truth, c, ignore);
			ConfusionMatrix viaTable = ConfusionMatrix.fromTable(OverlapTable.of(pred, truth), c, ignore);
			assertArrayEquals(cm.counts(), viaTable.counts());
			double sumIou = 0;
			int present = 0;
			long correct = 0, counted = 0;
			for (int k = 0; k < c; k++) {
				if (k == ignore)
					continue;
				long tp = 0, fp = 0, fn = 0;
				for (int i = 0; i < t.length; i++) {
					if (t[i] == ignore)
						continue;
					if (t[i] == k && p[i] == k)
						tp++;
					else if (p[i] == k)
						fp++;
					else if (t[i] == k)
						fn++;
				}
				double iou = tp + fp + fn == 0 ? 1 : (double) tp / (tp + fp + fn);
				assertEquals(iou, cm.iou(k), 1e-15);
				assertEquals(tp + fp == 0 ? (fn == 0 ? 1 : 0) : (double) tp / (tp + fp), cm.precision(k), 1e-15);
				if (tp + fp + fn > 0) {
					sumIou += iou;
					present++;
				}
			}
			for (int i = 0; i < t.length; i++)
				if (t[i] != ignore) {
					counted++;
					if (t[i] == p[i])
						correct++;
				}
			assertEquals(counted, cm.total());
			assertEquals(counted == 0 ? 1 : (double) correct / counted, cm.pixelAccuracy(), 1e-15);
			assertEquals(present == 0 ? Double.NaN : sumIou / present, cm.meanIou(), 1e-12);
		}
	}

	@Test
	void binaryIsTheTwoClassCase() {
		Random rnd = new Random(9);
		Img<IntType> a = randomLabels(rnd, new long[] { 20, 20 }, 10, 5), b = randomLabels(rnd, new long[] { 20, 20 }, 10, 5);
		Binary bin = SemanticMetrics.binary(a, b);
		long tp = 0, fp = 0, fn = 0, tn = 0;
		int[] pa = pixels(a), pb = pixels(b);
		for (int i = 0; i < pa.length; i++) {
			boolean x = pa[i] != 0, y = pb[i] != 0;
			if (x && y)
				tp++;
			else if (x)
				fp++;
			else if (y)
				fn++;
			else
				tn++;
		}
		assertEquals(new Binary(tp, fp, fn, tn), bin);
		ConfusionMatrix cm = ConfusionMatrix.fromCounts(new long[][] { { tn, fp }, { fn, tp } });
		assertEquals(bin, cm.binary(1));
		assertEquals(bin.iou(), cm.iou(1), 1e-15);
	}

	@Test
	void badInput() {
		var e = assertThrows(IllegalArgumentException.class,
				() -> ConfusionMatrix.compute(ArrayImgs.ints(new int[] { 0, 3 }, 2), ArrayImgs.ints(2), 3, ConfusionMatrix.NO_IGNORE));
		assertTrue(e.getMessage().contains("prediction contains the class 3"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class,
				() -> ConfusionMatrix.compute(ArrayImgs.floats(new float[] { 0.5f, 1 }, 2), ArrayImgs.ints(2)));
		assertTrue(e.getMessage().contains("not a class"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class,
				() -> ConfusionMatrix.compute(ArrayImgs.ints(4, 4), ArrayImgs.ints(4, 5)));
		assertTrue(e.getMessage().contains("prediction is 4x4 but ground truth is 4x5"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.fromCounts(new long[][] { { 1, 2 } }));
	}
}
