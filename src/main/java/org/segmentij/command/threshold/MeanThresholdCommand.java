package org.segmentij.command.threshold;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;
import org.segmentij.classical.threshold.GlobalMethod;
import org.segmentij.command.Techniques;

/** Mean global threshold. The mean grey level. */
@Plugin(type = Command.class, name = "mean", label = "Mean Threshold", headless = true,
		menuRoot = Techniques.MENU_ROOT, menuPath = Techniques.MENU + "Threshold>Global>Mean Threshold",
		description = "The mean grey level. Fiji Auto Threshold method Mean; a binary mask (255 = object).")
public class MeanThresholdCommand extends GlobalThresholdCommand {

	@Override
	protected GlobalMethod method() {
		return GlobalMethod.MEAN;
	}
}
