package org.segmentij.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.segmentij.InputException;
import org.segmentij.UsageException;
import org.segmentij.params.MacroOptions;
import org.segmentij.params.ParameterParser;

import ij.ImagePlus;

/**
 * Techniques applied one after another, each to the previous one's result. A pipeline file
 * has one step per line, a technique id followed by its parameters in macro form; '#' starts a
 * comment:
 *
 * <pre>
 * # nuclei.pipeline
 * otsu
 * manual-threshold lower=1
 * </pre>
 *
 * Every step is checked (technique and parameters) before anything runs.
 */
public record Pipeline(String name, List<Step> steps) {

	/** One step: a technique id and its parameters as text. */
	public record Step(String id, Map<String, String> parameters) {
	}

	public Pipeline {
		if (steps.isEmpty())
			throw new UsageException("Pipeline '" + name + "' has no steps; give one technique id per line.");
		steps = List.copyOf(steps);
	}

	/** A pipeline of one technique. */
	public static Pipeline single(String id, Map<String, String> parameters) {
		return new Pipeline(id, List.of(new Step(id, new LinkedHashMap<>(parameters))));
	}

	/** True when the text names an existing pipeline file (not a technique id). */
	public static boolean isFile(String idOrFile) {
		return (idOrFile.contains("/") || idOrFile.contains(".") || idOrFile.contains(java.io.File.separator))
				&& Files.isRegularFile(Path.of(idOrFile));
	}

	/**
	 * A technique id (or menu label) with its parameters, or the path of a pipeline file (which
	 * carries its own parameters; {@code parameters} must then be empty).
	 */
	public static Pipeline of(String idOrFile, Map<String, String> parameters) {
		if (idOrFile == null || idOrFile.isBlank())
			throw new UsageException("No technique or pipeline file given; name a technique id (see 'segmentij list') or a .pipeline file.");
		String s = idOrFile.trim();
		if (isFile(s)) {
			if (parameters != null && !parameters.isEmpty())
				throw new UsageException("Parameters are for a single technique; put them on the lines of the pipeline file " + s + ".");
			return read(Path.of(s));
		}
		if (s.endsWith(".pipeline") || s.endsWith(".txt"))
			throw new InputException("Pipeline file not found: " + s + ".");
		return single(s, parameters == null ? Map.of() : parameters);
	}

	/** Reads a pipeline file. */
	public static Pipeline read(Path file) {
		List<String> lines;
		try {
			lines = Files.readAllLines(file, StandardCharsets.UTF_8);
		}
		catch (IOException e) {
			throw new InputException("Cannot read pipeline file " + file + ": " + e.getMessage());
		}
		List<Step> steps = new ArrayList<>();
		int n = 0;
		for (String line : lines) {
			n++;
			int hash = line.indexOf('#');
			String s = (hash >= 0 ? line.substring(0, hash) : line).trim();
			if (s.isEmpty())
				continue;
			String[] parts = s.split("\\s+", 2);
			Map<String, String> params;
			try {
				params = MacroOptions.split(parts.length > 1 ? parts[1] : "");
			}
			catch (UsageException e) {
				throw new UsageException(file.getFileName() + " line " + n + ": " + e.getMessage());
			}
			steps.add(new Step(parts[0], params));
		}
		String name = file.getFileName().toString();
		return new Pipeline(name, steps);
	}

	/** Checks every step's technique and parameters, so that a batch fails before its first file. */
	public void validate(SegmentationService service) {
		int i = 0;
		for (Step s : steps) {
			i++;
			try {
				Technique t = service.technique(s.id());
				ParameterParser.parse(t.id(), t.parameters(), s.parameters());
			}
			catch (UsageException e) {
				throw new UsageException(steps.size() > 1 ? name + " step " + i + ": " + e.getMessage() : e.getMessage());
			}
		}
	}

	/** Runs the steps on the image (which is not modified); returns the last step's result. */
	public TechniqueResult run(SegmentationService service, ImagePlus input) {
		ImagePlus current = input;
		TechniqueResult result = null;
		int i = 0;
		for (Step s : steps) {
			i++;
			result = service.run(s.id(), current, s.parameters());
			if (result.image() == null && i < steps.size())
				throw new org.segmentij.UsageException("Step " + i + " (" + s.id() + ") gives no image for step " + (i + 1)
						+ " to work on; put it last.");
			current = result.image();
		}
		return result;
	}
}
