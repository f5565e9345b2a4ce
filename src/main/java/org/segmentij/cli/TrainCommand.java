package org.segmentij.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.segmentij.UsageException;
import org.segmentij.deep.infer.Normalization;
import org.segmentij.deep.nets.NetConfig;
import org.segmentij.deep.train.EpochStats;
import org.segmentij.deep.train.Sample;
import org.segmentij.deep.train.TargetMode;
import org.segmentij.deep.train.Trainer;
import org.segmentij.deep.train.TrainingData;
import org.segmentij.deep.train.TrainingSetup;
import org.segmentij.image.SyntheticNuclei;

import ai.djl.Device;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code segmentij train}: trains a network on image/mask folders (or generated nuclei) into a model package. */
@Command(name = "train", description = { "Train a segmentation network on image/mask pairs and write a model package (model.json + weights).",
		"Example: train --images imgs/ --masks masks/ --arch unet --epochs 50 --val-fraction 0.2 --out models/nuclei" })
final class TrainCommand implements Callable<Integer> {

	@Option(names = "--images", paramLabel = "DIR", description = "Folder of training images.")
	Path images;

	@Option(names = "--masks", paramLabel = "DIR", description = "Folder of masks or label images, one per image, same file name (or NAME_mask).")
	Path masks;

	@Option(names = "--synthetic", paramLabel = "N", defaultValue = "0", description = "Train on N generated nuclei images instead of folders (for trying things out).")
	int synthetic;

	@Option(names = "--synthetic-size", paramLabel = "PX", defaultValue = "256", description = "Size of the generated images (default ${DEFAULT-VALUE}).")
	int syntheticSize;

	@Option(names = "--synthetic-preset", paramLabel = "NAME", defaultValue = "default", description = "Generator settings for --synthetic: default (semi-axes 8-14 px, pairs) or fluorescence-touching (13-25 px, crowded, clusters, flat-topped, textured); the --synthetic-* options below change single settings (default ${DEFAULT-VALUE}).")
	String syntheticPreset;

	@Option(names = "--synthetic-nuclei", paramLabel = "N", defaultValue = "0", description = "Nuclei to place per generated image (default: the preset's density, adjusted to --synthetic-radius).")
	int syntheticNuclei;

	@Option(names = "--synthetic-radius", split = ",", paramLabel = "MIN,MAX", description = "Range of the nuclei's major semi-axes in pixels (default: the preset's, 8,14).")
	List<Double> syntheticRadius;

	@Option(names = "--synthetic-rim-drop", split = ",", paramLabel = "A[,B]", description = "How much dimmer nuclei are at the rim (0 = flat); a range draws one value per image (default: the preset's, 0.3).")
	List<Double> syntheticRimDrop;

	@Option(names = "--synthetic-texture", split = ",", paramLabel = "A[,B]", description = "Standard deviation of a blotchy random texture of the nuclei (0 = none); a range draws one value per image (default: the preset's, 0).")
	List<Double> syntheticTexture;

	@Option(names = "--synthetic-touching", paramLabel = "F", description = "Fraction of nuclei placed touching another (default: the preset's, 0.5).")
	Double syntheticTouching;

	@Option(names = "--contact-width", paramLabel = "PX", defaultValue = "1", description = "For --target boundary: boundary pixels on each side where two objects touch (default ${DEFAULT-VALUE}; 2 gives a 4-pixel band between touching objects).")
	int contactWidth;

	@Option(names = "--arch", defaultValue = "unet", paramLabel = "A", description = "unet, segnet, deeplabv3plus, fcn or vit (default ${DEFAULT-VALUE}).")
	String arch;

	@Option(names = "--net", paramLabel = "KEY=VALUE", description = "Network options: depth, base, norm, upsampling, atrous_rates, patch_size, embed_dim, heads, layers, ... (repeatable).")
	Map<String, String> net = new LinkedHashMap<>();

	@Option(names = "--target", defaultValue = "binary", paramLabel = "T", description = "binary, classes, boundary (background/interior/boundary from label images), prompt (a promptable network: image + clicks/box in, the object out; from label images) or stardist (star-convex polygons: object probability + --rays distances; from label images) (default ${DEFAULT-VALUE}).")
	String target;

	@Option(names = "--rays", defaultValue = "32", paramLabel = "N", description = "For --target stardist: radial directions of the polygons (default ${DEFAULT-VALUE}).")
	int rays;

	@Option(names = "--classes", defaultValue = "0", paramLabel = "C", description = "Number of classes for --target classes (default: from the masks).")
	int classes;

	@Option(names = "--loss", defaultValue = "dice+ce", paramLabel = "L", description = "Loss, e.g. ce, dice, dice+ce, focal(gamma=2), tversky(alpha=0.3,beta=0.7) (default ${DEFAULT-VALUE}).")
	String loss;

	@Option(names = "--epochs", defaultValue = "50", paramLabel = "N", description = "Epochs (default ${DEFAULT-VALUE}).")
	int epochs;

	@Option(names = "--batch", defaultValue = "4", paramLabel = "B", description = "Crops per batch (default ${DEFAULT-VALUE}).")
	int batch;

	@Option(names = "--crop", defaultValue = "128", paramLabel = "PX", description = "Training crop size (default ${DEFAULT-VALUE}).")
	int crop;

	@Option(names = "--steps-per-epoch", defaultValue = "0", paramLabel = "S", description = "Batches per epoch (default: one pass over the training images).")
	int stepsPerEpoch;

	@Option(names = "--lr", defaultValue = "0.001", paramLabel = "R", description = "Adam learning rate (default ${DEFAULT-VALUE}).")
	double lr;

	@Option(names = "--val-fraction", defaultValue = "0.2", paramLabel = "F", description = "Fraction of the images kept for validation (default ${DEFAULT-VALUE}).")
	double valFraction;

	@Option(names = "--select", defaultValue = "iou", paramLabel = "S", description = "Best epoch (kept as the model, watched by --patience): iou (highest validation IoU) or loss (lowest validation loss) (default ${DEFAULT-VALUE}).")
	String select;

	@Option(names = "--patience", defaultValue = "10", paramLabel = "E", description = "Stop after E epochs without a better epoch (see --select); 0 = never (default ${DEFAULT-VALUE}).")
	int patience;

	@Option(names = "--augment", defaultValue = "standard", paramLabel = "A", description = "standard (flips, rotations, elastic, intensity, gamma, noise) or none (default ${DEFAULT-VALUE}).")
	String augment;

	@Option(names = "--normalization", defaultValue = "percentile", paramLabel = "N", description = "percentile (1-99.8), zero_mean_unit_variance or none (default ${DEFAULT-VALUE}).")
	String normalization;

	@Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Random seed (default ${DEFAULT-VALUE}).")
	long seed;

	@Option(names = "--device", defaultValue = "auto", paramLabel = "D", description = "cpu, gpu or auto (default ${DEFAULT-VALUE}).")
	String device;

	@Option(names = "--init", paramLabel = "MODEL", description = "Start from the weights of this model package (name or folder; same --arch and --net options): fine-tuning; with other classes (e.g. a boundary model for --target stardist) all weights but the head's.")
	String init;

	@Option(names = "--resume", description = "Continue the run in --out from its last checkpoint.")
	boolean resume;

	@Option(names = "--out", required = true, paramLabel = "DIR", description = "The model package folder, e.g. models/nuclei.")
	Path out;

	@Option(names = { "-q", "--quiet" }, description = "No progress bar.")
	boolean quiet;

	/** Every option checked before any data is read or anything printed, with the option's own name in the message. */
	private void checkOptions() {
		if (synthetic < 0)
			throw new UsageException("--synthetic must be 0 (train on --images/--masks) or a number of images, got " + synthetic + ".");
		if (synthetic > 0 && (syntheticSize < 32 || syntheticSize > 8192))
			throw new UsageException("--synthetic-size must be between 32 and 8192 pixels, got " + syntheticSize + "; e.g. --synthetic-size 256.");
		if (epochs < 1)
			throw new UsageException("--epochs must be at least 1, got " + epochs + ".");
		if (batch < 1)
			throw new UsageException("--batch must be at least 1, got " + batch + ".");
		if (crop < 8)
			throw new UsageException("--crop must be at least 8 pixels, got " + crop + "; e.g. --crop 128.");
		if (!(lr > 0 && lr < 1))
			throw new UsageException("--lr (the learning rate) must be above 0 and below 1, got " + lr + "; e.g. --lr 0.001.");
		if (!(valFraction >= 0 && valFraction < 1))
			throw new UsageException("--val-fraction must be at least 0 and below 1, got " + valFraction + "; e.g. --val-fraction 0.2.");
		if (patience < 0)
			throw new UsageException("--patience must be 0 (no early stopping) or more, got " + patience + ".");
		if (stepsPerEpoch < 0)
			throw new UsageException("--steps-per-epoch must be 0 (one pass over the images) or more, got " + stepsPerEpoch + ".");
		if (classes < 0)
			throw new UsageException("--classes must be 0 (from the masks) or more, got " + classes + ".");
		String a = arch.toLowerCase(Locale.ROOT);
		if (!org.segmentij.deep.nets.Networks.ARCHITECTURES.contains(a) || a.endsWith("3d"))
			throw new UsageException("Unknown --arch '" + arch + "'; use one of "
					+ String.join(", ", org.segmentij.deep.nets.Networks.ARCHITECTURES.stream().filter(n -> !n.endsWith("3d")).toList()) + ".");
		try {
			if ("stardist".equalsIgnoreCase(target.trim()))
				org.segmentij.deep.losses.StarDistLoss.parse(loss, org.segmentij.deep.train.StarDistTraining.DISTANCE_SCALE);
			else
				org.segmentij.deep.losses.Losses.parse(loss);
		}
		catch (UsageException e) {
			throw new UsageException("--loss " + loss + ": " + e.getMessage());
		}
		if (java.nio.file.Files.exists(out) && !java.nio.file.Files.isDirectory(out))
			throw new UsageException("--out " + out + " is a file; give a folder for the model package, e.g. models/mine.");
	}

	/**
	 * The generator settings of image {@code seed}: the preset, with the size, radius range, touching
	 * fraction, rim drop and texture given on the command line (rim drop and texture drawn per image
	 * from a range), and as many nuclei as fill the image as densely as the preset's.
	 */
	java.util.function.LongFunction<SyntheticNuclei.Params> syntheticParams() {
		SyntheticNuclei.Params base;
		try {
			base = SyntheticNuclei.Params.preset(syntheticPreset, syntheticSize, syntheticSize, 0);
		}
		catch (IllegalArgumentException e) {
			throw new UsageException("Unknown --synthetic-preset '" + syntheticPreset + "'; use one of "
					+ String.join(", ", SyntheticNuclei.Params.PRESETS) + ".");
		}
		// pixels per nucleus of the preset at its own radii
		double presetArea = syntheticPreset.trim().equalsIgnoreCase("fluorescence-touching") ? 5243 : 2500;
		double rMin = base.radiusMin(), rMax = base.radiusMax();
		if (syntheticRadius != null) {
			if (syntheticRadius.size() != 2 || !(syntheticRadius.get(0) > 0) || !(syntheticRadius.get(1) >= syntheticRadius.get(0)))
				throw new UsageException("--synthetic-radius takes MIN,MAX with 0 < MIN <= MAX, e.g. 8,26 (got " + syntheticRadius + ").");
			rMin = syntheticRadius.get(0);
			rMax = syntheticRadius.get(1);
		}
		double a = base.rimDrop(), b = base.rimDrop();
		if (syntheticRimDrop != null) {
			if (syntheticRimDrop.isEmpty() || syntheticRimDrop.size() > 2)
				throw new UsageException("--synthetic-rim-drop takes one value or a range A,B in [0, 1], e.g. 0,0.3.");
			a = syntheticRimDrop.get(0);
			b = syntheticRimDrop.get(syntheticRimDrop.size() - 1);
			if (!(a >= 0 && b <= 1 && a <= b))
				throw new UsageException("--synthetic-rim-drop must lie in [0, 1] with A <= B (got " + syntheticRimDrop + ").");
		}
		double ta = base.textureNoise(), tb = base.textureNoise();
		if (syntheticTexture != null) {
			if (syntheticTexture.isEmpty() || syntheticTexture.size() > 2)
				throw new UsageException("--synthetic-texture takes one value or a range A,B in [0, 1], e.g. 0,0.15.");
			ta = syntheticTexture.get(0);
			tb = syntheticTexture.get(syntheticTexture.size() - 1);
			if (!(ta >= 0 && tb <= 1 && ta <= tb))
				throw new UsageException("--synthetic-texture must lie in [0, 1] with A <= B (got " + syntheticTexture + ").");
		}
		double touching = syntheticTouching != null ? syntheticTouching : base.touchingFraction();
		if (!(touching >= 0 && touching <= 1))
			throw new UsageException("--synthetic-touching must be in [0, 1] (got " + touching + ").");
		if (syntheticSize < 32)
			throw new UsageException("--synthetic-size must be >= 32 (got " + syntheticSize + ").");
		if (syntheticNuclei < 0)
			throw new UsageException("--synthetic-nuclei must be >= 0 (0: the preset's density), got " + syntheticNuclei + ".");
		double meanR = (rMin + rMax) / 2, presetR = (base.radiusMin() + base.radiusMax()) / 2;
		int count = syntheticNuclei > 0 ? syntheticNuclei
				: (int) Math.max(4, Math.round(syntheticSize * (double) syntheticSize / presetArea * (presetR / meanR) * (presetR / meanR)));
		double lo = rMin, hi = rMax, ra = a, rb = b, xa = ta, xb = tb;
		SyntheticNuclei.Params template = base;
		return s -> {
			java.util.SplittableRandom r = new java.util.SplittableRandom(s ^ 0x5DEECE66DL);
			double rim = ra + (rb - ra) * r.nextDouble(), tex = xa + (xb - xa) * r.nextDouble();
			return template.withSeed(s).withCount(count).withRadius(lo, hi).withTouchingFraction(touching).withRimDrop(rim)
					.withTextureNoise(tex);
		};
	}

	@Override
	public Integer call() {
		checkOptions();
		TargetMode mode = TargetMode.parse(target);
		if (contactWidth != 1 && mode != TargetMode.BOUNDARY)
			throw new UsageException("--contact-width is for --target boundary (got --target " + target + ").");
		Normalization norm = TrainingSetup.normalization(normalization);
		List<Sample> samples;
		if (synthetic > 0) {
			if (images != null || masks != null)
				throw new UsageException("Give --synthetic N or --images/--masks, not both.");
			samples = TrainingData.synthetic(synthetic, syntheticParams(), seed, mode, contactWidth, norm);
		}
		else {
			if (images == null || masks == null)
				throw new UsageException("Give the training data: --images DIR --masks DIR (or --synthetic N).");
			samples = TrainingData.fromFolders(images, masks, mode, contactWidth, norm);
		}
		if (rays != 32 && mode != TargetMode.STARDIST)
			throw new UsageException("--rays is for --target stardist (got --target " + target + ").");
		int nClasses = mode == TargetMode.STARDIST ? org.segmentij.deep.train.StarDistTraining.classes(rays)
				: TrainingSetup.classes(mode, classes, samples);
		NetConfig cfg;
		try {
			cfg = TrainingSetup.net(net, mode.inputChannels(samples.get(0).channels()), nClasses);
		}
		catch (UsageException e) {
			throw new UsageException("--net: " + e.getMessage());
		}
		Device dev = TrainingSetup.device(device);
		String name = TrainingSetup.name(out);
		String lossSpec = mode == TargetMode.STARDIST
				? org.segmentij.deep.losses.StarDistLoss.parse(loss, org.segmentij.deep.train.StarDistTraining.DISTANCE_SCALE).spec()
				: loss;
		Trainer.Config c = new Trainer.Config(name, arch.toLowerCase(Locale.ROOT), cfg, mode, null, lossSpec, epochs, batch, crop, lr,
				valFraction, patience, seed, TrainingSetup.augmentation(augment), norm, out, resume, dev, stepsPerEpoch, init,
				Trainer.Selection.parse(select));
		System.err.printf(Locale.ROOT, "Training %s (%s) on %d image(s), %d class(es), %s, loss %s%n", name, arch, samples.size(),
				nClasses, dev, lossSpec);
		Trainer.Result r = Trainer.train(samples, c, new Trainer.Listener() {
			final long start = System.nanoTime();

			@Override
			public void batchEnded(int epoch, int b, int batches, double loss) {
				if (quiet)
					return;
				double done = (epoch - 1 - (startEpoch() - 1)) + (double) b / batches;
				double elapsed = (System.nanoTime() - start) / 1e9;
				double left = (epochs - (epoch - 1) - (double) b / batches) * elapsed / Math.max(1e-9, done);
				int width = 24, filled = (int) (width * (double) b / batches);
				String line = String.format(Locale.ROOT, "epoch %d/%d [%s%s] loss %.4f  ETA %d:%02d", epoch, epochs, "#".repeat(filled),
						".".repeat(width - filled), loss, (long) left / 60, (long) left % 60);
				System.err.print(System.console() != null ? "\r" + line : (b == batches ? line + "\n" : ""));
			}

			private int first = -1;

			private int startEpoch() {
				return first < 0 ? 1 : first;
			}

			@Override
			public void epochEnded(EpochStats s, List<EpochStats> history) {
				if (first < 0)
					first = history.get(0).epoch();
				if (!quiet)
					System.err.printf(Locale.ROOT, "%sepoch %d: train loss %.4f, val loss %.4f, val IoU %.4f, Dice %.4f, %.1f s%s%n",
							System.console() != null ? "\r" : "", s.epoch(), s.trainLoss(), s.valLoss(), s.valIoU(), s.valDice(),
							s.seconds(), s.best() ? "  (best)" : "");
			}
		});
		EpochStats best = r.history().stream().filter(h -> h.epoch() == r.bestEpoch()).findFirst().orElseThrow();
		List<String> lines = new ArrayList<>();
		lines.add(String.format(Locale.ROOT, "Wrote %s: best epoch %d of %d%s, validation IoU %.4f, Dice %.4f", out, r.bestEpoch(),
				r.history().size(), r.stoppedEarly() ? " (stopped early)" : "", best.valIoU(), best.valDice()));
		lines.add("Training curve: " + out.resolve("training.png") + ", history: " + out.resolve("history.csv"));
		lines.forEach(System.out::println);
		return Main.OK;
	}
}
