package org.segmentij.command.threshold;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;
import org.segmentij.classical.threshold.LocalMethod;
import org.segmentij.command.Techniques;

/** Contrast: object if the pixel is closer to the window's maximum than to its minimum. */
@Plugin(type = Command.class, name = "local-contrast", label = "Contrast Local Threshold", headless = true,
		menuRoot = Techniques.MENU_ROOT, menuPath = Techniques.MENU + "Threshold>Local>Contrast Local Threshold",
		description = "Contrast: object if the pixel is closer to the window's maximum than to its minimum.")
public class ContrastLocalThresholdCommand extends LocalThresholdCommand {

	@Override
	protected LocalMethod method() {
		return LocalMethod.CONTRAST;
	}
}
