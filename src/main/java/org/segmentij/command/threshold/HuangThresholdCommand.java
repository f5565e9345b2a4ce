package org.segmentij.command.threshold;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;
import org.segmentij.classical.threshold.GlobalMethod;
import org.segmentij.command.Techniques;

/** Huang global threshold. Huang's fuzzy thresholding (minimum fuzziness by Shannon entropy). */
@Plugin(type = Command.class, name = "huang", label = "Huang Threshold", headless = true,
		menuRoot = Techniques.MENU_ROOT, menuPath = Techniques.MENU + "Threshold>Global>Huang Threshold",
		description = "Huang's fuzzy thresholding (minimum fuzziness by Shannon entropy). Fiji Auto Threshold method Huang; a binary mask (255 = object).")
public class HuangThresholdCommand extends GlobalThresholdCommand {

	@Override
	protected GlobalMethod method() {
		return GlobalMethod.HUANG;
	}
}
