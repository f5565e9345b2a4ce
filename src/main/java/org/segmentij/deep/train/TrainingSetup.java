package org.segmentij.deep.train;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.segmentij.UsageException;
import org.segmentij.deep.infer.Normalization;
import org.segmentij.deep.nets.NetConfig;

import ai.djl.Device;
import ai.djl.engine.Engine;

/**
 * Turns the text options of a training run (from the command line, an ImageJ dialog or a macro)
 * into a {@link Trainer.Config}: the one place where they are parsed and checked.
 */
public final class TrainingSetup {

	private TrainingSetup() {
	}

	public static Normalization normalization(String s) {
		return switch (s.trim().toLowerCase(Locale.ROOT)) {
		case "percentile" -> Normalization.percentile(1, 99.8);
		case "zero_mean_unit_variance", "zmuv" -> Normalization.zeroMeanUnitVariance();
		case "none" -> Normalization.none();
		default -> throw new UsageException("Unknown normalization '" + s + "'; use percentile, zero_mean_unit_variance or none.");
		};
	}

	public static Augmentation augmentation(String s) {
		return switch (s.trim().toLowerCase(Locale.ROOT)) {
		case "standard" -> Augmentation.standard();
		case "none" -> Augmentation.none();
		default -> throw new UsageException("Unknown augmentation '" + s + "'; use standard or none.");
		};
	}

	public static Device device(String s) {
		int gpus = Engine.getEngine("PyTorch").getGpuCount();
		return switch (s.trim().toLowerCase(Locale.ROOT)) {
		case "cpu" -> Device.cpu();
		case "gpu" -> {
			if (gpus == 0)
				throw new UsageException("device gpu: no GPU is visible to PyTorch (the CUDA natives come with the 'cuda' build profile); use device=cpu.");
			yield Device.gpu();
		}
		case "auto" -> gpus > 0 ? Device.gpu() : Device.cpu();
		default -> throw new UsageException("Unknown device '" + s + "'; use cpu, gpu or auto.");
		};
	}

	/** Classes of the network: fixed by the target, or from the data for CLASSES (at least {@code requested}). */
	public static int classes(TargetMode mode, int requested, List<Sample> samples) {
		if (mode.fixedClasses() > 0)
			return mode.fixedClasses();
		int mx = 1;
		for (Sample s : samples)
			mx = Math.max(mx, s.maxClass());
		return Math.max(requested, mx + 1);
	}

	/** The network configuration: {@code netOptions} (depth, base, ...) plus channels and classes from the data. */
	public static NetConfig net(Map<String, String> netOptions, int channels, int classes) {
		Map<String, String> opts = new LinkedHashMap<>(netOptions);
		opts.put("in_channels", Integer.toString(channels));
		opts.put("classes", Integer.toString(classes));
		return NetConfig.fromOptions(opts);
	}

	/** The model name of an output folder: its last element. */
	public static String name(Path out) {
		Path f = out.toAbsolutePath().normalize().getFileName();
		if (f == null)
			throw new UsageException("Give a model folder such as models/nuclei, not " + out + ".");
		return f.toString();
	}
}
