package org.segmentij.deep.nets;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;

/**
 * SegNet (Badrinarayanan et al. 2017), compact: with c_i = base * 2^min(i, 3),
 * <ul>
 * <li>encoder level i = 0..depth-1: [conv3x3, norm, ReLU] x 2 to c_i, then 2x2 max-pooling that
 * records where each maximum was ({@link MaxPoolIndices});</li>
 * <li>decoder level i = depth-1..0: max-unpooling with the indices of encoder level i, then
 * [conv3x3, norm, ReLU] x 2: c_i -> c_i -> c_{i-1} (c_0 at level 0);</li>
 * <li>head: 1x1 convolution to the class logits.</li>
 * </ul>
 * No skip concatenation: only the pooling indices travel from encoder to decoder. Inputs must be
 * multiples of 2^depth.
 */
public final class SegNet extends SegmentationNetwork {
	private final ConvNormAct[] enc, dec;
	private final Conv head;

	public SegNet(NetConfig config) {
		super(config);
		int depth = config.depth;
		int[] ch = new int[depth];
		for (int i = 0; i < depth; i++)
			ch[i] = config.base << Math.min(i, 3);
		enc = new ConvNormAct[depth];
		dec = new ConvNormAct[depth];
		for (int i = 0; i < depth; i++)
			enc[i] = addChildBlock("enc" + i, new ConvNormAct(2, config.norm, 3, 1, i == 0 ? config.inChannels : ch[i - 1], ch[i], ch[i]));
		for (int i = depth - 1; i >= 0; i--)
			dec[i] = addChildBlock("dec" + i, new ConvNormAct(2, config.norm, 3, 1, ch[i], ch[i], ch[Math.max(0, i - 1)]));
		head = addChildBlock("head", new Conv(2, ch[0], config.classes, 1, 1, 0, 1, true));
	}

	@Override
	public String arch() {
		return "segnet";
	}

	@Override
	public int inputMultiple() {
		return 1 << config.depth;
	}

	@Override
	protected String multipleReason() {
		return "2^depth, depth=" + config.depth + " poolings";
	}

	@Override
	protected NDArray forwardNet(ParameterStore ps, NDArray x, boolean training) {
		int depth = config.depth;
		NDArray[] masks = new NDArray[depth];
		for (int i = 0; i < depth; i++) {
			NDArray[] pm = MaxPoolIndices.pool(run(enc[i], ps, x, training));
			x = pm[0];
			masks[i] = pm[1];
		}
		for (int i = depth - 1; i >= 0; i--)
			x = run(dec[i], ps, MaxPoolIndices.unpool(x, masks[i]), training);
		return run(head, ps, x, training);
	}
}
