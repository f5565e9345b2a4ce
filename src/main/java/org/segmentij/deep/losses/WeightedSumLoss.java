package org.segmentij.deep.losses;

import java.util.ArrayList;
import java.util.List;

import org.segmentij.UsageException;

import ai.djl.ndarray.NDArray;

/** sum_k w_k L_k of several losses, e.g. Dice + cross-entropy. */
public final class WeightedSumLoss extends SegLoss {
	private final List<SegLoss> terms;
	private final double[] weights;

	public WeightedSumLoss(List<SegLoss> terms, double[] weights) {
		super("sum", NO_IGNORE);
		if (terms.isEmpty() || terms.size() != weights.length)
			throw new UsageException("a loss sum needs one weight per term (got " + terms.size() + " terms, " + weights.length + " weights)");
		this.terms = List.copyOf(terms);
		this.weights = weights.clone();
	}

	public List<SegLoss> terms() {
		return terms;
	}

	public double weight(int k) {
		return weights[k];
	}

	@Override
	public NDArray compute(NDArray logits, NDArray labels) {
		NDArray sum = null;
		for (int k = 0; k < terms.size(); k++) {
			NDArray t = terms.get(k).compute(logits, labels);
			if (weights[k] != 1)
				t = t.mul((float) weights[k]);
			sum = sum == null ? t : sum.add(t);
		}
		return sum;
	}

	@Override
	public String spec() {
		List<String> s = new ArrayList<>();
		for (int k = 0; k < terms.size(); k++)
			s.add((weights[k] == 1 ? "" : weights[k] + "*") + terms.get(k).spec());
		return String.join("+", s);
	}
}
