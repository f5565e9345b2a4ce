package org.segmentij.command.threshold;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;
import org.segmentij.classical.threshold.GlobalMethod;
import org.segmentij.command.Techniques;

/** Percentile global threshold. Doyle's percentile method: 50% of pixels foreground. */
@Plugin(type = Command.class, name = "percentile", label = "Percentile Threshold", headless = true,
		menuRoot = Techniques.MENU_ROOT, menuPath = Techniques.MENU + "Threshold>Global>Percentile Threshold",
		description = "Doyle's percentile method: 50% of pixels foreground. Fiji Auto Threshold method Percentile; a binary mask (255 = object).")
public class PercentileThresholdCommand extends GlobalThresholdCommand {

	@Override
	protected GlobalMethod method() {
		return GlobalMethod.PERCENTILE;
	}
}
