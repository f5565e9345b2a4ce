package org.segmentij.deep.nets;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;

/**
 * FCN-8s (Long et al. 2015) on a small VGG-like encoder. With c_i = base * 2^min(i, 3): five
 * blocks of [conv3x3, norm, ReLU] x 2 to c_i, each followed by 2x max-pooling (strides 2 .. 32);
 * "fc6" conv3x3 to 16 base and "fc7" conv1x1 (each + norm + ReLU) on the stride-32 features;
 * 1x1 score layers on fc7 (stride 32), pool4 (16) and pool3 (8); fusion: up2(score32) + score16,
 * up2(that) + score8, then up8 to the input size. The up-sampling is fixed bilinear interpolation
 * (the FCN paper learns it from a bilinear start; here it is not learned). Inputs must be multiples
 * of 32.
 */
public final class Fcn8s extends SegmentationNetwork {
	private final ConvNormAct[] blocks = new ConvNormAct[5];
	private final ConvNormAct fc6, fc7;
	private final Conv score32, score16, score8;

	public Fcn8s(NetConfig config) {
		super(config);
		int b = config.base;
		int[] ch = new int[5];
		for (int i = 0; i < 5; i++) {
			ch[i] = b << Math.min(i, 3);
			blocks[i] = addChildBlock("block" + i, new ConvNormAct(2, config.norm, 3, 1, i == 0 ? config.inChannels : ch[i - 1], ch[i], ch[i]));
		}
		fc6 = addChildBlock("fc6", new ConvNormAct(2, config.norm, 3, 1, ch[4], 16 * b));
		fc7 = addChildBlock("fc7", new ConvNormAct(2, config.norm, 1, 1, 16 * b, 16 * b));
		score32 = addChildBlock("score32", new Conv(2, 16 * b, config.classes, 1, 1, 0, 1, true));
		score16 = addChildBlock("score16", new Conv(2, ch[3], config.classes, 1, 1, 0, 1, true));
		score8 = addChildBlock("score8", new Conv(2, ch[2], config.classes, 1, 1, 0, 1, true));
	}

	@Override
	public String arch() {
		return "fcn";
	}

	@Override
	public int inputMultiple() {
		return 32;
	}

	@Override
	protected String multipleReason() {
		return "five 2x poolings";
	}

	@Override
	protected NDArray forwardNet(ParameterStore ps, NDArray x, boolean training) {
		NDArray pool3 = null, pool4 = null;
		for (int i = 0; i < 5; i++) {
			x = Ops.maxPool2(run(blocks[i], ps, x, training));
			if (i == 2)
				pool3 = x;
			else if (i == 3)
				pool4 = x;
		}
		NDArray s = run(score32, ps, run(fc7, ps, run(fc6, ps, x, training), training), training);
		s = Ops.upsample(s, 2, Ops.LINEAR).add(run(score16, ps, pool4, training));
		s = Ops.upsample(s, 2, Ops.LINEAR).add(run(score8, ps, pool3, training));
		return Ops.upsample(s, 8, Ops.LINEAR);
	}
}
