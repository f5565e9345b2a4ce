package org.segmentij.command.threshold;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;
import org.segmentij.classical.threshold.GlobalMethod;
import org.segmentij.command.Techniques;

/** Huang2 global threshold. Huang's method as implemented faster in Fiji (Huang2). */
@Plugin(type = Command.class, name = "huang2", label = "Huang2 Threshold", headless = true,
		menuRoot = Techniques.MENU_ROOT, menuPath = Techniques.MENU + "Threshold>Global>Huang2 Threshold",
		description = "Huang's method as implemented faster in Fiji (Huang2). Fiji Auto Threshold method Huang2; a binary mask (255 = object).")
public class Huang2ThresholdCommand extends GlobalThresholdCommand {

	@Override
	protected GlobalMethod method() {
		return GlobalMethod.HUANG2;
	}
}
