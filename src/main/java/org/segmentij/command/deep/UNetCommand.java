package org.segmentij.command.deep;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;
import org.segmentij.command.Techniques;

/** Applies a trained U-Net model package (architecture "unet"); the same as Apply Deep Model, with the architecture checked. */
@Plugin(type = Command.class, name = "unet", label = "U-Net", headless = true, menuRoot = Techniques.MENU_ROOT,
		menuPath = Techniques.MENU + "Deep Learning>Networks>U-Net",
		description = "Applies a U-Net model package trained by Train Network / segmentij train --arch unet, in tiles: probabilities or labels.")
public class UNetCommand extends ApplyDeepModelCommand {

	@Override
	protected String architecture() {
		return "unet";
	}
}
