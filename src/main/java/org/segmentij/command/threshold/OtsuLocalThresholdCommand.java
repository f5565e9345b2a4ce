package org.segmentij.command.threshold;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;
import org.segmentij.classical.threshold.LocalMethod;
import org.segmentij.command.Techniques;

/** Local Otsu: Otsu's threshold of each window's histogram. */
@Plugin(type = Command.class, name = "local-otsu", label = "Otsu Local Threshold", headless = true,
		menuRoot = Techniques.MENU_ROOT, menuPath = Techniques.MENU + "Threshold>Local>Otsu Local Threshold",
		description = "Local Otsu: Otsu's threshold of each window's histogram.")
public class OtsuLocalThresholdCommand extends LocalThresholdCommand {

	@Override
	protected LocalMethod method() {
		return LocalMethod.OTSU;
	}
}
