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

	@Option(names = "--synthetic-radius", split = ",", paramLabel = "MIN,MAX", description = "Range of the nuclei's major semi-axes in pixels (default 8,14).")
	List<Double> syntheticRadius;

	@Option(names = "--synthetic-rim-drop", split = ",", paramLabel = "A[,B]", description = "How much dimmer nuclei are at the rim (0 = flat); a range draws one value per image (default 0.3).")
	List<Double> syntheticRimDrop;

	@Option(names = "--synthetic-texture", split = ",", paramLabel = "A[,B]", description = "Standard deviation of a blotchy random texture of the nuclei (0 = none); a range draws one value per image (default 0).")
	List<Double> syntheticTexture;

	@Option(names = "--synthetic-touching", defaultValue = "0.5", paramLabel = "F", description = "Fraction of nuclei placed touching another (default ${DEFAULT-VALUE}).")
	double syntheticTouching;

	@Option(names = "--arch", defaultValue = "unet", paramLabel = "A", description = "unet, segnet, deeplabv3plus, fcn or vit (default ${DEFAULT-VALUE}).")
	String arch;

	@Option(names = "--net", paramLabel = "KEY=VALUE", description = "Network options: depth, base, norm, upsampling, atrous_rates, patch_size, embed_dim, heads, layers, ... (repeatable).")
	Map<String, String> net = new LinkedHashMap<>();

	@Option(names = "--target", defaultValue = "binary", paramLabel = "T", description = "binary, classes, boundary (background/interior/boundary from label images) or prompt (a promptable network: image + clicks/box in, the object out; from label images) (default ${DEFAULT-VALUE}).")
	String target;

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

	@Option(names = "--patience", defaultValue = "10", paramLabel = "E", description = "Stop after E epochs without a better validation IoU; 0 = never (default ${DEFAULT-VALUE}).")
	int patience;

	@Option(names = "--augment", defaultValue = "standard", paramLabel = "A", description = "standard (flips, rotations, elastic, intensity, gamma, noise) or none (default ${DEFAULT-VALUE}).")
	String augment;

	@Option(names = "--normalization", defaultValue = "percentile", paramLabel = "N", description = "percentile (1-99.8), zero_mean_unit_variance or none (default ${DEFAULT-VALUE}).")
	String normalization;

	@Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Random seed (default ${DEFAULT-VALUE}).")
	long seed;

	@Option(names = "--device", defaultValue = "auto", paramLabel = "D", description = "cpu, gpu or auto (default ${DEFAULT-VALUE}).")
	String device;

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
			org.segmentij.deep.losses.Losses.parse(loss);
		}
		catch (UsageException e) {
			throw new UsageException("--loss " + loss + ": " + e.getMessage());
		}
		if (java.nio.file.Files.exists(out) && !java.nio.file.Files.isDirectory(out))
			throw new UsageException("--out " + out + " is a file; give a folder for the model package, e.g. models/mine.");
	}

	/** The generator settings of image {@code seed}: size, radius range, touching fraction, rim drop (drawn per image from a range). */
	java.util.function.LongFunction<org.segmentij.image.SyntheticNuclei.Params> syntheticParams() {
		double rMin = 8, rMax = 14;
		if (syntheticRadius != null) {
			if (syntheticRadius.size() != 2 || !(syntheticRadius.get(0) > 0) || !(syntheticRadius.get(1) >= syntheticRadius.get(0)))
				throw new UsageException("--synthetic-radius takes MIN,MAX with 0 < MIN <= MAX, e.g. 8,26 (got " + syntheticRadius + ").");
			rMin = syntheticRadius.get(0);
			rMax = syntheticRadius.get(1);
		}
		double a = 0.3, b = 0.3;
		if (syntheticRimDrop != null) {
			if (syntheticRimDrop.isEmpty() || syntheticRimDrop.size() > 2)
				throw new UsageException("--synthetic-rim-drop takes one value or a range A,B in [0, 1], e.g. 0,0.3.");
			a = syntheticRimDrop.get(0);
			b = syntheticRimDrop.get(syntheticRimDrop.size() - 1);
			if (!(a >= 0 && b <= 1 && a <= b))
				throw new UsageException("--synthetic-rim-drop must lie in [0, 1] with A <= B (got " + syntheticRimDrop + ").");
		}
		double ta = 0, tb = 0;
		if (syntheticTexture != null) {
			if (syntheticTexture.isEmpty() || syntheticTexture.size() > 2)
				throw new UsageException("--synthetic-texture takes one value or a range A,B in [0, 1], e.g. 0,0.15.");
			ta = syntheticTexture.get(0);
			tb = syntheticTexture.get(syntheticTexture.size() - 1);
			if (!(ta >= 0 && tb <= 1 && ta <= tb))
				throw new UsageException("--synthetic-texture must lie in [0, 1] with A <= B (got " + syntheticTexture + ").");
		}
		if (!(syntheticTouching >= 0 && syntheticTouching <= 1))
			throw new UsageException("--synthetic-touching must be in [0, 1] (got " + syntheticTouching + ").");
		if (syntheticSize < 32)
			throw new UsageException("--synthetic-size must be >= 32 (got " + syntheticSize + ").");
		double meanR = (rMin + rMax) / 2;
		// as many nuclei as fill the image as densely as the default 8..14 px ones at size^2 / 2500
		int count = (int) Math.max(4, Math.round(syntheticSize * (double) syntheticSize / 2500 * (11 / meanR) * (11 / meanR)));
		double lo = rMin, hi = rMax, ra = a, rb = b, xa = ta, xb = tb;
		return s -> {
			java.util.SplittableRandom r = new java.util.SplittableRandom(s ^ 0x5DEECE66DL);
			double rim = ra + (rb - ra) * r.nextDouble(), tex = xa + (xb - xa) * r.nextDouble();
			return org.segmentij.image.SyntheticNuclei.Params.defaults2D(syntheticSize, syntheticSize, count, s).withRadius(lo, hi)
					.withTouchingFraction(syntheticTouching).withRimDrop(rim).withTextureNoise(tex);
		};
	}

	@Override
	public Integer call() {
		checkOptions();
		TargetMode mode = TargetMode.parse(target);
		Normalization norm = TrainingSetup.normalization(normalization);
		List<Sample> samples;
		if (synthetic > 0) {
			if (images != null || masks != null)
				throw new UsageException("Give --synthetic N or --images/--masks, not both.");
			samples = TrainingData.synthetic(synthetic, syntheticParams(), seed, mode, norm);
		}
		else {
			if (images == null || masks == null)
				throw new UsageException("Give the training data: --images DIR --masks DIR (or --synthetic N).");
			samples = TrainingData.fromFolders(images, masks, mode, norm);
		}
		int nClasses = TrainingSetup.classes(mode, classes, samples);
		NetConfig cfg;
		try {
			cfg = TrainingSetup.net(net, mode.inputChannels(samples.get(0).channels()), nClasses);
		}
		catch (UsageException e) {
			throw new UsageException("--net: " + e.getMessage());
		}
		Device dev = TrainingSetup.device(device);
		String name = TrainingSetup.name(out);
		Trainer.Config c = new Trainer.Config(name, arch.toLowerCase(Locale.ROOT), cfg, mode, null, loss, epochs, batch, crop, lr,
				valFraction, patience, seed, TrainingSetup.augmentation(augment), norm, out, resume, dev, stepsPerEpoch);
		System.err.printf(Locale.ROOT, "Training %s (%s) on %d image(s), %d class(es), %s, loss %s%n", name, arch, samples.size(),
				nClasses, dev, loss);
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
