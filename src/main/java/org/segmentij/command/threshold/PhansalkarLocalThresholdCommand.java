package org.segmentij.command.threshold;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.segmentij.classical.threshold.LocalMethod;
import org.segmentij.command.Techniques;

/** Phansalkar: t = mean*(1 + p*exp(-q*mean) + k*(sd/r - 1)) on intensities normalised to [0, 1]. */
@Plugin(type = Command.class, name = "local-phansalkar", label = "Phansalkar Local Threshold", headless = true,
		menuRoot = Techniques.MENU_ROOT, menuPath = Techniques.MENU + "Threshold>Local>Phansalkar Local Threshold",
		description = "Phansalkar: t = mean*(1 + p*exp(-q*mean) + k*(sd/r - 1)) on intensities normalised to [0, 1].")
public class PhansalkarLocalThresholdCommand extends LocalThresholdCommand {

	@Parameter(label = "K", description = "Weight of the normalised standard deviation.")
	private double k = 0.25;

	@Parameter(label = "R", min = "0.000001", description = "Dynamic range of the standard deviation (normalised units).")
	private double r = 0.5;

	@Override
	protected LocalMethod method() {
		return LocalMethod.PHANSALKAR;
	}

	@Override
	protected double p1() {
		return k;
	}

	@Override
	protected double p2() {
		return r;
	}
}
