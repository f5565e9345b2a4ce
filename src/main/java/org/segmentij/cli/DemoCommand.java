package org.segmentij.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.segmentij.InputException;
import org.segmentij.UsageException;
import org.segmentij.image.AxisImage;
import org.segmentij.image.Axis;
import org.segmentij.image.ImagePlusAdapter;
import org.segmentij.image.LabelImages;
import org.segmentij.image.SyntheticNuclei;
import org.segmentij.service.Pipeline;
import org.segmentij.service.SegmentIJ;
import org.segmentij.service.SegmentationService;
import org.segmentij.service.TechniqueResult;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.measure.Calibration;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", description = { "The main job, end to end: generate a synthetic nuclei stack with exact labels, segment it",
		"with a classical pipeline (Otsu threshold, 3D distance-transform watershed), and write masks, label images, metrics.csv and overview.png." })
final class DemoCommand implements Callable<Integer> {

	@Option(names = { "-o", "--output" }, defaultValue = "demo-output", paramLabel = "DIR", description = "Output folder (default ${DEFAULT-VALUE}).")
	Path out;

	@Option(names = "--seed", defaultValue = "42", description = "Random seed of the synthetic data (default ${DEFAULT-VALUE}).")
	long seed;

	@Option(names = "--size", defaultValue = "256", description = "Width and height in pixels (default ${DEFAULT-VALUE}).")
	int size;

	@Option(names = "--depth", defaultValue = "24", description = "Number of slices (default ${DEFAULT-VALUE}).")
	int depth;

	@Option(names = "--nuclei", defaultValue = "40", description = "Number of nuclei (default ${DEFAULT-VALUE}).")
	int nuclei;

	@Override
	public Integer call() throws IOException {
		if (size < 64 || size > 8192)
			throw new UsageException("--size must be between 64 and 8192, got " + size + ".");
		if (depth < 8 || depth > 512)
			throw new UsageException("--depth must be between 8 and 512, got " + depth + ".");
		if (nuclei < 1)
			throw new UsageException("--nuclei must be at least 1, got " + nuclei + ".");
		try {
			Files.createDirectories(out);
		}
		catch (IOException e) {
			throw new InputException("Cannot create output folder " + out + ": " + ImageFiles.why(e) + ".");
		}
		long t0 = System.nanoTime();
		SegmentationService service = SegmentIJ.segmentation();

		// 1. synthetic data with exact labels
		SyntheticNuclei.Sample sample = SyntheticNuclei.generate(SyntheticNuclei.Params.defaults3D(size, size, depth, nuclei, seed));
		double[] scale = { 0.2, 0.2, 0.5 };
		String[] units = { "µm", "µm", "µm" };
		AxisImage<?> image = new AxisImage<>("nuclei", sample.image(), java.util.List.of(Axis.X, Axis.Y, Axis.Z), scale,
				new double[3], units);
		ImagePlus input = ImagePlusAdapter.toImagePlus(image);
		ImagePlus truth = LabelImages.toImagePlus(new AxisImage<>("nuclei-truth", sample.labels(),
				java.util.List.of(Axis.X, Axis.Y, Axis.Z), scale, new double[3], units));

		// 2. classical pipeline, through the same service as the command line and macros
		Pipeline threshold = Pipeline.single("otsu", Map.of());
		TechniqueResult maskResult = threshold.run(service, input);
		ImagePlus mask = maskResult.image();
		TechniqueResult labelResult = Pipeline.single("distance-watershed", Map.of("h", "0.2")).run(service, mask);
		ImagePlus labels = labelResult.image();

		// 3. metrics against the exact ground truth, through the same service as eval and ImageJ
		org.segmentij.service.Evaluation e = SegmentIJ.metrics().evaluate(labels, truth,
				org.segmentij.service.EvaluationOptions.all().withInstances(true, 0.5, 0.75));
		Map<String, Object> metrics = new LinkedHashMap<>();
		metrics.put("true_objects", sample.count());
		metrics.put("otsu_threshold", maskResult.values().get("threshold"));
		e.summary().forEach((k, v) -> {
			if (v instanceof Number)
				metrics.put(k, v);
		});

		// 4. files
		save(input, "nuclei.tif");
		save(truth, "truth_labels.tif");
		save(mask, "otsu_mask.tif");
		save(labels, "watershed_labels.tif");
		StringBuilder csv = new StringBuilder("metric,value\n");
		metrics.forEach((k, v) -> csv.append(k).append(',').append(EvalCommand.fmt(((Number) v).doubleValue())).append('\n'));
		ImageFiles.writeAtomically(out.resolve("metrics.csv"), csv.toString().getBytes(StandardCharsets.UTF_8));
		ImagePlus overview = overview(input, mask, labels, truth);
		Path png = out.resolve("overview.png");
		Path tmp = out.resolve(".overview.png.part");
		if (!new FileSaver(overview).saveAsPng(tmp.toString()))
			throw new InputException("Cannot write " + png + ".");
		Files.move(tmp, png, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);

		System.out.printf(Locale.ROOT, "Synthetic stack %dx%dx%d with %d nuclei; Otsu + distance-transform watershed found %s objects.%n", size,
				size, depth, sample.count(), metrics.get("n_pred"));
		System.out.printf(Locale.ROOT, "Dice %.4f  IoU %.4f  instance F1@0.5 %.4f  AP@0.5 %.4f  HD95 %.2f µm%n", e.value("dice"),
				e.value("iou"), e.value("f1@0.50"), e.value("ap@0.50"), e.value("hd95"));
		System.out.printf(Locale.ROOT, "Wrote nuclei.tif, truth_labels.tif, otsu_mask.tif, watershed_labels.tif, metrics.csv, overview.png to %s (%.1f s)%n",
				out.toAbsolutePath(), (System.nanoTime() - t0) / 1e9);
		return Main.OK;
	}

	private void save(ImagePlus imp, String name) {
		ImageFiles.saveTiffAtomically(imp, out.resolve(name));
	}

	/** Middle slice of input, mask, predicted labels and true labels side by side, as RGB. */
	static ImagePlus overview(ImagePlus input, ImagePlus mask, ImagePlus labels, ImagePlus truth) {
		ImagePlus[] panels = { input, mask, labels, truth };
		String[] names = { "input", "Otsu mask", "labels", "ground truth" };
		int w = input.getWidth(), h = input.getHeight(), gap = 4;
		ColorProcessor montage = new ColorProcessor(4 * w + 3 * gap, h);
		montage.setColor(java.awt.Color.white);
		montage.fill();
		int slice = (input.getStackSize() + 1) / 2;
		for (int i = 0; i < panels.length; i++) {
			ImagePlus p = panels[i];
			ImageProcessor ip = p.getStack().getProcessor(Math.min(slice, p.getStackSize())).duplicate();
			if (i == 0) {
				ImageStack s = p.getStack();
				ij.process.StackStatistics st = new ij.process.StackStatistics(new ImagePlus("", s));
				ip.setMinAndMax(st.min, st.max);
			}
			else
				ip.setColorModel(p.getProcessor().getColorModel());
			if (i >= 2)
				ip.setMinAndMax(p.getDisplayRangeMin(), p.getDisplayRangeMax());
			ColorProcessor rgb = ip.convertToColorProcessor();
			montage.insert(rgb, i * (w + gap), 0);
			try {
				montage.setColor(java.awt.Color.yellow);
				montage.setFont(new java.awt.Font("SansSerif", java.awt.Font.PLAIN, Math.max(10, w / 20)));
				montage.drawString(names[i], i * (w + gap) + 4, Math.max(14, w / 16));
			}
			catch (RuntimeException | Error e) {
				// no fonts on this machine: the panels still tell their story
			}
		}
		ImagePlus o = new ImagePlus("overview", montage);
		Calibration c = input.getCalibration().copy();
		o.setCalibration(c);
		return o;
	}
}
