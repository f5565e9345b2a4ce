package org.segmentij.deep.prompt;

import java.util.ArrayList;
import java.util.List;

import org.segmentij.InputException;
import org.segmentij.deep.infer.Normalization;
import org.segmentij.deep.infer.TileBatch;
import org.segmentij.deep.store.LoadedModel;
import org.segmentij.deep.store.ModelPackage;

import com.google.gson.JsonObject;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * SegmentIJ's own promptable network: a segmentation network (a small U-Net) whose input is the
 * image and four prompt channels in a window around the prompt ({@link PromptEncoding}), and whose
 * output is background/object per pixel of the window.
 * <p>
 * The "embedding" of this model is the image normalised once as model.json says (a float copy):
 * the network sees only a window, so every prompt costs one small forward pass and nothing else
 * has to be cached. (SAM-family models cache the features of their image encoder instead.)
 * Safe to call from several threads: each thread has its own DJL predictor.
 */
public final class PromptNet implements PromptableModel {

	/** Prompts per forward pass in {@link #predictRegions}. */
	public static final int BATCH = 8;

	private final LoadedModel model;
	private final boolean owned;
	private final int window;
	private final double sigma;

	/** The normalised image. */
	public record NetEmbedding(float[] pixels, int w, int h) implements Embedding {
		@Override
		public long width() {
			return w;
		}

		@Override
		public long height() {
			return h;
		}
	}

	/**
	 * A promptable network over a loaded package ({@code "task": "prompt"}).
	 *
	 * @param owned whether {@link #close()} closes the loaded model (false for models a
	 *              ModelService caches)
	 */
	public PromptNet(LoadedModel model, boolean owned) {
		ModelPackage pkg = model.modelPackage();
		if (!ModelPackage.TASK_PROMPT.equals(pkg.task))
			throw new InputException("The model " + pkg.name + " is not a promptable model (its task is '" + pkg.task
					+ "'); give a package trained with --target prompt, e.g. model=nuclei-prompt.");
		if (pkg.inputChannels != PromptEncoding.CHANNELS)
			throw new InputException("The promptable model " + pkg.name + " takes " + pkg.inputChannels + " channels; SegmentIJ's prompt encoding has "
					+ PromptEncoding.CHANNELS + " (image, positive, negative, box, previous).");
		JsonObject p = pkg.prompt;
		this.window = p.has("window") ? p.get("window").getAsInt() : PromptEncoding.DEFAULT_WINDOW;
		this.sigma = p.has("point_sigma") ? p.get("point_sigma").getAsDouble() : PromptEncoding.DEFAULT_SIGMA;
		if (window < pkg.sizeMultiple || window % pkg.sizeMultiple != 0)
			throw new InputException("The promptable model " + pkg.name + " has window " + window + ", not a multiple of " + pkg.sizeMultiple + ".");
		this.model = model;
		this.owned = owned;
	}

	@Override
	public String name() {
		return model.modelPackage().name;
	}

	public ModelPackage modelPackage() {
		return model.modelPackage();
	}

	public int window() {
		return window;
	}

	public double sigma() {
		return sigma;
	}

	@Override
	public NetEmbedding encode(RandomAccessibleInterval<? extends RealType<?>> image) {
		return encodeImage(image, model.modelPackage().normalization);
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	static NetEmbedding encodeImage(RandomAccessibleInterval<? extends RealType<?>> image, Normalization norm) {
		if (image.numDimensions() != 2)
			throw new InputException("Promptable segmentation works on 2D images; this one has " + image.numDimensions()
					+ " dimensions. Pick one plane (Image > Duplicate...) first.");
		long w = image.dimension(0), h = image.dimension(1);
		if (w * h > Integer.MAX_VALUE - 8)
			throw new InputException("The image is too large (" + w + "x" + h + ") for promptable segmentation.");
		Normalization.Affine f = norm.fit((RandomAccessibleInterval) image);
		float[] a = new float[(int) (w * h)];
		int i = 0;
		for (RealType<?> t : Views.flatIterable(image))
			a[i++] = (float) ((t.getRealDouble() - f.offset()) * f.scale());
		return new NetEmbedding(a, (int) w, (int) h);
	}

	@Override
	public Img<FloatType> predict(Embedding embedding, Prompt prompt, RandomAccessibleInterval<FloatType> previous) {
		NetEmbedding e = cast(embedding);
		MaskRegion prev = previous == null ? null : MaskRegion.of(previous);
		if (prev != null && (prev.w() != e.w || prev.h() != e.h))
			throw new IllegalArgumentException("the previous mask is " + prev.w() + "x" + prev.h() + ", the image " + e.w + "x" + e.h);
		List<MaskRegion> r = predictRegions(e, List.of(prompt), prev == null ? null : java.util.Collections.singletonList(prev));
		return r.get(0).toImage(e.w, e.h);
	}

	/**
	 * Several prompts at once (batched forward passes): for each, its probability map on the
	 * image pixels its window covers.
	 *
	 * @param previous for each prompt its previous map (or null entries), or null for none
	 */
	public List<MaskRegion> predictRegions(Embedding embedding, List<Prompt> prompts, List<MaskRegion> previous) {
		NetEmbedding e = cast(embedding);
		if (previous != null && previous.size() != prompts.size())
			throw new IllegalArgumentException(prompts.size() + " prompts but " + previous.size() + " previous masks");
		int s = window, plane = s * s, n = prompts.size();
		List<MaskRegion> out = new ArrayList<>(n);
		for (int from = 0; from < n; from += BATCH) {
			int b = Math.min(BATCH, n - from);
			float[] x = new float[b * PromptEncoding.CHANNELS * plane];
			PromptEncoding.Window[] wins = new PromptEncoding.Window[b];
			for (int k = 0; k < b; k++) {
				Prompt p = prompts.get(from + k);
				MaskRegion prev = previous == null ? null : previous.get(from + k);
				wins[k] = PromptEncoding.window(p, prev == null ? null : prev.box(0.5), s);
				float[] in = PromptEncoding.input(e.pixels, e.w, e.h, p, wins[k], sigma, prev == null ? null : prev.prob(),
						prev == null ? 0 : prev.x(), prev == null ? 0 : prev.y(), prev == null ? 0 : prev.w(), prev == null ? 0 : prev.h());
				System.arraycopy(in, 0, x, k * PromptEncoding.CHANNELS * plane, in.length);
			}
			TileBatch y = model.predictor().predict(new TileBatch(x, b, PromptEncoding.CHANNELS, s, s, null));
			int classes = y.c();
			for (int k = 0; k < b; k++) {
				float[] prob = new float[plane];
				System.arraycopy(y.data(), (k * classes + classes - 1) * plane, prob, 0, plane);
				float[][] region = new float[1][];
				int[] bounds = PromptEncoding.toImage(prob, wins[k], e.w, e.h, region);
				out.add(bounds == null ? new MaskRegion(0, 0, 0, 0, new float[0])
						: new MaskRegion(bounds[0], bounds[1], bounds[2] - bounds[0] + 1, bounds[3] - bounds[1] + 1, region[0]));
			}
		}
		return out;
	}

	private static NetEmbedding cast(Embedding e) {
		if (e instanceof NetEmbedding ne)
			return ne;
		throw new IllegalArgumentException("not an embedding of a PromptNet: " + e);
	}

	@Override
	public void close() {
		if (owned)
			model.close();
	}
}
