package org.segmentij.deep;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;

/** Small translation-equivariant DJL networks for tests: 3x3 convolutions with zero padding. */
public final class TinyNets {

	private TinyNets() {
	}

	/** conv3x3(in -> hidden) + ReLU + conv3x3(hidden -> out): receptive-field radius 2. */
	public static SequentialBlock twoConv(int in, int hidden, int out) {
		SequentialBlock b = new SequentialBlock();
		b.add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(hidden).build());
		b.add(Activation.reluBlock());
		b.add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(out).build());
		return b;
	}

	/** A CPU PyTorch model around {@link #twoConv}, its parameters initialised from a fixed seed. */
	public static Model model(String name, int in, int hidden, int out, int seed) {
		Engine.getEngine("PyTorch").setRandomSeed(seed);
		Model m = Model.newInstance(name, Device.cpu(), "PyTorch");
		SequentialBlock b = twoConv(in, hidden, out);
		m.setBlock(b);
		b.initialize(m.getNDManager(), DataType.FLOAT32, new Shape(1, in, 16, 16));
		return m;
	}
}
