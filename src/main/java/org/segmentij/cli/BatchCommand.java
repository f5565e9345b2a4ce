package org.segmentij.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.segmentij.InputException;
import org.segmentij.SegmentIJException;
import org.segmentij.UsageException;
import org.segmentij.io.DicomSeries;
import org.segmentij.service.Pipeline;
import org.segmentij.service.SegmentIJ;
import org.segmentij.service.SegmentationService;
import org.segmentij.service.TechniqueResult;

import ij.ImagePlus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "batch", description = { "Run a technique or pipeline file over every image in a folder.",
		"Each output is written atomically; one failing file never stops the rest; summary.csv in the output folder says what happened to each file." })
final class BatchCommand implements Callable<Integer> {

	@Parameters(index = "0", paramLabel = "ID|PIPELINE", description = "Technique id or pipeline file.")
	String id;

	@Option(names = { "-i", "--input" }, required = true, paramLabel = "DIR", description = "Folder of input images (TIFF, NIfTI .nii/.nii.gz, PNG, JPEG, DICOM, ...; each subfolder of DICOM files is one series).")
	Path inputDir;

	@Option(names = { "-o", "--output" }, required = true, paramLabel = "DIR", description = "Folder for results (created if missing).")
	Path outputDir;

	@Option(names = { "-p", "--param" }, paramLabel = "KEY=VALUE", description = "A parameter of the technique (repeatable).")
	List<String> params;

	@Option(names = { "-f", "--format" }, defaultValue = "auto", paramLabel = "EXT", description = {
			"Output format: tif, nii, nii.gz or png; 'auto' (default) writes NIfTI inputs as their own kind (.nii or .nii.gz) and the rest as .tif." })
	String format;

	@Option(names = { "-j", "--jobs" }, defaultValue = "1", description = "Files processed in parallel (default ${DEFAULT-VALUE}).")
	int jobs;

	@Option(names = "--resume", description = "Skip inputs whose output already exists (outputs are only ever complete).")
	boolean resume;

	@Option(names = { "-q", "--quiet" }, description = "No progress bar.")
	boolean quiet;

	/** One line of summary.csv. */
	record Row(String file, String status, String output, long ms, String message) {
	}

	@Override
	public Integer call() throws Exception {
		if (jobs < 1)
			throw new UsageException("--jobs must be at least 1, got " + jobs + ".");
		if (!Files.isDirectory(inputDir))
			throw new InputException("Input folder not found: " + inputDir + ".");
		format = format.toLowerCase(java.util.Locale.ROOT).replaceFirst("^\\.", "");
		if (!List.of("auto", "tif", "tiff", "nii", "nii.gz", "png").contains(format))
			throw new UsageException("--format must be auto, tif, nii, nii.gz or png (got '" + format + "').");
		SegmentationService service = SegmentIJ.segmentation();
		Pipeline pipeline = RunCommand.pipeline(id, params);
		pipeline.validate(service);
		List<Path> files;
		try (Stream<Path> s = Files.list(inputDir)) {
			files = s.filter(f -> Files.isRegularFile(f) && ImageFiles.isImageName(f) || Files.isDirectory(f) && DicomSeries.isDicomFolder(f))
					.filter(f -> !f.getFileName().toString().startsWith(".")).sorted().toList();
		}
		if (files.isEmpty())
			throw new InputException("No images in " + inputDir + " (looked for " + String.join(", ", ImageFiles.IMAGE_EXTENSIONS.stream().sorted().toList())
					+ " files and folders of DICOM files).");
		try {
			Files.createDirectories(outputDir);
		}
		catch (IOException e) {
			throw new InputException("Cannot create output folder " + outputDir + ": " + e.getMessage());
		}
		Map<Path, Path> outputs = outputNames(files);
		Row[] rows = new Row[files.size()];
		Progress progress = new Progress(files.size(), quiet);
		ExecutorService pool = Executors.newFixedThreadPool(jobs);
		List<Future<?>> futures = new ArrayList<>();
		for (int i = 0; i < files.size(); i++) {
			final int k = i;
			futures.add(pool.submit(() -> {
				Path in = files.get(k), out = outputs.get(in);
				rows[k] = process(service, pipeline, in, out);
				synchronized (rows) {
					writeSummary(rows);
				}
				progress.step(rows[k].status.equals("failed"));
			}));
		}
		pool.shutdown();
		pool.awaitTermination(Long.MAX_VALUE, TimeUnit.DAYS);
		for (Future<?> f : futures)
			f.get();
		progress.done();
		long ok = count(rows, "ok"), skipped = count(rows, "skipped"), failed = count(rows, "failed");
		System.out.println("Batch " + pipeline.name() + ": " + ok + " done, " + skipped + " skipped (already done), " + failed
				+ " failed; summary in " + outputDir.resolve("summary.csv"));
		for (Row r : rows)
			if (r.status.equals("failed"))
				System.err.println("  failed: " + r.file + ": " + r.message);
		return failed > 0 ? Main.PARTIAL : Main.OK;
	}

	private Row process(SegmentationService service, Pipeline pipeline, Path in, Path out) {
		String name = in.getFileName().toString();
		if (resume && Files.exists(out))
			return new Row(name, "skipped", out.getFileName().toString(), 0, "output exists");
		long t0 = System.nanoTime();
		try {
			ImagePlus imp = ImageFiles.open(in);
			TechniqueResult r = pipeline.run(service, imp);
			if (r.image() == null) // a technique that only gives values: they go to the summary
				return new Row(name, "ok", "", (System.nanoTime() - t0) / 1_000_000, values(r));
			ImageFiles.save(r.image(), out, imp);
			return new Row(name, "ok", out.getFileName().toString(), (System.nanoTime() - t0) / 1_000_000, values(r));
		}
		catch (SegmentIJException e) {
			return new Row(name, "failed", "", (System.nanoTime() - t0) / 1_000_000, e.getMessage());
		}
		catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
			if (Main.debug)
				e.printStackTrace();
			return new Row(name, "failed", "", (System.nanoTime() - t0) / 1_000_000, "internal error: " + e);
		}
	}

	private static String values(TechniqueResult r) {
		StringBuilder sb = new StringBuilder();
		r.values().forEach((k, v) -> sb.append(sb.length() > 0 ? " " : "").append(k).append('=')
				.append(org.segmentij.params.ParameterParser.format(v)));
		return sb.toString();
	}

	/**
	 * name.EXT for each input (EXT from --format); inputs that share a base name keep their full
	 * name: a.png.tif. A DICOM series folder gives its folder name.
	 */
	private Map<Path, Path> outputNames(List<Path> files) {
		Map<String, Integer> seen = new HashMap<>();
		for (Path f : files)
			seen.merge(base(f), 1, Integer::sum);
		Map<Path, Path> map = new HashMap<>();
		for (Path f : files) {
			String base = base(f);
			map.put(f, outputDir.resolve((seen.get(base) > 1 ? f.getFileName().toString() : base) + "." + outputExtension(f)));
		}
		return map;
	}

	private static String base(Path f) {
		return Files.isDirectory(f) ? f.getFileName().toString() : ImageFiles.baseName(f);
	}

	private String outputExtension(Path in) {
		if (!format.equals("auto"))
			return format;
		String ext = Files.isDirectory(in) ? "" : ImageFiles.extension(in);
		return ext.equals("nii") || ext.equals("nii.gz") ? ext : "tif";
	}

	private void writeSummary(Row[] rows) {
		StringBuilder sb = new StringBuilder("file,status,output,ms,details\n");
		for (Row r : rows)
			if (r != null)
				sb.append(csv(r.file)).append(',').append(r.status).append(',').append(csv(r.output)).append(',')
						.append(r.ms).append(',').append(csv(r.message)).append('\n');
		try {
			ImageFiles.writeAtomically(outputDir.resolve("summary.csv"), sb.toString().getBytes(StandardCharsets.UTF_8));
		}
		catch (IOException e) {
			System.err.println("segmentij: cannot write summary.csv: " + e.getMessage());
		}
	}

	private static String csv(String s) {
		if (s == null)
			return "";
		return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"").replace('\n', ' ') + "\"" : s;
	}

	private static long count(Row[] rows, String status) {
		long n = 0;
		for (Row r : rows)
			if (r != null && r.status.equals(status))
				n++;
		return n;
	}
}
