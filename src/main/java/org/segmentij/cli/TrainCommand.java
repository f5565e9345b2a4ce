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

	@Option(names = "--synthetic-preset", paramLabel = "NAME", defaultValue = "default", description = "Generator settings for --synthetic: default (semi-axes 8-14 px, pairs) or fluorescence-touching (13-25 px, crowded, clusters, flat-topped) (default ${DEFAULT-VALUE}).")
	String syntheticPreset;

	@Option(names = "--synthetic-nuclei", paramLabel = "N", defaultValue = "0", description = "Nuclei to place per generated image (default: the preset's density).")
	int syntheticNuclei;

	@Option(names = "--contact-width", paramLabel = "PX", defaultValue = "1", description = "For --target boundary: boundary pixels on each side where two objects touch (default ${DEFAULT-VALUE}; 2 gives a 4-pixel band between touching objects).")
	int contactWidth;

	@Option(names = "--arch", defaultValue = "unet", paramLabel = "A", description = "unet, segnet, deeplabv3plus, fcn or vit (default ${DEFAULT-VALUE}).")
	String arch;

	@Option(names = "--net", paramLabel = "KEY=VALUE", description = "Network options: depth, base, norm, upsampling, atrous_rates, patch_size, embed_dim, heads, layers, ... (repeatable).")
	Map<String, String> net = new LinkedHashMap<>();

	@Option(names = "--target", defaultValue = "binary", paramLabel = "T", description = "binary, classes or boundary (background/interior/boundary from label images) (default ${DEFAULT-VALUE}).")
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

	@Option(names = "--init", paramLabel = "MODEL", description = "Start from the weights of this model package (name or folder; same --arch and --net options): fine-tuning.")
	String init;

	@Option(names = "--resume", description = "Continue the run in --out from its last checkpoint.")
	boolean resume;

	@Option(names = "--out", required = true, paramLabel = "DIR", description = "The model package folder, e.g. models/nuclei.")
	Path out;

	@Option(names = { "-q", "--quiet" }, description = "No progress bar.")
	boolean quiet;

	@Override
	public Integer call() {
		TargetMode mode = TargetMode.parse(target);
		if (contactWidth != 1 && mode != TargetMode.BOUNDARY)
			throw new UsageException("--contact-width is for --target boundary (got --target " + target + ").");
		Normalization norm = TrainingSetup.normalization(normalization);
		List<Sample> samples;
		if (synthetic > 0) {
			if (images != null || masks != null)
				throw new UsageException("Give --synthetic N or --images/--masks, not both.");
			if (syntheticSize < 16)
				throw new UsageException("--synthetic-size must be >= 16 pixels (got " + syntheticSize + "); e.g. 256.");
			if (syntheticNuclei < 0)
				throw new UsageException("--synthetic-nuclei must be >= 0 (0: the preset's density), got " + syntheticNuclei + ".");
			SyntheticNuclei.Params template;
			try {
				template = SyntheticNuclei.Params.preset(syntheticPreset, syntheticSize, syntheticSize, seed);
			}
			catch (IllegalArgumentException e) {
				throw new UsageException("Unknown --synthetic-preset '" + syntheticPreset + "'; use one of "
						+ String.join(", ", SyntheticNuclei.Params.PRESETS) + ".");
			}
			if (syntheticNuclei > 0)
				template = template.withCount(syntheticNuclei);
			samples = TrainingData.synthetic(synthetic, template, mode, contactWidth, norm);
		}
		else {
			if (images == null || masks == null)
				throw new UsageException("Give the training data: --images DIR --masks DIR (or --synthetic N).");
			samples = TrainingData.fromFolders(images, masks, mode, contactWidth, norm);
		}
		int nClasses = TrainingSetup.classes(mode, classes, samples);
		NetConfig cfg = TrainingSetup.net(net, samples.get(0).channels(), nClasses);
		Device dev = TrainingSetup.device(device);
		String name = TrainingSetup.name(out);
		Trainer.Config c = new Trainer.Config(name, arch.toLowerCase(Locale.ROOT), cfg, mode, null, loss, epochs, batch, crop, lr,
				valFraction, patience, seed, TrainingSetup.augmentation(augment), norm, out, resume, dev, stepsPerEpoch, init,
				Trainer.Selection.parse(select));
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
