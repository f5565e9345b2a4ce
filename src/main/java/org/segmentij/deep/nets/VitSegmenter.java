package org.segmentij.deep.nets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;

/**
 * A ViT segmenter in the style of SETR-PUP (Zheng et al. 2021): patch embedding (a p x p
 * convolution with stride p to embedDim channels), a learned position embedding, {@code layers}
 * pre-norm transformer blocks ({@link TransformerBlock}), a final layer norm, then a progressive
 * up-sampling head: log2(p) stages of [conv3x3 to base channels, norm, ReLU, 2x bilinear
 * up-sampling], and a 1x1 convolution to the class logits.
 * <p>
 * The position embedding is learned on the (imageSize / p)^2 patch grid; for another input size
 * it is bilinearly resized to the input's grid (as when fine-tuning a ViT at a new resolution).
 * Inputs must be multiples of the patch size.
 */
public final class VitSegmenter extends SegmentationNetwork {
	private final int grid;
	private final Conv patchEmbed;
	private final Parameter pos;
	private final TransformerBlock[] blocks;
	private final LayerNormLayer norm;
	private final ConvNormAct[] head;
	private final Conv classifier;

	public VitSegmenter(NetConfig config) {
		super(config);
		int p = config.patchSize, e = config.embedDim;
		grid = config.imageSize / p;
		patchEmbed = addChildBlock("patchEmbed", new Conv(2, config.inChannels, e, p, p, 0, 1, true));
		pos = addParameter(Parameter.builder().setName("pos").setType(Parameter.Type.WEIGHT).optShape(new Shape(1, e, grid, grid))
				.optInitializer(new NormalInitializer(0.02f)).build());
		blocks = new TransformerBlock[config.layers];
		for (int i = 0; i < blocks.length; i++)
			blocks[i] = addChildBlock("block" + i, new TransformerBlock(e, config.heads, config.mlpRatio));
		norm = addChildBlock("norm", new LayerNormLayer(e));
		int stages = Integer.numberOfTrailingZeros(p);
		head = new ConvNormAct[stages];
		for (int i = 0; i < stages; i++)
			head[i] = addChildBlock("up" + i, new ConvNormAct(2, config.norm, 3, 1, i == 0 ? e : config.base, config.base));
		classifier = addChildBlock("classifier", new Conv(2, config.base, config.classes, 1, 1, 0, 1, true));
	}

	@Override
	public String arch() {
		return "vit";
	}

	@Override
	public int inputMultiple() {
		return config.patchSize;
	}

	@Override
	protected String multipleReason() {
		return "the patch size";
	}

	@Override
	protected NDArray forwardNet(ParameterStore ps, NDArray x, boolean training) {
		NDArray f = run(patchEmbed, ps, x, training); // (N, E, gh, gw)
		Shape s = f.getShape();
		long n = s.get(0), e = s.get(1), gh = s.get(2), gw = s.get(3);
		NDArray pe = ps.getValue(pos, x.getDevice(), training);
		if (gh != grid || gw != grid)
			pe = Ops.resize(pe, new long[] { gh, gw }, Ops.LINEAR);
		NDArray t = f.add(pe).reshape(n, e, gh * gw).transpose(0, 2, 1); // (N, T, E)
		for (TransformerBlock b : blocks)
			t = run(b, ps, t, training);
		NDArray y = run(norm, ps, t, training).transpose(0, 2, 1).reshape(n, e, gh, gw);
		for (ConvNormAct h : head)
			y = Ops.upsample(run(h, ps, y, training), 2, Ops.LINEAR);
		return run(classifier, ps, y, training);
	}
}
