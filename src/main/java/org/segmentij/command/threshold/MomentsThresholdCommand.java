package org.segmentij.command.threshold;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;
import org.segmentij.classical.threshold.GlobalMethod;
import org.segmentij.command.Techniques;

/** Moments global threshold. Tsai's moment-preserving threshold. */
@Plugin(type = Command.class, name = "moments", label = "Moments Threshold", headless = true,
		menuRoot = Techniques.MENU_ROOT, menuPath = Techniques.MENU + "Threshold>Global>Moments Threshold",
		description = "Tsai's moment-preserving threshold. Fiji Auto Threshold method Moments; a binary mask (255 = object).")
public class MomentsThresholdCommand extends GlobalThresholdCommand {

	@Override
	protected GlobalMethod method() {
		return GlobalMethod.MOMENTS;
	}
}
