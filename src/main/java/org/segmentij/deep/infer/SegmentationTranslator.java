package org.segmentij.deep.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;

/**
 * Pre- and post-processing around a segmentation network, kept out of the network itself:
 * the input batch is normalised per channel ({@code (x - offset) * scale}, the statistics fitted
 * to the whole image beforehand), the output gets the model's activation (softmax over classes,
 * or sigmoid) and comes back as a float batch.
 */
public final class SegmentationTranslator implements NoBatchifyTranslator<TileBatch, TileBatch> {

	private final Activation activation;
	private final double[] inputClip, outputClip;
	private final double binarize;

	public SegmentationTranslator(Activation activation) {
		this(activation, null, null, Double.NaN);
	}

	/**
	 * @param inputClip  {min, max} applied after normalisation, or null
	 * @param outputClip {min, max} applied after the activation, or null
	 * @param binarize   threshold after that (values become 0 or 1), NaN for none
	 */
	public SegmentationTranslator(Activation activation, double[] inputClip, double[] outputClip, double binarize) {
		this.activation = activation == null ? Activation.NONE : activation;
		this.inputClip = inputClip == null ? null : inputClip.clone();
		this.outputClip = outputClip == null ? null : outputClip.clone();
		this.binarize = binarize;
	}

	@Override
	public NDList processInput(TranslatorContext ctx, TileBatch in) {
		NDManager m = ctx.getNDManager();
		NDArray x = m.create(in.data(), new Shape(in.n(), in.c(), in.h(), in.w()));
		Normalization.Affine[] a = in.normalize();
		if (a != null) {
			boolean identity = true;
			float[] off = new float[a.length], sc = new float[a.length];
			for (int c = 0; c < a.length; c++) {
				off[c] = (float) a[c].offset();
				sc[c] = (float) a[c].scale();
				identity &= off[c] == 0 && sc[c] == 1;
			}
			if (!identity)
				x = x.sub(m.create(off, new Shape(1, a.length, 1, 1))).mul(m.create(sc, new Shape(1, a.length, 1, 1)));
		}
		if (inputClip != null)
			x = x.clip(inputClip[0], inputClip[1]);
		return new NDList(x);
	}

	@Override
	public TileBatch processOutput(TranslatorContext ctx, NDList list) {
		NDArray y = list.get(0);
		Shape s = y.getShape();
		if (s.dimension() != 4)
			throw new IllegalStateException("The network gave an output of shape " + s + "; a segmentation network gives NCHW.");
		switch (activation) {
		case SOFTMAX:
			y = y.softmax(1);
			break;
		case SIGMOID:
			y = ai.djl.nn.Activation.sigmoid(y);
			break;
		default:
			break;
		}
		if (outputClip != null)
			y = y.clip(outputClip[0], outputClip[1]);
		if (!Double.isNaN(binarize))
			y = y.gte(binarize).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
		return new TileBatch(y.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray(), (int) s.get(0),
				(int) s.get(1), (int) s.get(2), (int) s.get(3), null);
	}
}
