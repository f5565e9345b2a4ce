package org.segmentij.deep.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.segmentij.deep.infer.Normalization;
import org.segmentij.deep.prompt.Prompt;
import org.segmentij.deep.prompt.PromptEncoding;
import org.segmentij.image.SyntheticNuclei;

/** Simulated prompts against the labels they come from. */
class PromptTrainingTest {

	private static Sample image(long seed) {
		return TrainingData.synthetic(1, s -> SyntheticNuclei.Params.defaults2D(128, 128, 8, s).withRadius(8, 16), seed, TargetMode.PROMPT,
				Normalization.percentile(1, 99.8)).get(0);
	}

	@Test
	void promptTargetsKeepLabelsAndLabelBinaryMasks() {
		int[] lab = { 0, 3, 3, 0, 7, 0 };
		assertArrayEquals(lab, TargetMode.PROMPT.target(lab, 3, 2));
		// a binary mask: two 8-connected pieces become labels 1 and 2 (raster order)
		int[] mask = { 255, 0, 0, 0, 0, 255, 0, 255, 255 };
		assertArrayEquals(new int[] { 1, 0, 0, 0, 0, 2, 0, 2, 2 }, TargetMode.PROMPT.target(mask, 3, 3));
		assertEquals(5, TargetMode.PROMPT.inputChannels(1));
		assertEquals(1, TargetMode.BINARY.inputChannels(1));
	}

	@Test
	void simulatedPromptsPointAtTheirObjectAndTheTargetIsItsMask() {
		Sample s = image(21);
		int w = s.width(), h = s.height();
		int[] labels = s.target();
		SplittableRandom rng = new SplittableRandom(5);
		int boxes = 0, previous = 0, negatives = 0;
		for (int n = 0; n < 200; n++) {
			PromptTraining.Simulated sim = PromptTraining.simulate(labels, w, h, rng);
			assertNotNull(sim);
			int k = sim.label();
			Prompt p = sim.prompt();
			for (double[] q : p.positives())
				assertEquals(k, labels[(int) Math.round(q[1]) * w + (int) Math.round(q[0])], "a positive click lies on its object");
			for (double[] q : p.negatives())
				assertTrue(labels[(int) Math.round(q[1]) * w + (int) Math.round(q[0])] != k, "a negative click lies off its object");
			int[] box = box(labels, w, h, k);
			if (p.box() != null) {
				boxes++;
				double bw = box[2] - box[0] + 1, bh = box[3] - box[1] + 1;
				assertTrue(p.box()[0] <= p.box()[2] && p.box()[1] <= p.box()[3]);
				// each side within 5 standard deviations of its jitter (7% of the box), plus rounding
				assertEquals(box[0], p.box()[0], 0.35 * bw + 0.5);
				assertEquals(box[3], p.box()[3], 0.35 * bh + 0.5);
			}
			if (sim.prev() != null)
				previous++;
			negatives += p.negatives().size();
			Sample c = PromptTraining.crop(s, sim, 64, 3);
			PromptEncoding.Window win = PromptEncoding.window(p, sim.previousBox(), 64);
			assertEquals(PromptEncoding.CHANNELS, c.channels());
			for (int v = 0; v < 64; v++)
				for (int u = 0; u < 64; u++) {
					long x = Math.round(win.imageX(u)), y = Math.round(win.imageY(v));
					int expected = x < 0 || y < 0 || x >= w || y >= h ? Sample.IGNORE : labels[(int) (y * w + x)] == k ? 1 : 0;
					assertEquals(expected, c.target()[v * 64 + u]);
				}
			// the object is in the window
			assertTrue(java.util.Arrays.stream(c.target()).anyMatch(t -> t == 1));
		}
		// every kind of prompt occurs (45% clicks, 25% boxes, 30% refinement, about)
		assertTrue(boxes > 40 && boxes < 110, "boxes " + boxes);
		assertTrue(previous > 35 && previous < 90, "previous masks " + previous);
		assertTrue(negatives > 10, "negative clicks " + negatives);
	}

	@Test
	void correctiveClicksFixTheLargerError() {
		// one square object; the previous mask misses its right half: the corrective click is positive, in the missed half
		int w = 40, h = 40;
		int[] labels = new int[w * h];
		for (int y = 10; y < 30; y++)
			for (int x = 10; x < 30; x++)
				labels[y * w + x] = 1;
		SplittableRandom rng = new SplittableRandom(1);
		int positives = 0;
		for (int n = 0; n < 300; n++) {
			PromptTraining.Simulated sim = PromptTraining.simulate(labels, w, h, rng);
			if (sim.prev() == null)
				continue;
			// every click but the first of a refinement corrects the previous mask: positive ones where it missed the object
			List<double[]> pos = sim.prompt().positives();
			for (int i = 1; i < pos.size(); i++) {
				int u = (int) pos.get(i)[0] - sim.px(), v = (int) pos.get(i)[1] - sim.py();
				assertTrue(sim.prev()[v * sim.pw() + u] <= 0.5f, "a corrective positive click lies where the previous mask missed");
				positives++;
			}
			for (double[] q : sim.prompt().negatives()) {
				int u = (int) q[0] - sim.px(), v = (int) q[1] - sim.py();
				assertTrue(sim.prev()[v * sim.pw() + u] > 0.5f, "a corrective negative click lies where the previous mask is wrong");
			}
		}
		assertTrue(positives > 5, "positives " + positives);
	}

	@Test
	void validationCropsAreTheSameEveryTime() {
		List<Sample> imgs = List.of(image(3), image(4));
		List<Sample> a = PromptTraining.validation(imgs, 32, 3, 5, 9), b = PromptTraining.validation(imgs, 32, 3, 5, 9);
		assertEquals(10, a.size());
		for (int i = 0; i < a.size(); i++) {
			assertArrayEquals(a.get(i).image(), b.get(i).image());
			assertArrayEquals(a.get(i).target(), b.get(i).target());
		}
	}

	private static int[] box(int[] labels, int w, int h, int k) {
		int[] b = { w, h, -1, -1 };
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				if (labels[y * w + x] == k) {
					b[0] = Math.min(b[0], x);
					b[1] = Math.min(b[1], y);
					b[2] = Math.max(b[2], x);
					b[3] = Math.max(b[3], y);
				}
		return b;
	}
}
