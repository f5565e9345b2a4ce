package org.segmentij.deep.losses;

import java.util.Locale;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;

/**
 * The Panoptic-DeepLab loss (Cheng et al., CVPR 2020) on a network with K + 3 output channels:
 * K semantic logits, a centre heatmap and the x and y offsets to the object centre. Targets are
 * the planes of {@link org.segmentij.deep.train.PanopticTargets} (N, 5, H, W): class (-1 ignored),
 * heatmap, offset x, offset y, validity.
 * <p>
 * {@code loss = CE + heatWeight * MSE + offsetWeight * L1}, where
 * <ul>
 * <li>CE: softmax cross-entropy of the semantic logits, mean over the pixels whose class is not
 * ignored;</li>
 * <li>MSE: squared error of the heatmap, mean over the valid pixels (the paper's weight is
 * 200);</li>
 * <li>L1: {@code |dx' - dx| + |dy' - dy|}, mean over the object pixels (class >= 1), in the
 * offsets' units (SegmentIJ's targets are pixels / offset scale; the paper uses pixels with
 * weight 0.01).</li>
 * </ul>
 * Means over empty sets are 0.
 */
public final class PanopticLoss {

	/** The paper's heatmap weight. */
	public static final double DEFAULT_HEAT_WEIGHT = 200;

	private final double heatWeight, offsetWeight;

	public PanopticLoss(double heatWeight, double offsetWeight) {
		if (!(heatWeight >= 0) || !(offsetWeight >= 0))
			throw new IllegalArgumentException("loss weights must be >= 0 (got heat " + heatWeight + ", offset " + offsetWeight + ")");
		this.heatWeight = heatWeight;
		this.offsetWeight = offsetWeight;
	}

	public double heatWeight() {
		return heatWeight;
	}

	public double offsetWeight() {
		return offsetWeight;
	}

	public String spec() {
		return String.format(Locale.ROOT, "panoptic(ce+%s*mse(heatmap)+%s*l1(offsets))", fmt(heatWeight), fmt(offsetWeight));
	}

	private static String fmt(double v) {
		return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
	}

	/** The three terms and the total: {CE, MSE, L1, total}, as scalars. */
	public NDArray[] terms(NDArray pred, NDArray target) {
		long c = pred.getShape().get(1);
		int k = (int) c - 3;
		if (k < 1 || target.getShape().get(1) != 5)
			throw new IllegalArgumentException("PanopticLoss: predictions need K + 3 channels (K >= 1) and targets 5 planes; got "
					+ pred.getShape() + " and " + target.getShape());
		NDArray cls = target.get(new NDIndex(":, 0"));
		NDArray valid = target.get(new NDIndex(":, 4"));
		NDArray labelled = cls.gte(0).toType(DataType.FLOAT32, false);
		NDArray logp = pred.get(new NDIndex(":, 0:" + k)).logSoftmax(1);
		NDArray nll = null;
		for (int j = 0; j < k; j++) {
			NDArray term = logp.get(new NDIndex(":, " + j)).mul(cls.eq(j).toType(DataType.FLOAT32, false));
			nll = nll == null ? term : nll.add(term);
		}
		NDArray ce = nll.neg().sum().div(labelled.sum().maximum(1f));
		NDArray dh = pred.get(new NDIndex(":, " + k)).sub(target.get(new NDIndex(":, 1")));
		NDArray mse = dh.mul(dh).mul(valid).sum().div(valid.sum().maximum(1f));
		NDArray thing = cls.gte(1).toType(DataType.FLOAT32, false);
		NDArray l1 = pred.get(new NDIndex(":, " + (k + 1))).sub(target.get(new NDIndex(":, 2"))).abs()
				.add(pred.get(new NDIndex(":, " + (k + 2))).sub(target.get(new NDIndex(":, 3"))).abs()).mul(thing).sum()
				.div(thing.sum().maximum(1f));
		NDArray total = ce.add(mse.mul((float) heatWeight)).add(l1.mul((float) offsetWeight));
		return new NDArray[] { ce, mse, l1, total };
	}

	/** The total loss, a scalar. */
	public NDArray compute(NDArray pred, NDArray target) {
		return terms(pred, target)[3];
	}
}
