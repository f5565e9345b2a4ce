package org.segmentij.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import org.segmentij.InputException;
import org.segmentij.UsageException;
import org.segmentij.metrics.InstanceMatching;
import org.segmentij.metrics.RoiGroundTruth;
import org.segmentij.params.ParameterParser;
import org.segmentij.service.Evaluation;
import org.segmentij.service.EvaluationOptions;
import org.segmentij.service.MetricsService;
import org.segmentij.service.SegmentIJ;

import ij.ImagePlus;
import ij.gui.Roi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "eval", description = { "Evaluate segmentations against ground truth: masks, class masks, label images or ImageJ ROI sets.",
		"On two files, or on two folders matched by file name (a summary row, then one row per file)." })
final class EvalCommand implements Callable<Integer> {

	@Option(names = "--pred", required = true, paramLabel = "P", description = "Prediction: an image, or a folder of images.")
	Path pred;

	@Option(names = "--truth", paramLabel = "T", description = "Ground truth: an image (mask, class mask, labels), a ROI set (.zip/.roi), or a folder of them.")
	Path truth;

	@Option(names = "--more-truths", split = ",", paramLabel = "T2,T3", description = "Further human segmentations of the same image (BSDS style): adds the probabilistic Rand index and covering over all truths.")
	List<Path> moreTruths;

	@Option(names = "--rois", paramLabel = "F.zip", description = "Ground truth as a ROI set (.zip or .roi): one label per ROI.")
	Path rois;

	@Option(names = "--instances", description = "Instance matching (binary masks are labelled by connected components first).")
	boolean instances;

	@Option(names = "--thresholds", split = ",", paramLabel = "T1,T2", description = "IoU thresholds of the instance matching (default 0.1,0.2,...,0.9 with --instances).")
	List<Double> thresholds;

	@Option(names = "--classes", defaultValue = "0", paramLabel = "C", description = "Number of classes of multi-class masks (values 0..C-1); 0 = binary (default).")
	int classes;

	@Option(names = "--ignore-class", defaultValue = "-1", paramLabel = "V", description = "A truth class not scored (void); -1 = none.")
	int ignoreClass;

	@Option(names = "--no-surface", description = "Skip boundary and surface distances.")
	boolean noSurface;

	@Option(names = "--tolerance", defaultValue = "2", paramLabel = "D", description = "Tolerance of surface Dice and boundary F1, in calibrated units (default ${DEFAULT-VALUE}).")
	double tolerance;

	@Option(names = "--partitions", description = "Rand index, adapted Rand error, variation of information, covering.")
	boolean partitions;

	@Option(names = "--panoptic", description = "Both images are panoptic (class<<16 | instance): PQ, SQ, RQ per class.")
	boolean panoptic;

	@Option(names = "--roi-overlap", defaultValue = "LAST_WINS", paramLabel = "POLICY", description = "Overlapping ROIs: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
	RoiGroundTruth.OverlapPolicy overlap;

	@Option(names = "--roi-classes", defaultValue = "NONE", paramLabel = "SOURCE", description = "Class of a ROI from its: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
	RoiGroundTruth.ClassSource classSource;

	@Option(names = "--objects", paramLabel = "OUT.csv", description = "Write the per-object table (truth id, predicted id, IoU at 0.5).")
	Path objectsCsv;

	@Option(names = "--json", paramLabel = "OUT", description = "Write all figures as JSON.")
	Path json;

	@Option(names = "--csv", paramLabel = "OUT", description = "Write a summary row and one row per file as CSV.")
	Path csv;

	@Override
	public Integer call() throws IOException {
		if (truth == null && rois == null)
			throw new UsageException("Give the ground truth: --truth T (image, ROI set or folder) or --rois F.zip.");
		if (truth != null && rois != null)
			throw new UsageException("Give --truth or --rois, not both.");
		List<Path> inputs = new ArrayList<>(java.util.Arrays.asList(pred, truth, rois));
		if (moreTruths != null)
			inputs.addAll(moreTruths);
		Path[] in = inputs.toArray(Path[]::new);
		ImageFiles.refuseInput(json, "--json", in);
		ImageFiles.refuseInput(csv, "--csv", in);
		ImageFiles.refuseInput(objectsCsv, "--objects", in);
		double[] t = thresholds == null ? InstanceMatching.defaultThresholds() : thresholds.stream().mapToDouble(Double::doubleValue).toArray();
		EvaluationOptions options;
		try {
			options = new EvaluationOptions(classes, ignoreClass, !noSurface, tolerance, instances, t, partitions, panoptic,
					objectsCsv != null, overlap, classSource);
		}
		catch (IllegalArgumentException e) {
			throw new UsageException(e.getMessage());
		}
		MetricsService metrics = SegmentIJ.metrics();
		Path truthPath = truth != null ? truth : rois;
		List<Evaluation> results = new ArrayList<>();
		List<String> failures = new ArrayList<>();
		if (Files.isDirectory(pred)) {
			if (!Files.isDirectory(truthPath))
				throw new UsageException("--pred is a folder, so the ground truth must be a folder too: " + truthPath);
			List<Path> files;
			try (Stream<Path> s = Files.list(pred)) {
				files = s.filter(Files::isRegularFile).filter(ImageFiles::isImageName).sorted().toList();
			}
			if (files.isEmpty())
				throw new InputException("No images in " + pred + ".");
			for (Path p : files) {
				Path tp = match(truthPath, p);
				try {
					if (tp == null)
						throw new InputException("no ground truth named like " + p.getFileName() + " in " + truthPath);
					results.add(evaluate(metrics, p, tp, options));
				}
				catch (InputException e) {
					failures.add(p.getFileName() + ": " + e.getMessage());
				}
			}
		}
		else {
			results.add(evaluate(metrics, pred, truthPath, options));
			if (moreTruths != null && !moreTruths.isEmpty()) {
				List<ImagePlus> all = new ArrayList<>();
				all.add(ImageFiles.open(truthPath));
				for (Path t2 : moreTruths)
					all.add(ImageFiles.open(t2));
				Evaluation multi = metrics.evaluatePartitions(ImageFiles.open(pred), all);
				results.get(0).summary().putAll(multi.summary());
			}
		}

		Map<String, Object> summary = summarise(results);
		print(summary, results.size());
		if (json != null) {
			Map<String, Object> root = new LinkedHashMap<>();
			root.put("summary", summary);
			List<Object> files = new ArrayList<>();
			for (Evaluation e : results) {
				Map<String, Object> m = new LinkedHashMap<>();
				m.put("name", e.name());
				m.put("metrics", e.summary());
				if (!e.classes().isEmpty())
					m.put("classes", e.classes());
				files.add(m);
			}
			root.put("files", files);
			root.put("failed", failures);
			ImageFiles.writeAtomically(json, Json.write(root).getBytes(StandardCharsets.UTF_8));
		}
		if (csv != null)
			ImageFiles.writeAtomically(csv, csvText(summary, results).getBytes(StandardCharsets.UTF_8));
		if (objectsCsv != null) {
			StringBuilder sb = new StringBuilder("file,truth_id,predicted_id,iou\n");
			for (Evaluation e : results)
				for (InstanceMatching.ObjectMatch m : e.objects())
					sb.append(csvCell(e.name())).append(',').append(m.truthId()).append(',').append(m.predictionId()).append(',')
							.append(fmt(m.iou())).append('\n');
			ImageFiles.writeAtomically(objectsCsv, sb.toString().getBytes(StandardCharsets.UTF_8));
		}
		for (String f : failures)
			System.err.println("  failed: " + f);
		return failures.isEmpty() ? Main.OK : Main.PARTIAL;
	}

	private static Evaluation evaluate(MetricsService metrics, Path p, Path t, EvaluationOptions o) {
		ImagePlus prediction = ImageFiles.open(p);
		if (isRoiFile(t)) {
			List<Roi> list;
			try {
				list = RoiGroundTruth.read(t);
			}
			catch (IllegalArgumentException e) {
				throw new InputException(e.getMessage(), e);
			}
			return rename(metrics.evaluate(prediction, list, o), p);
		}
		return rename(metrics.evaluate(prediction, ImageFiles.open(t), o), p);
	}

	private static Evaluation rename(Evaluation e, Path p) {
		return new Evaluation(p.getFileName().toString(), e.summary(), e.classes(), e.objects());
	}

	private static boolean isRoiFile(Path t) {
		String n = t.getFileName().toString().toLowerCase(Locale.ROOT);
		return n.endsWith(".zip") || n.endsWith(".roi");
	}

	/** The truth file for a prediction: same name, or same base name with any image or ROI extension. */
	private static Path match(Path dir, Path p) throws IOException {
		Path same = dir.resolve(p.getFileName());
		if (Files.isRegularFile(same))
			return same;
		String base = ImageFiles.baseName(p);
		try (Stream<Path> s = Files.list(dir)) {
			return s.filter(Files::isRegularFile).filter(f -> ImageFiles.baseName(f).equals(base)).sorted().findFirst().orElse(null);
		}
	}

	/** Mean of every numeric metric over the files; counts (tp, fp, fn, n_*) are summed. */
	static Map<String, Object> summarise(List<Evaluation> results) {
		Map<String, Object> out = new LinkedHashMap<>();
		if (results.size() == 1) {
			out.putAll(results.get(0).summary());
			return out;
		}
		LinkedHashSet<String> keys = new LinkedHashSet<>();
		for (Evaluation e : results)
			keys.addAll(e.summary().keySet());
		out.put("files", results.size());
		for (String k : keys) {
			double sum = 0;
			int n = 0;
			boolean count = k.startsWith("tp@") || k.startsWith("fp@") || k.startsWith("fn@") || k.startsWith("n_");
			for (Evaluation e : results) {
				Object v = e.summary().get(k);
				if (v instanceof Number num) {
					sum += num.doubleValue();
					n++;
				}
			}
			if (n > 0)
				out.put(count ? k : "mean_" + k, count ? sum : sum / n);
		}
		return out;
	}

	private static void print(Map<String, Object> summary, int files) {
		System.out.println(files == 1 ? "Metrics:" : "Summary over " + files + " files (means; tp/fp/fn/n_* summed):");
		summary.forEach((k, v) -> System.out.printf(Locale.ROOT, "  %-28s %s%n", k, v instanceof Number n ? fmt(n.doubleValue()) : v));
	}

	private static String csvText(Map<String, Object> summary, List<Evaluation> results) {
		LinkedHashSet<String> keys = new LinkedHashSet<>();
		for (Evaluation e : results)
			for (Map.Entry<String, Object> en : e.summary().entrySet())
				if (en.getValue() instanceof Number)
					keys.add(en.getKey());
		StringBuilder sb = new StringBuilder("file");
		for (String k : keys)
			sb.append(',').append(k);
		sb.append('\n');
		if (results.size() > 1) {
			sb.append("summary");
			for (String k : keys) {
				Object v = summary.containsKey(k) ? summary.get(k) : summary.get("mean_" + k);
				sb.append(',').append(v instanceof Number n ? fmt(n.doubleValue()) : "");
			}
			sb.append('\n');
		}
		for (Evaluation e : results) {
			sb.append(csvCell(e.name()));
			for (String k : keys) {
				Object v = e.summary().get(k);
				sb.append(',').append(v instanceof Number n ? fmt(n.doubleValue()) : "");
			}
			sb.append('\n');
		}
		return sb.toString();
	}

	static String fmt(double v) {
		if (v == Math.rint(v) && Math.abs(v) < 1e15)
			return Long.toString((long) v);
		return Double.isFinite(v) ? String.format(Locale.ROOT, "%.10g", v).replaceFirst("\\.?0+$", "")
				: ParameterParser.format(v);
	}

	private static String csvCell(String s) {
		return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
	}
}
