package org.segmentij.command.threshold;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;
import org.segmentij.classical.threshold.GlobalMethod;
import org.segmentij.command.Techniques;

/** Minimum global threshold. The minimum between the two peaks of the histogram, smoothed until bimodal. */
@Plugin(type = Command.class, name = "minimum", label = "Minimum Threshold", headless = true,
		menuRoot = Techniques.MENU_ROOT, menuPath = Techniques.MENU + "Threshold>Global>Minimum Threshold",
		description = "The minimum between the two peaks of the histogram, smoothed until bimodal. Fiji Auto Threshold method Minimum; a binary mask (255 = object).")
public class MinimumThresholdCommand extends GlobalThresholdCommand {

	@Override
	protected GlobalMethod method() {
		return GlobalMethod.MINIMUM;
	}
}
