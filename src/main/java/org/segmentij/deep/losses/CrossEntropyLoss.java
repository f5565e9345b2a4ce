package org.segmentij.deep.losses;

import org.segmentij.UsageException;

import ai.djl.ndarray.NDArray;

/**
 * Cross-entropy from logits: softmax cross-entropy for C >= 2, binary cross-entropy with a sigmoid
 * for C = 1. With class weights w (one per class; for C = 1, w[0] for background and w[1] for
 * foreground), the result is sum_i w_{y_i} nll_i / sum_i w_{y_i} over the counted pixels (PyTorch's
 * weighted mean); without, the plain mean.
 */
public final class CrossEntropyLoss extends SegLoss {
	private final float[] classWeights;

	public CrossEntropyLoss(float[] classWeights, int ignoreIndex) {
		super("ce", ignoreIndex);
		this.classWeights = classWeights == null ? null : classWeights.clone();
		if (classWeights != null)
			for (float w : classWeights)
				if (!(w >= 0))
					throw new UsageException("ce class weights must be >= 0 (got " + w + ")");
	}

	public CrossEntropyLoss() {
		this(null, NO_IGNORE);
	}

	@Override
	public NDArray compute(NDArray logits, NDArray labels) {
		Prepared p = new Prepared(logits, labels, ignoreIndex);
		NDArray nll; // (N, 1, ...)
		NDArray weight; // (N, 1, ...)
		if (p.channels == 1) {
			// -[y log s(z) + (1 - y) log s(-z)], log s(-z) = log s(z) - z
			NDArray y = p.target;
			NDArray logNeg = p.logProb.sub(logits);
			nll = y.mul(p.logProb).add(y.neg().add(1).mul(logNeg)).neg();
			weight = classWeights == null ? p.valid : y.mul(weightOf(1) - weightOf(0)).add(weightOf(0)).mul(p.valid);
		} else {
			nll = p.target.mul(p.logProb).sum(new int[] { 1 }, true).neg();
			if (classWeights == null)
				weight = p.valid;
			else {
				if (classWeights.length != p.channels)
					throw new UsageException("ce has " + classWeights.length + " class weights but the network has " + p.channels + " classes");
				long[] s = new long[p.target.getShape().dimension()];
				java.util.Arrays.fill(s, 1);
				s[1] = p.channels;
				NDArray w = logits.getManager().create(classWeights).reshape(s);
				weight = p.target.mul(w).sum(new int[] { 1 }, true);
			}
		}
		return nll.mul(weight).sum().div(weight.sum().maximum(1e-12f));
	}

	private float weightOf(int c) {
		if (classWeights.length != 2)
			throw new UsageException("binary ce (1 output channel) takes 2 class weights (background, foreground), got " + classWeights.length);
		return classWeights[c];
	}

	@Override
	public String spec() {
		StringBuilder s = new StringBuilder("ce");
		String sep = "(";
		if (classWeights != null) {
			s.append(sep).append("weights=");
			for (int i = 0; i < classWeights.length; i++)
				s.append(i == 0 ? "" : "/").append(classWeights[i]);
			sep = ",";
		}
		if (ignoreIndex != NO_IGNORE) {
			s.append(sep).append("ignore=").append(ignoreIndex);
			sep = ",";
		}
		return sep.equals(",") ? s.append(')').toString() : s.toString();
	}
}
