package org.segmentij.command.deep;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;
import org.segmentij.command.Techniques;

/** Applies a trained SegNet model package (architecture "segnet"); the same as Apply Deep Model, with the architecture checked. */
@Plugin(type = Command.class, name = "segnet", label = "SegNet", headless = true, menuRoot = Techniques.MENU_ROOT,
		menuPath = Techniques.MENU + "Deep Learning>Networks>SegNet",
		description = "Applies a SegNet model package trained by Train Network / segmentij train --arch segnet, in tiles: probabilities or labels.")
public class SegNetCommand extends ApplyDeepModelCommand {

	@Override
	protected String architecture() {
		return "segnet";
	}
}
