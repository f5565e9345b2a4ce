package org.segmentij.deep.prompt;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.segmentij.image.SyntheticNuclei;

import ai.djl.Device;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.IntType;

/**
 * The shipped promptable model (models/nuclei-prompt) on generated nuclei it has not seen (other
 * seeds): a second, corrective click moves the mask toward the true object, and one click finds
 * most nuclei.
 */
class PromptRefinementTest {

	private static PromptableModel model;

	@BeforeAll
	static void load() {
		// tests run in the project folder, whose models/ holds the shipped package
		model = PromptableModels.open("nuclei-prompt", Device.cpu());
	}

	@AfterAll
	static void close() {
		model.close();
	}

	private static PromptEvaluation.Truth truth(SyntheticNuclei.Sample s, int w, int h) {
		int[] lab = new int[w * h];
		var c = s.labels().cursor();
		for (int i = 0; c.hasNext(); i++)
			lab[i] = c.next().get();
		return PromptEvaluation.Truth.of(lab, w, h);
	}

	@Test
	void aCorrectiveClickMovesTheMaskTowardTheTruth() {
		int w = 192, h = 160;
		SyntheticNuclei.Sample s = SyntheticNuclei.generate(
				SyntheticNuclei.Params.defaults2D(w, h, 12, 90210).withRadius(10, 20).withTouchingFraction(0.8).withRimDrop(0.15));
		PromptEvaluation.Truth t = truth(s, w, h);
		PromptableModel.Embedding e = model.encode(s.image());
		// first click off-centre: on the object, two pixels inside its border towards its neighbour
		int[] present = t.present();
		List<PromptSegmentation.ObjectPrompt> first = new java.util.ArrayList<>();
		for (int l : present)
			first.add(new PromptSegmentation.ObjectPrompt("o" + l, List.of(borderClick(t, l)), null));
		List<MaskRegion> m1 = PromptSegmentation.segment(model, e, first, 0.5);
		List<PromptSegmentation.ObjectPrompt> second = new java.util.ArrayList<>();
		for (int k = 0; k < present.length; k++) {
			PromptSegmentation.Click c = t.correctiveClick(m1.get(k), present[k], 0.5);
			List<PromptSegmentation.Click> clicks = new java.util.ArrayList<>(first.get(k).clicks());
			if (c != null)
				clicks.add(c);
			second.add(new PromptSegmentation.ObjectPrompt("o" + present[k], clicks, null));
		}
		List<MaskRegion> m2 = PromptSegmentation.segment(model, e, second, 0.5);
		double sum1 = 0, sum2 = 0;
		int bad = 0, improved = 0;
		for (int k = 0; k < present.length; k++) {
			double a = t.iou(m1.get(k), present[k], 0.5), b = t.iou(m2.get(k), present[k], 0.5);
			sum1 += a;
			sum2 += b;
			if (a < 0.85) {
				bad++;
				if (b > a)
					improved++;
			}
		}
		String what = String.format(java.util.Locale.ROOT, "mean IoU %.3f after the first click, %.3f after the second; %d of %d poor masks improved",
				sum1 / present.length, sum2 / present.length, improved, bad);
		System.out.println("PromptRefinementTest: " + what);
		assertTrue(sum2 > sum1 + 0.01 * present.length, what);
		assertTrue(improved >= 0.7 * bad, what);
	}

	@Test
	void oneCentreClickFindsTheNuclei() {
		int w = 160, h = 160;
		SyntheticNuclei.Sample s = SyntheticNuclei.generate(SyntheticNuclei.Params.defaults2D(w, h, 10, 4242).withRadius(9, 18));
		PromptEvaluation.Truth t = truth(s, w, h);
		PromptableModel.Embedding e = model.encode(s.image());
		PromptEvaluation.Figures f = PromptEvaluation.evaluate("click", model, e, t, t.clicks(), 0.5);
		assertTrue(f.meanIoU() > 0.8, f.line());
		Img<IntType> lab = PromptSegmentation.labels(PromptSegmentation.segment(model, e, t.clicks(), 0.5), w, h, 0.5);
		java.util.Set<Integer> seen = new java.util.HashSet<>();
		for (IntType v : lab)
			if (v.get() > 0)
				seen.add(v.get());
		assertTrue(seen.size() == t.present().length, "every nucleus has its label: " + seen);
	}

	/** An object pixel 2 pixels inside the border, on the side of the nearest other object (else the side farthest from the centre). */
	static PromptSegmentation.Click borderClick(PromptEvaluation.Truth t, int l) {
		double[] c = t.centre()[l];
		int w = t.w(), h = t.h();
		int[] lab = t.labels();
		// the direction of the nearest pixel of another object
		double best = Double.POSITIVE_INFINITY, dx = 1, dy = 0;
		for (int y = Math.max(0, t.box()[l][1] - 3); y <= Math.min(h - 1, t.box()[l][3] + 3); y++)
			for (int x = Math.max(0, t.box()[l][0] - 3); x <= Math.min(w - 1, t.box()[l][2] + 3); x++) {
				int v = lab[y * w + x];
				if (v > 0 && v != l) {
					double d = Math.hypot(x - c[0], y - c[1]);
					if (d < best) {
						best = d;
						dx = (x - c[0]) / d;
						dy = (y - c[1]) / d;
					}
				}
			}
		// walk from the centre towards it while inside, then step back 2 pixels
		double r = 0;
		while (true) {
			int x = (int) Math.round(c[0] + (r + 1) * dx), y = (int) Math.round(c[1] + (r + 1) * dy);
			if (x < 0 || y < 0 || x >= w || y >= h || lab[y * w + x] != l)
				break;
			r++;
		}
		r = Math.max(0, r - 2);
		return new PromptSegmentation.Click(Math.round(c[0] + r * dx), Math.round(c[1] + r * dy), true);
	}
}
