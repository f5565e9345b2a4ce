package org.segmentij.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.apache.spark.TaskContext;
import org.segmentij.SegmentIJException;
import org.segmentij.cli.ImageFiles;
import org.segmentij.service.Evaluation;
import org.segmentij.service.EvaluationOptions;
import org.segmentij.service.FolderBatch;
import org.segmentij.service.SegmentIJ;

import ij.ImagePlus;

/**
 * What one Spark task does with one image, on its executor: the batch engine's
 * {@link FolderBatch#process} (the pipeline, then the output written to a temporary file and
 * renamed into place), then the metrics against the ground truth when asked for. A task that
 * runs again for the same image (Spark's retry after a lost executor, or speculation) writes the
 * same bytes to the same name, so retries leave the outputs as one run would.
 */
final class ImageTask {

	/** Metrics of the results table, when a ground truth is given (instance ones for label outputs). */
	static final String[] METRICS = { "dice", "iou", "precision", "recall", "f1@0.50", "ap@0.50" };

	/** For tests: called before and after each image with Spark's attempt number of the task (0 first). */
	interface Hook {
		default void before(String input, int attempt) {
		}

		default void after(String input, int attempt) {
		}
	}

	static volatile Hook hook;

	private static final Map<JobSpec, FolderBatch> ENGINES = new ConcurrentHashMap<>();
	private static final Map<String, Map<String, Path>> TRUTHS = new ConcurrentHashMap<>();
	/** Engines made in this JVM (one per run and executor; tests check that tasks share it). */
	static final AtomicInteger ENGINES_MADE = new AtomicInteger();

	static {
		// as the command line: headless, DJL never downloads, one torch inter-op thread
		setIfAbsent("java.awt.headless", "true");
		setIfAbsent("ai.djl.offline", "true");
		setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
		setIfAbsent("slf4j.internal.verbosity", "ERROR");
	}

	private ImageTask() {
	}

	static void setIfAbsent(String key, String value) {
		if (System.getProperty(key) == null)
			System.setProperty(key, value);
	}

	/**
	 * The engine for this spec, made once per executor JVM: the SegmentIJ context (SciJava's
	 * plugin index, the services) and the pipeline's checked steps are built by the first task
	 * of a run on each executor; every later task of the run on that executor reuses them.
	 */
	static FolderBatch engine(JobSpec spec) {
		FolderBatch e = ENGINES.get(spec);
		return e != null ? e : ENGINES.computeIfAbsent(spec, s -> {
			ENGINES_MADE.incrementAndGet();
			return s.engine(SegmentIJ.segmentation());
		});
	}

	/** Spark's attempt number of the running task, 0 outside a task. */
	static int attempt() {
		TaskContext c = TaskContext.get();
		return c == null ? 0 : c.attemptNumber();
	}

	/** Processes one image into its output; never throws for a bad image (the row says why it failed). */
	static Result run(JobSpec spec, String input, String output) {
		int attempt = attempt();
		Hook h = hook;
		if (h != null)
			h.before(input, attempt);
		Path in = Path.of(input);
		FolderBatch.Row row = engine(spec).process(in, Path.of(output));
		Result r = Result.of(row);
		if (spec.truthDir() != null && !row.failed() && !row.output().isEmpty())
			r = withMetrics(spec, in, spec.output().resolve(row.output()), r);
		if (h != null)
			h.after(input, attempt);
		return r;
	}

	/** The metrics of the written output against the truth named like the input. */
	static Result withMetrics(JobSpec spec, Path in, Path out, Result r) {
		Path truth = truths(spec.truthDir()).get(baseName(in));
		if (truth == null)
			return r.withMetrics(Map.of(), "(no ground truth named like " + in.getFileName() + ")");
		try {
			ImagePlus pred = ImageFiles.open(out), t = ImageFiles.open(truth);
			EvaluationOptions o = new EvaluationOptions(0, -1, false, 2, r.objects() >= 0, new double[] { 0.5 }, false, false,
					false, null, null);
			Evaluation e = SegmentIJ.metrics().evaluate(pred, t, o);
			Map<String, Double> m = new LinkedHashMap<>();
			for (String k : METRICS)
				if (!Double.isNaN(e.value(k)))
					m.put(k, e.value(k));
			return r.withMetrics(m, null);
		}
		catch (SegmentIJException | IllegalArgumentException e) {
			return r.withMetrics(Map.of(), "(metrics: " + e.getMessage() + ")");
		}
	}

	static String baseName(Path p) {
		return Files.isDirectory(p) ? p.getFileName().toString() : ImageFiles.baseName(p);
	}

	/** Ground-truth files by base name (first by name when several share one), listed once per JVM. */
	private static Map<String, Path> truths(String dir) {
		return TRUTHS.computeIfAbsent(dir, d -> {
			Map<String, Path> map = new HashMap<>();
			try (Stream<Path> s = Files.list(Path.of(d))) {
				s.filter(f -> Files.isRegularFile(f) && ImageFiles.isImageName(f) || Files.isDirectory(f)).sorted()
						.forEach(f -> map.putIfAbsent(baseName(f), f));
			}
			catch (IOException e) {
				throw new org.segmentij.InputException("Cannot list the ground-truth folder " + d + ": " + e.getMessage());
			}
			return map;
		});
	}
}
