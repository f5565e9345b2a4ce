package org.segmentij.spark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.segmentij.InputException;
import org.segmentij.SegmentIJException;
import org.segmentij.UsageException;
import org.segmentij.cli.ImageFiles;
import org.segmentij.params.ParameterParser;
import org.segmentij.service.FolderBatch;
import org.segmentij.service.Pipeline;
import org.segmentij.service.SegmentIJ;
import org.segmentij.service.SegmentationService;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code segmentij batch} on Apache Spark: the same technique or pipeline file over a folder or
 * a list of images, one Spark task per image (images larger than {@code --tile} as one task per
 * tile, labels stitched). Runs on {@code local[*]} by default, or wherever spark-submit sends it.
 * Outputs are written by the batch engine ({@link FolderBatch}: same names, same bytes, atomic);
 * the driver writes {@code summary.csv} (batch's columns, plus metrics with {@code --truth}).
 * Exit codes as {@code segmentij}: 0 ok, 2 usage, 3 input, 4 some images failed, 1 internal.
 */
@Command(name = "segmentij-spark", mixinStandardHelpOptions = true, versionProvider = SparkBatch.Version.class, description = {
		"Run a technique or pipeline file over many images on Apache Spark (one task per image; tiles for large images).",
		"Outputs as 'segmentij batch' writes them (atomically, same names); summary.csv in the output folder." })
public final class SparkBatch implements Callable<Integer> {

	public static final int OK = 0, INTERNAL = 1, PARTIAL = 4;

	@Parameters(index = "0", paramLabel = "ID|PIPELINE", description = "Technique id or pipeline file (read on the driver).")
	String id;

	@Option(names = { "-i", "--input" }, required = true, paramLabel = "DIR|LIST", description = {
			"A folder of images (as 'segmentij batch' finds them), or a text file listing images, one path a line",
			"(relative paths from the list's folder; '#' starts a comment). Every executor must see the same paths." })
	Path input;

	@Option(names = { "-o", "--output" }, required = true, paramLabel = "DIR", description = "Folder for results (created if missing), on a file system every executor shares.")
	Path output;

	@Option(names = { "-p", "--param" }, paramLabel = "KEY=VALUE", description = "A parameter of the technique (repeatable).")
	List<String> params;

	@Option(names = { "-f", "--format" }, defaultValue = "auto", paramLabel = "EXT", description = "Output format: tif, nii, nii.gz or png; 'auto' (default) as batch.")
	String format;

	@Option(names = "--resume", description = "Skip inputs whose output already exists.")
	boolean resume;

	@Option(names = "--truth", paramLabel = "DIR", description = "Ground truth, matched by base name: dice, iou, precision, recall (and f1@0.50, ap@0.50 for label outputs) in summary.csv.")
	Path truth;

	@Option(names = "--tile", defaultValue = "0", paramLabel = "PIXELS", description = "Tile 2D TIFF images wider or taller than this: one task per tile, labels stitched across tile borders (0 = never, default).")
	int tile;

	@Option(names = "--halo", defaultValue = "32", paramLabel = "PIXELS", description = "Pixels each tile sees beyond its core on every side (default ${DEFAULT-VALUE}); at least the reach of the pipeline's filters, above the object size for watershed pipelines.")
	int halo;

	@Option(names = "--per-task", defaultValue = "1", paramLabel = "K", description = {
			"Images per Spark task (default ${DEFAULT-VALUE}: one task per image). Spark spends a few milliseconds on every task;",
			"for images that take about as long, K = 4..16 hides it. A retried task redoes its K images (same outputs)." })
	int perTask;

	@Option(names = "--master", paramLabel = "URL", description = "Spark master; default: spark-submit's, else local[*].")
	String master;

	@Option(names = "--conf", paramLabel = "KEY=VALUE", description = "A Spark setting (repeatable), e.g. --conf spark.task.maxFailures=4.")
	List<String> conf;

	@Option(names = "--debug", description = "Print stack traces of errors.")
	boolean debug;

	public static void main(String[] args) {
		System.exit(execute(args));
	}

	/** Runs the command line and returns its exit code (tests call this). */
	public static int execute(String... args) {
		ImageTask.setIfAbsent("java.awt.headless", "true");
		SparkBatch app = new SparkBatch();
		CommandLine cl = new CommandLine(app);
		cl.setParameterExceptionHandler((ex, a) -> {
			System.err.println("segmentij-spark: " + ex.getMessage() + ". See 'segmentij-spark --help'.");
			return 2;
		});
		cl.setExecutionExceptionHandler((ex, c, parsed) -> {
			if (app.debug)
				ex.printStackTrace();
			if (ex instanceof SegmentIJException s) {
				System.err.println("segmentij-spark: " + s.getMessage());
				return s.exitCode();
			}
			System.err.println("segmentij-spark: internal error: " + ex + (app.debug ? "" : " (run with --debug for details)"));
			return INTERNAL;
		});
		return cl.execute(args);
	}

	@Override
	public Integer call() {
		long t0 = System.nanoTime();
		if (perTask < 1)
			throw new UsageException("--per-task must be at least 1 (got " + perTask + ").");
		if (tile > 0)
			new TileGrid(tile, tile, tile, halo); // checks tile and halo
		if (truth != null && !Files.isDirectory(truth))
			throw new InputException("Ground-truth folder not found: " + truth + ".");
		SegmentationService service = SegmentIJ.segmentation();
		Pipeline pipeline = pipeline(id, params);
		FolderBatch engine = FolderBatch.forFiles(service, pipeline, output).format(format).resume(resume); // checks every step
		List<Path> files = inputs(service, pipeline);
		Map<Path, Path> outputs = engine.outputNames(files);
		checkDistinct(files, outputs);
		try {
			Files.createDirectories(output);
		}
		catch (IOException e) {
			throw new InputException("Cannot create output folder " + output + ": " + e.getMessage());
		}
		engine.removeStaleParts(outputs.values());
		JobSpec spec = JobSpec.of(pipeline, output, format, resume, truth);

		// which images are tiled: 2D TIFFs above the tile size (their header says)
		Map<Path, TileGrid> grids = new HashMap<>();
		if (tile > 0)
			for (Path f : files) {
				RegionReader.Info info = RegionReader.info(f);
				if (info != null && info.planes() == 1 && (info.width() > tile || info.height() > tile))
					grids.put(f, new TileGrid(info.width(), info.height(), tile, halo));
			}

		// Spark starts only now that everything is checked
		Result[] results = new Result[files.size()];
		try (JavaSparkContext jsc = new JavaSparkContext(sparkConf(pipeline))) {
			jsc.setLogLevel("WARN");
			List<String[]> whole = new ArrayList<>();
			List<Integer> wholeIndex = new ArrayList<>();
			for (int i = 0; i < files.size(); i++)
				if (!grids.containsKey(files.get(i))) {
					whole.add(new String[] { files.get(i).toAbsolutePath().toString(), outputs.get(files.get(i)).toAbsolutePath().toString() });
					wholeIndex.add(i);
				}
			if (!whole.isEmpty()) {
				// one task per image (or per K images): as many partitions; the spec goes to each executor once
				List<Result> r = new ImageRDD(jsc.sc(), jsc.broadcast(spec), whole, perTask).run();
				for (int k = 0; k < r.size(); k++)
					results[wholeIndex.get(k)] = r.get(k);
			}
			for (int i = 0; i < files.size(); i++)
				if (grids.containsKey(files.get(i)))
					results[i] = TiledImage.run(jsc, spec, files.get(i), outputs.get(files.get(i)), grids.get(files.get(i)));
		}
		engine.removeStaleParts(outputs.values()); // what killed task attempts left
		List<Result> rows = List.of(results);
		Path table = output.resolve("summary.csv");
		writeTable(table, rows, truth != null);
		List<FolderBatch.Row> batchRows = rows.stream().map(Result::row).toList();
		FolderBatch.Summary summary = new FolderBatch.Summary(pipeline.name(), batchRows, files.size(), false, null,
				(System.nanoTime() - t0) / 1_000_000, table, null);
		System.out.println("Spark batch " + summary.line() + "; summary in " + table);
		for (Result r : rows)
			if (r.failed())
				System.err.println("  failed: " + r.file() + ": " + r.details());
		return summary.count(FolderBatch.FAILED) > 0 ? PARTIAL : OK;
	}

	/** A technique id with --param values, or a pipeline file (which then takes no --param): as 'segmentij batch'. */
	static Pipeline pipeline(String id, List<String> params) {
		if (Pipeline.isFile(id) && params != null && !params.isEmpty())
			throw new UsageException("--param is for a single technique; put parameters on the lines of the pipeline file " + id + ".");
		return Pipeline.of(id, ParameterParser.parseAssignments(params));
	}

	/** The images: batch's folder rule, or the lines of a list file. */
	private List<Path> inputs(SegmentationService service, Pipeline pipeline) {
		if (Files.isDirectory(input))
			return new FolderBatch(service, pipeline, input, output).inputs();
		if (!Files.isRegularFile(input))
			throw new InputException("Input not found: " + input + ". Give a folder of images or a text file listing them.");
		if (ImageFiles.isImageName(input))
			throw new UsageException("-i " + input + " is an image; give a folder of images or a text file listing them (one path a line).");
		List<String> lines;
		try {
			lines = Files.readAllLines(input, StandardCharsets.UTF_8);
		}
		catch (IOException e) {
			throw new InputException("Cannot read the list " + input + ": " + e.getMessage());
		}
		Path base = input.toAbsolutePath().getParent();
		List<Path> files = new ArrayList<>();
		for (String line : lines) {
			int hash = line.indexOf('#');
			String s = (hash >= 0 ? line.substring(0, hash) : line).trim();
			if (!s.isEmpty())
				files.add(base.resolve(s).normalize());
		}
		if (files.isEmpty())
			throw new InputException("The list " + input + " names no images.");
		return files;
	}

	/** Two inputs may not write the same output (a list can name x.tif of two folders). */
	private static void checkDistinct(List<Path> files, Map<Path, Path> outputs) {
		Map<Path, Path> seen = new HashMap<>();
		for (Path f : files) {
			Path o = outputs.get(f);
			Path other = seen.putIfAbsent(o, f);
			if (other != null)
				throw new UsageException(other + " and " + f + " would both be written to " + o
						+ "; list each image once, or process same-named images of different folders in separate runs.");
		}
	}

	private SparkConf sparkConf(Pipeline pipeline) {
		SparkConf c = new SparkConf(true); // spark.* system properties: what spark-submit passes
		if (master != null)
			c.setMaster(master);
		else if (!c.contains("spark.master"))
			c.setMaster("local[*]");
		c.setIfMissing("spark.app.name", "SegmentIJ " + pipeline.name());
		if (c.get("spark.master").startsWith("local")) {
			// one machine: nothing listens beyond the loopback, no web UI
			c.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
			c.setIfMissing("spark.driver.host", "127.0.0.1");
			c.setIfMissing("spark.ui.enabled", "false");
		}
		for (Map.Entry<String, String> e : ParameterParser.parseAssignments(conf).entrySet())
			c.set(e.getKey(), e.getValue());
		return c;
	}

	/** summary.csv: batch's columns (file, status, output, ms, objects, details), then the metrics; written atomically. */
	static void writeTable(Path table, List<Result> rows, boolean metrics) {
		StringBuilder sb = new StringBuilder("file,status,output,ms,objects,details");
		if (metrics)
			for (String m : ImageTask.METRICS)
				sb.append(',').append(m);
		sb.append('\n');
		for (Result r : rows) {
			sb.append(csv(r.file())).append(',').append(r.status()).append(',').append(csv(r.output())).append(',').append(r.ms())
					.append(',').append(r.objects() >= 0 ? Long.toString(r.objects()) : "").append(',').append(csv(r.details()));
			if (metrics)
				for (String m : ImageTask.METRICS) {
					Double v = r.metrics().get(m);
					sb.append(',').append(v == null ? "" : String.format(Locale.ROOT, "%.6g", v));
				}
			sb.append('\n');
		}
		try {
			ImageFiles.writeAtomically(table, sb.toString().getBytes(StandardCharsets.UTF_8));
		}
		catch (IOException e) {
			throw new InputException("Cannot write " + table + ": " + e.getMessage());
		}
	}

	private static String csv(String s) {
		if (s == null)
			return "";
		return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"").replace('\n', ' ') + "\"" : s;
	}

	static final class Version implements CommandLine.IVersionProvider {
		@Override
		public String[] getVersion() {
			String v = SparkBatch.class.getPackage().getImplementationVersion();
			return new String[] { "SegmentIJ on Spark " + (v == null ? "(development)" : v) + ", Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION()
					+ ", Java " + System.getProperty("java.version") };
		}
	}
}
