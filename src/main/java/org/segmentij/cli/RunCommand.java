package org.segmentij.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.segmentij.params.ParameterParser;
import org.segmentij.service.NamedTable;
import org.segmentij.service.Pipeline;
import org.segmentij.service.RoiSet;
import org.segmentij.service.SegmentIJ;
import org.segmentij.service.SegmentationService;
import org.segmentij.service.TechniqueResult;

import ij.ImagePlus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", description = "Run one technique (or a pipeline file) on one image and write the result: an image as TIFF, NIfTI or PNG (by the output's name), a table as CSV (-o NAME.csv, or standard output), ROIs as a ROI set (-o NAME.zip).")
final class RunCommand implements Callable<Integer> {

	@Parameters(index = "0", paramLabel = "ID", description = "Technique id (see 'segmentij list') or a pipeline file.")
	String id;

	@Option(names = { "-i", "--input" }, required = true, paramLabel = "IN", description = "Input image (TIFF, OME-TIFF, NIfTI .nii/.nii.gz, DICOM file or series folder, PNG, JPEG, ...).")
	Path input;

	@Option(names = { "-o", "--output" }, paramLabel = "OUT", description = "Output, written atomically: an image as .nii/.nii.gz (NIfTI-1, keeps the input's orientation), .png, else TIFF; a table as .csv; ROIs as .zip. Needed unless the technique only gives values or a table.")
	Path output;

	@Option(names = { "-p", "--param" }, paramLabel = "KEY=VALUE", description = "A parameter, e.g. --param dark_objects=true (repeatable).")
	List<String> params;

	@Option(names = "--rois", paramLabel = "IN.zip", description = "ROIs for techniques that take them (e.g. the prompts of 'prompt'): a ROI set (.zip) or .roi file; the same as --param rois=IN.zip.")
	Path inputRois;

	@Option(names = "--rois-out", paramLabel = "OUT.zip", description = "Also write the ROIs the technique gives (e.g. one per object) as a ROI set, beside the image written with -o; for a technique or pipeline that gives a label image, one ROI per label (as labels-to-rois).")
	Path roisOut;

	@Override
	public Integer call() {
		ImageFiles.refuseInput(output, "-o", input);
		SegmentationService service = SegmentIJ.segmentation();
		List<String> params = this.params;
		if (inputRois != null) {
			if (Pipeline.isFile(id) || service.technique(id).parameter("rois") == null)
				throw new org.segmentij.UsageException(id + " takes no ROIs; --rois is for techniques with a 'rois' parameter (e.g. prompt).");
			params = new java.util.ArrayList<>(params == null ? List.of() : params);
			params.add("rois=" + inputRois);
		}
		Pipeline pipeline = pipeline(id, params);
		pipeline.validate(service);
		ImagePlus imp = ImageFiles.open(input);
		try {
			return write(pipeline, imp, org.segmentij.TaskMonitor.with(new StepReport(), () -> pipeline.run(service, imp)));
		}
		catch (OutOfMemoryError e) {
			String what = org.segmentij.Memory.describe(imp);
			throw new org.segmentij.InputException(org.segmentij.Memory.outOfMemory(e, id + " on " + input.getFileName() + " (" + what + ")", 1), e);
		}
	}

	/** One ROI per label and plane of a label image (composite ROIs for holes), as labels-to-rois gives them. */
	private static RoiSet labelRois(ImagePlus labels) {
		try {
			return new RoiSet(labels.getTitle() + "-rois", org.segmentij.ij1.LabelRois.toRois(labels));
		}
		catch (IllegalArgumentException e) {
			throw new org.segmentij.InputException("--rois-out: " + e.getMessage());
		}
	}

	private Integer write(Pipeline pipeline, ImagePlus imp, TechniqueResult result) {
		StringBuilder sb = new StringBuilder();
		NamedTable table = first(result, NamedTable.class);
		RoiSet rois = first(result, RoiSet.class);
		String ext = output == null ? "" : output.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
		try {
			if (roisOut != null) {
				if (rois == null && result.image() != null && "true".equals(result.image().getProp(org.segmentij.image.LabelImages.LABELS_PROPERTY)))
					rois = labelRois(result.image()); // a label image: one ROI per object, as Labels to ROI Manager
				if (rois == null)
					throw new org.segmentij.UsageException(id + " gives no ROIs to write with --rois-out; it is for techniques that give ROIs or a label image.");
				ImageFiles.writeAtomically(roisOut, rois.zip());
				sb.append("Wrote ").append(roisOut).append(" (").append(rois.rois().size()).append(" ROIs)  ");
			}
			if (output != null && ext.endsWith(".csv")) {
				if (table == null)
					throw new org.segmentij.UsageException(id + " gives no table to write as CSV; give an image name (.tif) for -o.");
				ImageFiles.writeAtomically(output, table.csv());
				sb.append("Wrote ").append(output).append(" (").append(table.table().size()).append(" rows)");
			}
			else if (output != null && ext.endsWith(".zip")) {
				if (rois == null)
					throw new org.segmentij.UsageException(id + " gives no ROIs to write as a ROI set; give an image name (.tif) for -o.");
				ImageFiles.writeAtomically(output, rois.zip());
				sb.append("Wrote ").append(output).append(" (").append(rois.rois().size()).append(" ROIs)");
			}
			else if (result.image() != null) {
				if (output == null)
					throw new org.segmentij.UsageException("Missing required option: '--output=OUT' (where to write the result of " + id + ").");
				ImageFiles.save(result.image(), output, imp);
				sb.append("Wrote ").append(output);
			}
			else if (table != null) {
				if (output != null)
					throw new org.segmentij.UsageException(id + " gives a table: name the output file .csv (got " + output + ").");
				System.out.write(table.csv()); // no -o: the table goes to standard output
				System.out.flush();
				return Main.OK;
			}
			else if (rois != null)
				throw new org.segmentij.UsageException(id + " gives ROIs: write them with -o rois.zip.");
			else
				sb.append(result.technique().id()).append(':');
		}
		catch (java.io.IOException e) {
			throw new org.segmentij.InputException("Cannot write " + output + ": " + e.getMessage());
		}
		for (Map.Entry<String, Object> e : result.values().entrySet())
			if (!(e.getValue() instanceof NamedTable) && !(e.getValue() instanceof RoiSet))
				sb.append("  ").append(e.getKey()).append('=').append(ParameterParser.format(e.getValue()));
		System.out.println(sb);
		return Main.OK;
	}

	/** The first result value of that type, or null. */
	static <V> V first(TechniqueResult result, Class<V> type) {
		for (Object v : result.values().values())
			if (type.isInstance(v))
				return type.cast(v);
		return null;
	}

	/** A technique id with --param values, or a pipeline file (which then takes no --param). */
	static Pipeline pipeline(String id, List<String> params) {
		if (Pipeline.isFile(id) && params != null && !params.isEmpty())
			throw new org.segmentij.UsageException("--param is for a single technique; put parameters on the lines of the pipeline file " + id + ".");
		return Pipeline.of(id, ParameterParser.parseAssignments(params));
	}

	/**
	 * Progress of long work (deep inference tiles, the volumes of a hyperstack) on stderr: silent
	 * for the first two seconds, then a line each 10% (on a terminal, one line redrawn).
	 */
	static final class StepReport implements org.segmentij.TaskMonitor.Listener {
		private final long start = System.nanoTime();
		private final boolean console = System.console() != null;
		private String lastLine = "";
		private long lastTenth = -1;

		@Override
		public void progress(String what, long done, long total) {
			double s = (System.nanoTime() - start) / 1e9;
			if (total < 2 || s < 2)
				return;
			long tenth = 10 * done / total;
			if (!console && tenth == lastTenth)
				return;
			lastTenth = tenth;
			long eta = done == 0 ? -1 : Math.round(s / done * (total - done));
			String line = String.format(java.util.Locale.ROOT, "%s %d/%d %3d%%%s", what, done, total, 100 * done / total,
					eta < 0 ? "" : String.format(java.util.Locale.ROOT, " ETA %d:%02d", eta / 60, eta % 60));
			if (line.equals(lastLine))
				return;
			lastLine = line;
			System.err.print(console ? "\r" + line : line + "\n");
			System.err.flush();
		}

		@Override
		public boolean canceled() {
			return false;
		}
	}
}
