package org.segmentij.deep.nets;

import org.segmentij.UsageException;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;

/**
 * A segmentation network as a DJL {@link ai.djl.nn.Block}: one input, float32
 * (N, inChannels, H, W) (or (N, inChannels, D, H, W) for 3D networks), one output, the logits
 * (N, classes, H, W) at the input's resolution. Every spatial size must be a multiple of
 * {@link #inputMultiple()}; otherwise the forward pass throws a {@link UsageException} (the
 * networks do not pad: the tiling engine picks tile shapes with {@link #fitSize(long)}).
 */
public abstract class SegmentationNetwork extends Module {
	protected final NetConfig config;

	protected SegmentationNetwork(NetConfig config) {
		this.config = config;
	}

	/** The factory name of the architecture ("unet", "segnet", ...). */
	public abstract String arch();

	public NetConfig config() {
		return config;
	}

	/** 2 for (N, C, H, W) input, 3 for (N, C, D, H, W). */
	public int spatialDims() {
		return 2;
	}

	/** Every spatial size of the input must be a multiple of this. */
	public abstract int inputMultiple();

	/** The smallest size >= {@code size} that this network accepts. */
	public long fitSize(long size) {
		long m = inputMultiple();
		return Math.max(m, (size + m - 1) / m * m);
	}

	/** Number of trainable values (weights, biases, norm scales and shifts; not running statistics). */
	public long trainableParameterCount() {
		long n = 0;
		for (Pair<String, Parameter> p : getParameters()) {
			Parameter.Type t = p.getValue().getType();
			if (t != Parameter.Type.RUNNING_MEAN && t != Parameter.Type.RUNNING_VAR)
				n += p.getValue().getShape().size();
		}
		return n;
	}

	/** Throws a UsageException naming the problem when {@code s} is not an input this network takes. */
	public void checkInputShape(Shape s) {
		int dims = spatialDims();
		if (s.dimension() != dims + 2)
			throw new UsageException(arch() + " takes a " + (dims + 2) + "-d input (N, C, " + (dims == 2 ? "H, W" : "D, H, W") + "), got shape "
					+ s);
		if (s.get(1) != config.inChannels)
			throw new UsageException(arch() + " was built for " + config.inChannels + " input channel(s), got " + s.get(1) + " (shape " + s + ")");
		int m = inputMultiple();
		for (int i = 2; i < s.dimension(); i++) {
			if (s.get(i) % m != 0 || s.get(i) == 0) {
				StringBuilder fit = new StringBuilder();
				for (int j = 2; j < s.dimension(); j++)
					fit.append(j == 2 ? "" : "x").append(fitSize(s.get(j)));
				throw new UsageException(arch() + " needs every spatial size to be a multiple of " + m + " (" + multipleReason() + "), got "
						+ s + "; pad or tile the input to e.g. " + fit);
			}
		}
	}

	/** Why sizes must be multiples of {@link #inputMultiple()}, for messages. */
	protected abstract String multipleReason();

	@Override
	protected final NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
		NDArray x = inputs.singletonOrThrow();
		checkInputShape(x.getShape());
		return new NDList(forwardNet(ps, x, training));
	}

	protected abstract NDArray forwardNet(ParameterStore ps, NDArray x, boolean training);

	@Override
	public Shape[] getOutputShapes(Shape[] inputShapes) {
		Shape s = inputShapes[0];
		long[] out = s.getShape();
		out[1] = config.classes;
		return new Shape[] { new Shape(out) };
	}

	@Override
	public String toString() {
		return arch() + " " + config;
	}
}
