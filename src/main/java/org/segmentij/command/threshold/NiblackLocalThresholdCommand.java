package org.segmentij.command.threshold;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.segmentij.classical.threshold.LocalMethod;
import org.segmentij.command.Techniques;

/** Niblack: object if the pixel > mean + k*sd - c. */
@Plugin(type = Command.class, name = "local-niblack", label = "Niblack Local Threshold", headless = true,
		menuRoot = Techniques.MENU_ROOT, menuPath = Techniques.MENU + "Threshold>Local>Niblack Local Threshold",
		description = "Niblack: object if the pixel > mean + k*sd - c.")
public class NiblackLocalThresholdCommand extends LocalThresholdCommand {

	@Parameter(label = "K", description = "Weight of the local standard deviation.")
	private double k = 0.2;

	@Parameter(label = "C", description = "Offset (0..255 scale).")
	private double c = 0.0;

	@Override
	protected LocalMethod method() {
		return LocalMethod.NIBLACK;
	}

	@Override
	protected double p1() {
		return k;
	}

	@Override
	protected double p2() {
		return c;
	}
}
