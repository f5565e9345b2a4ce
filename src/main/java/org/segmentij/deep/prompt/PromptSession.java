package org.segmentij.deep.prompt;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import org.segmentij.deep.prompt.PromptSegmentation.Click;
import org.segmentij.deep.prompt.PromptSegmentation.ObjectPrompt;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;

/**
 * An interactive promptable-segmentation session on one 2D image, without any user interface:
 * the image is encoded once when the session starts; each click or box refines the current
 * object (its previous mask is fed back to the model); {@link #undo()} takes back the last prompt;
 * {@link #accept()} keeps the current object and starts the next. Not thread-safe: one caller (the
 * user interface's worker thread) at a time.
 */
public final class PromptSession {

	/** The current object after one prompt: its prompts so far and its mask (prompted pieces kept). */
	public record Step(ObjectPrompt prompt, MaskRegion mask) {
	}

	/** An accepted object. */
	public record Accepted(String name, ObjectPrompt prompt, MaskRegion mask) {
	}

	private final PromptableModel model;
	private final PromptableModel.Embedding embedding;
	private final double threshold;
	private final Deque<Step> steps = new ArrayDeque<>();
	private final List<Accepted> accepted = new ArrayList<>();

	/** Starts a session: encodes the image (once). */
	public PromptSession(PromptableModel model, RandomAccessibleInterval<? extends RealType<?>> image, double threshold) {
		if (!(threshold > 0 && threshold < 1))
			throw new IllegalArgumentException("threshold must be in (0, 1), got " + threshold);
		this.model = model;
		this.threshold = threshold;
		this.embedding = model.encode(image);
	}

	public int width() {
		return (int) embedding.width();
	}

	public int height() {
		return (int) embedding.height();
	}

	public PromptableModel model() {
		return model;
	}

	/** Adds a click to the current object (a new object when there is none) and predicts it again. */
	public Step click(double x, double y, boolean positive) {
		Step cur = steps.peek();
		List<Click> clicks = new ArrayList<>(cur == null ? List.of() : cur.prompt().clicks());
		clicks.add(new Click(x, y, positive));
		return predict(new ObjectPrompt(name(), clicks, cur == null ? null : cur.prompt().box()), cur);
	}

	/** Sets the box of the current object (a new object when there is none) and predicts it again. */
	public Step box(double x0, double y0, double x1, double y1) {
		Step cur = steps.peek();
		double[] b = { Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1) };
		return predict(new ObjectPrompt(name(), cur == null ? List.of() : cur.prompt().clicks(), b), cur);
	}

	private String name() {
		return "object-" + (accepted.size() + 1);
	}

	private Step predict(ObjectPrompt op, Step previous) {
		List<Prompt> s = op.steps();
		Prompt p = s.get(s.size() - 1);
		MaskRegion raw = PromptSegmentation.predict(model, embedding, List.of(p),
				java.util.Collections.singletonList(previous == null ? null : previous.mask())).get(0);
		Step step = new Step(op, PromptSegmentation.keepPromptedPieces(raw, p, threshold));
		steps.push(step);
		return step;
	}

	/** Takes back the last prompt of the current object; returns the step now current, or null (no object). */
	public Step undo() {
		steps.poll();
		return steps.peek();
	}

	/** The current object's latest step, or null. */
	public Step current() {
		return steps.peek();
	}

	/** Number of prompts of the current object (what undo can take back). */
	public int depth() {
		return steps.size();
	}

	/** Drops the current object. */
	public void clear() {
		steps.clear();
	}

	/**
	 * Keeps the current object (when its mask is not empty) and starts the next; returns it, or
	 * null when there was nothing to keep.
	 */
	public Accepted accept() {
		Step cur = steps.peek();
		steps.clear();
		if (cur == null || cur.mask().area(threshold) == 0)
			return null;
		Accepted a = new Accepted(cur.prompt().name(), cur.prompt(), cur.mask());
		accepted.add(a);
		return a;
	}

	/** Takes back the last accepted object; returns it, or null. */
	public Accepted unaccept() {
		return accepted.isEmpty() ? null : accepted.remove(accepted.size() - 1);
	}

	public List<Accepted> accepted() {
		return List.copyOf(accepted);
	}

	/** The accepted objects as one label image (object i = label i; overlaps to the more probable). */
	public Img<IntType> labels() {
		return PromptSegmentation.labels(accepted.stream().map(Accepted::mask).toList(), width(), height(), threshold);
	}

	public double threshold() {
		return threshold;
	}
}
