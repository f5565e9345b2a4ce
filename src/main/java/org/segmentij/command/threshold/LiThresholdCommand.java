package org.segmentij.command.threshold;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;
import org.segmentij.classical.threshold.GlobalMethod;
import org.segmentij.command.Techniques;

/** Li global threshold. Li's minimum cross entropy, iterative. */
@Plugin(type = Command.class, name = "li", label = "Li Threshold", headless = true,
		menuRoot = Techniques.MENU_ROOT, menuPath = Techniques.MENU + "Threshold>Global>Li Threshold",
		description = "Li's minimum cross entropy, iterative. Fiji Auto Threshold method Li; a binary mask (255 = object).")
public class LiThresholdCommand extends GlobalThresholdCommand {

	@Override
	protected GlobalMethod method() {
		return GlobalMethod.LI;
	}
}
