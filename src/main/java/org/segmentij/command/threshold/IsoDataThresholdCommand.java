package org.segmentij.command.threshold;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;
import org.segmentij.classical.threshold.GlobalMethod;
import org.segmentij.command.Techniques;

/** IsoData global threshold. Ridler and Calvard's iterative intermeans (IsoData). */
@Plugin(type = Command.class, name = "isodata", label = "IsoData Threshold", headless = true,
		menuRoot = Techniques.MENU_ROOT, menuPath = Techniques.MENU + "Threshold>Global>IsoData Threshold",
		description = "Ridler and Calvard's iterative intermeans (IsoData). Fiji Auto Threshold method IsoData; a binary mask (255 = object).")
public class IsoDataThresholdCommand extends GlobalThresholdCommand {

	@Override
	protected GlobalMethod method() {
		return GlobalMethod.ISODATA;
	}
}
