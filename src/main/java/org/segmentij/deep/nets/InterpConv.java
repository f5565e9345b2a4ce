package org.segmentij.deep.nets;

import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** 2x interpolation (nearest or bi/trilinear) followed by a 3x3 convolution with bias. */
final class InterpConv extends Module {
	private final int mode;
	private final Conv conv;

	InterpConv(int dims, int in, int out, int mode) {
		this.mode = mode;
		conv = addChildBlock("conv", Conv.same(dims, in, out, 3, 1, true));
	}

	@Override
	protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
		return new NDList(run(conv, ps, Ops.upsample(inputs.singletonOrThrow(), 2, mode), training));
	}
}
