package org.segmentij.command.threshold;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;
import org.segmentij.classical.threshold.GlobalMethod;
import org.segmentij.command.Techniques;

/** RenyiEntropy global threshold. Kapur's maximum entropy with Renyi's entropy. */
@Plugin(type = Command.class, name = "renyi-entropy", label = "RenyiEntropy Threshold", headless = true,
		menuRoot = Techniques.MENU_ROOT, menuPath = Techniques.MENU + "Threshold>Global>RenyiEntropy Threshold",
		description = "Kapur's maximum entropy with Renyi's entropy. Fiji Auto Threshold method RenyiEntropy; a binary mask (255 = object).")
public class RenyiEntropyThresholdCommand extends GlobalThresholdCommand {

	@Override
	protected GlobalMethod method() {
		return GlobalMethod.RENYI_ENTROPY;
	}
}
