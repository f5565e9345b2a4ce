package org.segmentij.command.threshold;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;
import org.segmentij.classical.threshold.GlobalMethod;
import org.segmentij.command.Techniques;

/** Default global threshold. ImageJ's default: the IsoData variant of ImageJ 1 (iterative intermeans). */
@Plugin(type = Command.class, name = "default", label = "Default Threshold", headless = true,
		menuRoot = Techniques.MENU_ROOT, menuPath = Techniques.MENU + "Threshold>Global>Default Threshold",
		description = "ImageJ's default: the IsoData variant of ImageJ 1 (iterative intermeans). Fiji Auto Threshold method Default; a binary mask (255 = object).")
public class DefaultThresholdCommand extends GlobalThresholdCommand {

	@Override
	protected GlobalMethod method() {
		return GlobalMethod.DEFAULT;
	}
}
