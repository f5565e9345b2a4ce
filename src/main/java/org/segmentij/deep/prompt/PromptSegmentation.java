package org.segmentij.deep.prompt;

import java.util.ArrayList;
import java.util.List;

import org.segmentij.classical.region.ConnectedComponents;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.IntType;

/**
 * Segments objects from their prompts with any {@link PromptableModel}: each object's clicks are
 * given one after the other as an interactive user gives them (the first positive click with the
 * box, then each further click with the previous mask), its probability map is thresholded and
 * only the connected pieces that hold a positive click are kept (the largest piece when no
 * positive click lies in one, as for a box alone); then one label image where each pixel goes to
 * the object with the highest probability. {@link PromptNet} runs the objects in batches.
 */
public final class PromptSegmentation {

	private PromptSegmentation() {
	}

	/** One click: image pixel coordinates, positive (on the object) or negative. */
	public record Click(double x, double y, boolean positive) {
	}

	/**
	 * The prompts of one object: its clicks in the order given and an optional box
	 * {x0, y0, x1, y1} (inclusive pixel corners).
	 */
	public record ObjectPrompt(String name, List<Click> clicks, double[] box) {

		public ObjectPrompt {
			clicks = List.copyOf(clicks);
			if (clicks.isEmpty() && box == null)
				throw new IllegalArgumentException("object " + name + " has neither a click nor a box");
		}

		/**
		 * The prompts in the order a user gives them: the first positive click (else the first
		 * click) with the box, then one more click per step.
		 */
		public List<Prompt> steps() {
			List<Click> order = new ArrayList<>(clicks);
			for (int i = 0; i < order.size(); i++)
				if (order.get(i).positive()) {
					order.add(0, order.remove(i));
					break;
				}
			List<Prompt> steps = new ArrayList<>();
			List<double[]> pos = new ArrayList<>(), neg = new ArrayList<>();
			if (order.isEmpty())
				steps.add(new Prompt(pos, neg, box));
			for (Click c : order) {
				(c.positive() ? pos : neg).add(new double[] { c.x(), c.y() });
				steps.add(new Prompt(pos, neg, box));
			}
			return steps;
		}
	}

	/**
	 * The probability map of each object after all its steps, each step's map cleaned by
	 * {@link #keepPromptedPieces} (with that step's prompt) and fed back to the next step.
	 */
	public static List<MaskRegion> segment(PromptableModel model, PromptableModel.Embedding embedding, List<ObjectPrompt> objects,
			double threshold) {
		int n = objects.size();
		List<List<Prompt>> steps = new ArrayList<>();
		int most = 0;
		for (ObjectPrompt o : objects) {
			steps.add(o.steps());
			most = Math.max(most, steps.get(steps.size() - 1).size());
		}
		MaskRegion[] current = new MaskRegion[n];
		for (int s = 0; s < most; s++) {
			List<Integer> which = new ArrayList<>();
			List<Prompt> prompts = new ArrayList<>();
			List<MaskRegion> prev = new ArrayList<>();
			for (int i = 0; i < n; i++)
				if (steps.get(i).size() > s) {
					which.add(i);
					prompts.add(steps.get(i).get(s));
					prev.add(current[i]);
				}
			List<MaskRegion> r = predict(model, embedding, prompts, prev);
			for (int k = 0; k < which.size(); k++)
				current[which.get(k)] = keepPromptedPieces(r.get(k), prompts.get(k), threshold);
		}
		return List.of(current);
	}

	/** One step for several prompts (each with its previous map or null): batched for a {@link PromptNet}. */
	public static List<MaskRegion> predict(PromptableModel model, PromptableModel.Embedding embedding, List<Prompt> prompts,
			List<MaskRegion> previous) {
		if (model instanceof PromptNet net)
			return net.predictRegions(embedding, prompts, previous);
		int w = (int) embedding.width(), h = (int) embedding.height();
		List<MaskRegion> out = new ArrayList<>();
		for (int i = 0; i < prompts.size(); i++) {
			MaskRegion p = previous == null ? null : previous.get(i);
			out.add(MaskRegion.of(model.predict(embedding, prompts.get(i), p == null ? null : p.toImage(w, h))));
		}
		return out;
	}

	/**
	 * The map with every connected piece of {@code p > threshold} (8-connected) set to 0 unless
	 * it holds a positive point of the prompt; when none does, the largest piece is kept.
	 */
	public static MaskRegion keepPromptedPieces(MaskRegion m, Prompt prompt, double threshold) {
		int w = m.w(), h = m.h();
		if (w == 0 || h == 0)
			return m;
		int[] cc = new int[w * h];
		for (int i = 0; i < cc.length; i++)
			cc[i] = m.prob()[i] > threshold ? 1 : 0;
		int n = ConnectedComponents.label(cc, new int[] { w, h }, ConnectedComponents.Connectivity.FULL);
		if (n <= 1)
			return m;
		boolean[] keep = new boolean[n + 1];
		boolean any = false;
		for (double[] q : prompt.positives()) {
			int u = (int) Math.round(q[0]) - m.x(), v = (int) Math.round(q[1]) - m.y();
			if (u >= 0 && v >= 0 && u < w && v < h && cc[v * w + u] > 0) {
				keep[cc[v * w + u]] = true;
				any = true;
			}
		}
		if (!any) {
			long[] size = new long[n + 1];
			for (int c : cc)
				size[c]++;
			int best = 1;
			for (int c = 2; c <= n; c++)
				if (size[c] > size[best])
					best = c;
			keep[best] = true;
		}
		float[] out = m.prob().clone();
		for (int i = 0; i < out.length; i++)
			if (cc[i] > 0 && !keep[cc[i]])
				out[i] = 0;
		return new MaskRegion(m.x(), m.y(), w, h, out);
	}

	/**
	 * One label image (object i has label i + 1): a pixel goes to the object with the highest
	 * probability among those above {@code threshold}, 0 where there is none.
	 */
	public static Img<IntType> labels(List<MaskRegion> objects, int width, int height, double threshold) {
		int[] lab = new int[width * height];
		float[] best = new float[width * height];
		for (int k = 0; k < objects.size(); k++) {
			MaskRegion m = objects.get(k);
			for (int v = 0; v < m.h(); v++) {
				int y = m.y() + v;
				if (y < 0 || y >= height)
					continue;
				for (int u = 0; u < m.w(); u++) {
					int x = m.x() + u;
					float p = m.prob()[v * m.w() + u];
					if (x < 0 || x >= width || !(p > threshold))
						continue;
					int i = y * width + x;
					if (p > best[i]) {
						best[i] = p;
						lab[i] = k + 1;
					}
				}
			}
		}
		return ArrayImgs.ints(lab, width, height);
	}
}
