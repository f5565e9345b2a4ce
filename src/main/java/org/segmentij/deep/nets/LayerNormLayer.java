package org.segmentij.deep.nets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** Layer normalisation over the last axis (size dim), learned scale (init 1) and shift (init 0), eps 1e-5. */
final class LayerNormLayer extends Module {
	private final int dim;
	private final Parameter gamma, beta;

	LayerNormLayer(int dim) {
		this.dim = dim;
		gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA).optShape(new Shape(dim)).build());
		beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA).optShape(new Shape(dim)).build());
	}

	@Override
	protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
		NDArray x = inputs.singletonOrThrow();
		return LayerNorm.layerNorm(x, new Shape(dim), ps.getValue(gamma, x.getDevice(), training), ps.getValue(beta, x.getDevice(), training), 1e-5f);
	}
}
