package org.segmentij.deep.nets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Batch or instance normalisation over axis 1 of an (N, C, spatial...) array, with a learned
 * per-channel scale (gamma, init 1) and shift (beta, init 0). Batch norm keeps running mean and
 * variance (not trainable; updated as running = 0.9 running + 0.1 batch, PyTorch's momentum 0.1).
 * {@link Norm#NONE} is the identity and has no parameters.
 */
final class NormLayer extends Module {
	static final float EPS = 1e-5f;
	final Norm kind;
	final int channels;
	private Parameter gamma, beta, runningMean, runningVar;

	NormLayer(Norm kind, int channels) {
		this.kind = kind;
		this.channels = channels;
		if (kind == Norm.NONE)
			return;
		Shape s = new Shape(channels);
		gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA).optShape(s).build());
		beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA).optShape(s).build());
		if (kind == Norm.BATCH) {
			runningMean = addParameter(Parameter.builder().setName("runningMean").setType(Parameter.Type.RUNNING_MEAN).optShape(s)
					.optRequiresGrad(false).build());
			runningVar = addParameter(Parameter.builder().setName("runningVar").setType(Parameter.Type.RUNNING_VAR).optShape(s)
					.optRequiresGrad(false).build());
		}
	}

	/**
	 * The inference-time affine map of batch norm, {scale, shift} per channel: gamma /
	 * sqrt(runningVar + eps) and beta - runningMean * scale.
	 */
	NDArray[] inferenceAffine(ParameterStore ps, NDArray x) {
		ai.djl.Device device = x.getDevice();
		// computed on copies in the batch's manager (Ops.local): nothing is left attached to the model
		NDArray scale = Ops.local(ps.getValue(gamma, device, false), x)
				.div(Ops.local(ps.getValue(runningVar, device, false), x).add(EPS).sqrt());
		NDArray shift = Ops.local(ps.getValue(beta, device, false), x).sub(scale.mul(ps.getValue(runningMean, device, false)));
		return new NDArray[] { scale, shift };
	}

	@Override
	protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
		NDArray x = inputs.singletonOrThrow();
		if (kind == Norm.NONE)
			return new NDList(x);
		NDArray g = ps.getValue(gamma, x.getDevice(), training);
		NDArray b = ps.getValue(beta, x.getDevice(), training);
		if (kind == Norm.BATCH) {
			NDArray rm = ps.getValue(runningMean, x.getDevice(), training);
			NDArray rv = ps.getValue(runningVar, x.getDevice(), training);
			// DJL's momentum is the weight of the old running value (0.9 == PyTorch's 0.1)
			return BatchNorm.batchNorm(x, rm, rv, g, b, 1, 0.9f, EPS, training);
		}
		Shape s = x.getShape();
		int nd = s.dimension();
		// PyTorch's mean takes one axis here: flatten the spatial axes
		NDArray flat = x.reshape(s.get(0), s.get(1), -1);
		NDArray centred = flat.sub(flat.mean(new int[] { 2 }, true));
		NDArray var = centred.square().mean(new int[] { 2 }, true);
		long[] bs = new long[nd];
		java.util.Arrays.fill(bs, 1);
		bs[1] = channels;
		Shape cs = new Shape(bs);
		return new NDList(centred.div(var.add(EPS).sqrt()).reshape(s).mul(Ops.local(g, x).reshape(cs)).add(Ops.local(b, x).reshape(cs)));
	}
}
