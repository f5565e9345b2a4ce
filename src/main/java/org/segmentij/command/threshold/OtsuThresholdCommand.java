package org.segmentij.command.threshold;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;
import org.segmentij.classical.threshold.GlobalMethod;
import org.segmentij.command.Techniques;

/** Otsu global threshold. Otsu's method: the largest between-class variance. */
@Plugin(type = Command.class, name = "otsu", label = "Otsu Threshold", headless = true,
		menuRoot = Techniques.MENU_ROOT, menuPath = Techniques.MENU + "Threshold>Global>Otsu Threshold",
		description = "Otsu's method: the largest between-class variance. Fiji Auto Threshold method Otsu; a binary mask (255 = object).")
public class OtsuThresholdCommand extends GlobalThresholdCommand {

	@Override
	protected GlobalMethod method() {
		return GlobalMethod.OTSU;
	}
}
