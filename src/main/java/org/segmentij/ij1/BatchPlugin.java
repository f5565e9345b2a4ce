package org.segmentij.ij1;

import java.awt.GraphicsEnvironment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.segmentij.SegmentIJException;
import org.segmentij.UsageException;
import org.segmentij.params.MacroOptions;
import org.segmentij.service.FolderBatch;
import org.segmentij.service.Pipeline;
import org.segmentij.service.SegmentIJ;
import org.segmentij.service.SegmentationService;
import org.segmentij.service.Technique;

import ij.IJ;
import ij.Macro;
import ij.Prefs;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;

/**
 * <i>Plugins › Segmentation › Batch › Batch Process Folder...</i>: a technique or a pipeline
 * file over every image of a folder, through the same {@link FolderBatch} as
 * {@code segmentij batch}. Progress in ImageJ's status and progress bars; Esc stops after the
 * file being processed; a summary line in the Log (files, done, failed, objects of label
 * outputs, time) and {@code summary.csv} in the output folder. Macro form (recorded by the
 * dialog):
 *
 * <pre>
 * run("Batch Process Folder...", "input=/data/in output=/data/out technique=otsu parameters=[dark_objects] resume");
 * run("Batch Process Folder...", "input=/data/in output=/data/out technique=[Pipeline file] pipeline=/data/nuclei.pipeline");
 * run("Batch Process Folder...", "input=/data/mri output=/data/masks technique=otsu format=nii.gz");
 * </pre>
 *
 * {@code technique} takes a technique id, its menu label, or a pipeline file's path.
 */
public class BatchPlugin implements PlugIn {

	/** The choice that takes the pipeline from the {@code pipeline} field. */
	public static final String PIPELINE_FILE = "Pipeline file";

	static final String TITLE = "Batch Process Folder";

	/** The settings of one batch, as the dialog or the macro options give them. */
	record Settings(String input, String output, String technique, String pipeline, String parameters, int jobs, boolean resume,
			String format) {
	}

	@Override
	public void run(String arg) {
		TechniquePlugin.withPluginClassLoader(this::runBatch);
	}

	private void runBatch() {
		String options = Macro.getOptions();
		try {
			SegmentationService service = SegmentIJ.segmentation();
			Settings s;
			if (options != null)
				s = fromOptions(options);
			else if (GraphicsEnvironment.isHeadless())
				throw new UsageException("Batch Process Folder needs its options in a macro when ImageJ runs headless, e.g. "
						+ "run(\"Batch Process Folder...\", \"input=/in output=/out technique=otsu\").");
			else {
				s = showDialog(service);
				if (s == null)
					return;
			}
			FolderBatch batch = new FolderBatch(service, pipeline(s), path(s.input, "input"), path(s.output, "output"))
					.jobs(s.jobs).resume(s.resume).format(s.format);
			FolderBatch.Summary summary = run(batch);
			IJ.log(TITLE + ": " + summary.line() + (summary.summaryError() == null ? "; summary in " + summary.summary() : ""));
			for (FolderBatch.Row r : summary.rows())
				if (r.failed())
					IJ.log("  failed: " + r.file() + ": " + r.message());
			if (summary.summaryError() != null)
				IJ.log("  " + summary.summaryError());
			if (summary.stopped() != null)
				IJ.log("  stopped, " + summary.stopped() + ": the files not started have no output; free some space and run again with 'resume' to finish them.");
			else if (summary.canceled())
				IJ.log("  canceled (Esc): the files not started have no output; run again with 'resume' to finish them.");
			IJ.showStatus(TITLE + ": " + summary.line());
		}
		catch (SegmentIJException e) {
			TechniquePlugin.fail(TITLE, e.getMessage(), options);
		}
		catch (RuntimeException | LinkageError e) {
			IJ.log(TITLE + ": internal error\n" + TechniquePlugin.stackTrace(e));
			TechniquePlugin.fail(TITLE, "Internal error: " + e + "\nDetails are in the Log window; please report them.", options);
		}
	}

	/** Runs the batch with ImageJ's progress bar, status line and Esc. */
	static FolderBatch.Summary run(FolderBatch batch) {
		IJ.resetEscape();
		String name = batch.pipeline().name();
		try {
			return batch.run(new FolderBatch.Listener() {
				@Override
				public void started(Path file, int index, int total) {
					IJ.showStatus(TITLE + " (" + name + "): " + (index + 1) + "/" + total + " " + file.getFileName() + " (Esc stops)");
				}

				@Override
				public void finished(FolderBatch.Row row, int done, int total) {
					IJ.showProgress(done, total);
				}

				@Override
				public boolean canceled() {
					return IJ.escapePressed();
				}
			});
		}
		finally {
			IJ.showProgress(1.0);
		}
	}

	/** The pipeline the settings name: a technique (id or label) with parameters, or a pipeline file. */
	static Pipeline pipeline(Settings s) {
		Map<String, String> params = MacroOptions.split(s.parameters);
		String t = s.technique == null ? "" : s.technique.trim();
		if (t.isEmpty() || t.equalsIgnoreCase(PIPELINE_FILE)) {
			if (s.pipeline == null || s.pipeline.isBlank())
				throw new UsageException("Choose a technique, or give a pipeline file (pipeline=/path/file.pipeline).");
			t = s.pipeline.trim();
			if (!Pipeline.isFile(t))
				throw new org.segmentij.InputException("Pipeline file not found: " + t + ".");
		}
		return Pipeline.of(t, params);
	}

	static Settings fromOptions(String options) {
		Map<String, String> o = MacroOptions.split(options);
		for (String key : o.keySet())
			if (!List.of("input", "output", "technique", "pipeline", "parameters", "jobs", "resume", "format").contains(key))
				throw new UsageException(TITLE + ": unknown option '" + key
						+ "'; the options are input, output, technique, pipeline, parameters, jobs, resume, format.");
		int jobs;
		try {
			jobs = Integer.parseInt(o.getOrDefault("jobs", "1").trim());
		}
		catch (NumberFormatException e) {
			throw new UsageException(TITLE + ": jobs must be a whole number >= 1 (got '" + o.get("jobs") + "').");
		}
		return new Settings(o.get("input"), o.get("output"), o.getOrDefault("technique", ""), o.get("pipeline"),
				o.getOrDefault("parameters", ""), jobs, Boolean.parseBoolean(o.getOrDefault("resume", "false")),
				o.getOrDefault("format", "auto"));
	}

	private static Path path(String s, String key) {
		if (s == null || s.isBlank())
			throw new UsageException(TITLE + ": no " + key + " folder given (" + key + "=/path/to/folder).");
		return Path.of(s.trim());
	}

	private static Settings showDialog(SegmentationService service) {
		List<String> labels = new ArrayList<>();
		for (Technique t : service.techniques())
			labels.add(t.label());
		labels.add(PIPELINE_FILE);
		GenericDialog gd = new GenericDialog(TITLE);
		gd.addDirectoryField("Input", Prefs.get("segmentij.batch.input", ""), 40);
		gd.addDirectoryField("Output", Prefs.get("segmentij.batch.output", ""), 40);
		String last = Prefs.get("segmentij.batch.technique", "Otsu Threshold");
		gd.addChoice("Technique", labels.toArray(new String[0]), labels.contains(last) ? last : labels.get(0));
		gd.addFileField("Pipeline", Prefs.get("segmentij.batch.pipeline", ""), 40);
		gd.addStringField("Parameters", "", 40);
		gd.addNumericField("Jobs", 1, 0, 3, "files at a time");
		String[] formats = { "auto", "tif", "nii", "nii.gz", "png" };
		String lastFormat = Prefs.get("segmentij.batch.format", "auto");
		gd.addChoice("Format", formats, java.util.Arrays.asList(formats).contains(lastFormat) ? lastFormat : "auto");
		gd.addCheckbox("Resume (skip files whose output exists)", false);
		gd.addMessage("Parameters in macro form, e.g. 'dark_objects radius=5' (for one technique; a pipeline file\n"
				+ "carries its own). Outputs are name.EXT in the format chosen ('auto': NIfTI inputs stay NIfTI, the rest\n"
				+ "become TIFF); summary.csv lists every file. Esc stops.");
		gd.addHelp("https://github.com/segmentij/segmentij#command-line");
		gd.showDialog();
		if (gd.wasCanceled())
			return null;
		Settings s = new Settings(gd.getNextString(), gd.getNextString(), gd.getNextChoice(), gd.getNextString(), gd.getNextString(),
				(int) gd.getNextNumber(), gd.getNextBoolean(), null);
		s = new Settings(s.input, s.output, s.technique, s.pipeline, s.parameters, s.jobs, s.resume, gd.getNextChoice());
		Prefs.set("segmentij.batch.input", s.input);
		Prefs.set("segmentij.batch.output", s.output);
		Prefs.set("segmentij.batch.technique", s.technique);
		Prefs.set("segmentij.batch.pipeline", s.pipeline);
		Prefs.set("segmentij.batch.format", s.format);
		return s;
	}
}
