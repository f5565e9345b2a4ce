package org.segmentij.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.segmentij.UsageException;
import org.segmentij.params.ParameterParser;
import org.segmentij.service.Pipeline;
import org.segmentij.service.SegmentIJ;
import org.segmentij.service.SegmentationService;
import org.segmentij.service.TechniqueResult;

import ij.ImagePlus;
import ij.process.ImageProcessor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "bench", description = { "Time techniques in-process: warm-up runs, then N timed runs.",
		"JSON output has the shape of ../shared/peers/results/peers_classical.json: {id: {median_ms, min_ms, n, threads, params, output_summary}}." })
final class BenchCommand implements Callable<Integer> {

	@Parameters(arity = "1..*", paramLabel = "ID", description = "Technique ids or pipeline files (and 'eval' with --truth).")
	List<String> ids;

	@Option(names = { "-i", "--input" }, required = true, paramLabel = "IN", description = "Input image.")
	Path input;

	@Option(names = { "-n", "--repeat" }, defaultValue = "7", description = "Timed runs per technique (default ${DEFAULT-VALUE}).")
	int repeat;

	@Option(names = "--warmup", defaultValue = "5", description = "Untimed warm-up runs of every technique, at least, all done before any timing (default ${DEFAULT-VALUE}).")
	int warmup;

	@Option(names = "--warmup-s", defaultValue = "3", paramLabel = "S", description = "Keep warming up for at least S seconds in all, and then until "
			+ "Java's JIT compiler has been idle for half a second (at most 60 s), so that compilation running beside the timed runs "
			+ "does not take a core from them (default ${DEFAULT-VALUE}; 0: only the --warmup runs).")
	double warmupSeconds;

	@Option(names = { "-p", "--param" }, paramLabel = "KEY=VALUE", description = "A parameter for every technique named (repeatable).")
	List<String> params;

	@Option(names = "--json", paramLabel = "OUT", description = "Write the results as JSON to this file.")
	Path json;

	@Option(names = "--truth", paramLabel = "T", description = "Ground truth for the id 'eval', which times all metrics of the input (a prediction) against it.")
	Path truth;

	@Override
	public Integer call() throws Exception {
		if (repeat < 1)
			throw new UsageException("--repeat must be at least 1, got " + repeat + ".");
		if (warmup < 0)
			throw new UsageException("--warmup must be 0 or more, got " + warmup + ".");
		if (!(warmupSeconds >= 0) || warmupSeconds > 3600)
			throw new UsageException("--warmup-s must be between 0 and 3600 seconds, got " + warmupSeconds + ".");
		ImageFiles.refuseInput(json, "--json", input, truth);
		SegmentationService service = SegmentIJ.segmentation();
		List<Pipeline> pipelines = new ArrayList<>();
		Map<String, Object> root = new LinkedHashMap<>();
		if (ids.contains("eval")) {
			if (truth == null)
				throw new UsageException("bench eval needs the ground truth: --truth T.");
			benchEval(root);
		}
		for (String id : ids) {
			if (id.equals("eval"))
				continue;
			Pipeline p = RunCommand.pipeline(id, params);
			p.validate(service);
			pipelines.add(p);
		}
		ImagePlus imp = pipelines.isEmpty() ? null : ImageFiles.open(input);
		// Warm up every technique first (JIT, heap growth), so that the order of the ids does not
		// decide which one pays for a cold JVM; then time each in turn.
		Map<Pipeline, Double> warmMsOf = new java.util.HashMap<>();
		WarmUp w = new WarmUp(warmup, warmupSeconds);
		while (w.another())
			for (Pipeline p : pipelines) {
				long t0 = System.nanoTime();
				p.run(service, imp);
				warmMsOf.put(p, (System.nanoTime() - t0) / 1e6);
			}
		for (Pipeline p : pipelines) {
			TechniqueResult last = null;
			double warmMs = warmMsOf.getOrDefault(p, 0.0);
			double[] ms = new double[repeat];
			long jit0 = WarmUp.jitMs();
			for (int i = 0; i < repeat; i++) {
				long t0 = System.nanoTime();
				last = p.run(service, imp);
				ms[i] = (System.nanoTime() - t0) / 1e6;
			}
			long jitTimed = WarmUp.jitMs() - jit0;
			double[] sorted = ms.clone();
			Arrays.sort(sorted);
			double median = repeat % 2 == 1 ? sorted[repeat / 2] : (sorted[repeat / 2 - 1] + sorted[repeat / 2]) / 2;
			Map<String, Object> m = new LinkedHashMap<>();
			m.put("impl", p.steps().size() == 1 ? "SegmentIJ " + last.technique().label()
					: "SegmentIJ pipeline " + p.steps().stream().map(Pipeline.Step::id).collect(java.util.stream.Collectors.joining(" > ")));
			m.put("input", input.getFileName() + " " + describe(imp));
			m.put("params", stringKeys(last.parameters()));
			m.put("threads", Runtime.getRuntime().availableProcessors());
			m.put("simd", org.segmentij.image.Simd.describe());
			m.put("median_ms", round(median));
			m.put("min_ms", round(sorted[0]));
			m.put("n", repeat);
			m.put("warmup_ms", round(warmMs));
			m.put("warmup_rounds", w.rounds);
			m.put("warmup_s", round(w.seconds()));
			m.put("jit_ms_while_timed", jitTimed);
			m.put("output_summary", summary(last));
			String key = p.steps().size() == 1 ? last.technique().id() : p.name();
			root.put(key, m);
			System.out.printf("%-20s median %9.3f ms  min %9.3f ms  (n=%d, %d threads)%n", key, median,
					sorted[0], repeat, Runtime.getRuntime().availableProcessors());
		}
		if (json != null) {
			ImageFiles.writeAtomically(json, Json.write(root).getBytes(StandardCharsets.UTF_8));
			System.out.println("Wrote " + json);
		}
		return Main.OK;
	}

	/** All metrics (semantic, surface, instances at 14 thresholds + AP 0.5:0.95, partitions) of the input against --truth. */
	private void benchEval(Map<String, Object> root) {
		org.segmentij.service.MetricsService metrics = SegmentIJ.metrics();
		ImagePlus p = ImageFiles.open(input), t = ImageFiles.open(truth);
		org.segmentij.service.EvaluationOptions o = org.segmentij.service.EvaluationOptions.all();
		org.segmentij.service.Evaluation last = null;
		WarmUp w = new WarmUp(warmup, warmupSeconds);
		while (w.another())
			last = metrics.evaluate(p, t, o);
		double[] ms = new double[repeat];
		for (int i = 0; i < repeat; i++) {
			long t0 = System.nanoTime();
			last = metrics.evaluate(p, t, o);
			ms[i] = (System.nanoTime() - t0) / 1e6;
		}
		Arrays.sort(ms);
		double median = repeat % 2 == 1 ? ms[repeat / 2] : (ms[repeat / 2 - 1] + ms[repeat / 2]) / 2;
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("impl", "SegmentIJ MetricsService (semantic, surface, instances at 14 thresholds + AP 0.5:0.95, partitions)");
		m.put("input", input.getFileName() + " vs " + truth.getFileName() + " " + describe(p));
		m.put("params", Map.of("tolerance", o.tolerance()));
		m.put("threads", Runtime.getRuntime().availableProcessors());
		m.put("median_ms", round(median));
		m.put("min_ms", round(ms[0]));
		m.put("n", repeat);
		Map<String, Object> sum = new LinkedHashMap<>();
		for (String k : List.of("dice", "iou", "n_gt", "n_pred", "ap@0.50", "ap_50_95", "hd95", "adapted_rand_error"))
			sum.put(k, last.summary().get(k));
		m.put("output_summary", sum);
		root.put("eval", m);
		System.out.printf("%-20s median %9.3f ms  min %9.3f ms  (n=%d, %d threads)%n", "eval", median, ms[0], repeat,
				Runtime.getRuntime().availableProcessors());
	}

	private static double round(double ms) {
		return Math.round(ms * 1000) / 1000.0;
	}

	private static Map<String, Object> stringKeys(Map<String, Object> params) {
		Map<String, Object> m = new LinkedHashMap<>();
		params.forEach((k, v) -> m.put(k, v instanceof Number || v instanceof Boolean ? v : String.valueOf(v)));
		return m;
	}

	static String describe(ImagePlus imp) {
		String type = switch (imp.getBitDepth()) {
			case 8 -> "uint8";
			case 16 -> "uint16";
			case 32 -> "float32";
			default -> "RGB";
		};
		return type + " " + imp.getWidth() + "x" + imp.getHeight() + (imp.getStackSize() > 1 ? "x" + imp.getStackSize() : "");
	}

	/** Check values: the technique's own outputs, the foreground fraction of a mask, the count of a label image. */
	static Map<String, Object> summary(TechniqueResult r) {
		Map<String, Object> m = new LinkedHashMap<>();
		r.values().forEach((k, v) -> m.put(k, v instanceof Number ? v : String.valueOf(v)));
		ImagePlus out = r.image();
		if (out == null)
			return m;
		long n = 0, nonzero = 0;
		double max = 0;
		for (int s = 1; s <= out.getStackSize(); s++) {
			ImageProcessor ip = out.getStack().getProcessor(s);
			int size = ip.getPixelCount();
			for (int i = 0; i < size; i++) {
				float v = ip.getf(i);
				if (v != 0)
					nonzero++;
				if (v > max)
					max = v;
			}
			n += size;
		}
		if (out.getBitDepth() == 8 && max <= 255)
			m.put("fg_fraction", nonzero / (double) n);
		else
			m.put("max_label", max);
		return m;
	}

	/**
	 * The warm-up rule: at least {@code runs} rounds and {@code seconds} seconds, then more rounds
	 * until the JIT compiler has spent under 2 ms in the last half second (at most 60 s). On a
	 * machine with few cores a compiler thread still busy with the code around an algorithm takes
	 * a core from its parallel loops, and the timed runs would measure that.
	 */
	static final class WarmUp {
		private final int runs;
		private final double seconds;
		private final long start = System.nanoTime();
		int rounds;
		private long windowStart = start, windowJit = jitMs();

		WarmUp(int runs, double seconds) {
			this.runs = runs;
			this.seconds = seconds;
		}

		/** JIT compilation time so far (ms, all compiler threads), 0 where the JVM does not say. */
		static long jitMs() {
			java.lang.management.CompilationMXBean c = java.lang.management.ManagementFactory.getCompilationMXBean();
			return c != null && c.isCompilationTimeMonitoringSupported() ? c.getTotalCompilationTime() : 0;
		}

		double seconds() {
			return (System.nanoTime() - start) / 1e9;
		}

		/** True while another warm-up round is due. */
		boolean another() {
			if (rounds < runs) {
				rounds++;
				return true;
			}
			double s = seconds();
			if (seconds <= 0 || s >= 60)
				return false;
			long now = System.nanoTime();
			boolean quiet = false;
			if (now - windowStart >= 500_000_000L) {
				long jit = jitMs();
				quiet = jit - windowJit < 2;
				windowStart = now;
				windowJit = jit;
			}
			if (s >= seconds && quiet)
				return false;
			rounds++;
			return true;
		}
	}
}
