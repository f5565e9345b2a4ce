package org.segmentij.deep.losses;

import org.segmentij.UsageException;

import ai.djl.ndarray.NDArray;

/**
 * Focal loss (Lin et al. 2017): the mean over counted pixels of -a_t (1 - p_t)^gamma log p_t, p_t
 * the probability of the true class (softmax for C >= 2, sigmoid for C = 1). With alpha in [0, 1],
 * a_t = alpha on foreground pixels (label >= 1) and 1 - alpha on background (label 0); with alpha
 * < 0 (the default) a_t = 1. gamma = 0 and alpha < 0 is the cross-entropy.
 */
public final class FocalLoss extends SegLoss {
	private final double gamma, alpha;

	public FocalLoss(double gamma, double alpha, int ignoreIndex) {
		super("focal", ignoreIndex);
		if (!(gamma >= 0))
			throw new UsageException("focal gamma must be >= 0 (got " + gamma + "); use e.g. gamma=2");
		if (alpha > 1)
			throw new UsageException("focal alpha must be in [0, 1], or negative for none (got " + alpha + "); use e.g. alpha=0.25");
		this.gamma = gamma;
		this.alpha = alpha;
	}

	@Override
	public NDArray compute(NDArray logits, NDArray labels) {
		Prepared p = new Prepared(logits, labels, ignoreIndex);
		NDArray logPt, fg;
		if (p.channels == 1) {
			NDArray y = p.target;
			// y log s(z) + (1 - y) log s(-z), log s(-z) = log s(z) - z
			logPt = y.mul(p.logProb).add(y.neg().add(1).mul(p.logProb.sub(logits)));
			fg = y;
		} else {
			logPt = p.target.mul(p.logProb).sum(new int[] { 1 }, true);
			fg = p.valid.sub(p.target.get(":, 0:1"));
		}
		NDArray modulator = gamma == 0 ? null : logPt.exp().neg().add(1).maximum(0f).pow((float) gamma);
		NDArray px = modulator == null ? logPt.neg() : modulator.mul(logPt).neg();
		if (alpha >= 0)
			px = px.mul(fg.mul((float) (2 * alpha - 1)).add((float) (1 - alpha)));
		return px.mul(p.valid).sum().div(p.valid.sum().maximum(1e-12f));
	}

	@Override
	public String spec() {
		return "focal(gamma=" + gamma + (alpha >= 0 ? ",alpha=" + alpha : "") + (ignoreIndex != NO_IGNORE ? ",ignore=" + ignoreIndex : "") + ")";
	}
}
