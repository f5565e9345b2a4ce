package org.segmentij.command.threshold;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.segmentij.classical.threshold.LocalMethod;
import org.segmentij.command.Techniques;

/** Median: object if the pixel > local median - c. */
@Plugin(type = Command.class, name = "local-median", label = "Median Local Threshold", headless = true,
		menuRoot = Techniques.MENU_ROOT, menuPath = Techniques.MENU + "Threshold>Local>Median Local Threshold",
		description = "Median: object if the pixel > local median - c.")
public class MedianLocalThresholdCommand extends LocalThresholdCommand {

	@Parameter(label = "C", description = "Offset subtracted from the local median (0..255 scale).")
	private double c = 0.0;

	@Override
	protected LocalMethod method() {
		return LocalMethod.MEDIAN;
	}

	@Override
	protected double p1() {
		return c;
	}
}
