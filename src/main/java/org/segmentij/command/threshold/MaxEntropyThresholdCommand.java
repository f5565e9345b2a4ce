package org.segmentij.command.threshold;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;
import org.segmentij.classical.threshold.GlobalMethod;
import org.segmentij.command.Techniques;

/** MaxEntropy global threshold. Kapur, Sahoo and Wong's maximum entropy. */
@Plugin(type = Command.class, name = "max-entropy", label = "MaxEntropy Threshold", headless = true,
		menuRoot = Techniques.MENU_ROOT, menuPath = Techniques.MENU + "Threshold>Global>MaxEntropy Threshold",
		description = "Kapur, Sahoo and Wong's maximum entropy. Fiji Auto Threshold method MaxEntropy; a binary mask (255 = object).")
public class MaxEntropyThresholdCommand extends GlobalThresholdCommand {

	@Override
	protected GlobalMethod method() {
		return GlobalMethod.MAX_ENTROPY;
	}
}
