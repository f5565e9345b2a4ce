package org.segmentij.deep.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** The Panoptic-DeepLab loss against values worked out by hand. */
class PanopticLossTest {

	/**
	 * Three pixels in a row: pixel 0 an object, pixel 1 background, pixel 2 ignored (class -1,
	 * invalid) with wild predictions that must not count.
	 */
	@Test
	void termsMatchHandComputedValues() {
		float ln3 = (float) Math.log(3);
		// channels: logit bg, logit object, heatmap, offset x, offset y; pixels 0, 1, 2
		float[] pred = { 0, 0, 50, //
				ln3, 0, -50, //
				0.5f, 0, 9, //
				1, 7, 9, //
				-1, 7, 9 };
		// planes: class, heatmap, offset x, offset y, validity
		float[] target = { 1, 0, -1, //
				1, 0.25f, 0, //
				0.5f, 0, 0, //
				0, 0, 0, //
				1, 1, 0 };
		try (NDManager m = NDManager.newBaseManager()) {
			NDArray p = m.create(pred, new Shape(1, 5, 1, 3)), t = m.create(target, new Shape(1, 5, 1, 3));
			PanopticLoss loss = new PanopticLoss(200, 0.1);
			NDArray[] terms = loss.terms(p, t);
			// CE: pixel 0 softmax(0, ln 3) -> p(object) = 3/4; pixel 1 softmax(0, 0) -> p(bg) = 1/2
			double ce = (Math.log(4.0 / 3) + Math.log(2)) / 2;
			// MSE over the 2 valid pixels: (0.5 - 1)^2 + (0 - 0.25)^2
			double mse = (0.25 + 0.0625) / 2;
			// L1 over the one object pixel: |1 - 0.5| + |-1 - 0|
			double l1 = 1.5;
			assertEquals(ce, terms[0].getFloat(), 1e-5);
			assertEquals(mse, terms[1].getFloat(), 1e-6);
			assertEquals(l1, terms[2].getFloat(), 1e-6);
			assertEquals(ce + 200 * mse + 0.1 * l1, loss.compute(p, t).getFloat(), 1e-4);
		}
	}

	@Test
	void noObjectPixelsGiveAZeroOffsetTerm() {
		try (NDManager m = NDManager.newBaseManager()) {
			float[] pred = { 0, 0, 0, 3, 3 }, target = { 0, 0, 0, 0, 1 };
			NDArray[] terms = new PanopticLoss(200, 1).terms(m.create(pred, new Shape(1, 5, 1, 1)), m.create(target, new Shape(1, 5, 1, 1)));
			assertEquals(0, terms[2].getFloat(), 0);
			assertEquals(Math.log(2), terms[0].getFloat(), 1e-6);
		}
	}

	@Test
	void badShapesAndWeightsAreRefused() {
		assertThrows(IllegalArgumentException.class, () -> new PanopticLoss(-1, 1));
		try (NDManager m = NDManager.newBaseManager()) {
			assertThrows(IllegalArgumentException.class,
					() -> new PanopticLoss(200, 1).compute(m.zeros(new Shape(1, 3, 2, 2)), m.zeros(new Shape(1, 5, 2, 2))));
		}
	}
}
