package org.segmentij.deep.nets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;

/**
 * DeepLabv3+ (Chen et al. 2018) on a small ResNet-like backbone. With b = base:
 * <ul>
 * <li>backbone: stem conv3x3 stride 2 (b) | res block stride 2 (2b, the low-level features at 1/4) |
 * res block stride 2 (4b, 1/8) | res block (8b) with stride 2 for output stride 16, or dilation 2
 * for output stride 8 | res block (8b) with dilation 2 (output stride 16) or 4 (8);</li>
 * <li>ASPP on the 8b features, 4b channels per branch: a 1x1 conv, one 3x3 conv per atrous rate
 * (dilation = rate), and image pooling (global average, 1x1 conv with bias, ReLU, broadcast back);
 * concatenated and projected by a 1x1 conv + norm + ReLU;</li>
 * <li>decoder: low-level features reduced to b channels by a 1x1 conv; the ASPP output bilinearly
 * up-sampled to 1/4 and concatenated; two 3x3 conv + norm + ReLU (4b); 1x1 conv to classes;
 * bilinear up-sampling to the input size (align_corners false).</li>
 * </ul>
 * Inputs must be multiples of the output stride.
 */
public final class DeepLabV3Plus extends SegmentationNetwork {
	private final ConvNormAct stem;
	private final ResBlock layer1, layer2, layer3, layer4;
	private final ConvNormAct[] aspp;
	private final Conv poolConv;
	private final ConvNormAct asppProject, lowReduce, fuse;
	private final Conv classifier;

	public DeepLabV3Plus(NetConfig config) {
		super(config);
		int b = config.base, a = 4 * b;
		Norm norm = config.norm;
		boolean bias = norm == Norm.NONE;
		boolean os16 = config.outputStride == 16;
		stem = addChildBlock("stem", new ConvNormAct(new Conv(2, config.inChannels, b, 3, 2, 1, 1, bias), norm));
		layer1 = addChildBlock("layer1", new ResBlock(norm, b, 2 * b, 2, 1));
		layer2 = addChildBlock("layer2", new ResBlock(norm, 2 * b, 4 * b, 2, 1));
		layer3 = addChildBlock("layer3", new ResBlock(norm, 4 * b, 8 * b, os16 ? 2 : 1, os16 ? 1 : 2));
		layer4 = addChildBlock("layer4", new ResBlock(norm, 8 * b, 8 * b, 1, os16 ? 2 : 4));
		int[] rates = config.atrousRates();
		aspp = new ConvNormAct[rates.length + 1];
		aspp[0] = addChildBlock("aspp0", new ConvNormAct(2, norm, 1, 1, 8 * b, a));
		for (int i = 0; i < rates.length; i++)
			aspp[i + 1] = addChildBlock("aspp" + (i + 1), new ConvNormAct(2, norm, 3, rates[i], 8 * b, a));
		poolConv = addChildBlock("asppPool", new Conv(2, 8 * b, a, 1, 1, 0, 1, true));
		asppProject = addChildBlock("asppProject", new ConvNormAct(2, norm, 1, 1, (rates.length + 2) * a, a));
		lowReduce = addChildBlock("lowReduce", new ConvNormAct(2, norm, 1, 1, 2 * b, b));
		fuse = addChildBlock("fuse", new ConvNormAct(2, norm, 3, 1, a + b, a, a));
		classifier = addChildBlock("classifier", new Conv(2, a, config.classes, 1, 1, 0, 1, true));
	}

	@Override
	public String arch() {
		return "deeplabv3plus";
	}

	@Override
	public int inputMultiple() {
		return config.outputStride;
	}

	@Override
	protected String multipleReason() {
		return "the output stride";
	}

	@Override
	protected NDArray forwardNet(ParameterStore ps, NDArray x, boolean training) {
		long[] size = Ops.spatial(x);
		NDArray low = run(layer1, ps, run(stem, ps, x, training), training);
		NDArray f = run(layer4, ps, run(layer3, ps, run(layer2, ps, low, training), training), training);
		Shape fs = f.getShape();
		NDList branches = new NDList();
		for (ConvNormAct br : aspp)
			branches.add(run(br, ps, f, training));
		NDArray pooled = f.mean(new int[] { 3 }, true).mean(new int[] { 2 }, true);
		NDArray img = Activation.relu(run(poolConv, ps, pooled, training));
		branches.add(img.broadcast(fs.get(0), img.getShape().get(1), fs.get(2), fs.get(3)));
		NDArray y = run(asppProject, ps, NDArrays.concat(branches, 1), training);
		y = Ops.resize(y, Ops.spatial(low), Ops.LINEAR);
		y = run(fuse, ps, NDArrays.concat(new NDList(y, run(lowReduce, ps, low, training)), 1), training);
		return Ops.resize(run(classifier, ps, y, training), size, Ops.LINEAR);
	}
}
