package org.segmentij.deep.nets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * A 2D or 3D convolution with explicit channel counts. Weight layout (out, in, k, k[, k]) as in
 * PyTorch; He-normal initialisation (std sqrt(2 / fan_in)); bias (out) initialised to 0.
 */
final class Conv extends Module {
	final int dims, in, out, kernel, stride, padding, dilation;
	private final Parameter weight;
	private final Parameter bias;

	Conv(int dims, int in, int out, int kernel, int stride, int padding, int dilation, boolean bias) {
		this.dims = dims;
		this.in = in;
		this.out = out;
		this.kernel = kernel;
		this.stride = stride;
		this.padding = padding;
		this.dilation = dilation;
		long[] ws = new long[2 + dims];
		ws[0] = out;
		ws[1] = in;
		long fanIn = in;
		for (int d = 0; d < dims; d++) {
			ws[2 + d] = kernel;
			fanIn *= kernel;
		}
		weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).optShape(new Shape(ws))
				.optInitializer(new NormalInitializer((float) Math.sqrt(2.0 / fanIn))).build());
		this.bias = bias ? addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS).optShape(new Shape(out)).build()) : null;
	}

	/** Same-size convolution (stride 1, padding (k-1)/2 * dilation). */
	static Conv same(int dims, int in, int out, int kernel, int dilation, boolean bias) {
		return new Conv(dims, in, out, kernel, 1, (kernel - 1) / 2 * dilation, dilation, bias);
	}

	@Override
	protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
		NDArray x = inputs.singletonOrThrow();
		NDArray w = ps.getValue(weight, x.getDevice(), training);
		NDArray b = bias == null ? null : ps.getValue(bias, x.getDevice(), training);
		return convolve(x, w, b);
	}

	/**
	 * Inference with a following batch norm folded in: conv(x, w * s) + (b * s + t) for the norm's
	 * per-channel scale s and shift t, one pass over the output instead of two.
	 */
	NDArray forwardFolded(ParameterStore ps, NDArray x, NDArray[] scaleShift) {
		NDArray w = ps.getValue(weight, x.getDevice(), false);
		long[] bs = new long[2 + dims];
		java.util.Arrays.fill(bs, 1);
		bs[0] = out;
		// the scale and shift live in the batch's manager: products called on them stay there
		NDArray wf = scaleShift[0].reshape(new Shape(bs)).mul(w);
		NDArray bf = bias == null ? scaleShift[1] : scaleShift[0].mul(ps.getValue(bias, x.getDevice(), false)).add(scaleShift[1]);
		return convolve(x, wf, bf).singletonOrThrow();
	}

	private NDList convolve(NDArray x, NDArray w, NDArray b) {
		return dims == 2
				? Conv2d.conv2d(x, w, b, new Shape(stride, stride), new Shape(padding, padding), new Shape(dilation, dilation), 1)
				: Conv3d.conv3d(x, w, b, new Shape(stride, stride, stride), new Shape(padding, padding, padding),
						new Shape(dilation, dilation, dilation), 1);
	}
}
