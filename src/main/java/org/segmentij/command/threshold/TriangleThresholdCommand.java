package org.segmentij.command.threshold;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;
import org.segmentij.classical.threshold.GlobalMethod;
import org.segmentij.command.Techniques;

/** Triangle global threshold. Zack's triangle method: furthest histogram point from the line peak-to-end. */
@Plugin(type = Command.class, name = "triangle", label = "Triangle Threshold", headless = true,
		menuRoot = Techniques.MENU_ROOT, menuPath = Techniques.MENU + "Threshold>Global>Triangle Threshold",
		description = "Zack's triangle method: furthest histogram point from the line peak-to-end. Fiji Auto Threshold method Triangle; a binary mask (255 = object).")
public class TriangleThresholdCommand extends GlobalThresholdCommand {

	@Override
	protected GlobalMethod method() {
		return GlobalMethod.TRIANGLE;
	}
}
