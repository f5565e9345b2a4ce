package org.segmentij.deep.prompt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.segmentij.deep.prompt.PromptSegmentation.Click;
import org.segmentij.deep.prompt.PromptSegmentation.ObjectPrompt;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * Sessions and prompt sequencing against an analytic stand-in model: discs of radius 5 around
 * the positive points, minus discs around the negative points, cut to the box; probability 0.9
 * inside, 0.1 where the previous mask was (so feeding the previous mask back is visible).
 */
class PromptSessionTest {

	static final class DiscModel implements PromptableModel {
		int encodes;
		final List<Boolean> hadPrevious = new ArrayList<>();

		record Size(long width, long height) implements Embedding {
		}

		@Override
		public String name() {
			return "discs";
		}

		@Override
		public Embedding encode(RandomAccessibleInterval<? extends RealType<?>> image) {
			encodes++;
			return new Size(image.dimension(0), image.dimension(1));
		}

		@Override
		public Img<FloatType> predict(Embedding e, Prompt p, RandomAccessibleInterval<FloatType> previous) {
			hadPrevious.add(previous != null);
			int w = (int) e.width(), h = (int) e.height();
			Img<FloatType> out = ArrayImgs.floats(w, h);
			var ra = out.randomAccess();
			var pr = previous == null ? null : previous.randomAccess();
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					boolean in = p.positives().isEmpty() && p.box() != null;
					for (double[] q : p.positives())
						in |= (x - q[0]) * (x - q[0]) + (y - q[1]) * (y - q[1]) <= 25;
					for (double[] q : p.negatives())
						in &= (x - q[0]) * (x - q[0]) + (y - q[1]) * (y - q[1]) > 25;
					if (p.box() != null)
						in &= x >= p.box()[0] && x <= p.box()[2] && y >= p.box()[1] && y <= p.box()[3];
					float v = in ? 0.9f : 0f;
					if (!in && pr != null) {
						pr.setPosition(new int[] { x, y });
						v = pr.get().get() > 0.5f ? 0.1f : 0f;
					}
					ra.setPosition(new int[] { x, y });
					ra.get().set(v);
				}
			return out;
		}

		@Override
		public void close() {
		}
	}

	/** Pixels within 5 of a positive point, farther than 5 from every negative one, in the box: counted one by one. */
	private static long discs(double[][] pos, double[][] neg, int x0, int y0, int x1, int y1) {
		long n = 0;
		for (int y = y0; y <= y1; y++)
			for (int x = x0; x <= x1; x++) {
				boolean in = false;
				for (double[] q : pos)
					in |= Math.hypot(x - q[0], y - q[1]) <= 5;
				for (double[] q : neg)
					if (q.length == 2)
						in &= Math.hypot(x - q[0], y - q[1]) > 5;
				n += in ? 1 : 0;
			}
		return n;
	}

	private static long count(MaskRegion m) {
		return m.area(0.5);
	}

	@Test
	void theImageIsEncodedOnceAndEachClickRefinesWithThePreviousMask() {
		DiscModel model = new DiscModel();
		PromptSession s = new PromptSession(model, ArrayImgs.floats(60, 40), 0.5);
		assertEquals(1, model.encodes);
		PromptSession.Step a = s.click(20, 20, true);
		assertEquals(81, count(a.mask())); // a disc of radius 5: 81 pixel centres
		PromptSession.Step b = s.click(24, 20, true);
		assertEquals(List.of(false, true), model.hadPrevious);
		assertTrue(count(b.mask()) > 81);
		PromptSession.Step c = s.click(28, 20, false);
		assertTrue(count(c.mask()) < count(b.mask()));
		assertEquals(3, s.depth());
		assertEquals(1, model.encodes);
		// undo goes back exactly
		assertEquals(b, s.undo());
		assertArrayEquals(b.mask().prob(), s.current().mask().prob());
		assertEquals(2, s.depth());
		// a box replaces the object's box and keeps its clicks
		PromptSession.Step boxed = s.box(15, 15, 22, 25);
		assertEquals(2, boxed.prompt().clicks().size());
		long inBox = discs(new double[][] { { 20, 20 }, { 24, 20 } }, new double[][] { {} }, 15, 15, 22, 25);
		assertEquals(inBox, count(boxed.mask()));
		PromptSession.Accepted acc = s.accept();
		assertNotNull(acc);
		assertNull(s.current());
		assertEquals(0, s.depth());
		assertNull(s.accept()); // nothing current
		s.click(50, 30, true);
		s.accept();
		Img<IntType> lab = s.labels();
		long[] n = new long[3];
		for (IntType t : lab)
			n[t.get()]++;
		assertEquals(inBox, n[1]);
		assertEquals(81, n[2]);
		assertEquals(1, model.encodes);
		assertNull(s.undo());
	}

	@Test
	void stepsStartWithAPositiveClickAndTheBox() {
		ObjectPrompt o = new ObjectPrompt("o", List.of(new Click(1, 1, false), new Click(2, 2, true), new Click(3, 3, true)),
				new double[] { 0, 0, 9, 9 });
		List<Prompt> steps = o.steps();
		assertEquals(3, steps.size());
		assertEquals(1, steps.get(0).positives().size());
		assertEquals(2.0, steps.get(0).positives().get(0)[0]);
		assertEquals(0, steps.get(0).negatives().size());
		assertNotNull(steps.get(0).box());
		assertEquals(1, steps.get(1).negatives().size());
		assertEquals(2, steps.get(2).positives().size());
		assertEquals(1, new ObjectPrompt("b", List.of(), new double[] { 0, 0, 1, 1 }).steps().size());
	}

	@Test
	void onlyThePromptedPiecesAreKeptAndOverlapsGoToTheLikelierObject() {
		float[] p = new float[10 * 10];
		for (int y = 0; y < 3; y++)
			for (int x = 0; x < 3; x++) {
				p[y * 10 + x] = 0.8f; // piece A, 9 pixels, holds the click
				p[(y + 6) * 10 + x + 6] = 0.9f; // piece B, 9 pixels
			}
		p[5 * 10 + 0] = 0.7f; // piece C, 1 pixel
		MaskRegion m = new MaskRegion(0, 0, 10, 10, p);
		MaskRegion kept = PromptSegmentation.keepPromptedPieces(m, Prompt.point(1, 1), 0.5);
		assertEquals(9, kept.area(0.5));
		assertEquals(0.8f, kept.at(2, 2));
		assertEquals(0f, kept.at(7, 7));
		// no click in any piece (a box): the largest piece (A and B tie: the first) stays
		MaskRegion box = PromptSegmentation.keepPromptedPieces(m, Prompt.box(0, 0, 9, 9), 0.5);
		assertEquals(9, box.area(0.5));
		// labels: the more probable object wins the shared pixels
		float[] q = new float[10 * 10];
		java.util.Arrays.fill(q, 0.6f);
		Img<IntType> lab = PromptSegmentation.labels(List.of(m, new MaskRegion(0, 0, 10, 10, q)), 12, 10, 0.5);
		assertEquals(1, lab.getAt(1, 1).get());
		assertEquals(1, lab.getAt(7, 7).get());
		assertEquals(2, lab.getAt(5, 5).get());
		assertEquals(1, lab.getAt(0, 5).get());
		assertEquals(0, lab.getAt(11, 5).get());
	}

	@Test
	void segmentRunsEveryObjectsStepsThroughTheInterface() {
		DiscModel model = new DiscModel();
		PromptableModel.Embedding e = model.encode(ArrayImgs.floats(40, 40));
		List<ObjectPrompt> objects = List.of(new ObjectPrompt("a", List.of(new Click(10, 10, true)), null),
				new ObjectPrompt("b", List.of(new Click(30, 30, true), new Click(33, 30, false)), null));
		List<MaskRegion> r = PromptSegmentation.segment(model, e, objects, 0.5);
		assertEquals(81, r.get(0).area(0.5));
		assertEquals(discs(new double[][] { { 30, 30 } }, new double[][] { { 33, 30 } }, 0, 0, 39, 39), r.get(1).area(0.5));
		assertEquals(List.of(false, false, true), model.hadPrevious);
	}
}
