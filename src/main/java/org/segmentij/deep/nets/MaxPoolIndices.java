package org.segmentij.deep.nets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * 2x2 max pooling that remembers where each maximum was, and the matching max-unpooling of
 * SegNet, written with array operations (DJL has no pooling with indices).
 * <p>
 * The "indices" are kept as a 0/1 mask the size of the pooled input with exactly one 1 in every
 * 2x2 window: at the position of the window's maximum. Ties: when several pixels of a window hold
 * the maximum, the first in row-major order within the window (top-left, top-right, bottom-left,
 * bottom-right) is chosen, which is the pixel PyTorch's max_pool2d(return_indices=True) reports.
 * Unpooling puts each value at its window's marked pixel and 0 at the other three.
 */
final class MaxPoolIndices {
	private MaxPoolIndices() {
	}

	/** Pooled values (N, C, H/2, W/2) and the argmax mask (N, C, H, W). */
	static NDArray[] pool(NDArray x) {
		Shape s = x.getShape();
		long n = s.get(0), c = s.get(1), h = s.get(2) / 2, w = s.get(3) / 2;
		NDArray pooled = Ops.maxPool2(x);
		// windows as a last axis of 4: (n, c, h, w, 4)
		NDArray win = x.stopGradient().reshape(n, c, h, 2, w, 2).transpose(0, 1, 2, 4, 3, 5).reshape(n, c, h, w, 4);
		NDArray isMax = win.eq(pooled.stopGradient().reshape(n, c, h, w, 1)).toType(DataType.FLOAT32, false);
		// keep the first maximum only: the running count of maxima equals 1 there for the first time
		NDArray first = isMax.mul(isMax.cumSum(4).eq(1).toType(DataType.FLOAT32, false));
		NDArray mask = first.reshape(n, c, h, w, 2, 2).transpose(0, 1, 2, 4, 3, 5).reshape(n, c, 2 * h, 2 * w);
		return new NDArray[] { pooled, mask };
	}

	/** Places y (N, C, H/2, W/2) at the marked pixels of mask (N, C, H, W). */
	static NDArray unpool(NDArray y, NDArray mask) {
		return Ops.upsample(y, 2, Ops.NEAREST).mul(mask);
	}
}
