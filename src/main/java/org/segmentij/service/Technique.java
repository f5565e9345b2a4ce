package org.segmentij.service;

import java.util.List;

import org.scijava.command.CommandInfo;
import org.segmentij.params.ParameterSpec;

/**
 * A segmentation technique as users meet it: a short id for the command line ({@code otsu}),
 * a menu label for ImageJ ({@code Otsu Threshold}), its menu group and its parameters.
 *
 * @param id          kebab-case id used by {@code segmentij run ID}
 * @param label       the ImageJ menu command name, used by {@code run("LABEL", "...")} in macros
 * @param menuPath    full menu path, e.g. {@code Plugins>Segmentation>Threshold>Otsu Threshold}
 * @param group       menu group (Threshold, Edges, Regions, ...)
 * @param description one-sentence description
 * @param command     the SciJava command behind it
 * @param parameters  user-settable parameters, in declaration order
 */
public record Technique(String id, String label, String menuPath, String group, String description,
		CommandInfo command, List<ParameterSpec> parameters) {

	public Technique {
		parameters = List.copyOf(parameters);
	}

	public ParameterSpec parameter(String key) {
		for (ParameterSpec p : parameters)
			if (p.key().equals(key))
				return p;
		return null;
	}
}
