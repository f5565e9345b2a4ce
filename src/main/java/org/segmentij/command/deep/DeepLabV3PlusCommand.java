package org.segmentij.command.deep;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;
import org.segmentij.command.Techniques;

/** Applies a trained DeepLabv3+ model package (architecture "deeplabv3plus"); the same as Apply Deep Model, with the architecture checked. */
@Plugin(type = Command.class, name = "deeplabv3plus", label = "DeepLabv3+", headless = true, menuRoot = Techniques.MENU_ROOT,
		menuPath = Techniques.MENU + "Deep Learning>Networks>DeepLabv3+",
		description = "Applies a DeepLabv3+ model package trained by Train Network / segmentij train --arch deeplabv3plus, in tiles: probabilities or labels.")
public class DeepLabV3PlusCommand extends ApplyDeepModelCommand {

	@Override
	protected String architecture() {
		return "deeplabv3plus";
	}
}
