package org.segmentij.deep.nets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** Parameter-free operations on (N, C, spatial...) arrays. */
final class Ops {
	private Ops() {
	}

	/** PyTorch interpolation modes as numbered by DJL's PyTorch engine. */
	static final int NEAREST = 0, LINEAR = 1;

	/** 2x2 (or 2x2x2) max pooling with stride 2. */
	static NDArray maxPool2(NDArray x) {
		int dims = x.getShape().dimension() - 2;
		Shape two = dims == 2 ? new Shape(2, 2) : new Shape(2, 2, 2);
		Shape zero = dims == 2 ? new Shape(0, 0) : new Shape(0, 0, 0);
		return x.getNDArrayInternal().maxPool(two, two, zero, false);
	}

	/** Resizes the spatial axes to {@code size}; LINEAR is bilinear (trilinear in 3D), align_corners false. */
	static NDArray resize(NDArray x, long[] size, int mode) {
		return x.getNDArrayInternal().interpolation(size, mode, false);
	}

	/** Scales every spatial axis by an integer factor. */
	static NDArray upsample(NDArray x, int factor, int mode) {
		Shape s = x.getShape();
		long[] size = new long[s.dimension() - 2];
		for (int i = 0; i < size.length; i++)
			size[i] = s.get(i + 2) * factor;
		return resize(x, size, mode);
	}

	/**
	 * A copy of a parameter's value in the manager of {@code like} (the batch being computed). DJL
	 * attaches the result of an operation to the manager of the array it is called on: an
	 * operation called on a parameter would attach its result to the model's manager, where it
	 * stays until the model is closed (inference leaked about 40 MB per batch that way).
	 * Operations on parameters start from such a copy instead.
	 */
	static NDArray local(NDArray param, NDArray like) {
		return like.getManager().zeros(param.getShape(), param.getDataType(), param.getDevice()).add(param);
	}

	/** The spatial size of x. */
	static long[] spatial(NDArray x) {
		Shape s = x.getShape();
		long[] size = new long[s.dimension() - 2];
		for (int i = 0; i < size.length; i++)
			size[i] = s.get(i + 2);
		return size;
	}
}
