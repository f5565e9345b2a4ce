package org.segmentij.command.threshold;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.segmentij.classical.threshold.LocalMethod;
import org.segmentij.command.Techniques;

/** MidGrey: object if the pixel > (min+max)/2 - c. */
@Plugin(type = Command.class, name = "local-midgrey", label = "MidGrey Local Threshold", headless = true,
		menuRoot = Techniques.MENU_ROOT, menuPath = Techniques.MENU + "Threshold>Local>MidGrey Local Threshold",
		description = "MidGrey: object if the pixel > (min+max)/2 - c.")
public class MidGreyLocalThresholdCommand extends LocalThresholdCommand {

	@Parameter(label = "C", description = "Offset subtracted from the local mid-grey (0..255 scale).")
	private double c = 0.0;

	@Override
	protected LocalMethod method() {
		return LocalMethod.MIDGREY;
	}

	@Override
	protected double p1() {
		return c;
	}
}
