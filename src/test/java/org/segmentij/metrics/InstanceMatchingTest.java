package org.segmentij.metrics;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.segmentij.image.SyntheticNuclei;
import org.segmentij.metrics.InstanceMatching.Result;

import net.imglib2.RandomAccess;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.view.Views;

class InstanceMatchingTest {

	private static final int W = 64, H = 48;

	private static void rect(Img<IntType> img, int label, int x0, int y0, int w, int h) {
		RandomAccess<IntType> ra = img.randomAccess();
		for (int y = y0; y < y0 + h; y++)
			for (int x = x0; x < x0 + w; x++)
				ra.setPositionAndGet(x, y).set(label);
	}

	@Test
	void shiftedSquareHasAnalyticIou() {
		for (int s : new int[] { 0, 1, 2, 3, 5, 8 }) {
			Img<IntType> truth = ArrayImgs.ints(W, H), pred = ArrayImgs.ints(W, H);
			rect(truth, 1, 10, 10, 10, 10);
			rect(pred, 7, 10 + s, 10, 10, 10);
			double inter = 10 * (10 - s), iou = inter / (200 - inter);
			Result r = InstanceMatching.match(pred, truth, 0.5);
			int expectTp = iou > 0.5 ? 1 : 0; // strictly greater, as seg_metrics.py
			assertEquals(expectTp, r.tp(), "shift " + s);
			assertEquals(1 - expectTp, r.fp());
			assertEquals(1 - expectTp, r.fn());
			assertEquals(expectTp, r.ap(), 1e-12);
			assertEquals(expectTp == 1 ? iou : 0, r.meanMatchedIou(), 1e-12);
			// a threshold just below the IoU always matches, just above never
			assertEquals(1, InstanceMatching.match(pred, truth, iou - 1e-9).tp());
			if (iou < 1)
				assertEquals(0, InstanceMatching.match(pred, truth, iou + 1e-9).tp());
		}
	}

	@Test
	void splitObject() {
		Img<IntType> truth = ArrayImgs.ints(W, H), pred = ArrayImgs.ints(W, H);
		rect(truth, 1, 10, 10, 10, 10);
		rect(pred, 1, 10, 10, 6, 10); // IoU 0.6
		rect(pred, 2, 16, 10, 4, 10); // IoU 0.4
		Result r = InstanceMatching.match(pred, truth, 0.5);
		assertResult(r, 1, 1, 0, 0.5, 1, 2.0 / 3, 0.5, 0.6);
		assertEquals(1, r.nTrue());
		assertEquals(2, r.nPred());
		assertEquals(0.6, r.meanTrueIou(), 1e-12);
		assertEquals(0.6 / 1.5, r.panopticQuality(), 1e-12);
		Result low = InstanceMatching.match(pred, truth, 0.3); // still one true object to match
		assertEquals(1, low.tp());
		assertEquals(0.6, low.meanMatchedIou(), 1e-12);
	}

	@Test
	void mergedObjects() {
		Img<IntType> truth = ArrayImgs.ints(W, H), pred = ArrayImgs.ints(W, H);
		rect(truth, 1, 10, 10, 10, 10);
		rect(truth, 2, 20, 10, 10, 10);
		rect(pred, 5, 10, 10, 20, 10); // IoU 0.5 with each
		Result r = InstanceMatching.match(pred, truth, 0.49);
		assertEquals(1, r.tp());
		assertEquals(0, r.fp());
		assertEquals(1, r.fn());
		assertEquals(0.5, r.ap(), 1e-12);
		assertEquals(0.25, r.meanTrueIou(), 1e-12);
		Result strict = InstanceMatching.match(pred, truth, 0.5); // IoU 0.5 is not > 0.5
		assertEquals(0, strict.tp());
		assertEquals(1, strict.fp());
		assertEquals(2, strict.fn());
		assertEquals(0, strict.f1());
	}

	@Test
	void belowHalfTakesBestPair() {
		Img<IntType> truth = ArrayImgs.ints(W, H), pred = ArrayImgs.ints(W, H);
		rect(truth, 1, 0, 0, 10, 10);
		rect(truth, 2, 10, 0, 10, 10);
		rect(pred, 1, 3, 0, 10, 10); // IoU 7/13 with true 1, 3/17 with true 2
		Result r = InstanceMatching.match(pred, truth, 0.1);
		assertEquals(1, r.tp());
		assertEquals(7.0 / 13, r.meanMatchedIou(), 1e-12);
	}

	@Test
	void emptyCases() {
		Img<IntType> truth = ArrayImgs.ints(W, H), pred = ArrayImgs.ints(W, H);
		// seg_metrics.py conventions: precision, recall 0 at 0/0; F1, AP, PQ 1 without objects
		Result both = InstanceMatching.match(pred, truth, 0.5);
		assertEquals(new Result(0.5, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 0), both);
		rect(truth, 1, 0, 0, 5, 5);
		rect(truth, 2, 20, 20, 5, 5);
		Result none = InstanceMatching.match(pred, truth, 0.5);
		assertEquals(new Result(0.5, 0, 0, 2, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0), none);
		Result spurious = InstanceMatching.match(truth, pred, 0.5);
		assertEquals(new Result(0.5, 0, 2, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0), spurious);
	}

	@Test
	void identicalPredictionIsPerfect() {
		var s = SyntheticNuclei.generate(SyntheticNuclei.Params.defaults2D(256, 256, 30, 4));
		Img<IntType> relabelled = s.labels().copy();
		for (IntType t : relabelled)
			if (t.get() > 0)
				t.set(1000 + 3 * t.get()); // other, non-consecutive ids
		for (double thr : new double[] { 0, 0.1, 0.5, 0.9, 0.999 }) {
			Result r = InstanceMatching.match(relabelled, s.labels(), thr);
			assertEquals(1, r.ap(), "threshold " + thr);
			assertEquals(1, r.f1());
			assertEquals(1, r.meanMatchedIou(), 1e-12);
			assertEquals(s.count(), r.tp());
			assertEquals(s.count(), r.nTrue());
			assertEquals(s.count(), r.nPred());
		}
		// paired by position relative to min
		assertEquals(1, InstanceMatching.match(Views.translate(relabelled, 7, -3), s.labels(), 0.5).ap());
	}

	@Test
	void severalThresholdsAtOnce() {
		Img<IntType> truth = ArrayImgs.ints(W, H), pred = ArrayImgs.ints(W, H);
		rect(truth, 1, 10, 10, 10, 10);
		rect(pred, 1, 12, 10, 10, 10); // IoU 2/3
		List<Result> rs = InstanceMatching.matchAll(pred, truth, 0.5, 0.6, 0.7, 0.9);
		assertEquals(List.of(1, 1, 0, 0), rs.stream().map(Result::tp).toList());
		assertEquals(0.7, rs.get(2).threshold());
	}

	@Test
	void badInput() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> InstanceMatching.match(ArrayImgs.ints(512, 512), ArrayImgs.ints(256, 256), 0.5));
		assertTrue(e.getMessage().contains("prediction is 512x512 but ground truth is 256x256"), e.getMessage());
		assertThrows(IllegalArgumentException.class,
				() -> InstanceMatching.match(ArrayImgs.ints(4, 4), ArrayImgs.ints(4, 4), 1.5));
		assertThrows(IllegalArgumentException.class,
				() -> InstanceMatching.match(ArrayImgs.ints(4, 4), ArrayImgs.ints(4, 4), Double.NaN));
		assertThrows(IllegalArgumentException.class,
				() -> InstanceMatching.match(ArrayImgs.ints(new int[] { 0, -2, 1, 1 }, 2, 2), ArrayImgs.ints(2, 2), 0.5));
	}

	private static void assertResult(Result r, int tp, int fp, int fn, double precision, double recall, double f1,
			double ap, double meanMatchedIou) {
		assertEquals(tp, r.tp());
		assertEquals(fp, r.fp());
		assertEquals(fn, r.fn());
		assertEquals(precision, r.precision(), 1e-12);
		assertEquals(recall, r.recall(), 1e-12);
		assertEquals(f1, r.f1(), 1e-12);
		assertEquals(ap, r.ap(), 1e-12);
		assertEquals(meanMatchedIou, r.meanMatchedIou(), 1e-12);
	}
}
