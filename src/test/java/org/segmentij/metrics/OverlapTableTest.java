package org.segmentij.metrics;

import static org.junit.jupiter.api.Assertions.*;
import static org.segmentij.metrics.MetricsFixtures.*;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import net.imglib2.img.Img;
import net.imglib2.img.cell.CellImgFactory;
import net.imglib2.img.planar.PlanarImgFactory;
import net.imglib2.loops.LoopBuilder;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.view.Views;

class OverlapTableTest {

	@Test
	void handComputedTable() {
		Img<IntType> truth = parse(
				"11..",
				"11.2",
				"...2");
		Img<IntType> pred = parse(
				"55..",
				"5..7",
				"7..7");
		OverlapTable t = OverlapTable.of(pred, truth);
		assertEquals(12, t.pixelCount());
		assertEquals(3, t.overlap(1, 5));
		assertEquals(1, t.overlap(1, 0));
		assertEquals(2, t.overlap(2, 7));
		assertEquals(1, t.overlap(0, 7));
		assertEquals(5, t.overlap(0, 0));
		assertEquals(0, t.overlap(2, 5));
		assertArrayEquals(new int[] { 0, 1, 2 }, t.truthLabels());
		assertArrayEquals(new int[] { 0, 5, 7 }, t.predictionLabels());
		assertEquals(6, t.truthArea(0));
		assertEquals(4, t.truthArea(1));
		assertEquals(3, t.predictionArea(7));
		assertEquals(0, t.predictionArea(9));
		assertEquals(3.0 / 4, t.iou(1, 5), 1e-15);
		assertEquals(2.0 / 3, t.iou(2, 7), 1e-15);
		assertEquals(5, t.cellCount());
		// cells sorted by truth, then prediction
		for (int k = 1; k < t.cellCount(); k++)
			assertTrue(OverlapTable.key(t.cellTruth(k - 1), t.cellPrediction(k - 1)) < OverlapTable.key(t.cellTruth(k),
					t.cellPrediction(k)));
	}

	@Test
	void emptyImage() {
		OverlapTable t = OverlapTable.of(net.imglib2.img.array.ArrayImgs.ints(1, 1), net.imglib2.img.array.ArrayImgs.ints(1, 1));
		assertEquals(1, t.pixelCount());
		assertEquals(1, t.cellCount());
		assertEquals(1, t.overlap(0, 0));
		OverlapTable none = OverlapTable.fromCells(new int[0], new int[0], new long[0]);
		assertEquals(0, none.pixelCount());
		assertEquals(0, none.truthLabelCount());
	}

	@Test
	void allStorageKindsGiveTheBruteForceTable() {
		Random rnd = new Random(7);
		for (int trial = 0; trial < 10; trial++) {
			long[] dims = trial % 2 == 0 ? new long[] { 17, 13 } : new long[] { 9, 7, 5 };
			Img<IntType> a = randomLabels(rnd, dims, 12, 6), b = randomLabels(rnd, dims, 12, 6);
			Map<Long, Long> expected = new HashMap<>();
			int[] pa = pixels(a), pb = pixels(b);
			for (int i = 0; i < pa.length; i++)
				expected.merge(OverlapTable.key(pb[i], pa[i]), 1L, Long::sum);
			Img<IntType> planar = new PlanarImgFactory<>(new IntType()).create(dims);
			Img<IntType> cell = new CellImgFactory<>(new IntType(), 4).create(dims);
			LoopBuilder.setImages(b, planar, cell).forEachPixel((s, p, c) -> {
				p.set(s);
				c.set(s);
			});
			for (var truth : java.util.List.of(b, planar, cell, Views.translate(b, java.util.Arrays.copyOf(new long[] { 3, -2, 1 }, dims.length)))) {
				OverlapTable t = OverlapTable.of(a, truth);
				Map<Long, Long> got = new HashMap<>();
				for (int k = 0; k < t.cellCount(); k++)
					got.put(OverlapTable.key(t.cellTruth(k), t.cellPrediction(k)), t.cellOverlap(k));
				assertEquals(expected, got, "trial " + trial + ", " + truth.getClass().getSimpleName());
				assertEquals(pa.length, t.pixelCount());
			}
			// mixed storage: planar prediction vs array truth
			Img<IntType> planarA = new PlanarImgFactory<>(new IntType()).create(dims);
			LoopBuilder.setImages(a, planarA).forEachPixel((s, p) -> p.set(s));
			assertEquals(OverlapTable.of(a, b).toString(), OverlapTable.of(planarA, b).toString());
			for (int k = 0; k < OverlapTable.of(planarA, b).cellCount(); k++)
				assertEquals(OverlapTable.of(a, b).cellOverlap(k), OverlapTable.of(planarA, b).cellOverlap(k));
		}
	}

	@Test
	void inputsAreNotModified() {
		Img<IntType> a = randomLabels(new Random(3), new long[] { 10, 10 }, 8, 5), b = randomLabels(new Random(4),
				new long[] { 10, 10 }, 8, 5);
		int[] pa = pixels(a), pb = pixels(b);
		OverlapTable.of(a, b);
		assertArrayEquals(pa, pixels(a));
		assertArrayEquals(pb, pixels(b));
	}

	@Test
	void badInput() {
		var e = assertThrows(IllegalArgumentException.class,
				() -> OverlapTable.of(net.imglib2.img.array.ArrayImgs.ints(512, 512), net.imglib2.img.array.ArrayImgs.ints(256, 256)));
		assertTrue(e.getMessage().contains("prediction is 512x512 but ground truth is 256x256"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> OverlapTable.of(
				net.imglib2.img.array.ArrayImgs.ints(new int[] { 0, 0, 0, 1 }, 2, 2),
				net.imglib2.img.array.ArrayImgs.ints(new int[] { 0, -3, 0, 0 }, 2, 2)));
		assertTrue(e.getMessage().contains("ground truth contains the negative label -3"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> OverlapTable.fromCells(new int[] { 1 }, new int[] { 1, 2 },
				new long[] { 1 }));
	}

	@Test
	void fromCellsMergesAndRestricts() {
		OverlapTable t = OverlapTable.fromCells(new int[] { 1, 1, 0, 2 }, new int[] { 3, 3, 3, 0 },
				new long[] { 2, 5, 4, 0 });
		assertEquals(7, t.overlap(1, 3));
		assertEquals(11, t.pixelCount());
		assertEquals(2, t.cellCount());
		OverlapTable fg = t.withoutTruthLabel(0);
		assertEquals(7, fg.pixelCount());
		assertEquals(7, fg.predictionArea(3));
	}
}
