package org.segmentij.metrics;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.segmentij.metrics.SemanticMetrics.Binary;

import net.imglib2.img.array.ArrayImgs;
import net.imglib2.view.Views;

class SemanticMetricsTest {

	@Test
	void countsAndScores() {
		// prediction: 1 1 0 0 NaN 3 ; truth: 1 0 1 0 0 2
		var pred = ArrayImgs.floats(new float[] { 1, 1, 0, 0, Float.NaN, 3 }, 3, 2);
		var truth = ArrayImgs.ints(new int[] { 1, 0, 1, 0, 0, 2 }, 3, 2);
		Binary b = SemanticMetrics.binary(pred, truth);
		assertEquals(new Binary(2, 1, 1, 2), b);
		assertEquals(6, b.total());
		assertEquals(4.0 / 6, b.dice(), 1e-12);
		assertEquals(2.0 / 4, b.iou(), 1e-12);
		assertEquals(2.0 / 3, b.precision(), 1e-12);
		assertEquals(2.0 / 3, b.recall(), 1e-12);
		assertEquals(4.0 / 6, b.accuracy(), 1e-12);
		assertEquals(2.0 / 3, b.specificity(), 1e-12);
	}

	@Test
	void offsetsArePairedByRelativePosition() {
		var pred = ArrayImgs.unsignedBytes(new byte[] { 0, 1, 1, 0 }, 2, 2);
		var truth = ArrayImgs.unsignedBytes(new byte[] { 0, 1, 1, 0 }, 2, 2);
		Binary b = SemanticMetrics.binary(Views.translate(pred, 10, 20), truth);
		assertEquals(new Binary(2, 0, 0, 2), b);
		assertEquals(1, b.dice());
	}

	@Test
	void zeroOverZeroCases() {
		Binary bothEmpty = new Binary(0, 0, 0, 10);
		assertEquals(1, bothEmpty.dice());
		assertEquals(1, bothEmpty.iou());
		assertEquals(1, bothEmpty.precision());
		assertEquals(1, bothEmpty.recall());
		assertEquals(1, bothEmpty.specificity());
		Binary missed = new Binary(0, 0, 5, 5); // nothing predicted, truth not empty
		assertEquals(0, missed.dice());
		assertEquals(0, missed.precision());
		assertEquals(0, missed.recall());
		Binary spurious = new Binary(0, 5, 0, 5); // truth empty, prediction not
		assertEquals(0, spurious.iou());
		assertEquals(0, spurious.precision());
		assertEquals(0, spurious.recall());
		assertEquals(0.5, spurious.specificity());
		Binary allFg = new Binary(10, 0, 0, 0);
		assertEquals(1, allFg.specificity());
		assertEquals(0, new Binary(5, 0, 5, 0).specificity());
		assertEquals(1, new Binary(0, 0, 0, 0).accuracy());
		assertThrows(IllegalArgumentException.class, () -> new Binary(-1, 0, 0, 0));
	}

	@Test
	void sizeMismatchIsExplained() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> SemanticMetrics.binary(ArrayImgs.floats(512, 512), ArrayImgs.ints(256, 256)));
		assertTrue(e.getMessage().contains("prediction is 512x512 but ground truth is 256x256"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class,
				() -> SemanticMetrics.binary(ArrayImgs.floats(8, 8, 3), ArrayImgs.ints(8, 8)));
		assertTrue(e.getMessage().contains("8x8x3") && e.getMessage().contains("same size"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> SemanticMetrics.binary(null, ArrayImgs.ints(2, 2)));
	}
}
