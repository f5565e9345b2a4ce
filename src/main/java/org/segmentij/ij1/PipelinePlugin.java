package org.segmentij.ij1;

import java.awt.GraphicsEnvironment;
import java.nio.file.Path;
import java.util.Map;

import org.segmentij.SegmentIJException;
import org.segmentij.UsageException;
import org.segmentij.params.MacroOptions;
import org.segmentij.service.Pipeline;
import org.segmentij.service.SegmentIJ;
import org.segmentij.service.SegmentationService;
import org.segmentij.service.TechniqueResult;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.Prefs;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;

/**
 * <i>Plugins › Segmentation › Batch › Run Pipeline...</i>: the steps of a pipeline file (one
 * technique id and its parameters per line) on the current image, which is not modified; the
 * result is a new image named after the input and the pipeline ("cells-nuclei"). Macro form:
 * {@code run("Run Pipeline...", "pipeline=/data/nuclei.pipeline");}
 */
public class PipelinePlugin implements PlugIn {

	static final String TITLE = "Run Pipeline";

	@Override
	public void run(String arg) {
		TechniquePlugin.withPluginClassLoader(this::runPipeline);
	}

	private void runPipeline() {
		String options = Macro.getOptions();
		try {
			ImagePlus imp = WindowManager.getCurrentImage();
			if (imp == null)
				throw new org.segmentij.InputException("There is no image open. Open an image (File > Open...) and run Run Pipeline again.");
			String file;
			if (options != null) {
				Map<String, String> o = MacroOptions.split(options);
				file = o.get("pipeline");
				if (file == null || file.isBlank())
					throw new UsageException(TITLE + ": give the pipeline file: run(\"Run Pipeline...\", \"pipeline=/path/file.pipeline\").");
			}
			else if (GraphicsEnvironment.isHeadless())
				throw new UsageException(TITLE + " needs pipeline=/path/file.pipeline in its macro options when ImageJ runs headless.");
			else {
				GenericDialog gd = new GenericDialog(TITLE);
				gd.addFileField("Pipeline", Prefs.get("segmentij.pipeline", ""), 40);
				gd.addMessage("A pipeline file has one step per line: a technique id and its parameters, e.g.\n"
						+ "otsu\ndistance-watershed h=1\nlabel-cleanup min_size=30 fill_holes");
				gd.showDialog();
				if (gd.wasCanceled())
					return;
				file = gd.getNextString();
				Prefs.set("segmentij.pipeline", file);
			}
			Path path = Path.of(file.trim());
			if (!Pipeline.isFile(path.toString()))
				throw new org.segmentij.InputException("Pipeline file not found: " + path + ".");
			SegmentationService service = SegmentIJ.segmentation();
			Pipeline pipeline = Pipeline.read(path);
			pipeline.validate(service);
			IJ.showStatus(TITLE + " " + pipeline.name() + "...");
			long start = System.nanoTime();
			TechniqueResult result = pipeline.run(service, imp);
			TechniquePlugin.show(result, pipeline.name(), imp, title(imp, pipeline));
			IJ.showStatus(TITLE + " " + pipeline.name() + ": " + (System.nanoTime() - start) / 1_000_000 + " ms");
		}
		catch (SegmentIJException e) {
			TechniquePlugin.fail(TITLE, e.getMessage(), options);
		}
		catch (RuntimeException | LinkageError e) {
			IJ.log(TITLE + ": internal error\n" + TechniquePlugin.stackTrace(e));
			TechniquePlugin.fail(TITLE, "Internal error: " + e + "\nDetails are in the Log window; please report them.", options);
		}
	}

	/** "cells.tif" with "nuclei.pipeline" gives "cells-nuclei". */
	static String title(ImagePlus input, Pipeline pipeline) {
		String t = input.getTitle() == null || input.getTitle().isBlank() ? "image" : input.getTitle();
		if (t.matches("(?s).+\\.[A-Za-z][A-Za-z0-9]{1,4}"))
			t = t.substring(0, t.lastIndexOf('.'));
		String p = pipeline.name();
		int dot = p.lastIndexOf('.');
		return t + "-" + (dot > 0 ? p.substring(0, dot) : p);
	}
}
