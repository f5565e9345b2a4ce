package org.segmentij.command.threshold;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;
import org.segmentij.classical.threshold.GlobalMethod;
import org.segmentij.command.Techniques;

/** Yen global threshold. Yen's maximum correlation criterion. */
@Plugin(type = Command.class, name = "yen", label = "Yen Threshold", headless = true,
		menuRoot = Techniques.MENU_ROOT, menuPath = Techniques.MENU + "Threshold>Global>Yen Threshold",
		description = "Yen's maximum correlation criterion. Fiji Auto Threshold method Yen; a binary mask (255 = object).")
public class YenThresholdCommand extends GlobalThresholdCommand {

	@Override
	protected GlobalMethod method() {
		return GlobalMethod.YEN;
	}
}
