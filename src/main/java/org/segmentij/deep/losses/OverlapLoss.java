package org.segmentij.deep.losses;

import org.segmentij.UsageException;

import ai.djl.ndarray.NDArray;

/**
 * Soft overlap losses on probabilities p and one-hot targets g. For each class c, with sums over
 * the batch and all counted pixels, I = sum p g, P = sum p, G = sum g and a smoothing s:
 * <ul>
 * <li>Dice: 1 - (2 I + s) / (P + G + s)</li>
 * <li>Jaccard (IoU): 1 - (I + s) / (P + G - I + s)</li>
 * <li>Tversky: 1 - (I + s) / (I + alpha (P - I) + beta (G - I) + s); alpha weighs false positives,
 * beta false negatives; alpha = beta = 0.5 is Dice.</li>
 * </ul>
 * The loss is the mean over the classes counted: for C = 1 (sigmoid) the single foreground
 * channel; for C >= 2 the classes 1..C-1, plus class 0 when {@code includeBackground}.
 */
public final class OverlapLoss extends SegLoss {
	public enum Kind {
		DICE, JACCARD, TVERSKY
	}

	private final Kind kind;
	private final double smooth, alpha, beta;
	private final boolean includeBackground;

	public OverlapLoss(Kind kind, double smooth, double alpha, double beta, boolean includeBackground, int ignoreIndex) {
		super(kind.name().toLowerCase(java.util.Locale.ROOT), ignoreIndex);
		if (!(smooth >= 0))
			throw new UsageException(getName() + " smooth must be >= 0 (got " + smooth + "); use e.g. smooth=1");
		if (!(alpha >= 0) || !(beta >= 0))
			throw new UsageException("tversky alpha and beta must be >= 0 (got alpha=" + alpha + ", beta=" + beta + "); use e.g. alpha=0.3,beta=0.7");
		this.kind = kind;
		this.smooth = smooth;
		this.alpha = alpha;
		this.beta = beta;
		this.includeBackground = includeBackground;
	}

	public static OverlapLoss dice() {
		return new OverlapLoss(Kind.DICE, 1, 0.5, 0.5, false, NO_IGNORE);
	}

	@Override
	public NDArray compute(NDArray logits, NDArray labels) {
		Prepared p = new Prepared(logits, labels, ignoreIndex);
		NDArray prob = p.prob.mul(p.valid);
		NDArray g = p.target;
		if (p.channels >= 2 && !includeBackground) {
			prob = prob.get(":, 1:");
			g = g.get(":, 1:");
		}
		NDArray i = Prepared.channelSums(prob.mul(g));
		NDArray sp = Prepared.channelSums(prob);
		NDArray sg = Prepared.channelSums(g);
		NDArray score;
		float s = (float) smooth;
		switch (kind) {
		case DICE:
			score = i.mul(2).add(s).div(sp.add(sg).add(s));
			break;
		case JACCARD:
			score = i.add(s).div(sp.add(sg).sub(i).add(s));
			break;
		default:
			score = i.add(s).div(i.add(sp.sub(i).mul((float) alpha)).add(sg.sub(i).mul((float) beta)).add(s));
			break;
		}
		return score.mean().neg().add(1);
	}

	@Override
	public String spec() {
		StringBuilder s = new StringBuilder(getName()).append("(smooth=").append(smooth);
		if (kind == Kind.TVERSKY)
			s.append(",alpha=").append(alpha).append(",beta=").append(beta);
		if (includeBackground)
			s.append(",background=true");
		if (ignoreIndex != NO_IGNORE)
			s.append(",ignore=").append(ignoreIndex);
		return s.append(')').toString();
	}
}
