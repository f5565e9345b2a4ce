package org.segmentij.command.threshold;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.segmentij.classical.threshold.LocalMethod;
import org.segmentij.command.Techniques;

/** Mean: object if the pixel > local mean - c. */
@Plugin(type = Command.class, name = "local-mean", label = "Mean Local Threshold", headless = true,
		menuRoot = Techniques.MENU_ROOT, menuPath = Techniques.MENU + "Threshold>Local>Mean Local Threshold",
		description = "Mean: object if the pixel > local mean - c.")
public class MeanLocalThresholdCommand extends LocalThresholdCommand {

	@Parameter(label = "C", description = "Offset subtracted from the local mean (0..255 scale).")
	private double c = 0.0;

	@Override
	protected LocalMethod method() {
		return LocalMethod.MEAN;
	}

	@Override
	protected double p1() {
		return c;
	}
}
