package org.segmentij.command.threshold;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;
import org.segmentij.classical.threshold.GlobalMethod;
import org.segmentij.command.Techniques;

/** Intermodes global threshold. Midpoint between the two peaks of the histogram, smoothed until bimodal. */
@Plugin(type = Command.class, name = "intermodes", label = "Intermodes Threshold", headless = true,
		menuRoot = Techniques.MENU_ROOT, menuPath = Techniques.MENU + "Threshold>Global>Intermodes Threshold",
		description = "Midpoint between the two peaks of the histogram, smoothed until bimodal. Fiji Auto Threshold method Intermodes; a binary mask (255 = object).")
public class IntermodesThresholdCommand extends GlobalThresholdCommand {

	@Override
	protected GlobalMethod method() {
		return GlobalMethod.INTERMODES;
	}
}
