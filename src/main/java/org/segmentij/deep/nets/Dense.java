package org.segmentij.deep.nets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/** A fully connected layer on the last axis: x W^T + b, W (out, in), init normal(0, 0.02), b = 0. */
final class Dense extends Module {
	private final Parameter weight, bias;

	Dense(int in, int out) {
		weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).optShape(new Shape(out, in))
				.optInitializer(new NormalInitializer(0.02f)).build());
		bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS).optShape(new Shape(out)).build());
	}

	@Override
	protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
		NDArray x = inputs.singletonOrThrow();
		return Linear.linear(x, ps.getValue(weight, x.getDevice(), training), ps.getValue(bias, x.getDevice(), training));
	}
}
