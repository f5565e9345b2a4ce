package org.segmentij.command.threshold;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;
import org.segmentij.classical.threshold.GlobalMethod;
import org.segmentij.command.Techniques;

/** Shanbhag global threshold. Shanbhag's fuzzy-set entropy. */
@Plugin(type = Command.class, name = "shanbhag", label = "Shanbhag Threshold", headless = true,
		menuRoot = Techniques.MENU_ROOT, menuPath = Techniques.MENU + "Threshold>Global>Shanbhag Threshold",
		description = "Shanbhag's fuzzy-set entropy. Fiji Auto Threshold method Shanbhag; a binary mask (255 = object).")
public class ShanbhagThresholdCommand extends GlobalThresholdCommand {

	@Override
	protected GlobalMethod method() {
		return GlobalMethod.SHANBHAG;
	}
}
