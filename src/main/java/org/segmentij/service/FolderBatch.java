package org.segmentij.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.segmentij.InputException;
import org.segmentij.SegmentIJException;
import org.segmentij.UsageException;
import org.segmentij.cli.ImageFiles;
import org.segmentij.image.LabelImages;
import org.segmentij.io.DicomSeries;
import org.segmentij.params.ParameterParser;

import ij.ImagePlus;
import ij.ImageStack;

/**
 * A technique or pipeline run over every image of a folder: the one batch engine behind
 * {@code segmentij batch} and ImageJ's <i>Plugins › Segmentation › Batch › Batch Process
 * Folder...</i>. Inputs are image files and folders of DICOM files (a series each). Each output
 * is written atomically as {@code name.tif} (or NIfTI / PNG, see {@link #format}); one failing file never
 * stops the rest; {@code summary.csv} in the output folder (file, status, output, ms, objects,
 * details) is rewritten after every file, so it is complete up to the last finished file even if
 * the run is stopped. The caller sees progress and may cancel through a {@link Listener}.
 */
public final class FolderBatch {

	/** One line of summary.csv. {@code objects} is the number of labels of a label-image output, else -1. */
	public record Row(String file, String status, String output, long ms, long objects, String message) {

		public boolean failed() {
			return status.equals(FAILED);
		}
	}

	/**
	 * What a batch did.
	 *
	 * @param rows     one per processed file, in file order (files not reached after a cancel are left out)
	 * @param total    images found in the folder
	 * @param canceled true when the batch stopped before every file was processed: the listener
	 *                 canceled it, or the disk filled up ({@code stopped} then says so)
	 * @param stopped  why the batch stopped by itself before the end (e.g. "disk full"), or null
	 * @param ms       wall time of the whole batch
	 * @param summary  the summary.csv written
	 * @param summaryError null, or why summary.csv could not be written (its last complete version stays)
	 */
	public record Summary(String name, List<Row> rows, int total, boolean canceled, String stopped, long ms, Path summary,
			String summaryError) {

		public long count(String status) {
			return rows.stream().filter(r -> r.status.equals(status)).count();
		}

		/** Labels in all label-image outputs, or -1 when no output was a label image. */
		public long objects() {
			long n = -1;
			for (Row r : rows)
				if (r.objects >= 0)
					n = Math.max(n, 0) + r.objects;
			return n;
		}

		/** One line: "otsu: 3 files, 3 done, 0 skipped, 0 failed, 57 objects, 1.4 s". */
		public String line() {
			long obj = objects();
			return name + ": " + total + " files, " + count(OK) + " done, " + count(SKIPPED) + " skipped, " + count(FAILED)
					+ " failed" + (canceled ? ", " + (total - rows.size()) + " not started (" + (stopped != null ? stopped : "canceled") + ")" : "")
					+ (obj >= 0 ? ", " + obj + " objects" : "") + String.format(java.util.Locale.ROOT, ", %.1f s", ms / 1000.0);
		}
	}

	/** Progress and cancellation; called from the worker threads (one at a time per call). */
	public interface Listener {

		/** A file is about to be processed. */
		default void started(Path file, int index, int total) {
		}

		/** A file is done ({@code done} files so far, in any order). */
		default void finished(Row row, int done, int total) {
		}

		/** Asked before each file: true stops the batch (files being processed finish). */
		default boolean canceled() {
			return false;
		}
	}

	public static final String OK = "ok", SKIPPED = "skipped", FAILED = "failed";

	private final SegmentationService service;
	private final Pipeline pipeline;
	private final Path inputDir, outputDir;
	private int jobs = 1;
	private boolean resume;
	private String format = "auto";
	/** Set by the first output that could not be written for want of space. */
	private final java.util.concurrent.atomic.AtomicBoolean diskFull = new java.util.concurrent.atomic.AtomicBoolean();

	/** Checks the folders and every pipeline step, so that a batch fails before its first file. */
	public FolderBatch(SegmentationService service, Pipeline pipeline, Path inputDir, Path outputDir) {
		this(service, pipeline, inputDir, outputDir, true);
	}

	/**
	 * The engine for images named one by one rather than found in a folder (the Spark runner's
	 * tasks): {@link #outputNames} and {@link #process} per image, the same output names, atomic
	 * writes and rows as a folder batch. {@link #inputs()} and {@link #run} need a folder and
	 * refuse. Every pipeline step is checked here.
	 */
	public static FolderBatch forFiles(SegmentationService service, Pipeline pipeline, Path outputDir) {
		return new FolderBatch(service, pipeline, null, outputDir, false);
	}

	private FolderBatch(SegmentationService service, Pipeline pipeline, Path inputDir, Path outputDir, boolean folder) {
		this.service = service;
		this.pipeline = pipeline;
		this.inputDir = inputDir;
		this.outputDir = outputDir;
		pipeline.validate(service);
		if (folder && inputDir != null && Files.isRegularFile(inputDir))
			throw new UsageException("The input " + inputDir + " is a file; batch takes a folder of images (use 'segmentij run' for one image).");
		if (folder && (inputDir == null || !Files.isDirectory(inputDir)))
			throw new InputException("Input folder not found: " + inputDir + ". Give a folder of images.");
		if (outputDir == null)
			throw new UsageException("No output folder given; name a folder for the results (it is created if missing).");
		if (inputDir != null && (inputDir.toAbsolutePath().normalize().equals(outputDir.toAbsolutePath().normalize()) || sameFile(inputDir, outputDir)))
			throw new UsageException("The output folder is the input folder (" + inputDir
					+ "); give another one, or the results would be read as inputs next time.");
	}

	private static boolean sameFile(Path a, Path b) {
		try {
			return Files.exists(b) && Files.isSameFile(a, b);
		}
		catch (java.io.IOException e) {
			return false;
		}
	}

	/** Files processed in parallel (default 1). */
	public FolderBatch jobs(int jobs) {
		if (jobs < 1)
			throw new UsageException("jobs must be at least 1, got " + jobs + ".");
		this.jobs = jobs;
		return this;
	}

	/** Skip inputs whose output exists (outputs are only ever complete). */
	public FolderBatch resume(boolean resume) {
		this.resume = resume;
		return this;
	}

	/**
	 * Output format: tif, nii, nii.gz or png; "auto" (default) writes NIfTI inputs as their own
	 * kind (.nii or .nii.gz) and the rest as .tif.
	 */
	public FolderBatch format(String format) {
		String f = format == null ? "auto" : format.toLowerCase(java.util.Locale.ROOT).replaceFirst("^\\.", "");
		if (!List.of("auto", "tif", "tiff", "nii", "nii.gz", "png").contains(f))
			throw new UsageException("The output format must be auto, tif, nii, nii.gz or png (got '" + format + "').");
		this.format = f;
		return this;
	}

	public Pipeline pipeline() {
		return pipeline;
	}

	/**
	 * The images of the input folder (files, and subfolders of DICOM files: one series each), sorted
	 * by name; entries named like images that are not files (a folder without DICOM files, a broken
	 * link) are listed too and fail with their reason.
	 */
	public List<Path> inputs() {
		if (inputDir == null)
			throw new UsageException("This batch was made for single files (FolderBatch.forFiles): it has no input folder to list.");
		List<Path> files;
		try (Stream<Path> s = Files.list(inputDir)) {
			// everything named like an image is listed, also what cannot be one (a folder, a broken link, a pipe):
			// those fail with their reason in the summary instead of being passed over in silence
			files = s.filter(f -> ImageFiles.isImageName(f) || Files.isDirectory(f) && DicomSeries.isDicomFolder(f))
					.filter(f -> !f.getFileName().toString().startsWith(".")).sorted().toList();
		}
		catch (IOException e) {
			throw new InputException("Cannot list " + inputDir + ": " + e.getMessage());
		}
		if (files.isEmpty())
			throw new InputException("No images in " + inputDir + " (looked for "
					+ String.join(", ", ImageFiles.IMAGE_EXTENSIONS.stream().sorted().toList()) + " files and folders of DICOM files).");
		return files;
	}

	/** Runs the batch; returns when every started file is finished. */
	public Summary run(Listener listener) {
		long t0 = System.nanoTime();
		List<Path> files = inputs();
		try {
			Files.createDirectories(outputDir);
		}
		catch (IOException e) {
			throw new InputException("Cannot create output folder " + outputDir + ": " + ImageFiles.why(e) + "; choose a folder you can write to.");
		}
		Map<Path, Path> outputs = outputNames(files);
		removeStaleParts(outputs.values());
		checkWritable();
		diskFull.set(false);
		Row[] rows = new Row[files.size()];
		int[] done = { 0 };
		boolean[] canceled = { false };
		String[] stopped = { null }, summaryError = { null };
		ExecutorService pool = Executors.newFixedThreadPool(jobs);
		List<Future<?>> futures = new ArrayList<>();
		try {
			for (int i = 0; i < files.size(); i++) {
				final int k = i;
				futures.add(pool.submit(() -> {
					synchronized (canceled) {
						if (canceled[0] || listener.canceled()) {
							canceled[0] = true;
							return;
						}
					}
					Path in = files.get(k);
					listener.started(in, k, files.size());
					Row row = process(in, outputs.get(in));
					if (row.failed() && diskFull.get())
						synchronized (canceled) { // the files after it would fail too: stop, --resume finishes later
							canceled[0] = true;
							stopped[0] = DISK_FULL;
						}
					synchronized (rows) {
						rows[k] = row;
						summaryError[0] = writeSummary(rows);
						done[0]++;
						listener.finished(row, done[0], files.size());
					}
				}));
			}
			pool.shutdown();
			for (Future<?> f : futures)
				f.get();
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			canceled[0] = true;
		}
		catch (java.util.concurrent.ExecutionException e) {
			if (e.getCause() instanceof RuntimeException re) // a listener's own error
				throw re;
			throw new IllegalStateException("Batch worker failed: " + e.getCause(), e.getCause());
		}
		finally {
			pool.shutdownNow();
			try {
				pool.awaitTermination(1, TimeUnit.MINUTES);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		}
		List<Row> list = new ArrayList<>();
		for (Row r : rows)
			if (r != null)
				list.add(r);
		if (summaryError[0] != null) // once more: a file failing may have freed the space it took
			summaryError[0] = writeSummary(rows);
		return new Summary(pipeline.name(), List.copyOf(list), files.size(), canceled[0] && list.size() < files.size(),
				stopped[0], (System.nanoTime() - t0) / 1_000_000, outputDir.resolve("summary.csv"), summaryError[0]);
	}

	/** What a failed row's message says when the output could not be written for want of space. */
	public static final String DISK_FULL = "disk full";

	/** Fails before the first file when the output folder cannot be written at all (permissions, read-only). */
	private void checkWritable() {
		try {
			Path probe = Files.createTempFile(outputDir, ".segmentij-write-test", ".part");
			Files.delete(probe);
		}
		catch (IOException e) {
			if (org.segmentij.DiskFullException.isDiskFull(e))
				return; // full but writable: each file says so and the batch stops at the first
			throw new InputException("Cannot write in the output folder " + outputDir + " ("
					+ (e instanceof java.nio.file.AccessDeniedException ? "permission denied" : e.getMessage())
					+ "); choose a folder you can write to.");
		}
	}

	/**
	 * Deletes the temporary files (".NAME<digits>.part", see ImageFiles) that a killed run left
	 * beside this batch's outputs (NAME an output, its .csv, or summary.csv); nothing else is touched.
	 */
	public void removeStaleParts(java.util.Collection<Path> outputs) {
		java.util.Set<String> names = new java.util.HashSet<>(List.of("summary.csv"));
		for (Path out : outputs) {
			names.add(out.getFileName().toString());
			names.add(ImageFiles.baseName(out) + ".csv");
		}
		try (Stream<Path> s = Files.list(outputDir)) {
			for (Path f : s.filter(Files::isRegularFile).toList()) {
				String n = f.getFileName().toString();
				if (n.startsWith(".") && n.endsWith(".part") && names.contains(n.substring(1, n.length() - 5).replaceFirst("-?\\d+$", "")))
					Files.deleteIfExists(f);
			}
		}
		catch (IOException e) {
			throw new InputException("Cannot list or clean the output folder " + outputDir + ": " + e.getMessage());
		}
	}

	/**
	 * Runs the pipeline on one input and writes its output {@code out} (atomically) or, for a
	 * pipeline that ends in a table, {@code NAME.csv} beside it; never throws for a bad image
	 * (the row says failed and why). Safe to call from several threads, and again for the same
	 * input: a rerun rewrites the same output in place of the old one.
	 */
	public Row process(Path in, Path out) {
		String name = in.getFileName().toString();
		Path csv = out.resolveSibling(ImageFiles.baseName(out) + ".csv");
		if (resume && (Files.exists(out) || Files.exists(csv)))
			return new Row(name, SKIPPED, (Files.exists(out) ? out : csv).getFileName().toString(), 0, -1, "output exists");
		long t0 = System.nanoTime();
		String notAnImage = notAnImage(in);
		if (notAnImage != null)
			return new Row(name, FAILED, "", 0, -1, notAnImage);
		try {
			ImagePlus imp = ImageFiles.open(in);
			TechniqueResult r = pipeline.run(service, imp);
			NamedTable table = r.values().values().stream().filter(NamedTable.class::isInstance).map(NamedTable.class::cast)
					.findFirst().orElse(null);
			if (r.image() == null && table != null) { // a table: NAME.csv beside where the image would go
				ImageFiles.writeAtomically(csv, table.csv());
				return new Row(name, OK, csv.getFileName().toString(), (System.nanoTime() - t0) / 1_000_000, table.table().size(),
						values(r));
			}
			if (r.image() == null) // a technique that only gives values: they go to the summary
				return new Row(name, OK, "", (System.nanoTime() - t0) / 1_000_000, -1, values(r));
			long objects = objects(r.image());
			ImageFiles.save(r.image(), out, imp);
			return new Row(name, OK, out.getFileName().toString(), (System.nanoTime() - t0) / 1_000_000, objects, values(r));
		}
		catch (org.segmentij.DiskFullException e) {
			diskFull.set(true);
			return new Row(name, FAILED, "", (System.nanoTime() - t0) / 1_000_000, -1, e.getMessage());
		}
		catch (SegmentIJException e) {
			return new Row(name, FAILED, "", (System.nanoTime() - t0) / 1_000_000, -1, e.getMessage());
		}
		catch (java.io.IOException e) {
			return new Row(name, FAILED, "", (System.nanoTime() - t0) / 1_000_000, -1, "cannot write: " + e.getMessage());
		}
		catch (OutOfMemoryError e) {
			return new Row(name, FAILED, "", (System.nanoTime() - t0) / 1_000_000, -1, org.segmentij.Memory.outOfMemory(e, in, jobs));
		}
		catch (RuntimeException | StackOverflowError e) {
			return new Row(name, FAILED, "", (System.nanoTime() - t0) / 1_000_000, -1, "internal error: " + e);
		}
	}

	/** Why an entry of the folder named like an image cannot be read as one, or null when it may be. */
	private static String notAnImage(Path in) {
		if (Files.isSymbolicLink(in) && !Files.exists(in)) {
			String to;
			try {
				to = Files.readSymbolicLink(in).toString();
			}
			catch (IOException | UnsupportedOperationException e) {
				to = "?";
			}
			return "a broken link (to " + to + ", which does not exist)";
		}
		if (Files.isDirectory(in))
			return DicomSeries.isDicomFolder(in) ? null : "a folder named like an image, with no DICOM files in it";
		if (!Files.isRegularFile(in))
			return Files.exists(in) ? "not a regular file (a pipe, socket or device)" : "gone: deleted after the batch started";
		return null;
	}

	/** The number of distinct non-zero labels of a label image (property SegmentIJ.labels), else -1. */
	static long objects(ImagePlus imp) {
		if (!"true".equals(imp.getProp(LabelImages.LABELS_PROPERTY)))
			return -1;
		BitSet seen = new BitSet();
		ImageStack stack = imp.getStack();
		for (int s = 1; s <= stack.getSize(); s++) {
			ij.process.ImageProcessor ip = stack.getProcessor(s);
			for (int i = 0, n = ip.getPixelCount(); i < n; i++) {
				int v = (int) ip.getf(i);
				if (v > 0)
					seen.set(v);
			}
		}
		return seen.cardinality();
	}

	private static String values(TechniqueResult r) {
		StringBuilder sb = new StringBuilder();
		r.values().forEach((k, v) -> {
			if (!(v instanceof NamedTable || v instanceof RoiSet))
				sb.append(sb.length() > 0 ? " " : "").append(k).append('=').append(ParameterParser.format(v));
		});
		return sb.toString();
	}

	/**
	 * name.EXT for each input (EXT from the format); inputs that share a base name keep their full
	 * name: a.png.tif. A DICOM series folder gives its folder name.
	 */
	public Map<Path, Path> outputNames(List<Path> files) {
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

	/** Rewrites summary.csv; returns null, or why it could not be written (the last version written stays). */
	private String writeSummary(Row[] rows) {
		StringBuilder sb = new StringBuilder("file,status,output,ms,objects,details\n");
		for (Row r : rows)
			if (r != null)
				sb.append(csv(r.file)).append(',').append(r.status).append(',').append(csv(r.output)).append(',').append(r.ms)
						.append(',').append(r.objects >= 0 ? Long.toString(r.objects) : "").append(',').append(csv(r.message))
						.append('\n');
		try {
			ImageFiles.writeAtomically(outputDir.resolve("summary.csv"), sb.toString().getBytes(StandardCharsets.UTF_8));
			return null;
		}
		catch (IOException | SegmentIJException e) {
			return e instanceof SegmentIJException ? e.getMessage() : "Cannot write " + outputDir.resolve("summary.csv") + ": " + e.getMessage();
		}
	}

	private static String csv(String s) {
		if (s == null)
			return "";
		return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"").replace('\n', ' ') + "\"" : s;
	}
}
