package org.segmentij.spark;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

import org.segmentij.service.FolderBatch;
import org.segmentij.service.Pipeline;
import org.segmentij.service.SegmentationService;

/**
 * What every task of a run needs to rebuild the batch engine on its executor: the pipeline (its
 * name and steps, as read on the driver, so executors need not see the pipeline file), the
 * output folder, the output format, resume, and the ground-truth folder. Paths are strings:
 * {@link Path} is not serializable. Equal specs share one engine per executor JVM.
 *
 * @param ids        technique id of each step
 * @param parameters parameters of each step, as text
 * @param truthDir   ground truth for metrics, matched by base name, or null
 */
public record JobSpec(String name, List<String> ids, List<LinkedHashMap<String, String>> parameters, String outputDir,
		String format, boolean resume, String truthDir) implements Serializable {

	private static final long serialVersionUID = 1L;

	public JobSpec {
		ids = List.copyOf(ids);
		parameters = List.copyOf(parameters);
	}

	public static JobSpec of(Pipeline pipeline, Path outputDir, String format, boolean resume, Path truthDir) {
		List<String> ids = new ArrayList<>();
		List<LinkedHashMap<String, String>> params = new ArrayList<>();
		for (Pipeline.Step s : pipeline.steps()) {
			ids.add(s.id());
			params.add(new LinkedHashMap<>(s.parameters()));
		}
		return new JobSpec(pipeline.name(), ids, params, outputDir.toAbsolutePath().toString(), format, resume,
				truthDir == null ? null : truthDir.toAbsolutePath().toString());
	}

	public Pipeline pipeline() {
		List<Pipeline.Step> steps = new ArrayList<>();
		for (int i = 0; i < ids.size(); i++)
			steps.add(new Pipeline.Step(ids.get(i), new LinkedHashMap<>(parameters.get(i))));
		return new Pipeline(name, steps);
	}

	public Path output() {
		return Path.of(outputDir);
	}

	/** The engine of this spec (checks every step). */
	public FolderBatch engine(SegmentationService service) {
		return FolderBatch.forFiles(service, pipeline(), output()).format(format).resume(resume);
	}
}
