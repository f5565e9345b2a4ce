package org.segmentij.deep.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import org.segmentij.InputException;
import org.segmentij.UsageException;
import org.segmentij.deep.infer.Activation;
import org.segmentij.deep.losses.PanopticLoss;
import org.segmentij.deep.nets.Networks;
import org.segmentij.deep.nets.SegmentationNetwork;
import org.segmentij.deep.store.ModelPackage;
import org.segmentij.deep.store.ModelStore;
import org.segmentij.instance.PanopticInstances;
import org.segmentij.metrics.InstanceMatching;

import com.google.gson.JsonObject;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

/**
 * Training of Panoptic-DeepLab-style networks ({@link TargetMode#PANOPTIC}; Cheng et al., CVPR
 * 2020) on instance label images: one network (any SegmentIJ 2D architecture) with
 * {@link #OUTPUTS} output channels, two semantic logits (background, object), a centre heatmap and
 * the x and y offsets to the object's centre of mass in units of {@link #OFFSET_SCALE} pixels.
 * <p>
 * Each training crop: the image and its labels are augmented together (flips, rotations, elastic,
 * intensity; labels at the nearest pixel) on a square of {@code crop + 2 * }{@link #MARGIN} pixels
 * (the whole image where it is smaller), the targets ({@link PanopticTargets}, Gaussian sigma
 * {@link #SIGMA}) are computed from the augmented labels on that square, so the centres of objects
 * cut by the crop stay where they are, and a {@code crop x crop} part is taken: the central one of
 * a square cut from a larger image, anywhere in a whole image. The loss is {@link PanopticLoss} with the
 * paper's heatmap weight 200 and an offset weight of 1 per {@link #OFFSET_SCALE} pixels (0.1 per
 * pixel, 10 times the paper's 0.01: our runs are short and the offsets are what splits touching
 * objects).
 * <p>
 * Validation: the whole validation images (not augmented) through the network, grouped with
 * {@link #VALIDATION_GROUPING}; the epoch's score is AP@0.5 ({@code TP / (TP + FP + FN)} at IoU >
 * 0.5, summed over the images), recorded in the history's val_iou column, and PQ in the val_dice
 * column. {@code --select iou} keeps the epoch with the best AP@0.5.
 * <p>
 * Starting weights ({@code --init PACKAGE}): every parameter whose name and shape match is copied
 * from the package (which may be a segmentation model of the same architecture with another
 * number of classes, e.g. the head is skipped); the rest keep their random start.
 */
public final class PanopticTraining {

	/** Semantic classes: background and object. */
	public static final int SEMANTIC = 2;
	/** Output channels: the semantic logits, heatmap, offset x, offset y. */
	public static final int OUTPUTS = SEMANTIC + 3;
	/** Gaussian sigma of the centre heatmap (pixels). */
	public static final double SIGMA = 4;
	/** Pixels per unit of the offset outputs. */
	public static final double OFFSET_SCALE = 10;
	/** Loss weights of the heatmap MSE and the offset L1 (offsets in units of {@link #OFFSET_SCALE} pixels). */
	public static final double HEAT_WEIGHT = PanopticLoss.DEFAULT_HEAT_WEIGHT, OFFSET_WEIGHT = 1;
	/** Extra pixels on each side of a crop over which the targets are computed. */
	static final int MARGIN = 64;
	/** Grouping of validation images: centre threshold 0.3, NMS radius 5, all centres, min size 10 (the defaults of panoptic-instances). */
	public static final PanopticInstances.Params VALIDATION_GROUPING = new PanopticInstances.Params(0.3, 5, 0, 10, OFFSET_SCALE);

	private PanopticTraining() {
	}

	/** A training crop: the image (channels x crop x crop) and its {@link PanopticTargets} planes. */
	public record Crop(float[] image, float[] target) {
	}

	/** One augmented training crop of {@code crop x crop} pixels from a sample whose target holds instance labels. */
	public static Crop crop(Sample s, int crop, Augmentation aug, SplittableRandom rng) {
		int side = Math.min(crop + 2 * MARGIN, Math.max(crop, Math.max(s.width(), s.height())));
		Sample a = aug.apply(s, side, side, rng);
		float[] t = PanopticTargets.of(a.target(), side, side, SIGMA, OFFSET_SCALE);
		// the square was cut at random from a larger image: its centre; else (the whole image) anywhere
		boolean whole = side < crop + 2 * MARGIN;
		int ox = whole ? rng.nextInt(side - crop + 1) : MARGIN, oy = whole ? rng.nextInt(side - crop + 1) : MARGIN;
		int c = a.channels(), sp = side * side, cp = crop * crop;
		float[] img = new float[c * cp], tgt = new float[PanopticTargets.PLANES * cp];
		for (int y = 0; y < crop; y++) {
			for (int k = 0; k < c; k++)
				System.arraycopy(a.image(), k * sp + (y + oy) * side + ox, img, k * cp + y * crop, crop);
			for (int k = 0; k < PanopticTargets.PLANES; k++)
				System.arraycopy(t, k * sp + (y + oy) * side + ox, tgt, k * cp + y * crop, crop);
		}
		return new Crop(img, tgt);
	}

	/** The loss of this run. */
	static PanopticLoss loss() {
		return new PanopticLoss(HEAT_WEIGHT, OFFSET_WEIGHT);
	}

	/** Trains as {@link Trainer#train} does, on panoptic targets. */
	static Trainer.Result train(List<Sample> samples, Trainer.Config c, Trainer.Listener listener) {
		int channels = samples.get(0).channels();
		for (Sample s : samples)
			if (s.channels() != channels)
				throw new InputException(s.name() + " has " + s.channels() + " channel(s), " + samples.get(0).name() + " " + channels
						+ "; all training images need the same channels.");
		if (c.net().classes != OUTPUTS)
			throw new UsageException("A panoptic network has " + OUTPUTS + " outputs (2 classes, heatmap, 2 offsets), not " + c.net().classes + ".");
		if (c.net().inChannels != channels)
			throw new UsageException("The network takes " + c.net().inChannels + " channel(s), the images give " + channels + ".");
		TrainingData.Split split = TrainingData.split(samples, c.validationFraction(), c.seed());
		PanopticLoss loss = loss();
		Path out = c.out(), ckpt = out.resolve("checkpoints");
		List<EpochStats> history = new ArrayList<>();
		int startEpoch = 1;
		double bestScore = Double.NEGATIVE_INFINITY;
		int bestEpoch = 0;
		try {
			Files.createDirectories(ckpt);
		}
		catch (IOException e) {
			throw new InputException("Cannot create " + ckpt + ": " + e.getMessage(), e);
		}
		Engine.getEngine("PyTorch").setRandomSeed((int) c.seed());
		SegmentationNetwork net = Networks.create(c.arch(), c.net());
		int multiple = net.inputMultiple();
		int crop = (int) Math.max(multiple, c.crop() / multiple * multiple);
		int batchesPerEpoch = c.stepsPerEpoch() > 0 ? c.stepsPerEpoch() : Math.max(1, (split.train().size() + c.batch() - 1) / c.batch());
		try (Model model = Model.newInstance(c.name(), c.device(), "PyTorch")) {
			model.setBlock(net);
			if (c.resume() && Files.isRegularFile(ckpt.resolve("history.csv"))) {
				history.addAll(Trainer.readHistory(ckpt.resolve("history.csv"), c.epochs()));
				if (!history.isEmpty()) {
					startEpoch = history.get(history.size() - 1).epoch() + 1;
					for (EpochStats s : history)
						if (s.best()) {
							bestScore = c.select() == Trainer.Selection.LOSS ? -s.valLoss() : s.valIoU();
							bestEpoch = s.epoch();
						}
				}
			}
			int totalUpdates = Math.max(1, c.epochs() * batchesPerEpoch);
			Tracker lr = Tracker.cosine().setBaseValue((float) c.learningRate()).optFinalValue((float) c.learningRate() / 100)
					.setMaxUpdates(totalUpdates).build();
			DefaultTrainingConfig cfg = new DefaultTrainingConfig(new ai.djl.training.loss.L2Loss())
					.optOptimizer(Optimizer.adam().optLearningRateTracker(lr).optClipGrad(Trainer.CLIP_GRADIENT)
							.optBeginNumUpdate((startEpoch - 1) * batchesPerEpoch).build())
					.optDevices(new ai.djl.Device[] { c.device() });
			boolean fineTune = startEpoch == 1 && c.init() != null && !c.init().isBlank();
			Shape inShape = new Shape(c.batch(), channels, crop, crop);
			if (startEpoch > 1 || fineTune)
				net.initialize(model.getNDManager(), DataType.FLOAT32, inShape);
			String initNote = null;
			if (fineTune) {
				int[] copied = initMatching(net, model.getNDManager(), c.init(), c.arch(), channels);
				initNote = copied[0] + " of " + copied[1] + " parameters from " + c.init();
				System.err.println("Started from " + initNote + " (the others random).");
			}
			if (startEpoch > 1) {
				try {
					model.load(ckpt, "last", Map.of("epoch", startEpoch - 1));
				}
				catch (Exception e) {
					throw new InputException("Cannot resume from " + ckpt + ": " + e.getMessage() + "; delete the folder to start again.", e);
				}
			}
			try (ai.djl.training.Trainer trainer = model.newTrainer(cfg)) {
				trainer.initialize(inShape);
				int sinceBest = 0;
				boolean early = false;
				for (int epoch = startEpoch; epoch <= c.epochs(); epoch++) {
					long t0 = System.nanoTime();
					SplittableRandom rng = new SplittableRandom(c.seed() * 0x9E3779B97F4A7C15L + epoch);
					int[] order = TrainingData.permutation(split.train().size(), rng);
					double lossSum = 0;
					int lossN = 0;
					for (int b = 0; b < batchesPerEpoch; b++) {
						if (listener != null && listener.cancelled())
							break;
						try (NDManager bm = trainer.getManager().newSubManager()) {
							int bs = c.stepsPerEpoch() > 0 ? c.batch() : Math.min(c.batch(), Math.max(1, order.length - b * c.batch()));
							int cp = crop * crop;
							float[] x = new float[bs * channels * cp], y = new float[bs * PanopticTargets.PLANES * cp];
							for (int k = 0; k < bs; k++) {
								Crop a = crop(split.train().get(order[(b * c.batch() + k) % order.length]), crop, c.augmentation(), rng);
								System.arraycopy(a.image(), 0, x, k * channels * cp, a.image().length);
								System.arraycopy(a.target(), 0, y, k * PanopticTargets.PLANES * cp, a.target().length);
							}
							NDArray xa = bm.create(x, new Shape(bs, channels, crop, crop));
							NDArray ya = bm.create(y, new Shape(bs, PanopticTargets.PLANES, crop, crop));
							try (GradientCollector gc = trainer.newGradientCollector()) {
								NDArray l = loss.compute(trainer.forward(new NDList(xa)).head(), ya);
								gc.backward(l);
								lossSum += l.getFloat();
								lossN++;
							}
							trainer.step();
						}
						if (listener != null)
							listener.batchEnded(epoch, b + 1, batchesPerEpoch, lossSum / Math.max(1, lossN));
					}
					double[] val = validate(trainer, split.validation(), loss, multiple);
					double score = c.select() == Trainer.Selection.LOSS ? -val[0] : val[1];
					boolean best = split.validation().isEmpty() || score > bestScore;
					if (best) {
						bestScore = split.validation().isEmpty() ? Double.NaN : score;
						bestEpoch = epoch;
						sinceBest = 0;
					}
					else
						sinceBest++;
					EpochStats st = new EpochStats(epoch, c.epochs(), lossSum / Math.max(1, lossN), val[0], val[1], val[2],
							(System.nanoTime() - t0) / 1e9, best);
					history.add(st);
					if (best)
						savePackage(model, c, channels, crop, multiple, split, history, st, initNote, out);
					model.setProperty("Epoch", Integer.toString(epoch));
					model.save(ckpt, "last");
					Files.deleteIfExists(ckpt.resolve(String.format(Locale.ROOT, "last-%04d.params", epoch - 1)));
					Trainer.writeHistory(ckpt.resolve("history.csv"), history);
					Trainer.writeHistory(out.resolve("history.csv"), history);
					Trainer.writeAtomically(out.resolve("training.png"),
							TrainingCurve.png(history, c.name() + " (" + c.arch() + ", panoptic; val_iou = AP@0.5, val_dice = PQ)"));
					if (listener != null)
						listener.epochEnded(st, List.copyOf(history));
					if (listener != null && listener.cancelled())
						break;
					if (c.patience() > 0 && sinceBest >= c.patience() && epoch < c.epochs()) {
						early = true;
						break;
					}
				}
				if (bestEpoch == 0)
					throw new InputException("Training stopped before the first epoch ended; no model was written.");
				return new Trainer.Result(ModelStore.read(out), List.copyOf(history), bestEpoch, early);
			}
		}
		catch (IOException e) {
			throw new InputException("Cannot write to " + out + ": " + e.getMessage(), e);
		}
	}

	/**
	 * Copies into {@code net} (initialised) every parameter of the DJL package {@code init} whose
	 * name and shape match; returns {copied, parameters of net}.
	 */
	static int[] initMatching(SegmentationNetwork net, NDManager manager, String init, String arch, int channels) {
		ModelPackage pkg = ModelStore.read(init);
		if (pkg.weightsFormat != ModelPackage.WeightsFormat.DJL)
			throw new InputException("Cannot start from " + pkg.name + ": only SegmentIJ-trained (DJL) packages can be fine-tuned.");
		if (!pkg.architecture.equals(arch))
			throw new UsageException("Cannot start from " + pkg.name + ": it is " + pkg.architecture + ", this run trains " + arch + ".");
		if (pkg.inputChannels != channels)
			throw new UsageException("Cannot start from " + pkg.name + ": it takes " + pkg.inputChannels + " channel(s), the images have " + channels + ".");
		int copied = Trainer.loadMatching(net, pkg, manager.getDevice(), channels); // the one partial init, as --target stardist
		if (copied == 0)
			throw new UsageException("Cannot start from " + pkg.name + ": no parameter matches this network by name and shape"
					+ " (give the same --arch and --net options as the package's " + new java.util.TreeMap<>(pkg.config) + ").");
		return new int[] { copied, net.getParameters().size() };
	}

	/** Mean validation loss, AP@0.5 and PQ (summed over the validation images) of the grouped predictions. */
	static double[] validate(ai.djl.training.Trainer trainer, List<Sample> val, PanopticLoss loss, int multiple) {
		if (val.isEmpty())
			return new double[] { Double.NaN, Double.NaN, Double.NaN };
		double lossSum = 0, sumIou = 0;
		long tp = 0, fp = 0, fn = 0;
		for (Sample s : val) {
			int w = s.width(), h = s.height(), c = s.channels();
			Sample padded = s.paddedTo(multiple);
			int pw = padded.width(), ph = padded.height();
			float[] x = padded.image();
			float[] t = PanopticTargets.of(padded.target(), pw, ph, SIGMA, OFFSET_SCALE);
			float[] out;
			try (NDManager m = trainer.getManager().newSubManager()) {
				NDArray pred = trainer.evaluate(new NDList(m.create(x, new Shape(1, c, ph, pw)))).head();
				lossSum += loss.compute(pred, m.create(t, new Shape(1, PanopticTargets.PLANES, ph, pw))).getFloat();
				out = pred.toFloatArray();
			}
			float[] crop = new float[OUTPUTS * w * h];
			for (int k = 0; k < OUTPUTS; k++)
				for (int yy = 0; yy < h; yy++)
					System.arraycopy(out, (k * ph + yy) * pw, crop, (k * h + yy) * w, w);
			int[] lab = PanopticInstances.group(crop, SEMANTIC, w, h, VALIDATION_GROUPING).instances();
			int[] truth = s.target().clone();
			for (int i = 0; i < truth.length; i++)
				if (truth[i] < 0) {
					truth[i] = 0;
					lab[i] = 0;
				}
			InstanceMatching.Result r = InstanceMatching.match(net.imglib2.img.array.ArrayImgs.ints(lab, w, h),
					net.imglib2.img.array.ArrayImgs.ints(truth, w, h), 0.5);
			tp += r.tp();
			fp += r.fp();
			fn += r.fn();
			sumIou += r.sumMatchedIou();
		}
		double ap = tp + fp + fn == 0 ? 1 : (double) tp / (tp + fp + fn);
		double pq = tp + fp + fn == 0 ? 1 : sumIou / (tp + 0.5 * fp + 0.5 * fn);
		return new double[] { lossSum / val.size(), ap, pq };
	}

	private static void savePackage(Model model, Trainer.Config c, int channels, int crop, int multiple, TrainingData.Split split,
			List<EpochStats> history, EpochStats best, String initNote, Path out) {
		JsonObject training = new JsonObject();
		training.addProperty("images", split.train().size());
		training.addProperty("validation_images", split.validation().size());
		training.addProperty("first_image", split.train().isEmpty() ? "" : split.train().get(0).name());
		training.addProperty("target", c.target().id());
		training.addProperty("loss", loss().spec());
		training.addProperty("epochs_run", history.size());
		training.addProperty("best_epoch", best.epoch());
		training.addProperty("batch", c.batch());
		training.addProperty("crop", crop);
		training.addProperty("learning_rate", c.learningRate());
		training.addProperty("seed", c.seed());
		training.addProperty("augmentation", c.augmentation().toString());
		training.addProperty("selection", c.select() == Trainer.Selection.LOSS ? "loss" : "ap50");
		if (c.init() != null && !c.init().isBlank())
			training.addProperty("init", c.init() + (initNote == null ? "" : " (" + initNote + ")"));
		JsonObject panoptic = new JsonObject();
		panoptic.addProperty("semantic_classes", SEMANTIC);
		panoptic.addProperty("centre_sigma", SIGMA);
		panoptic.addProperty("offset_scale", OFFSET_SCALE);
		panoptic.addProperty("outputs", "semantic logits (background, object), centre heatmap, offset x, offset y (pixels / offset_scale)");
		training.add("panoptic", panoptic);
		JsonObject validation = new JsonObject();
		validation.addProperty("ap50", best.valIoU());
		validation.addProperty("pq", best.valDice());
		validation.addProperty("loss", best.valLoss());
		ModelPackage meta = ModelPackage.builder().task(ModelPackage.TASK_PANOPTIC).name(c.name())
				.description("Trained by SegmentIJ " + c.arch() + " on " + split.train().size() + " image(s), target panoptic")
				.architecture(c.arch()).config(c.net().toOptions())
				.classes(List.of("background", "object", "centre", "offset_x", "offset_y")).inputChannels(channels).sizeMultiple(multiple)
				.tile(Math.max(crop, 256 / multiple * multiple)).halo(Math.max(16, multiple)).normalization(c.normalization())
				.activation(Activation.NONE).training(training).validation(validation).build();
		ModelStore.save(model, meta, out);
	}
}
