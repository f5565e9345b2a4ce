package org.segmentij.deep.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import org.segmentij.InputException;
import org.segmentij.UsageException;
import org.segmentij.deep.infer.Activation;
import org.segmentij.deep.infer.Normalization;
import org.segmentij.deep.losses.Losses;
import org.segmentij.deep.losses.SegLoss;
import org.segmentij.deep.losses.StarDistLoss;
import org.segmentij.deep.nets.NetConfig;
import org.segmentij.deep.nets.Networks;
import org.segmentij.deep.nets.SegmentationNetwork;
import org.segmentij.deep.prompt.PromptEncoding;
import org.segmentij.deep.store.ModelPackage;
import org.segmentij.deep.store.ModelStore;
import org.segmentij.metrics.ConfusionMatrix;

import com.google.gson.JsonObject;

import ai.djl.Device;
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
 * Trains a segmentation network on {@link Sample}s and writes a model package: Adam on random
 * augmented crops, a validation pass over whole validation images after every epoch (mean
 * foreground IoU and Dice from the project's confusion matrix), the best model by validation IoU
 * kept as the package (Adam, cosine learning-rate decay, clipped gradients), a checkpoint after every epoch (resume continues from it), early stopping,
 * a history CSV and a training-curve PNG. Deterministic under a seed on the CPU: the crops and
 * augmentations of epoch e come from a generator seeded with (seed, e), so a resumed run draws
 * the same batches as an uninterrupted one (the optimiser's moment estimates restart on resume).
 */
public final class Trainer {

	/** Everything a run needs besides the data. */
	public record Config(String name, String arch, NetConfig net, TargetMode target, List<String> classNames, String loss, int epochs,
			int batch, int crop, double learningRate, double validationFraction, int patience, long seed, Augmentation augmentation,
			Normalization normalization, Path out, boolean resume, Device device, int stepsPerEpoch, String init,
			Selection select) {

		/** Without starting weights (random start), the best epoch by validation IoU. */
		public Config(String name, String arch, NetConfig net, TargetMode target, List<String> classNames, String loss, int epochs,
				int batch, int crop, double learningRate, double validationFraction, int patience, long seed, Augmentation augmentation,
				Normalization normalization, Path out, boolean resume, Device device, int stepsPerEpoch) {
			this(name, arch, net, target, classNames, loss, epochs, batch, crop, learningRate, validationFraction, patience, seed,
					augmentation, normalization, out, resume, device, stepsPerEpoch, null, Selection.IOU);
		}

		public Config {
			if (select == null)
				select = Selection.IOU;
			if (epochs < 1)
				throw new UsageException("epochs must be >= 1 (got " + epochs + ").");
			if (batch < 1)
				throw new UsageException("batch must be >= 1 (got " + batch + ").");
			if (crop < 8)
				throw new UsageException("crop must be >= 8 pixels (got " + crop + "); e.g. crop=128.");
			if (!(learningRate > 0 && learningRate < 1))
				throw new UsageException("learning_rate must be in (0, 1) (got " + learningRate + "); e.g. 0.001.");
			if (stepsPerEpoch < 0)
				throw new UsageException("steps per epoch must be >= 0 (0: one pass over the images), got " + stepsPerEpoch + ".");
			if (patience < 0)
				throw new UsageException("patience must be >= 0 (0: no early stopping), got " + patience + ".");
			if (out == null)
				throw new UsageException("Give the output folder of the model package (--out models/NAME).");
			if (!Networks.ARCHITECTURES.contains(arch) || arch.endsWith("3d"))
				throw new UsageException("Unknown 2D architecture '" + arch + "'; use one of "
						+ String.join(", ", Networks.ARCHITECTURES.stream().filter(a -> !a.endsWith("3d")).toList()) + ".");
		}
	}

	/**
	 * Which epoch is the best (written as the package, and what early stopping waits for): the
	 * highest validation IoU (mean over the foreground classes of the argmax) or the lowest
	 * validation loss (smoother; it follows the probabilities, not only their argmax, which is
	 * what thresholded post-processing such as seeds uses).
	 */
	public enum Selection {
		IOU, LOSS;

		public static Selection parse(String s) {
			for (Selection v : values())
				if (v.name().equalsIgnoreCase(s == null ? "" : s.trim()))
					return v;
			throw new UsageException("Unknown selection '" + s + "'; use iou (highest validation IoU) or loss (lowest validation loss).");
		}
	}

	/** Receives the epochs as they end (progress bars, live plots); may ask to stop. */
	public interface Listener {
		void epochEnded(EpochStats stats, List<EpochStats> history);

		/** Called between batches: (epoch, batch done, batches per epoch, running loss). */
		default void batchEnded(int epoch, int batch, int batches, double loss) {
		}

		/** True to stop after the current batch (Esc in Fiji); the best model so far stays. */
		default boolean cancelled() {
			return false;
		}
	}

	/** A finished run. */
	public record Result(ModelPackage model, List<EpochStats> history, int bestEpoch, boolean stoppedEarly) {
	}

	/** Simulated prompts per validation image of a promptable network (fixed for the whole run). */
	static final int VALIDATION_PROMPTS = 8;

	/** Gradient values are clipped to +/- this. */
	static final float CLIP_GRADIENT = 1f;

	private Trainer() {
	}

	public static Result train(List<Sample> samples, Config c, Listener listener) {
		if (samples.isEmpty())
			throw new InputException("No training images.");
		if (c.target() == TargetMode.PANOPTIC)
			return PanopticTraining.train(samples, c, listener);
		int channels = samples.get(0).channels();
		for (Sample s : samples)
			if (s.channels() != channels)
				throw new InputException(s.name() + " has " + s.channels() + " channel(s), " + samples.get(0).name() + " " + channels
						+ "; all training images need the same channels.");
		int classes = c.net().classes;
		boolean prompt = c.target() == TargetMode.PROMPT; // targets are instance labels; crops simulate prompts
		boolean stardist = c.target() == TargetMode.STARDIST; // targets are instance labels; see StarDistTraining
		if (!prompt && !stardist)
			for (Sample s : samples)
				if (s.maxClass() >= classes)
					throw new InputException(s.name() + " has class " + s.maxClass() + " but the network has " + classes
							+ " classes (0.." + (classes - 1) + "); set classes=" + (s.maxClass() + 1) + " or check the masks.");
		int netChannels = c.target().inputChannels(channels);
		if (c.net().inChannels != netChannels)
			throw new UsageException("The network takes " + c.net().inChannels + " channel(s), the images " + (prompt ? "and prompts " : "")
					+ "give " + netChannels + ".");
		TrainingData.Split split = TrainingData.split(samples, c.validationFraction(), c.seed());
		SegLoss loss = stardist ? StarDistLoss.parse(c.loss(), StarDistTraining.DISTANCE_SCALE) : Losses.parse(c.loss(), Sample.IGNORE);
		Path out = c.out(), ckpt = out.resolve("checkpoints");
		List<EpochStats> history = new ArrayList<>();
		int startEpoch = 1;
		double bestScore = Double.NEGATIVE_INFINITY; // higher is better: IoU or minus the loss
		int bestEpoch = 0;
		try {
			Files.createDirectories(ckpt);
		}
		catch (IOException e) {
			throw new InputException("Cannot create " + ckpt + ": " + e.getMessage(), e);
		}
		Engine engine = Engine.getEngine("PyTorch");
		engine.setRandomSeed((int) c.seed());
		SegmentationNetwork net = Networks.create(c.arch(), c.net());
		int multiple = net.inputMultiple();
		int crop = (int) Math.max(multiple, c.crop() / multiple * multiple);
		List<Sample> validation = prompt
				? PromptTraining.validation(split.validation(), crop, PromptEncoding.DEFAULT_SIGMA, VALIDATION_PROMPTS, c.seed())
				: split.validation();
		int batchesPerEpoch = c.stepsPerEpoch() > 0 ? c.stepsPerEpoch() : Math.max(1, (split.train().size() + c.batch() - 1) / c.batch());
		try (Model model = Model.newInstance(c.name(), c.device(), "PyTorch")) {
			model.setBlock(net);
			if (c.resume() && Files.isRegularFile(ckpt.resolve("history.csv"))) {
				history.addAll(readHistory(ckpt.resolve("history.csv"), c.epochs()));
				if (!history.isEmpty()) {
					startEpoch = history.get(history.size() - 1).epoch() + 1;
					for (EpochStats s : history)
						if (s.best()) {
							bestScore = c.select() == Selection.LOSS ? -s.valLoss() : s.valIoU();
							bestEpoch = s.epoch();
						}
				}
			}
			// Adam with a cosine decay of the learning rate over the whole run (to a hundredth) and
			// gradient clipping: no late blow-ups; a resumed run continues the schedule where it was
			int totalUpdates = Math.max(1, c.epochs() * batchesPerEpoch);
			Tracker lr = Tracker.cosine().setBaseValue((float) c.learningRate()).optFinalValue((float) c.learningRate() / 100)
					.setMaxUpdates(totalUpdates).build();
			DefaultTrainingConfig cfg = new DefaultTrainingConfig(loss)
					.optOptimizer(Optimizer.adam().optLearningRateTracker(lr).optClipGrad(CLIP_GRADIENT)
							.optBeginNumUpdate((startEpoch - 1) * batchesPerEpoch).build())
					.optDevices(new Device[] { c.device() });
			// weights to start from (a checkpoint to resume, a package to fine-tune) are loaded into
			// the network before the trainer initialises: the trainer's parameter store takes the
			// parameters' arrays at initialisation and updates those, so weights loaded after it
			// would neither be trained nor saved
			boolean fineTune = startEpoch == 1 && c.init() != null && !c.init().isBlank();
			if (startEpoch > 1 || fineTune)
				net.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(c.batch(), netChannels, crop, crop));
			if (fineTune)
				loadInit(model, c, netChannels);
			if (startEpoch > 1) {
				try {
					model.load(ckpt, "last", Map.of("epoch", startEpoch - 1));
				}
				catch (Exception e) {
					throw new InputException("Cannot resume from " + ckpt + ": " + e.getMessage()
							+ "; delete the folder to start again.", e);
				}
			}
			try (ai.djl.training.Trainer trainer = model.newTrainer(cfg)) {
				trainer.initialize(new Shape(c.batch(), netChannels, crop, crop));
				int sinceBest = 0;
				boolean early = false;
				for (int epoch = startEpoch; epoch <= c.epochs(); epoch++) {
					long t0 = System.nanoTime();
					SplittableRandom rng = new SplittableRandom(c.seed() * 0x9E3779B97F4A7C15L + epoch);
					int[] order = TrainingData.permutation(split.train().size(), rng);
					int batches = batchesPerEpoch;
					double lossSum = 0;
					int lossN = 0;
					for (int b = 0; b < batches; b++) {
						if (listener != null && listener.cancelled())
							break;
						try (NDManager bm = trainer.getManager().newSubManager()) {
							int bs = c.stepsPerEpoch() > 0 ? c.batch() : Math.min(c.batch(), Math.max(1, order.length - b * c.batch()));
							float[] x = new float[bs * netChannels * crop * crop];
							int[] y = new int[bs * crop * crop];
							Sample[] crops = new Sample[bs];
							for (int k = 0; k < bs; k++) {
								Sample s = split.train().get(order[(b * c.batch() + k) % order.length]);
								Sample a = prompt ? PromptTraining.sample(s, crop, PromptEncoding.DEFAULT_SIGMA, c.augmentation(), rng)
										: c.augmentation().apply(s, crop, crop, rng);
								System.arraycopy(a.image(), 0, x, k * netChannels * crop * crop, a.image().length);
								System.arraycopy(a.target(), 0, y, k * crop * crop, a.target().length);
								crops[k] = a;
							}
							NDArray xa = bm.create(x, new Shape(bs, netChannels, crop, crop));
							NDArray ya = stardist ? StarDistTraining.batchTarget(bm, crops, StarDistTraining.rays(classes))
									: bm.create(y, new Shape(bs, crop, crop));
							try (GradientCollector gc = trainer.newGradientCollector()) {
								NDList pred = trainer.forward(new NDList(xa));
								NDArray l = loss.compute(pred.head(), ya);
								gc.backward(l);
								lossSum += l.getFloat();
								lossN++;
							}
							trainer.step();
						}
						if (listener != null)
							listener.batchEnded(epoch, b + 1, batches, lossSum / Math.max(1, lossN));
					}
					double[] val = stardist ? StarDistTraining.validate(trainer, validation, (StarDistLoss) loss, StarDistTraining.rays(classes), multiple)
							: validate(trainer, validation, loss, classes, multiple);
					double score = c.select() == Selection.LOSS ? -val[0] : val[1];
					boolean best = validation.isEmpty() ? true : score > bestScore;
					if (best) {
						bestScore = validation.isEmpty() ? Double.NaN : score;
						bestEpoch = epoch;
						sinceBest = 0;
					}
					else
						sinceBest++;
					EpochStats st = new EpochStats(epoch, c.epochs(), lossSum / Math.max(1, lossN), val[0], val[1], val[2],
							(System.nanoTime() - t0) / 1e9, best);
					history.add(st);
					if (best)
						savePackage(model, c, netChannels, crop, multiple, split, validation.size(), history, st, out);
					model.setProperty("Epoch", Integer.toString(epoch));
					model.save(ckpt, "last");
					Files.deleteIfExists(ckpt.resolve(String.format(Locale.ROOT, "last-%04d.params", epoch - 1)));
					writeHistory(ckpt.resolve("history.csv"), history);
					writeHistory(out.resolve("history.csv"), history);
					writeAtomically(out.resolve("training.png"), TrainingCurve.png(history, c.name() + " (" + c.arch() + ", " + c.loss() + ")"));
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
				return new Result(ModelStore.read(out), List.copyOf(history), bestEpoch, early);
			}
		}
		catch (IOException e) {
			throw new InputException("Cannot write to " + out + ": " + e.getMessage(), e);
		}
	}

	/**
	 * Starts from the weights of the model package {@code c.init()} (fine-tuning), which must have
	 * the same architecture, network options and channels. With another number of classes (or
	 * outputs) only the parameters whose name and shape match are taken (all but the head's),
	 * the others keep their random start: see {@link #copyMatching}.
	 */
	private static void loadInit(Model model, Config c, int channels) {
		ModelPackage pkg = ModelStore.read(c.init());
		if (pkg.weightsFormat != ModelPackage.WeightsFormat.DJL)
			throw new InputException("Cannot start from " + pkg.name + ": only SegmentIJ-trained (DJL) packages can be fine-tuned.");
		Map<String, String> want = c.net().toOptions();
		Map<String, String> have = NetConfig.fromOptions(pkg.config).toOptions();
		Map<String, String> wantNoClasses = new java.util.TreeMap<>(want), haveNoClasses = new java.util.TreeMap<>(have);
		wantNoClasses.remove("classes");
		haveNoClasses.remove("classes");
		if (pkg.architecture.equals(c.arch()) && !have.equals(want) && haveNoClasses.equals(wantNoClasses)
				&& pkg.inputChannels == channels) {
			int copied = loadMatching(model.getBlock(), pkg, c.device(), channels);
			System.err.println("Started from " + pkg.name + ": " + copied + " of " + model.getBlock().getParameters().size()
					+ " parameter arrays (name and shape match; the rest, the head, start at random).");
			return;
		}
		if (!pkg.architecture.equals(c.arch()) || !have.equals(want))
			throw new UsageException("Cannot start from " + pkg.name + ": it is " + pkg.architecture + " " + new java.util.TreeMap<>(pkg.config)
					+ ", this run trains " + c.arch() + " " + new java.util.TreeMap<>(want) + "; give the same --arch and --net options.");
		if (pkg.inputChannels != channels)
			throw new UsageException("Cannot start from " + pkg.name + ": it takes " + pkg.inputChannels + " channel(s), the images have " + channels + ".");
		java.util.regex.Matcher m = java.util.regex.Pattern.compile("(.+)-(\\d{4})\\.params").matcher(pkg.weightsFile);
		if (!m.matches())
			throw new InputException("Cannot start from " + pkg.name + ": weights file " + pkg.weightsFile + " is not NAME-0000.params.");
		try {
			model.load(pkg.dir, m.group(1), Map.of("epoch", Integer.parseInt(m.group(2))));
		}
		catch (IOException | ai.djl.MalformedModelException | RuntimeException e) {
			throw new InputException("Cannot start from " + pkg.name + " (" + pkg.weightsPath() + "): " + e.getMessage(), e);
		}
	}

	/**
	 * Loads a package's weights into its own network, then copies into {@code dst} every parameter
	 * whose name and shape match; the number copied.
	 */
	static int loadMatching(ai.djl.nn.Block dst, ModelPackage pkg, Device device, int channels) {
		java.util.regex.Matcher m = java.util.regex.Pattern.compile("(.+)-(\\d{4})\\.params").matcher(pkg.weightsFile);
		if (!m.matches())
			throw new InputException("Cannot start from " + pkg.name + ": weights file " + pkg.weightsFile + " is not NAME-0000.params.");
		SegmentationNetwork src = Networks.create(pkg.architecture, NetConfig.fromOptions(pkg.config));
		try (Model tmp = Model.newInstance(pkg.name, device, "PyTorch")) {
			tmp.setBlock(src);
			int k = src.inputMultiple();
			src.initialize(tmp.getNDManager(), DataType.FLOAT32, new Shape(1, channels, k, k));
			tmp.load(pkg.dir, m.group(1), Map.of("epoch", Integer.parseInt(m.group(2))));
			return copyMatching(src, dst);
		}
		catch (IOException | ai.djl.MalformedModelException | RuntimeException e) {
			throw new InputException("Cannot start from " + pkg.name + " (" + pkg.weightsPath() + "): " + e.getMessage(), e);
		}
	}

	/**
	 * Copies the values of every initialised parameter of {@code src} into the parameter of
	 * {@code dst} with the same name and shape (both initialised); the number copied.
	 */
	static int copyMatching(ai.djl.nn.Block src, ai.djl.nn.Block dst) {
		Map<String, ai.djl.nn.Parameter> from = new java.util.HashMap<>();
		for (ai.djl.util.Pair<String, ai.djl.nn.Parameter> p : src.getParameters())
			from.put(p.getKey(), p.getValue());
		int n = 0;
		for (ai.djl.util.Pair<String, ai.djl.nn.Parameter> p : dst.getParameters()) {
			ai.djl.nn.Parameter s = from.get(p.getKey()), d = p.getValue();
			if (s == null || !s.isInitialized() || !d.isInitialized() || !s.getArray().getShape().equals(d.getArray().getShape()))
				continue;
			d.getArray().set(java.nio.FloatBuffer.wrap(s.getArray().toFloatArray()));
			n++;
		}
		return n;
	}

	/** Mean validation loss, mean foreground IoU and Dice over whole validation images. */
	static double[] validate(ai.djl.training.Trainer trainer, List<Sample> val, SegLoss loss, int classes, int multiple) {
		if (val.isEmpty())
			return new double[] { Double.NaN, Double.NaN, Double.NaN };
		long[][] counts = new long[Math.max(2, classes)][Math.max(2, classes)];
		double lossSum = 0;
		for (Sample s : val) {
			int w = s.width(), h = s.height(), c = s.channels();
			Sample padded = s.paddedTo(multiple);
			int pw = padded.width(), ph = padded.height();
			float[] x = padded.image();
			int[] y = padded.target();
			try (NDManager m = trainer.getManager().newSubManager()) {
				NDArray xa = m.create(x, new Shape(1, c, ph, pw));
				NDArray logits = trainer.evaluate(new NDList(xa)).head();
				lossSum += loss.compute(logits, m.create(y, new Shape(1, ph, pw))).getFloat();
				int[] pred = classes == 1 ? logits.gt(0).toType(DataType.INT32, false).toIntArray()
						: logits.argMax(1).toType(DataType.INT32, false).toIntArray();
				for (int yy = 0; yy < h; yy++)
					for (int xx = 0; xx < w; xx++) {
						int t = s.target()[yy * w + xx];
						if (t >= 0)
							counts[t][pred[yy * pw + xx]]++;
					}
			}
		}
		ConfusionMatrix cm = ConfusionMatrix.fromCounts(counts);
		double iou = 0, dice = 0;
		int n = 0;
		for (int k = 1; k < counts.length; k++)
			if (cm.isPresent(k)) {
				iou += cm.iou(k);
				dice += cm.dice(k);
				n++;
			}
		return new double[] { lossSum / val.size(), n == 0 ? Double.NaN : iou / n, n == 0 ? Double.NaN : dice / n };
	}

	private static void savePackage(Model model, Config c, int channels, int crop, int multiple, TrainingData.Split split,
			int validationCrops, List<EpochStats> history, EpochStats best, Path out) {
		JsonObject training = new JsonObject();
		training.addProperty("images", split.train().size());
		training.addProperty("validation_images", split.validation().size());
		training.addProperty("first_image", split.train().isEmpty() ? "" : split.train().get(0).name());
		training.addProperty("target", c.target().id());
		training.addProperty("loss", c.loss());
		training.addProperty("epochs_run", history.size());
		training.addProperty("best_epoch", best.epoch());
		training.addProperty("batch", c.batch());
		training.addProperty("crop", crop);
		training.addProperty("learning_rate", c.learningRate());
		training.addProperty("seed", c.seed());
		training.addProperty("augmentation", c.augmentation().toString());
		training.addProperty("selection", c.select().name().toLowerCase(Locale.ROOT));
		if (c.init() != null && !c.init().isBlank())
			training.addProperty("init", c.init());
		JsonObject validation = new JsonObject();
		validation.addProperty("iou", best.valIoU());
		validation.addProperty("dice", best.valDice());
		validation.addProperty("loss", best.valLoss());
		List<String> names = c.classNames() != null && c.classNames().size() == Math.max(2, c.net().classes) ? c.classNames()
				: defaultNames(c.target(), Math.max(2, c.net().classes));
		boolean prompt = c.target() == TargetMode.PROMPT;
		JsonObject promptSettings = new JsonObject();
		if (prompt) {
			training.addProperty("validation_prompts", validationCrops);
			promptSettings.addProperty("window", crop);
			promptSettings.addProperty("point_sigma", PromptEncoding.DEFAULT_SIGMA);
			com.google.gson.JsonArray channelNames = new com.google.gson.JsonArray();
			PromptEncoding.CHANNEL_NAMES.forEach(channelNames::add);
			promptSettings.add("channels", channelNames);
		}
		boolean stardist = c.target() == TargetMode.STARDIST;
		if (stardist) {
			validation.addProperty("ap50", best.valIoU());
			validation.addProperty("mean_matched_iou", best.valDice());
			training.addProperty("validation_metric", "val_iou = AP@0.5, val_dice = mean matched IoU after NMS at prob "
					+ StarDistTraining.VAL_PROB_THRESHOLD + ", IoU " + StarDistTraining.VAL_NMS_THRESHOLD);
		}
		ModelPackage meta = ModelPackage.builder()
				.task(prompt ? ModelPackage.TASK_PROMPT : stardist ? ModelPackage.TASK_STARDIST : ModelPackage.TASK_SEGMENTATION)
				.prompt(promptSettings)
				.stardist(stardist ? StarDistTraining.settings(StarDistTraining.rays(c.net().classes), StarDistTraining.DISTANCE_SCALE,
						StarDistTraining.DEFAULT_PROB_THRESHOLD, StarDistTraining.DEFAULT_NMS_THRESHOLD) : null).name(c.name()).description("Trained by SegmentIJ " + c.arch() + " on "
				+ split.train().size() + " image(s), target " + c.target().id()).architecture(c.arch()).config(c.net().toOptions())
				.classes(c.net().classes == 1 ? List.of(names.get(1)) : names).inputChannels(channels).sizeMultiple(multiple)
				.tile(Math.max(crop, 256 / multiple * multiple)).halo(Math.max(16, multiple)).normalization(c.normalization())
				.activation(stardist ? Activation.NONE : c.net().classes == 1 ? Activation.SIGMOID : Activation.SOFTMAX).training(training).validation(validation)
				.build();
		ModelStore.save(model, meta, out);
	}

	static List<String> defaultNames(TargetMode t, int classes) {
		if (t == TargetMode.BOUNDARY)
			return List.of("background", "interior", "boundary");
		if (t == TargetMode.PROMPT)
			return List.of("background", "object");
		if (t == TargetMode.STARDIST) {
			List<String> n = new ArrayList<>(List.of("object"));
			for (int i = 1; i < classes; i++)
				n.add("ray" + (i - 1));
			return n;
		}
		if (classes == 2)
			return List.of("background", "foreground");
		List<String> n = new ArrayList<>();
		for (int i = 0; i < classes; i++)
			n.add(i == 0 ? "background" : "class" + i);
		return n;
	}

	static List<EpochStats> readHistory(Path f, int epochs) throws IOException {
		List<EpochStats> h = new ArrayList<>();
		for (String line : Files.readAllLines(f, StandardCharsets.UTF_8))
			if (!line.isBlank() && !line.startsWith("epoch"))
				h.add(EpochStats.parseCsv(line, epochs));
		return h;
	}

	static void writeHistory(Path f, List<EpochStats> h) throws IOException {
		StringBuilder sb = new StringBuilder(EpochStats.CSV_HEADER).append('\n');
		for (EpochStats s : h)
			sb.append(s.csv()).append('\n');
		writeAtomically(f, sb.toString().getBytes(StandardCharsets.UTF_8));
	}

	static void writeAtomically(Path f, byte[] content) throws IOException {
		org.segmentij.cli.ImageFiles.writeAtomically(f, content);
	}

}
