package org.segmentij.deep.losses;

import org.segmentij.UsageException;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.loss.Loss;

/**
 * A segmentation loss on logits, as a DJL {@link Loss} (usable in a Trainer) and as a plain
 * function {@link #compute(NDArray, NDArray)}. Conventions shared by every loss here:
 * <ul>
 * <li>predictions: logits (N, C, spatial...). C = 1 is the binary case (one sigmoid output, the
 * foreground); C >= 2 is multi-class with a softmax over axis 1.</li>
 * <li>labels: class indices (N, spatial...) or (N, 1, spatial...), any numeric type; for C = 1 they
 * are 0 / 1.</li>
 * <li>ignore index: pixels whose label equals it contribute nothing (not to the numerators, not to
 * the denominators, not to the pixel count of means). {@link #NO_IGNORE} disables it.</li>
 * <li>the result is a scalar, averaged over the batch.</li>
 * </ul>
 */
public abstract class SegLoss extends Loss {
	/** Ignore index meaning "no label is ignored". */
	public static final int NO_IGNORE = Integer.MIN_VALUE;

	protected final int ignoreIndex;

	protected SegLoss(String name, int ignoreIndex) {
		super(name);
		this.ignoreIndex = ignoreIndex;
	}

	public int ignoreIndex() {
		return ignoreIndex;
	}

	@Override
	public NDArray evaluate(NDList labels, NDList predictions) {
		return compute(predictions.head(), labels.head());
	}

	/** The loss of logits (N, C, ...) against labels (N, ...) or (N, 1, ...), a scalar. */
	public abstract NDArray compute(NDArray logits, NDArray labels);

	/** The spec this loss parses from, e.g. "dice(smooth=1)". */
	public abstract String spec();

	@Override
	public String toString() {
		return spec();
	}

	/** Logits and labels brought to a common form. */
	static final class Prepared {
		/** Number of logit channels (1 = binary sigmoid). */
		final int channels;
		/** Probabilities (N, K, ...), K = max(C, 1): softmax, or sigmoid for C = 1. */
		final NDArray prob;
		/** Log-probabilities of the same (for C = 1: log sigmoid(z)). */
		final NDArray logProb;
		/** One-hot targets (N, K, ...), 0 on ignored pixels; for C = 1 the 0/1 label. */
		final NDArray target;
		/** 1 on counted pixels, 0 on ignored ones, (N, 1, ...). */
		final NDArray valid;

		Prepared(NDArray logits, NDArray labels, int ignoreIndex) {
			Shape ls = logits.getShape();
			if (ls.dimension() < 3)
				throw new UsageException("losses take logits (N, C, H, W) or (N, C, D, H, W), got " + ls);
			channels = (int) ls.get(1);
			NDArray lab = labels;
			if (lab.getShape().dimension() == ls.dimension())
				lab = lab.squeeze(1);
			Shape expect = ls.slice(2);
			if (lab.getShape().dimension() != ls.dimension() - 1 || lab.getShape().get(0) != ls.get(0) || !lab.getShape().slice(1).equals(expect))
				throw new UsageException("labels " + labels.getShape() + " do not match logits " + ls + "; expected (N, spatial...) class indices");
			lab = lab.toType(DataType.FLOAT32, false);
			NDArray ok = ignoreIndex == NO_IGNORE ? lab.onesLike() : lab.neq(ignoreIndex).toType(DataType.FLOAT32, false);
			NDArray clean = lab.mul(ok); // ignored pixels become class 0, with weight 0
			float max = clean.max().getFloat(), min = clean.min().getFloat();
			int top = Math.max(channels, 2) - 1;
			if (min < 0 || max > top || clean.sub(clean.floor()).max().getFloat() != 0)
				throw new UsageException("labels must be whole numbers 0.." + top + " for " + (channels == 1 ? "a binary (1-channel)" : channels + "-class")
						+ " output" + (ignoreIndex == NO_IGNORE ? "" : " or the ignore index " + ignoreIndex) + "; found values in [" + min + ", " + max + "]");
			valid = ok.expandDims(1);
			if (channels == 1) {
				prob = Activation.sigmoid(logits);
				logProb = Activation.softPlus(logits.neg()).neg();
				target = clean.expandDims(1).mul(valid);
			} else {
				logProb = logits.logSoftmax(1);
				prob = logProb.exp();
				NDArray oh = clean.toType(DataType.INT64, false).oneHot(channels, DataType.FLOAT32); // (N, ..., C)
				int nd = oh.getShape().dimension();
				int[] axes = new int[nd];
				axes[0] = 0;
				axes[1] = nd - 1;
				for (int i = 2; i < nd; i++)
					axes[i] = i - 1;
				target = oh.transpose(axes).mul(valid);
			}
		}

		/** Per channel sums over batch and pixels of a (N, K, ...) array: shape (K). */
		static NDArray channelSums(NDArray a) {
			long k = a.getShape().get(1);
			return a.swapAxes(0, 1).reshape(k, -1).sum(new int[] { 1 });
		}
	}
}
