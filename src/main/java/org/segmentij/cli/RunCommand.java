package org.segmentij.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.segmentij.params.ParameterParser;
import org.segmentij.service.Pipeline;
import org.segmentij.service.SegmentIJ;
import org.segmentij.service.SegmentationService;
import org.segmentij.service.TechniqueResult;

import ij.ImagePlus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", description = "Run one technique (or a pipeline file) on one image and write the result (TIFF, NIfTI or PNG, by the output's name).")
final class RunCommand implements Callable<Integer> {

	@Parameters(index = "0", paramLabel = "ID", description = "Technique id (see 'segmentij list') or a pipeline file.")
	String id;

	@Option(names = { "-i", "--input" }, required = true, paramLabel = "IN", description = "Input image (TIFF, OME-TIFF, NIfTI .nii/.nii.gz, DICOM file or series folder, PNG, JPEG, ...).")
	Path input;

	@Option(names = { "-o", "--output" }, paramLabel = "OUT", description = "Output image, written atomically: .nii/.nii.gz (NIfTI-1, keeps the input's orientation), .png, else TIFF; needed unless the technique only gives values.")
	Path output;

	@Option(names = { "-p", "--param" }, paramLabel = "KEY=VALUE", description = "A parameter, e.g. --param dark_objects=true (repeatable).")
	List<String> params;

	@Override
	public Integer call() {
		SegmentationService service = SegmentIJ.segmentation();
		Pipeline pipeline = pipeline(id, params);
		pipeline.validate(service);
		ImagePlus imp = ImageFiles.open(input);
		TechniqueResult result = pipeline.run(service, imp);
		StringBuilder sb = new StringBuilder();
		if (result.image() != null) {
			if (output == null)
				throw new org.segmentij.UsageException("Missing required option: '--output=OUT' (where to write the result of " + id + ").");
			ImageFiles.save(result.image(), output, imp);
			sb.append("Wrote ").append(output);
		}
		else
			sb.append(result.technique().id()).append(':');
		for (Map.Entry<String, Object> e : result.values().entrySet())
			sb.append("  ").append(e.getKey()).append('=').append(ParameterParser.format(e.getValue()));
		System.out.println(sb);
		return Main.OK;
	}

	/** A technique id with --param values, or a pipeline file (which then takes no --param). */
	static Pipeline pipeline(String id, List<String> params) {
		Path p = Path.of(id);
		if ((id.contains("/") || id.contains(".")) && Files.isRegularFile(p)) {
			if (params != null && !params.isEmpty())
				throw new org.segmentij.UsageException("--param is for a single technique; put parameters on the lines of the pipeline file " + id + ".");
			return Pipeline.read(p);
		}
		if (id.endsWith(".pipeline") || id.endsWith(".txt"))
			throw new org.segmentij.InputException("Pipeline file not found: " + id + ".");
		return Pipeline.single(id, ParameterParser.parseAssignments(params));
	}
}
