package org.segmentij.deep.nets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One or more [convolution, normalisation, ReLU] stages. The convolutions have no bias when a
 * normalisation follows (its shift takes that role), as in the reference U-Net.
 */
final class ConvNormAct extends Module {
	private final Conv[] convs;
	private final NormLayer[] norms;

	/** Stages of same-size k x k convolutions: channels[0] -> channels[1] -> ... */
	ConvNormAct(int dims, Norm norm, int kernel, int dilation, int... channels) {
		int n = channels.length - 1;
		convs = new Conv[n];
		norms = new NormLayer[n];
		for (int i = 0; i < n; i++) {
			convs[i] = addChildBlock("conv" + i, Conv.same(dims, channels[i], channels[i + 1], kernel, dilation, norm == Norm.NONE));
			norms[i] = addChildBlock("norm" + i, new NormLayer(norm, channels[i + 1]));
		}
	}

	/** A single stage with an arbitrary convolution. */
	ConvNormAct(Conv conv, Norm norm) {
		convs = new Conv[] { addChildBlock("conv0", conv) };
		norms = new NormLayer[] { addChildBlock("norm0", new NormLayer(norm, conv.out)) };
	}

	/** The U-Net double convolution. */
	static ConvNormAct doubleConv(int dims, Norm norm, int in, int out) {
		return new ConvNormAct(dims, norm, 3, 1, in, out, out);
	}

	@Override
	protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
		NDArray x = inputs.singletonOrThrow();
		for (int i = 0; i < convs.length; i++) {
			if (!training && norms[i].kind == Norm.BATCH) // inference: batch norm folded into the convolution
				x = Activation.relu(convs[i].forwardFolded(ps, x, norms[i].inferenceAffine(ps, x)));
			else
				x = Activation.relu(run(norms[i], ps, run(convs[i], ps, x, training), training));
		}
		return new NDList(x);
	}
}
