package org.segmentij.deep.prompt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.segmentij.deep.prompt.PromptSegmentation.Click;

/** Prompts from true objects and their scores, on hand-made label images. */
class PromptEvaluationTest {

	@Test
	void centresBoxesAndScores() {
		int w = 30, h = 20;
		int[] lab = new int[w * h];
		// object 1: a 6 x 4 rectangle; object 3: an L whose centroid lies outside it; label 2 absent
		for (int y = 2; y < 6; y++)
			for (int x = 2; x < 8; x++)
				lab[y * w + x] = 1;
		for (int y = 8; y < 18; y++)
			lab[y * w + 15] = 3;
		for (int x = 15; x < 25; x++)
			lab[17 * w + x] = 3;
		PromptEvaluation.Truth t = PromptEvaluation.Truth.of(lab, w, h);
		assertArrayEquals(new int[] { 1, 3 }, t.present());
		assertArrayEquals(new double[] { 4.5, 3.5 }, t.centre()[1]);
		// the L's centroid: x = (10 * 15 + sum 16..24) / 19, y = (sum 8..17 + 9 * 17) / 19
		double cx = (10 * 15 + (16 + 24) * 9 / 2.0) / 19, cy = ((8 + 17) * 10 / 2.0 + 9 * 17) / 19;
		double best = Double.POSITIVE_INFINITY;
		double[] nearest = null;
		for (int i = 0; i < lab.length; i++)
			if (lab[i] == 3) {
				double d = Math.hypot(i % w - cx, i / w - cy);
				if (d < best) {
					best = d;
					nearest = new double[] { i % w, i / w };
				}
			}
		assertArrayEquals(nearest, t.centre()[3]);
		assertEquals(List.of(new Click(4.5, 3.5, true)), t.clicks().get(0).clicks());
		assertArrayEquals(new double[] { 15, 8, 24, 17 }, t.boxes().get(1).box());
		// IoU: a mask covering the rectangle's left half and one column outside it
		float[] p = new float[4 * 4];
		for (int y = 0; y < 4; y++)
			for (int x = 0; x < 4; x++)
				p[y * 4 + x] = 0.9f;
		MaskRegion m = new MaskRegion(1, 2, 4, 4, p); // x 1..4: columns 2..4 inside, column 1 outside
		assertEquals(12.0 / (24 + 4), t.iou(m, 1, 0.5), 1e-12);
		// the missed part is the right half: the corrective click is positive, deepest inside it
		Click c = t.correctiveClick(m, 1, 0.5);
		assertEquals(true, c.positive());
		assertEquals(5, c.x(), 1.0); // columns 5..7 missed: the middle one is farthest from the rest
		// the exact mask needs no click
		float[] q = new float[6 * 4];
		java.util.Arrays.fill(q, 1f);
		assertNull(t.correctiveClick(new MaskRegion(2, 2, 6, 4, q), 1, 0.5));
		assertEquals(1.0, t.iou(new MaskRegion(2, 2, 6, 4, q), 1, 0.5));
	}
}
