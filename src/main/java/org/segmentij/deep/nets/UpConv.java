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
 * The learned 2x up-sampling of U-Net: exactly a transposed convolution with kernel 2 and stride 2
 * (PyTorch's ConvTranspose2d/3d(in, out, 2, stride=2)), which DJL's PyTorch engine does not
 * implement. Because the stride equals the kernel, every output pixel (2i+a, 2j+b) depends on the
 * input pixel (i, j) only, through the kernel tap (a, b): a 1x1 convolution to out * 2^dims channels
 * followed by a depth-to-space shuffle computes it. Weight layout (in, out, 2, 2[, 2]) and bias
 * (out) are PyTorch's, so the parameter count is the same: in * out * 2^dims + out.
 */
final class UpConv extends Module {
	final int dims, in, out;
	private final Parameter weight, bias;

	UpConv(int dims, int in, int out) {
		this.dims = dims;
		this.in = in;
		this.out = out;
		long[] ws = dims == 2 ? new long[] { in, out, 2, 2 } : new long[] { in, out, 2, 2, 2 };
		weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).optShape(new Shape(ws))
				.optInitializer(new NormalInitializer((float) Math.sqrt(2.0 / in))).build());
		bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS).optShape(new Shape(out)).build());
	}

	@Override
	protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
		NDArray x = inputs.singletonOrThrow();
		NDArray w = ps.getValue(weight, x.getDevice(), training);
		NDArray b = ps.getValue(bias, x.getDevice(), training);
		int taps = 1 << dims;
		// (in, out*taps) -> (out*taps, in): output channel o*taps + tap
		NDArray w1 = Ops.local(w, x).reshape(in, (long) out * taps).transpose(); // copies in the batch's manager (Ops.local)
		NDArray b1 = Ops.local(b, x).repeat(0, taps); // bias of channel o*taps + tap is bias[o]
		Shape s = x.getShape();
		long n = s.get(0);
		if (dims == 2) {
			long h = s.get(2), wd = s.get(3);
			NDArray y = Conv2d.conv2d(x, w1.reshape(out * taps, in, 1, 1), b1).singletonOrThrow();
			// (n, out, a, b, h, w) -> (n, out, h, a, w, b)
			return new NDList(y.reshape(n, out, 2, 2, h, wd).transpose(0, 1, 4, 2, 5, 3).reshape(n, out, 2 * h, 2 * wd));
		}
		long d = s.get(2), h = s.get(3), wd = s.get(4);
		NDArray y = Conv3d.conv3d(x, w1.reshape(out * taps, in, 1, 1, 1), b1).singletonOrThrow();
		// (n, out, a, b, c, d, h, w) -> (n, out, d, a, h, b, w, c)
		return new NDList(y.reshape(new Shape(n, out, 2, 2, 2, d, h, wd)).transpose(0, 1, 5, 2, 6, 3, 7, 4)
				.reshape(n, out, 2 * d, 2 * h, 2 * wd));
	}
}
