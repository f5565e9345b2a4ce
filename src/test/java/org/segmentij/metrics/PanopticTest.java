package org.segmentij.metrics;

import static org.junit.jupiter.api.Assertions.*;
import static org.segmentij.metrics.MetricsFixtures.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.segmentij.metrics.Panoptic.ClassScore;
import org.segmentij.metrics.Panoptic.Result;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.IntType;

class PanopticTest {

	@Test
	void encoding() {
		int id = Panoptic.encode(3, 17);
		assertEquals(3 * 65536 + 17, id);
		assertEquals(3, Panoptic.classOf(id));
		assertEquals(17, Panoptic.instanceOf(id));
		assertEquals(Panoptic.MAX_CLASS, Panoptic.classOf(Panoptic.encode(Panoptic.MAX_CLASS, Panoptic.MAX_INSTANCE)));
		var e = assertThrows(IllegalArgumentException.class, () -> Panoptic.encode(1, 70000));
		assertTrue(e.getMessage().contains("instance id 70000"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> Panoptic.encode(-1, 0));
	}

	/** Class image and instance image from text rows (class digit, instance digit). */
	private static Img<IntType> enc(Img<IntType> classes, Img<IntType> instances) {
		int[] c = pixels(classes), i = pixels(instances);
		int[] out = new int[c.length];
		for (int k = 0; k < c.length; k++)
			out[k] = Panoptic.encode(c[k], i[k]);
		return ArrayImgs.ints(out, classes.dimension(0), classes.dimension(1));
	}

	@Test
	void handComputedThingsStuffAndVoid() {
		// classes: 0 = void, 1 = stuff "background", 2 = thing "cell"
		Img<IntType> tc = parse(
				"1122211",
				"1122211",
				"1111100",
				"2211100");
		Img<IntType> ti = parse(
				"..111..",
				"..111..",
				".......",
				"22.....");
		Img<IntType> pc = parse(
				"1222211",
				"1122211",
				"1111122",
				"1111122");
		Img<IntType> pi = parse(
				".3333..",
				"..333..",
				".....44",
				".....44");
		// truth segments: stuff 1 (16 px), cell 1 (6 px), cell 2 (2 px); void 4 px
		// prediction: stuff 1 (17 px), cell 3 (7 px), cell 4 (4 px, all on void)
		// cell 3 vs cell 1: inter 6, IoU 6/7 -> TP; cell 2 unmatched -> FN; cell 4: void 4/4 > 1/2 -> not FP
		// stuff: inter 15 (truth stuff 16 minus the pixel predicted as cell), pred 17, void overlap 0
		// -> IoU 15/(17 + 16 - 15) = 15/18 -> TP
		Result r = Panoptic.evaluate(pc, pi, tc, ti, 0, 1);
		ClassScore cell = r.of(2), stuff = r.of(1);
		assertEquals(new ClassScore(2, false, 1, 0, 1, 6.0 / 7), withSum(cell, 6.0 / 7));
		assertEquals(6.0 / 7 / 1.5, cell.pq(), 1e-12);
		assertEquals(6.0 / 7, cell.sq(), 1e-12);
		assertEquals(1 / 1.5, cell.rq(), 1e-12);
		assertEquals(1, stuff.tp());
		assertTrue(stuff.stuff());
		assertEquals(15.0 / 18, stuff.sumIou(), 1e-12);
		assertEquals((6.0 / 7 / 1.5 + 15.0 / 18) / 2, r.pq(), 1e-12);
		assertEquals(6.0 / 7 / 1.5, r.pqThings(), 1e-12);
		assertEquals(15.0 / 18, r.pqStuff(), 1e-12);
		assertNull(r.of(0));
		// single panoptic images give the same
		assertEquals(r, Panoptic.evaluate(enc(pc, pi), enc(tc, ti), 0, 1));
		// without void handling cell 4 is a false positive and stuff pixels on void count
		Result noVoid = Panoptic.evaluate(pc, pi, tc, ti, Panoptic.NO_VOID, 1);
		assertEquals(1, noVoid.of(2).fp());
		assertEquals(1, noVoid.of(0).fn()); // class 0 is then an ordinary thing class
	}

	private static ClassScore withSum(ClassScore c, double sum) {
		assertEquals(sum, c.sumIou(), 1e-12);
		return new ClassScore(c.classId(), c.stuff(), c.tp(), c.fp(), c.fn(), sum);
	}

	@Test
	void voidReducesTheUnion() {
		// truth: thing (1,1) of 4 px and 4 void px; prediction: thing (1,5) covers them all
		Img<IntType> truth = ArrayImgs.ints(new int[] { Panoptic.encode(1, 1), Panoptic.encode(1, 1), Panoptic.encode(1, 1),
				Panoptic.encode(1, 1), 0, 0, 0, 0 }, 8);
		Img<IntType> pred = ArrayImgs.ints(new int[8], 8);
		for (IntType t : pred)
			t.set(Panoptic.encode(1, 5));
		Result r = Panoptic.evaluate(pred, truth, 0);
		assertEquals(1, r.of(1).tp()); // IoU 4 / (8 - 4 + 4 - 4) = 1
		assertEquals(1, r.pq(), 1e-12);
	}

	@Test
	void emptyAndOneSegment() {
		Img<IntType> zero = ArrayImgs.ints(4, 4);
		Result none = Panoptic.evaluate(zero, zero, 0);
		assertTrue(none.classes().isEmpty());
		assertTrue(Double.isNaN(none.pq()));
		Img<IntType> one = ArrayImgs.ints(4, 4);
		for (IntType t : one)
			t.set(Panoptic.encode(2, 1));
		Result missed = Panoptic.evaluate(zero, one, 0);
		assertEquals(0, missed.pq());
		assertEquals(1, missed.of(2).fn());
		Result perfect = Panoptic.evaluate(one, one, 0);
		assertEquals(1, perfect.pq());
		assertEquals(1, perfect.sq());
		assertEquals(1, perfect.rq());
		assertTrue(Double.isNaN(perfect.pqStuff()));
	}

	@Test
	void randomAgainstSegmentLoops() {
		Random rnd = new Random(31);
		for (int trial = 0; trial < 40; trial++) {
			long[] dims = { 12, 10 };
			// class images 0..3 (0 void, 3 stuff), instance images 0..3
			int[] tc = pixels(randomLabels(rnd, dims, 8, 3)), ti = pixels(randomLabels(rnd, dims, 8, 3));
			int[] pc = pixels(randomLabels(rnd, dims, 8, 3)), pi = pixels(randomLabels(rnd, dims, 8, 3));
			Result r = Panoptic.evaluate(ArrayImgs.ints(pc, 12, 10), ArrayImgs.ints(pi, 12, 10), ArrayImgs.ints(tc, 12, 10),
					ArrayImgs.ints(ti, 12, 10), 0, 3);
			// brute force: segments as sets of pixel indices
			TreeMap<Long, List<Integer>> tSeg = segments(tc, ti), pSeg = segments(pc, pi);
			TreeMap<Integer, double[]> expect = new TreeMap<>(); // tp fp fn sum
			TreeSet<Long> matchedP = new TreeSet<>(), matchedT = new TreeSet<>();
			for (var g : tSeg.entrySet())
				for (var p : pSeg.entrySet()) {
					if (g.getKey() >> 32 != p.getKey() >> 32)
						continue;
					long inter = 0, voidP = 0;
					for (int k : p.getValue()) {
						if (g.getValue().contains(k))
							inter++;
						if (tc[k] == 0)
							voidP++;
					}
					double iou = (double) inter / (p.getValue().size() - voidP + g.getValue().size() - inter);
					if (iou > 0.5) {
						double[] e = expect.computeIfAbsent((int) (g.getKey() >> 32), x -> new double[4]);
						e[0]++;
						e[3] += iou;
						matchedP.add(p.getKey());
						matchedT.add(g.getKey());
					}
				}
			for (var g : tSeg.keySet())
				if (!matchedT.contains(g))
					expect.computeIfAbsent((int) (g >> 32), x -> new double[4])[2]++;
			for (var p : pSeg.entrySet()) {
				long voidP = p.getValue().stream().filter(k -> tc[k] == 0).count();
				double[] e = expect.computeIfAbsent((int) (p.getKey() >> 32), x -> new double[4]);
				if (!matchedP.contains(p.getKey()) && voidP * 2 <= p.getValue().size())
					e[1]++;
			}
			List<Double> pqs = new ArrayList<>();
			for (var e : expect.entrySet()) {
				double[] v = e.getValue();
				ClassScore c = r.of(e.getKey());
				assertEquals((int) v[0], c.tp(), "trial " + trial + " class " + e.getKey());
				assertEquals((int) v[1], c.fp());
				assertEquals((int) v[2], c.fn());
				assertEquals(v[3], c.sumIou(), 1e-12);
				if (v[0] + v[1] + v[2] > 0)
					pqs.add(v[3] / (v[0] + 0.5 * v[1] + 0.5 * v[2]));
			}
			assertEquals(pqs.isEmpty() ? Double.NaN : pqs.stream().mapToDouble(d -> d).average().getAsDouble(), r.pq(), 1e-12);
		}
	}

	/** Segments keyed by class << 32 | instance (stuff class 3: one segment; void class 0: none). */
	private static TreeMap<Long, List<Integer>> segments(int[] c, int[] i) {
		TreeMap<Long, List<Integer>> out = new TreeMap<>();
		for (int k = 0; k < c.length; k++) {
			if (c[k] == 0)
				continue;
			long key = ((long) c[k] << 32) | (c[k] == 3 ? 0 : i[k]);
			out.computeIfAbsent(key, x -> new ArrayList<>()).add(k);
		}
		return out;
	}
}
