package org.segmentij.deep.nets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A ResNet basic block with optional stride and dilation: relu(norm(conv3x3(relu(norm(conv3x3(x)))))
 * + shortcut(x)), the shortcut a 1x1 convolution + norm when the shape changes.
 */
final class ResBlock extends Module {
	private final Conv conv1, conv2, proj;
	private final NormLayer norm1, norm2, projNorm;

	ResBlock(Norm norm, int in, int out, int stride, int dilation) {
		boolean bias = norm == Norm.NONE;
		conv1 = addChildBlock("conv1", new Conv(2, in, out, 3, stride, dilation, dilation, bias));
		norm1 = addChildBlock("norm1", new NormLayer(norm, out));
		conv2 = addChildBlock("conv2", Conv.same(2, out, out, 3, dilation, bias));
		norm2 = addChildBlock("norm2", new NormLayer(norm, out));
		if (stride != 1 || in != out) {
			proj = addChildBlock("proj", new Conv(2, in, out, 1, stride, 0, 1, bias));
			projNorm = addChildBlock("projNorm", new NormLayer(norm, out));
		} else {
			proj = null;
			projNorm = null;
		}
	}

	@Override
	protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
		NDArray x = inputs.singletonOrThrow();
		NDArray y = Activation.relu(run(norm1, ps, run(conv1, ps, x, training), training));
		y = run(norm2, ps, run(conv2, ps, y, training), training);
		NDArray s = proj == null ? x : run(projNorm, ps, run(proj, ps, x, training), training);
		return new NDList(Activation.relu(y.add(s)));
	}
}
