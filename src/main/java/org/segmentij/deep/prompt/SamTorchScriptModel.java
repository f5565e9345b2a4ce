package org.segmentij.deep.prompt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

import org.segmentij.InputException;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Intervals;
import net.imglib2.util.Util;
import net.imglib2.view.Views;

/**
 * A SAM-family promptable model (Segment Anything, MobileSAM, ...) exported as two TorchScript
 * files, an image encoder and a prompt/mask decoder, described by a {@code sam.json} (format in
 * {@link SamConfig}) and run with DJL's PyTorch engine. No weights ship with SegmentIJ: users
 * export them (README, "SAM-family models").
 *
 * <p><b>Encoding</b> ({@link #encode}): a 2D gray image (X, Y) or an RGB image (X, Y, C = 3).
 * Values are brought to 0..255 ({@code input_range}), a gray plane is used for R, G and B
 * ({@code gray_to_rgb: replicate}), the image is resized so that its longest side is
 * {@code input_size} S (new size {@code (int) (side * S / longest + 0.5)}, as SAM's
 * ResizeLongestSide; antialiased bilinear, as PIL and {@code interpolate(antialias=True)}),
 * normalised with {@code pixel_mean}/{@code pixel_std} and padded with zeros at the right and
 * bottom to S x S. The encoder gets [1, 3, S, S] and must give [1, C, h, w] =
 * {@code embedding_shape}; the embedding is kept as a float[] copy (no native memory held between
 * calls).
 *
 * <p><b>Decoding</b> ({@link #predict}): the decoder is called with SAM's ONNX-style inputs, in the
 * order {@code decoder_inputs} gives: image_embeddings [1, C, h, w]; point_coords [1, N, 2] (x, y in
 * the resized frame: {@code x * newW / W}, {@code y * newH / H}, pixel centres at integers as in
 * SAM); point_labels [1, N] (1 positive, 0 negative, 2 and 3 the box's top-left and bottom-right
 * corners, -1 a padding point (0, 0) added when there is no box, as SAM's ONNX example does);
 * mask_input [1, 1, m, m] and has_mask_input [1] (the previous mask's low-resolution logits and 1,
 * or zeros and 0); orig_im_size [2] = (H, W). It must return masks [1, K, H', W'],
 * iou_predictions [1, K] and low_res_masks [1, K, m, m] in the order of {@code decoder_outputs}.
 * The mask with the highest predicted IoU is taken (or, with {@code mask_selection: "sam"}, SAM's
 * rule: with one click or a box alone the best of masks 1..K-1, with more prompts mask 0); when
 * masks has the image's size it is used as
 * it is, otherwise (a decoder traced with a fixed orig_im_size) its low-resolution logits are
 * upscaled as SAM's mask_postprocessing does (bilinear to S x S, crop to the resized image,
 * bilinear to H x W). The result is the probability {@code sigmoid(logit - mask_threshold)}.
 *
 * <p>A previous map returned by this model is fed back as its exact low-resolution logits. Another
 * probability map of the image's size is converted: resized to the resized frame, padded with 0 to
 * S x S, resized to m x m (antialiased), clamped to [1e-3, 1 - 1e-3] and turned into logits.
 *
 * <p>Encoding is serialised (one encoder run at a time); decoding may run on several threads.
 */
public final class SamTorchScriptModel implements PromptableModel {

	/** Probabilities are clamped to [EPS, 1 - EPS] before a foreign previous map becomes logits. */
	static final double EPS = 1e-3;

	private final Path dir;
	private final SamConfig cfg;
	private final Device device;
	private final Model encoder, decoder;
	private final Object encoderLock = new Object();
	/** Low-resolution logits of the maps this model returned, by identity, for refining clicks. */
	private final Map<Object, float[]> lowRes = Collections.synchronizedMap(new WeakHashMap<>());
	private volatile boolean closed;

	private SamTorchScriptModel(Path dir, SamConfig cfg, Device device, Model encoder, Model decoder) {
		this.dir = dir;
		this.cfg = cfg;
		this.device = device;
		this.encoder = encoder;
		this.decoder = decoder;
	}

	/** Whether a folder holds a SAM-family model (a {@code sam.json}). */
	public static boolean isModelFolder(Path dir) {
		return dir != null && Files.isRegularFile(dir.resolve(SamConfig.JSON));
	}

	/**
	 * Reads {@code dir/sam.json}, loads the encoder and the decoder onto a device and runs the
	 * decoder once on zeros to check its signature and output shapes. InputException naming the
	 * file and the fix for a missing or unreadable file, a bad sam.json or a wrong decoder.
	 */
	public static SamTorchScriptModel load(Path dir, Device device) {
		Path d = dir.toAbsolutePath().normalize();
		SamConfig cfg = SamConfig.read(d);
		Model enc = loadTorchScript(d, cfg.encoder(), cfg.name() + "-encoder", device);
		Model dec = null;
		try {
			dec = loadTorchScript(d, cfg.decoder(), cfg.name() + "-decoder", device);
			SamTorchScriptModel m = new SamTorchScriptModel(d, cfg, device, enc, dec);
			m.checkDecoder();
			return m;
		}
		catch (RuntimeException e) {
			enc.close();
			if (dec != null)
				dec.close();
			throw e;
		}
	}

	private static Model loadTorchScript(Path dir, String file, String name, Device device) {
		Path p = dir.resolve(file);
		Model m = Model.newInstance(name, device, "PyTorch");
		try {
			m.load(p, null, Map.of()); // a path to the file itself: any file name works
			return m;
		}
		catch (IOException | MalformedModelException | RuntimeException e) {
			m.close();
			throw new InputException("Cannot load the TorchScript file " + p + " (" + firstLine(e)
					+ "); it must be a module saved with torch.jit.save (torch.jit.trace or torch.jit.script) by PyTorch 1.x or 2.x.",
					e);
		}
	}

	/** The folder the model was loaded from. */
	public Path dir() {
		return dir;
	}

	/** What sam.json says. */
	public SamConfig config() {
		return cfg;
	}

	public Device device() {
		return device;
	}

	@Override
	public String name() {
		return cfg.name();
	}

	// ---------------------------------------------------------------- encoding

	/** What {@link #encode} returns: the embedding as a float[] copy and the image's geometry. */
	public static final class SamEmbedding implements Embedding, AutoCloseable {
		private final SamTorchScriptModel owner;
		private final long width, height;
		private final int resizedWidth, resizedHeight;
		private final long[] shape;
		private volatile float[] values;

		SamEmbedding(SamTorchScriptModel owner, long width, long height, int resizedWidth, int resizedHeight, long[] shape,
				float[] values) {
			this.owner = owner;
			this.width = width;
			this.height = height;
			this.resizedWidth = resizedWidth;
			this.resizedHeight = resizedHeight;
			this.shape = shape;
			this.values = values;
		}

		@Override
		public long width() {
			return width;
		}

		@Override
		public long height() {
			return height;
		}

		/** Width and height of the image resized into the encoder's input (before padding). */
		public int resizedWidth() {
			return resizedWidth;
		}

		public int resizedHeight() {
			return resizedHeight;
		}

		/** The embedding's shape, [1, C, h, w]. */
		public long[] shape() {
			return shape.clone();
		}

		/** A copy of the embedding's values (C order). */
		public float[] values() {
			return data().clone();
		}

		float[] data() {
			float[] v = values;
			if (v == null)
				throw new IllegalStateException("this embedding was closed");
			return v;
		}

		/** Drops the values; predicting with a closed embedding is an IllegalStateException. */
		@Override
		public void close() {
			values = null;
		}
	}

	/** The size the longest-side resize gives a side of an image whose longest side is {@code longest} (SAM's get_preprocess_shape). */
	static int resized(long side, long longest, int inputSize) {
		double scale = inputSize * 1.0 / longest;
		return (int) (side * scale + 0.5);
	}

	/** The encoder's input for an image: [3, S, S] values, and the size of the resized image in it. */
	record EncoderInput(float[] values, int width, int height, int resizedWidth, int resizedHeight) {
	}

	/** Gray to RGB, to 0..255, resized (longest side S), normalised, padded with zeros to S x S. */
	EncoderInput encoderInput(RandomAccessibleInterval<? extends RealType<?>> image) {
		float[][] rgb = planes(image);
		int w = (int) image.dimension(0), h = (int) image.dimension(1);
		int s = cfg.inputSize();
		int nw = resized(w, Math.max(w, h), s), nh = resized(h, Math.max(w, h), s);
		float[] input = new float[3 * s * s];
		float[] gray = rgb[1] == rgb[0] ? Resample.antialiased(rgb[0], w, h, nw, nh) : null;
		for (int c = 0; c < 3; c++) {
			float[] r = gray != null ? gray : Resample.antialiased(rgb[c], w, h, nw, nh);
			double mean = cfg.pixelMean()[c], std = cfg.pixelStd()[c];
			int o = c * s * s;
			for (int y = 0; y < nh; y++)
				for (int x = 0; x < nw; x++)
					input[o + y * s + x] = (float) ((r[y * nw + x] - mean) / std);
		}
		return new EncoderInput(input, w, h, nw, nh);
	}

	@Override
	public SamEmbedding encode(RandomAccessibleInterval<? extends RealType<?>> image) {
		checkOpen();
		EncoderInput in = encoderInput(image);
		int s = cfg.inputSize();
		int[] es = cfg.embeddingShape();
		float[] emb;
		synchronized (encoderLock) {
			try (NDManager mgr = encoder.getNDManager().newSubManager()) {
				NDList out = forward(encoder, mgr, new NDList(mgr.create(in.values(), new Shape(1, 3, s, s))), "encoder", cfg.encoder());
				NDArray e = out.get(0);
				long[] shape = e.getShape().getShape();
				if (!Arrays.equals(shape, new long[] { 1, es[0], es[1], es[2] }))
					throw new InputException("The encoder " + cfg.encoder() + " of " + name() + " gave an embedding of shape "
							+ Arrays.toString(shape) + " but sam.json's embedding_shape says [1, " + es[0] + ", " + es[1] + ", "
							+ es[2] + "]; fix embedding_shape (and input_size) in " + dir.resolve(SamConfig.JSON) + ".");
				emb = e.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
			}
		}
		return new SamEmbedding(this, in.width(), in.height(), in.resizedWidth(), in.resizedHeight(), new long[] { 1, es[0], es[1], es[2] },
				emb);
	}

	/**
	 * The image's R, G and B planes (row-major, 0..255 scale); for a gray image the same array
	 * three times.
	 */
	float[][] planes(RandomAccessibleInterval<? extends RealType<?>> image) {
		int n = image.numDimensions();
		boolean gray = n == 2 || (n == 3 && image.dimension(2) == 1);
		if (!gray && !(n == 3 && image.dimension(2) == 3))
			throw new InputException("A SAM model takes a 2D gray image (X, Y) or an RGB image (X, Y, C = 3); this one has dimensions "
					+ Arrays.toString(Intervals.dimensionsAsLongArray(image)) + ". Give one 2D plane (or its 3 colour channels).");
		long w = image.dimension(0), h = image.dimension(1);
		if (w < 1 || h < 1 || w * h > Integer.MAX_VALUE / 3)
			throw new InputException("A SAM model takes images of 1 to " + Integer.MAX_VALUE / 3 + " pixels; this one is " + w + " x " + h + ".");
		int plane = (int) (w * h);
		float[] all = new float[gray ? plane : 3 * plane];
		Cursor<? extends RealType<?>> c = Views.flatIterable(Views.zeroMin(image)).cursor();
		double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
		for (int i = 0; i < all.length; i++) {
			double v = c.next().getRealDouble();
			all[i] = (float) v;
			min = Math.min(min, v);
			max = Math.max(max, v);
		}
		boolean eightBit = Util.getTypeFromInterval(image) instanceof UnsignedByteType;
		boolean scale = cfg.inputRange() == SamConfig.InputRange.MIN_MAX
				|| (cfg.inputRange() == SamConfig.InputRange.AUTO && !eightBit);
		if (scale) {
			double f = max > min ? 255.0 / (max - min) : 0;
			for (int i = 0; i < all.length; i++)
				all[i] = (float) ((all[i] - min) * f);
		}
		if (gray)
			return new float[][] { all, all, all };
		float[][] rgb = new float[3][];
		for (int k = 0; k < 3; k++)
			rgb[k] = Arrays.copyOfRange(all, k * plane, (k + 1) * plane);
		return rgb;
	}

	// ---------------------------------------------------------------- decoding

	/** The decoder's inputs for one prompt (besides the embedding). */
	record DecoderInputs(float[] pointCoords, float[] pointLabels, float[] maskInput, float hasMaskInput, float[] origImSize) {
		int points() {
			return pointLabels.length;
		}
	}

	/** What the decoder gives: K masks of maskW x maskH logits, K IoU predictions, K low-res logit maps. */
	record DecoderOutputs(float[][] masks, int maskW, int maskH, float[] iou, float[][] lowRes) {
		/** The mask with the highest predicted IoU. */
		int best() {
			return best(0);
		}

		/** The mask with the highest predicted IoU among masks {@code from..K-1}. */
		int best(int from) {
			int b = from;
			for (int k = from + 1; k < iou.length; k++)
				if (iou[k] > iou[b])
					b = k;
			return b;
		}

		/**
		 * The mask to keep: the best by IoU, or with {@code mask_selection: "sam"} SAM's rule for
		 * its 1 + 3 masks: with at most 2 decoder points (one click and the padding point, or a
		 * box alone) the best of masks 1..K-1, else mask 0 (the single-output mask).
		 */
		int choose(SamConfig.MaskSelection rule, int points) {
			if (rule == SamConfig.MaskSelection.SAM && iou.length > 1)
				return points <= 2 ? best(1) : 0;
			return best(0);
		}
	}

	/** SAM's prompt encoding for one prompt: points, box corners or a padding point, previous mask. */
	DecoderInputs decoderInputs(SamEmbedding e, Prompt prompt, RandomAccessibleInterval<FloatType> previous) {
		double sx = (double) e.resizedWidth / e.width, sy = (double) e.resizedHeight / e.height;
		List<float[]> pts = new ArrayList<>();
		for (double[] p : prompt.positives())
			pts.add(new float[] { (float) (p[0] * sx), (float) (p[1] * sy), 1 });
		for (double[] p : prompt.negatives())
			pts.add(new float[] { (float) (p[0] * sx), (float) (p[1] * sy), 0 });
		double[] b = prompt.box();
		if (b != null) {
			pts.add(new float[] { (float) (b[0] * sx), (float) (b[1] * sy), 2 });
			pts.add(new float[] { (float) (b[2] * sx), (float) (b[3] * sy), 3 });
		}
		else
			pts.add(new float[] { 0, 0, -1 });
		float[] coords = new float[2 * pts.size()], labels = new float[pts.size()];
		for (int i = 0; i < pts.size(); i++) {
			coords[2 * i] = pts.get(i)[0];
			coords[2 * i + 1] = pts.get(i)[1];
			labels[i] = pts.get(i)[2];
		}
		int m = cfg.maskInputSize();
		float[] maskInput;
		float has;
		if (previous == null) {
			maskInput = new float[m * m];
			has = 0;
		}
		else {
			checkPrevious(e, previous);
			float[] cached = lowRes.get(previous);
			maskInput = cached != null ? cached.clone() : previousToLogits(e, previous);
			has = 1;
		}
		return new DecoderInputs(coords, labels, maskInput, has, new float[] { e.height, e.width });
	}

	private static void checkPrevious(SamEmbedding e, RandomAccessibleInterval<FloatType> previous) {
		if (previous.numDimensions() != 2 || previous.dimension(0) != e.width || previous.dimension(1) != e.height)
			throw new InputException("The previous mask is " + Arrays.toString(Intervals.dimensionsAsLongArray(previous))
					+ " but the encoded image is " + e.width + " x " + e.height + "; give the previous probability map of the same image.");
	}

	/** A probability map of the image's size as mask_input logits (see the class comment). */
	float[] previousToLogits(SamEmbedding e, RandomAccessibleInterval<FloatType> previous) {
		checkPrevious(e, previous);
		int w = (int) e.width, h = (int) e.height, s = cfg.inputSize(), m = cfg.maskInputSize();
		float[] p = new float[w * h];
		Cursor<FloatType> c = Views.flatIterable(Views.zeroMin(previous)).cursor();
		for (int i = 0; i < p.length; i++)
			p[i] = c.next().get();
		float[] r = Resample.antialiased(p, w, h, e.resizedWidth, e.resizedHeight);
		r = Resample.pad(r, e.resizedWidth, e.resizedHeight, s, s, 0);
		r = Resample.antialiased(r, s, s, m, m);
		for (int i = 0; i < r.length; i++) {
			double v = Math.min(Math.max(Double.isNaN(r[i]) ? 0 : r[i], EPS), 1 - EPS);
			r[i] = (float) Math.log(v / (1 - v));
		}
		return r;
	}

	/** Runs the decoder; InputException when it has the wrong signature or output shapes. */
	DecoderOutputs decode(SamEmbedding e, DecoderInputs in) {
		checkOpen();
		int[] es = cfg.embeddingShape();
		int m = cfg.maskInputSize();
		try (NDManager mgr = decoder.getNDManager().newSubManager()) {
			NDArray[] args = new NDArray[6];
			args[cfg.inputIndex("image_embeddings")] = mgr.create(e.data(), new Shape(1, es[0], es[1], es[2]));
			args[cfg.inputIndex("point_coords")] = mgr.create(in.pointCoords(), new Shape(1, in.points(), 2));
			args[cfg.inputIndex("point_labels")] = mgr.create(in.pointLabels(), new Shape(1, in.points()));
			args[cfg.inputIndex("mask_input")] = mgr.create(in.maskInput(), new Shape(1, 1, m, m));
			args[cfg.inputIndex("has_mask_input")] = mgr.create(new float[] { in.hasMaskInput() }, new Shape(1));
			args[cfg.inputIndex("orig_im_size")] = mgr.create(in.origImSize(), new Shape(2));
			NDList out = forward(decoder, mgr, new NDList(args), "decoder", cfg.decoder());
			if (out.size() != 3)
				throw wrongDecoder("it returned " + out.size() + " output(s) instead of 3 (" + cfg.decoderOutputs() + ")", null);
			NDArray masks = out.get(cfg.outputIndex("masks")), iou = out.get(cfg.outputIndex("iou_predictions")),
					low = out.get(cfg.outputIndex("low_res_masks"));
			long[] ms = masks.getShape().getShape(), is = iou.getShape().getShape(), ls = low.getShape().getShape();
			if (is.length != 2 || is[0] != 1 || is[1] < 1)
				throw wrongDecoder("iou_predictions has shape " + Arrays.toString(is) + " instead of [1, K]", null);
			long k = is[1];
			if (ls.length != 4 || ls[0] != 1 || ls[1] != k || ls[2] != m || ls[3] != m)
				throw wrongDecoder("low_res_masks has shape " + Arrays.toString(ls) + " instead of [1, " + k + ", " + m + ", " + m
						+ "] (K from iou_predictions, " + m + " = mask_input_size)", null);
			if (ms.length != 4 || ms[0] != 1 || ms[1] != k || ms[2] < 1 || ms[3] < 1)
				throw wrongDecoder("masks has shape " + Arrays.toString(ms) + " instead of [1, " + k + ", H, W]", null);
			float[] mv = toFloats(masks), lv = toFloats(low), iv = toFloats(iou);
			int mh = (int) ms[2], mw = (int) ms[3];
			float[][] mk = new float[(int) k][], lk = new float[(int) k][];
			for (int j = 0; j < k; j++) {
				mk[j] = Arrays.copyOfRange(mv, j * mw * mh, (j + 1) * mw * mh);
				lk[j] = Arrays.copyOfRange(lv, j * m * m, (j + 1) * m * m);
			}
			return new DecoderOutputs(mk, mw, mh, iv, lk);
		}
	}

	@Override
	public Img<FloatType> predict(Embedding embedding, Prompt prompt, RandomAccessibleInterval<FloatType> previous) {
		if (!(embedding instanceof SamEmbedding e) || e.owner != this)
			throw new IllegalArgumentException("the embedding was not made by this model (" + name() + "); encode the image with it");
		DecoderInputs in = decoderInputs(e, prompt, previous);
		DecoderOutputs out = decode(e, in);
		int b = out.choose(cfg.maskSelection(), in.points());
		int w = (int) e.width, h = (int) e.height;
		float[] logits = out.maskW() == w && out.maskH() == h ? out.masks()[b] : upscale(e, out.lowRes()[b]);
		float[] prob = new float[w * h];
		double t = cfg.maskThreshold();
		for (int i = 0; i < prob.length; i++)
			prob[i] = (float) (1 / (1 + Math.exp(-(logits[i] - t))));
		Img<FloatType> img = ArrayImgs.floats(prob, w, h);
		lowRes.put(img, out.lowRes()[b]);
		return img;
	}

	/** SAM's mask_postprocessing of low-res logits: bilinear to S x S, crop to the resized image, bilinear to W x H. */
	float[] upscale(SamEmbedding e, float[] low) {
		int s = cfg.inputSize(), m = cfg.maskInputSize();
		float[] r = Resample.bilinear(low, m, m, s, s);
		r = Resample.crop(r, s, e.resizedWidth, e.resizedHeight);
		return Resample.bilinear(r, e.resizedWidth, e.resizedHeight, (int) e.width, (int) e.height);
	}

	/** One decoder run on zeros (a point in the middle, a padding point, no mask): checks the signature and shapes. */
	private void checkDecoder() {
		int[] es = cfg.embeddingShape();
		int s = cfg.inputSize();
		SamEmbedding zero = new SamEmbedding(this, s, s, s, s, new long[] { 1, es[0], es[1], es[2] }, new float[es[0] * es[1] * es[2]]);
		decode(zero, decoderInputs(zero, Prompt.point(s / 2.0, s / 2.0), null));
	}

	private NDList forward(Model model, NDManager mgr, NDList inputs, String role, String file) {
		try {
			return model.getBlock().forward(new ParameterStore(mgr, false), inputs, false);
		}
		catch (RuntimeException ex) {
			if (role.equals("decoder"))
				throw wrongDecoder("running it failed: " + firstLine(ex), ex);
			throw new InputException("The encoder " + file + " of " + name() + " failed on a [1, 3, " + cfg.inputSize() + ", "
					+ cfg.inputSize() + "] image (" + firstLine(ex) + "); check input_size in " + SamConfig.JSON
					+ " and that the encoder takes one normalised, padded RGB image.", ex);
		}
	}

	private InputException wrongDecoder(String what, Throwable cause) {
		int[] es = cfg.embeddingShape();
		int m = cfg.maskInputSize();
		return new InputException("The decoder " + cfg.decoder() + " of " + name() + " does not match the SAM decoder signature sam.json describes: " + what
				+ ". It must take " + cfg.decoderInputs() + " (decoder_inputs in " + SamConfig.JSON + "), image_embeddings being ["
				+ "1, " + es[0] + ", " + es[1] + ", " + es[2] + "] (embedding_shape) and mask_input [1, 1, " + m + ", " + m
				+ "] (mask_input_size), and return " + cfg.decoderOutputs()
				+ " (decoder_outputs); export it as README's \"SAM-family models\" shows.", cause);
	}

	private static float[] toFloats(NDArray a) {
		return a.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
	}

	/**
	 * The line of a (PyTorch) message that says what went wrong: the first line, or for a
	 * TorchScript traceback its last "...Error: ..." line.
	 */
	static String firstLine(Throwable e) {
		String[] lines = String.valueOf(e.getMessage()).split("\n");
		for (int i = lines.length - 1; i > 0; i--) {
			String l = lines[i].trim();
			int k = l.indexOf("Error: ");
			if (k > 0 && l.substring(0, k).matches("[A-Za-z.]+"))
				return noStop(l.substring(k + 7));
		}
		return noStop(lines.length == 0 ? "" : lines[0]);
	}

	private static String noStop(String s) {
		String t = s.trim();
		while (t.endsWith("."))
			t = t.substring(0, t.length() - 1);
		return t;
	}

	private void checkOpen() {
		if (closed)
			throw new IllegalStateException("the SAM model " + name() + " was closed");
	}

	@Override
	public void close() {
		if (closed)
			return;
		closed = true;
		synchronized (encoderLock) {
			encoder.close();
		}
		decoder.close();
		lowRes.clear();
	}
}
