package org.segmentij.command.threshold;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;
import org.segmentij.classical.threshold.GlobalMethod;
import org.segmentij.command.Techniques;

/** MinError global threshold. Kittler and Illingworth's minimum error. */
@Plugin(type = Command.class, name = "min-error", label = "MinError Threshold", headless = true,
		menuRoot = Techniques.MENU_ROOT, menuPath = Techniques.MENU + "Threshold>Global>MinError Threshold",
		description = "Kittler and Illingworth's minimum error. Fiji Auto Threshold method MinError; a binary mask (255 = object).")
public class MinErrorThresholdCommand extends GlobalThresholdCommand {

	@Override
	protected GlobalMethod method() {
		return GlobalMethod.MIN_ERROR;
	}
}
