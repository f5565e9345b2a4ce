package org.segmentij.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.segmentij.service.FolderBatch;
import org.segmentij.service.Pipeline;
import org.segmentij.service.SegmentIJ;
import org.segmentij.service.SegmentationService;

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

	@Option(names = "--resume", description = "Skip inputs whose output already exists (outputs are only ever complete; temporary files a killed run left are removed).")
	boolean resume;

	@Option(names = { "-q", "--quiet" }, description = "No progress bar.")
	boolean quiet;

	@Override
	public Integer call() throws Exception {
		SegmentationService service = SegmentIJ.segmentation();
		Pipeline pipeline = RunCommand.pipeline(id, params);
		FolderBatch batch = new FolderBatch(service, pipeline, inputDir, outputDir).jobs(jobs).resume(resume).format(format);
		Progress progress = new Progress(batch.inputs().size(), quiet);
		FolderBatch.Summary summary = batch.run(new FolderBatch.Listener() {
			@Override
			public void finished(FolderBatch.Row row, int done, int total) {
				progress.step(row.failed());
			}
		});
		progress.done();
		System.out.println("Batch " + summary.line() + (summary.summaryError() == null ? "; summary in " + summary.summary() : ""));
		for (FolderBatch.Row r : summary.rows())
			if (r.failed())
				System.err.println("  failed: " + r.file() + ": " + r.message());
		if (summary.summaryError() != null)
			System.err.println("segmentij: " + summary.summaryError() + (Files.exists(summary.summary()) ? " (the one there is from before the last file)" : ""));
		if (summary.stopped() != null)
			System.err.println("segmentij: stopped, " + summary.stopped() + "; " + (summary.total() - summary.rows().size())
					+ " files not started. Free some space, then run the same command with --resume to finish the rest.");
		return summary.count(FolderBatch.FAILED) > 0 || summary.canceled() || summary.summaryError() != null ? Main.PARTIAL : Main.OK;
	}
}
