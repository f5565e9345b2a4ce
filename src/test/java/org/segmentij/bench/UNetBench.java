package org.segmentij.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import org.segmentij.deep.losses.Losses;
import org.segmentij.deep.nets.NetConfig;
import org.segmentij.deep.nets.Networks;
import org.segmentij.deep.nets.SegmentationNetwork;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

/**
 * Not a test: the timing harness matching /work/shared/peers/peers_deep.py (U-Net depth 4 base 32
 * and depth 3 base 16, 1 -> 2 classes, batch norm, transposed 2x2 up-sampling). Inference (eval
 * mode, no autograd) on 1x1x512x512 and 1x1x256x256, 2 warm-up runs + median/min of N; one training
 * step (forward, CE + soft Dice, backward, Adam 1e-3) at 4x1x128x128. Run with
 * {@code OMP_NUM_THREADS=2 java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=2
 * -Dai.djl.pytorch.num_interop_threads=1 -cp target/classes:target/test-classes:$(cat cp.txt)
 * org.segmentij.bench.UNetBench [--n 10] [--json out.json]}.
 */
public final class UNetBench {

	public static void main(String[] args) throws Exception {
		int n = 10;
		Path json = null;
		boolean train = true;
		for (int i = 0; i < args.length; i++) {
			if (args[i].equals("--n"))
				n = Integer.parseInt(args[++i]);
			else if (args[i].equals("--json"))
				json = Path.of(args[++i]);
			else if (args[i].equals("--no-train"))
				train = false;
			else
				throw new IllegalArgumentException("usage: UNetBench [--n N] [--json OUT] [--no-train]");
		}
		Engine engine = Engine.getEngine("PyTorch");
		Map<String, Object> root = new LinkedHashMap<>();
		root.put("engine", engine.getEngineName() + " " + engine.getVersion());
		root.put("omp_num_threads", System.getenv("OMP_NUM_THREADS"));
		Map<String, Object> models = new LinkedHashMap<>();
		root.put("models", models);
		for (int[] layout : new int[][] { { 4, 32 }, { 3, 16 } }) {
			String name = "unet_d" + layout[0] + "_b" + layout[1];
			Map<String, Object> res = new LinkedHashMap<>();
			models.put(name, res);
			engine.setRandomSeed(0);
			NetConfig cfg = NetConfig.builder().depth(layout[0]).base(layout[1]).build();
			try (NDManager m = NDManager.newBaseManager("PyTorch")) {
				SegmentationNetwork net = Networks.create("unet", cfg);
				net.initialize(m, DataType.FLOAT32, new Shape(1, 1, 256, 256));
				res.put("params", net.trainableParameterCount());
				ParameterStore ps = new ParameterStore(m, false);
				SplittableRandom r = new SplittableRandom(1);
				for (int size : new int[] { 512, 256 }) {
					float[] x = new float[size * size];
					for (int i = 0; i < x.length; i++)
						x[i] = (float) r.nextDouble(-2, 2);
					Map<String, Object> t = time(n, 2, () -> {
						try (NDManager sub = m.newSubManager()) {
							NDArray in = sub.create(x, new Shape(1, 1, size, size));
							NDArray out = net.forward(ps, new NDList(in), false).singletonOrThrow();
							return out.getShape().get(1);
						}
					});
					res.put("inference_1x1x" + size + "x" + size, t);
					System.out.printf(Locale.ROOT, "%s inference %dx%d: median %.1f ms min %.1f ms cpu %.1f ms%n", name, size, size, t.get("median_ms"), t.get("min_ms"), t.get("cpu_median_ms"));
				}
			}
			if (train) {
				res.put("train_step_4x1x128x128", trainStep(cfg, n));
				System.out.printf(Locale.ROOT, "%s train step 4x1x128x128: %s%n", name, res.get("train_step_4x1x128x128"));
			}
		}
		if (json != null)
			Files.writeString(json, toJson(root), StandardCharsets.UTF_8);
	}

	static Map<String, Object> trainStep(NetConfig cfg, int n) {
		try (Model model = Model.newInstance("unet", Engine.getEngine("PyTorch").getEngineName())) {
			model.setBlock(Networks.create("unet", cfg));
			DefaultTrainingConfig tc = new DefaultTrainingConfig(Losses.parse("ce+dice"))
					.optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build());
			try (Trainer trainer = model.newTrainer(tc)) {
				trainer.initialize(new Shape(4, 1, 128, 128));
				NDManager m = trainer.getManager();
				NDArray xb = m.randomNormal(new Shape(4, 1, 128, 128));
				NDArray yb = m.randomUniform(0, 1, new Shape(4, 128, 128)).gt(0.8).toType(DataType.INT64, false);
				Map<String, Object> t = time(n, 2, () -> {
					try (NDManager sub = m.newSubManager()) {
						NDArray x = xb.duplicate();
						x.attach(sub);
						float loss;
						try (GradientCollector gc = trainer.newGradientCollector()) {
							NDList pred = trainer.forward(new NDList(x));
							NDArray l = trainer.getLoss().evaluate(new NDList(yb), pred);
							gc.backward(l);
							loss = l.getFloat();
						}
						trainer.step();
						return (long) (loss * 1000);
					}
				});
				return t;
			}
		}
	}

	/** Process CPU time (all threads): with one intra-op thread, a measure of work that is robust on a busy machine. */
	private static final com.sun.management.OperatingSystemMXBean CPU = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
			.getOperatingSystemMXBean();

	/**
	 * With one intra-op thread all tensor work runs on the calling thread: its CPU clock (ns
	 * resolution, GC threads excluded); otherwise the process CPU time (10 ms ticks on Linux).
	 */
	static long cpuNanos() {
		return ONE_THREAD ? THREADS.getCurrentThreadCpuTime() : CPU.getProcessCpuTime();
	}

	private static final boolean ONE_THREAD = "1".equals(System.getenv("OMP_NUM_THREADS"));
	private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

	static Map<String, Object> time(int n, int warmup, Supplier<Long> run) {
		long sink = 0;
		for (int i = 0; i < warmup; i++)
			sink += run.get();
		double[] ms = new double[n], cpu = new double[n];
		for (int i = 0; i < n; i++) {
			long c0 = cpuNanos(), t0 = System.nanoTime();
			sink += run.get();
			ms[i] = (System.nanoTime() - t0) / 1e6;
			cpu[i] = (cpuNanos() - c0) / 1e6;
		}
		Arrays.sort(cpu);
		double[] s = ms.clone();
		Arrays.sort(s);
		Map<String, Object> t = new LinkedHashMap<>();
		t.put("median_ms", Math.round((n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2) * 100) / 100.0);
		t.put("min_ms", Math.round(s[0] * 100) / 100.0);
		t.put("cpu_median_ms", Math.round((n % 2 == 1 ? cpu[n / 2] : (cpu[n / 2 - 1] + cpu[n / 2]) / 2) * 100) / 100.0);
		t.put("n_runs", n);
		t.put("warmup_runs", warmup);
		if (sink == Long.MIN_VALUE)
			System.out.println();
		return t;
	}

	@SuppressWarnings("unchecked")
	static String toJson(Object o) {
		if (o instanceof Map) {
			List<String> parts = new ArrayList<>();
			for (Map.Entry<String, Object> e : ((Map<String, Object>) o).entrySet())
				parts.add("\"" + e.getKey() + "\": " + toJson(e.getValue()));
			return "{" + String.join(", ", parts) + "}";
		}
		if (o instanceof Number || o instanceof Boolean)
			return o.toString();
		return o == null ? "null" : "\"" + o.toString().replace("\"", "'") + "\"";
	}
}
