package org.segmentij.deep.nets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/**
 * U-Net (Ronneberger et al. 2015) with same-padded convolutions, in 2D ("unet") or 3D ("unet3d").
 * With channels c_i = base * 2^i:
 * <ul>
 * <li>encoder level i = 0..depth-1: [conv3x3 (no bias), norm, ReLU] x 2 to c_i, then 2x max-pool;</li>
 * <li>bottleneck: the same double convolution to c_depth;</li>
 * <li>decoder level i = depth-1..0: up-sample c_{i+1} -> c_i (see {@link NetConfig.Upsampling}),
 * concatenate [up, skip] on the channel axis, double convolution 2 c_i -> c_i;</li>
 * <li>head: 1x1 convolution (bias) to the class logits.</li>
 * </ul>
 * With TRANSPOSED up-sampling and batch norm this is layer for layer the layout of the PyTorch
 * reference in peers/peers_deep.py (same parameters, same count). Inputs must be multiples of
 * 2^depth in every spatial axis.
 */
public final class UNet extends SegmentationNetwork {
	private final int dims;
	private final ConvNormAct[] enc, dec;
	private final ConvNormAct bottleneck;
	private final Block[] up;
	private final Conv head;

	public UNet(NetConfig config, int dims) {
		super(config);
		if (dims != 2 && dims != 3)
			throw new IllegalArgumentException("dims must be 2 or 3");
		this.dims = dims;
		int depth = config.depth;
		int[] ch = new int[depth + 1];
		for (int i = 0; i <= depth; i++)
			ch[i] = config.base << i;
		enc = new ConvNormAct[depth];
		dec = new ConvNormAct[depth];
		up = new Block[depth];
		for (int i = 0; i < depth; i++)
			enc[i] = addChildBlock("enc" + i, ConvNormAct.doubleConv(dims, config.norm, i == 0 ? config.inChannels : ch[i - 1], ch[i]));
		bottleneck = addChildBlock("bottleneck", ConvNormAct.doubleConv(dims, config.norm, ch[depth - 1], ch[depth]));
		for (int i = depth - 1; i >= 0; i--) {
			up[i] = addChildBlock("up" + i, config.upsampling == NetConfig.Upsampling.TRANSPOSED ? new UpConv(dims, ch[i + 1], ch[i])
					: new InterpConv(dims, ch[i + 1], ch[i], config.upsampling == NetConfig.Upsampling.NEAREST ? Ops.NEAREST : Ops.LINEAR));
			dec[i] = addChildBlock("dec" + i, ConvNormAct.doubleConv(dims, config.norm, 2 * ch[i], ch[i]));
		}
		head = addChildBlock("head", new Conv(dims, ch[0], config.classes, 1, 1, 0, 1, true));
	}

	@Override
	public String arch() {
		return dims == 2 ? "unet" : "unet3d";
	}

	@Override
	public int spatialDims() {
		return dims;
	}

	@Override
	public int inputMultiple() {
		return 1 << config.depth;
	}

	@Override
	protected String multipleReason() {
		return "2^depth, depth=" + config.depth + " poolings";
	}

	@Override
	protected NDArray forwardNet(ParameterStore ps, NDArray x, boolean training) {
		int depth = config.depth;
		NDArray[] skips = new NDArray[depth];
		for (int i = 0; i < depth; i++) {
			skips[i] = run(enc[i], ps, x, training);
			x = Ops.maxPool2(skips[i]);
		}
		x = run(bottleneck, ps, x, training);
		for (int i = depth - 1; i >= 0; i--)
			x = run(dec[i], ps, NDArrays.concat(new NDList(run(up[i], ps, x, training), skips[i]), 1), training);
		return run(head, ps, x, training);
	}
}
