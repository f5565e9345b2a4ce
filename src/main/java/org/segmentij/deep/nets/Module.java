package org.segmentij.deep.nets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/**
 * Base of every block in this package. All parameters are created with their full shape when the
 * block is constructed (channel counts come from the {@link NetConfig}, never from the first
 * input), so initialising a block only allocates and fills its parameters; the input shapes given
 * to {@code initialize} are passed down unchanged and not used for sizing.
 */
abstract class Module extends AbstractBlock {

	Module() {
		super((byte) 1);
	}

	@Override
	protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
		for (Block b : children.values())
			b.initialize(manager, dataType, inputShapes);
	}

	/** Runs a single-input, single-output child. */
	static NDArray run(Block b, ParameterStore ps, NDArray x, boolean training) {
		return b.forward(ps, new NDList(x), training).singletonOrThrow();
	}

	/** Shape inference is done by {@link SegmentationNetwork#getOutputShapes}; inner modules do not need it. */
	@Override
	public Shape[] getOutputShapes(Shape[] inputShapes) {
		throw new UnsupportedOperationException(getClass().getSimpleName() + " is an inner module: ask the network for its output shape.");
	}
}
