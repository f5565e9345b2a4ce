package org.segmentij.command.deep;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;
import org.segmentij.command.Techniques;

/** Applies a trained FCN-8s model package (architecture "fcn"); the same as Apply Deep Model, with the architecture checked. */
@Plugin(type = Command.class, name = "fcn", label = "FCN-8s", headless = true, menuRoot = Techniques.MENU_ROOT,
		menuPath = Techniques.MENU + "Deep Learning>Networks>FCN-8s",
		description = "Applies a FCN-8s model package trained by Train Network / segmentij train --arch fcn, in tiles: probabilities or labels.")
public class FcnCommand extends ApplyDeepModelCommand {

	@Override
	protected String architecture() {
		return "fcn";
	}
}
