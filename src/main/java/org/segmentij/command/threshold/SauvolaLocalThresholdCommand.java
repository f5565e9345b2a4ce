package org.segmentij.command.threshold;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.segmentij.classical.threshold.LocalMethod;
import org.segmentij.command.Techniques;

/** Sauvola: t = mean*(1 + k*(sd/r - 1)). */
@Plugin(type = Command.class, name = "local-sauvola", label = "Sauvola Local Threshold", headless = true,
		menuRoot = Techniques.MENU_ROOT, menuPath = Techniques.MENU + "Threshold>Local>Sauvola Local Threshold",
		description = "Sauvola: t = mean*(1 + k*(sd/r - 1)).")
public class SauvolaLocalThresholdCommand extends LocalThresholdCommand {

	@Parameter(label = "K", description = "Weight of the standard deviation term.")
	private double k = 0.5;

	@Parameter(label = "R", min = "0.000001", description = "Dynamic range of the standard deviation (0..255 scale).")
	private double r = 128.0;

	@Override
	protected LocalMethod method() {
		return LocalMethod.SAUVOLA;
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
